import pytest
from django.contrib.auth.models import Group
from .test_editorial import people, other_category, client_for, make_user, user_form, User, category_group  # noqa
from editorial import roles


def show(r):
    return r.status_code, r.get("Location"), r.content.decode()[:300].replace("\n", " ")


def test_bulk(people):
    admin = client_for(people["admin"])
    boss = User.objects.create_superuser("boss", "b@example.invalid", "x")
    leaders = Group.objects.get(name="Lãnh đạo duyệt tin")
    me = people["admin"]
    r = admin.get(f"/admin/bulk/auth/user/assign_role/?id={me.pk}")
    print("GET assign self", r.status_code)
    r = admin.post(f"/admin/bulk/auth/user/assign_role/?id={me.pk}", {"role": leaders.pk})
    print("assign self", show(r), me.groups.filter(pk=leaders.pk).exists())
    r = admin.post(f"/admin/bulk/auth/user/assign_role/?id={boss.pk}", {"role": leaders.pk})
    print("assign boss", show(r), boss.groups.filter(pk=leaders.pk).exists())
    r = admin.post(f"/admin/bulk/auth/user/set_active_state/?id={boss.pk}", {"mark_as_active": "False"})
    boss.refresh_from_db()
    print("deactivate boss", show(r), boss.is_active)
    r = admin.post(f"/admin/bulk/auth/user/assign_role/?id=all", {"role": leaders.pk})
    print("assign all", show(r), me.groups.filter(pk=leaders.pk).exists())
    r = admin.post(f"/admin/bulk/auth/user/delete/?id={boss.pk}")
    print("delete boss", show(r), User.objects.filter(pk=boss.pk).exists())
    # legit: assign a writer role to writer
    w = people["writer"]
    r = admin.post(f"/admin/bulk/auth/user/assign_role/?id={w.pk}", {"role": leaders.pk})
    print("assign writer->leader", show(r), w.groups.filter(pk=leaders.pk).exists())
    # sock puppet
    r = admin.post("/admin/users/new/", user_form("sock", groups=[leaders.pk]))
    print("sock", show(r), User.objects.filter(username="sock", groups=leaders).exists())
    # reset approver password
    ap = people["approver"]
    r = admin.post(f"/admin/users/edit/{ap.pk}/", user_form(ap.username, groups=[leaders.pk]))
    ap.refresh_from_db()
    print("reset approver pw", show(r), ap.check_password("Mk-Manh-1234x"))
    # is_superuser variants
    for val in ["off", "0", "false", "False", ""]:
        r = admin.post("/admin/users/new/", user_form("su" + val, is_superuser=val))
        u = User.objects.filter(username="su" + val).first()
        print("is_superuser", repr(val), r.status_code, u and u.is_superuser)
    # account page
    r = admin.get("/admin/account/")
    print("account", r.status_code)
    for url in ["/admin/groups/", f"/admin/groups/{leaders.pk}/users/", f"/admin/groups/edit/{leaders.pk}/", "/admin/groups/new/", f"/admin/users/{me.pk}/history/", f"/admin/users/history/{me.pk}/"]:
        r = admin.get(url)
        print(url, r.status_code, r.get("Location"))


def test_super(people):
    boss = User.objects.create_superuser("boss", "b@example.invalid", "x")
    c = client_for(boss)
    leaders = Group.objects.get(name="Lãnh đạo duyệt tin")
    r = c.post(f"/admin/users/edit/{boss.pk}/", user_form("boss", groups=[leaders.pk]))
    print("super edits self", show(r))
    r = c.post("/admin/users/new/", user_form("s2", is_superuser="on"))
    print("super creates super", show(r))
    r = c.post(f"/admin/bulk/auth/user/assign_role/?id={boss.pk}", {"role": leaders.pk})
    print("super bulk", show(r))
