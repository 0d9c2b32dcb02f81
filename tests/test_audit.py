"""The audit trail (audit/): every sign-in, failed sign-in, lockout, unlock, role, permission and
account change, two-step change, publish, unpublish and settings change is kept with who, when
and from which address; leaders read and export it; it is kept AUDIT_RETENTION_DAYS."""

import csv
import io
from datetime import timedelta

import pytest
from axes.models import AccessLog
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook
from wagtail.models import Collection, GroupPagePermission, PageLogEntry

from audit.models import AuditEvent
from editorial.roles import ROLES_BY_KEY

from .conftest import PASSWORD, client_for, make_user, publish_child

REPORT = "/admin/nhat-ky/"
PROXY = "10.0.0.1"  # the nginx in front of the site


def events(action, **filters):
    return list(AuditEvent.objects.filter(action=action, **filters).order_by("pk"))


def only(action, **filters):
    found = events(action, **filters)
    assert len(found) == 1, (action, [(e.username, e.target, e.detail) for e in found])
    return found[0]


def assert_recent(event):
    assert timezone.now() - event.timestamp < timedelta(minutes=1)


def form_data(html, form_id):
    """What a browser would send from the form `form_id` as the admin renders it."""
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button", "file"}:
            continue
        if field.name == "select":
            values = [option.get("value", option.text) for option in field.find_all("option")
                      if option.has_attr("selected")]
        elif field.get("type") in {"checkbox", "radio"}:
            values = [field.get("value", "on")] if field.has_attr("checked") else []
        else:
            values = [field.text if field.name == "textarea" else field.get("value", "")]
        data.setdefault(name, []).extend(values)
    return data


@pytest.fixture
def behind_proxy(settings):
    settings.VISITS_TRUST_X_FORWARDED_FOR = True
    settings.TRUSTED_PROXY_COUNT = 1
    # what nginx sends: the client wrote the first entry, nginx appended the address it saw
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7",
            "HTTP_USER_AGENT": "Firefox/140"}


def role_group(key):
    return Group.objects.get(name=ROLES_BY_KEY[key].name)


# sign-ins ---------------------------------------------------------------------------------

def test_a_sign_in_is_kept_with_the_address_the_proxy_saw_not_the_one_the_client_wrote(
        client, superuser, behind_proxy):
    response = client.post("/admin/login/", {"username": "quantri", "password": PASSWORD},
                           **behind_proxy)
    assert response.status_code == 302
    event = only("audit.sign_in")
    assert (event.user, event.username, event.kind) == (superuser, "quantri", "sign_in")
    assert event.address == "203.0.113.7"
    assert event.user_agent == "Firefox/140"
    assert_recent(event)

    client.post("/admin/logout/", **behind_proxy)
    assert only("audit.sign_out").user == superuser


def test_failed_sign_ins_and_one_lockout_are_kept(client, db, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT + 2):
        client.post("/admin/login/", {"username": "ai-do", "password": "sai"},
                    REMOTE_ADDR="198.51.100.4")
    failures = events("audit.sign_in_failed")
    assert len(failures) == settings.AXES_FAILURE_LIMIT + 2
    assert {(e.username, e.address, e.user_id) for e in failures} == {
        ("ai-do", "198.51.100.4", None)}
    assert failures[-1].data == {"locked_out": True}  # refused because it was locked
    lockout = only("audit.lockout")  # once, though axes says so at every further attempt
    assert (lockout.username, lockout.address) == ("ai-do", "198.51.100.4")


def test_unlocking_from_the_admin_names_who_unlocked_whom_and_from_where(
        client, superuser, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "bientap", "password": "sai"},
                    REMOTE_ADDR=f"10.0.1.{attempt}")
    manager = make_user("nhansu", role_group("administrator"))
    response = client_for(manager).post("/admin/sign-ins/", {"username": "bientap"},
                                        REMOTE_ADDR="192.0.2.8")
    assert response.status_code == 302
    event = only("audit.unlock")
    assert (event.user, event.target, event.address) == (manager, "bientap", "192.0.2.8")
    assert event.data["attempts"] == settings.AXES_FAILURE_LIMIT

    client_for(manager).post("/admin/sign-ins/", {"ip_address": "10.0.1.3"})
    assert only("audit.unlock", target="10.0.1.3").user == manager


def test_unlocking_with_a_command_is_kept_as_the_servers(db):
    call_command("axes_reset_username", "bientap")
    event = only("audit.unlock")
    assert (event.user, event.target, event.address) == (None, "bientap", None)
    assert event.data["command"]


# accounts, roles and rights ---------------------------------------------------------------

def test_role_and_account_changes_in_the_admin_are_kept(superuser, behind_proxy):
    editor = make_user("bientap")
    admin = client_for(superuser)
    AuditEvent.objects.all().delete()
    url = reverse("wagtailusers_users:edit", args=[editor.pk])
    data = form_data(admin.get(url).content.decode(), "w-editor-form")
    data["groups"] = [str(role_group("editor").pk)]
    data["is_superuser"] = ["on"]
    data["last_name"] = ["Nguyễn"]  # required by the admin
    data.pop("is_active", None)
    response = admin.post(url, data, **behind_proxy)
    assert response.status_code == 302, response.content.decode()[:2000]

    joined = only("audit.group_joined")
    assert (joined.user, joined.target, joined.detail) == (superuser, "bientap",
                                                           "Biên tập viên")
    assert joined.address == "203.0.113.7"
    assert only("audit.superuser_granted").target == "bientap"
    assert only("audit.user_deactivated").target == "bientap"
    assert not events("audit.password_changed")  # left empty: unchanged

    data = form_data(admin.get(url).content.decode(), "w-editor-form")
    data["groups"] = []
    data["password1"] = data["password2"] = ["Mat-Khau-Moi-2026"]
    admin.post(url, data, **behind_proxy)
    assert only("audit.group_left").detail == "Biên tập viên"
    assert only("audit.password_changed").user == superuser


def test_accounts_made_and_deleted_and_a_sign_in_that_rehashes_are_told_apart(superuser):
    user = make_user("moi")
    assert only("audit.user_created", target="moi").user is None  # by code
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])  # a sign-in's save: no change of flags
    user.password = user.password  # noqa: PLW0127
    user.save()
    assert not events("audit.password_changed")
    user.delete()
    assert only("audit.user_deleted").target == "moi"


def test_rights_given_and_taken_are_kept(superuser):
    user = make_user("viet")
    publish = Permission.objects.get(codename="publish_page")
    user.user_permissions.add(publish)
    assert "wagtailcore.publish_page" in only("audit.permission_granted", target="viet").detail
    user.user_permissions.clear()
    assert only("audit.permission_revoked", target="viet").detail.startswith(
        "wagtailcore.publish_page")

    group = role_group("writer")
    group.permissions.remove(Permission.objects.get(codename="access_admin"))
    assert only("audit.permission_revoked", target=group.name).detail.startswith(
        "wagtailadmin.access_admin")


def test_the_admins_group_form_records_what_changed_and_only_that(superuser, home,
                                                                  behind_proxy):
    """Wagtail's group form takes away and gives back rights it does not show, and gives page
    rights with bulk_create: neither may hide or invent a change."""
    group = role_group("writer")
    group.permissions.add(Permission.objects.get(codename="view_dailycount"))  # not shown
    admin = client_for(superuser)
    url = reverse("wagtailusers_groups:edit", args=[group.pk])
    data = form_data(admin.get(url).content.decode(), "w-editor-form")
    AuditEvent.objects.all().delete()
    # a new row of page rights: publish on the home page
    prefix = "page_permissions"
    index = int(data[f"{prefix}-TOTAL_FORMS"][0])
    data[f"{prefix}-TOTAL_FORMS"] = [str(index + 1)]
    data[f"{prefix}-{index}-page"] = [str(home.pk)]
    data[f"{prefix}-{index}-permissions"] = ["publish_page"]
    response = admin.post(url, data, **behind_proxy)
    assert response.status_code == 302, response.content.decode()[:3000]

    granted = only("audit.permission_granted")
    assert granted.target == group.name
    assert "wagtailcore.publish_page" in granted.detail and home.title in granted.detail
    assert (granted.user, granted.address) == (superuser, "203.0.113.7")
    assert not events("audit.permission_revoked")  # the hidden right came back: no change
    assert group.permissions.filter(codename="view_dailycount").exists()

    GroupPagePermission.objects.filter(group=group, page=home,
                                       permission__codename="publish_page").delete()
    assert only("audit.permission_revoked").target == group.name


def test_rights_on_collections_given_by_code_are_kept(superuser):
    group = Group.objects.create(name="Nhóm thử")
    AuditEvent.objects.exclude(target="Nhóm thử").delete()  # made while setting up
    only("audit.group_created")
    from wagtail.models import GroupCollectionPermission

    GroupCollectionPermission.objects.create(
        group=group, collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="add_image"))
    assert "wagtailimages.add_image" in only("audit.permission_granted").detail
    group.delete()
    assert only("audit.group_deleted").target == "Nhóm thử"
    assert only("audit.permission_revoked").target == "Nhóm thử"


def test_two_step_turned_on_by_its_user_and_reset_by_a_command(client, superuser):
    client.force_login(superuser)
    client.get("/admin/two-factor/setup/")
    device = TOTPDevice.objects.get(user=superuser)
    code = f"{totp(device.bin_key):06d}"
    response = client.post("/admin/two-factor/setup/", {"code": code},
                           REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 302
    on = only("audit.two_factor_on")
    assert (on.user, on.target, on.address) == (superuser, "quantri", "192.0.2.44")

    call_command("reset_two_factor", "quantri")
    off = only("audit.two_factor_off")
    assert (off.user, off.target, off.address) == (None, "quantri", None)


# publishing and settings ------------------------------------------------------------------

def test_publishing_and_unpublishing_are_copied_from_wagtails_log_with_the_address(
        superuser, home, behind_proxy):
    from pages.models import StandardPage

    page = publish_child(home, StandardPage(title="Giới thiệu"))
    published = only("wagtail.publish")  # by code: no request, no address
    assert (published.kind, published.target, published.address) == (
        "publish", "Giới thiệu", None)
    assert published.data["log_entry"][0] == "wagtailcore.PageLogEntry"

    response = client_for(superuser).post(f"/admin/pages/{page.pk}/unpublish/", {},
                                          **behind_proxy)
    assert response.status_code == 302
    unpublished = only("wagtail.unpublish")
    assert (unpublished.kind, unpublished.user, unpublished.address) == (
        "unpublish", superuser, "203.0.113.7")
    assert unpublished.data["object_id"] == str(page.pk)
    assert not events("wagtail.edit")  # edits stay in the page's history only


def test_a_settings_change_names_the_fields_it_changed(superuser, behind_proxy):
    from accounts.models import SecuritySettings

    settings_row = SecuritySettings.load()
    assert not events("audit.settings_changed")  # made when first read: not a change
    response = client_for(superuser).post(
        f"/admin/settings/accounts/securitysettings/{settings_row.pk}/",
        {"require_two_factor": "on"}, **behind_proxy)
    assert response.status_code == 302
    event = only("audit.settings_changed")
    assert event.kind == "settings" and event.user == superuser
    assert event.address == "203.0.113.7"
    assert event.data["changes"] == [{"field": "require_two_factor", "old": False, "new": True,
                                      "label": str(SecuritySettings._meta.get_field(
                                          "require_two_factor").verbose_name)}]
    assert "False → True" in event.detail


# the report -------------------------------------------------------------------------------

@pytest.mark.parametrize("role, allowed", [
    ("writer", False), ("editor", False), ("approver", True), ("administrator", True)])
def test_leaders_and_administrators_read_the_report_others_are_refused(db, role, allowed):
    user = make_user("nguoi", role_group(role))
    viewer = client_for(user)
    assert viewer.get(REPORT).status_code == (200 if allowed else 403)
    assert viewer.get(REPORT + "?export=csv").status_code == (200 if allowed else 403)
    assert (REPORT in viewer.get("/admin/").content.decode()) is allowed  # in Báo cáo


def test_superusers_read_it_and_visitors_are_sent_to_sign_in(superuser):
    assert client_for(superuser).get(REPORT).status_code == 200
    response = Client().get(REPORT)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.fixture
def some_events(superuser):
    """Three events on three days, by different people, from different addresses (and
    nothing else: what setting up the tests recorded is dropped)."""
    AuditEvent.objects.all().delete()

    def add(days_ago, action, kind, username, address, target=""):
        return AuditEvent.objects.create(
            timestamp=timezone.now() - timedelta(days=days_ago), action=action, kind=kind,
            username=username, address=address, target=target)

    return [add(0, "audit.sign_in_failed", "sign_in_failed", "=HYPERLINK(\"x\")",
                "198.51.100.9"),
            add(3, "audit.group_joined", "role", "quantri", "192.0.2.1", target="bientap"),
            add(10, "wagtail.publish", "publish", "lanhdao", "192.0.2.2", target="Tin mới")]


def test_the_report_lists_filters_by_kind_user_address_and_dates(superuser, some_events):
    admin = client_for(superuser)
    html = admin.get(REPORT).content.decode()
    assert "Đăng nhập thất bại" in html and "Thêm vào nhóm" in html and "Xuất bản" in html

    def shown(query):
        response = admin.get(REPORT + "results/?" + query)
        assert response.status_code == 200
        page = response.content.decode()
        return [event.address in page for event in some_events]

    assert shown("kind=role") == [False, True, False]
    assert shown("kind=role&kind=publish") == [False, True, True]
    assert shown("user=bientap") == [False, True, False]  # whose account it concerns
    assert shown("user=LANHDAO") == [False, False, True]  # who acted
    assert shown("address=192.0.2.2") == [False, False, True]
    week_ago = timezone.localdate() - timedelta(days=7)
    assert shown(f"timestamp_from={week_ago:%d/%m/%Y}") == [True, True, False]


def test_filters_that_make_no_sense_answer_400_and_export_nothing(superuser, some_events):
    admin = client_for(superuser)
    response = admin.get(REPORT + "?address=not-an-address")
    assert response.status_code == 400
    assert "IPv4" in response.content.decode() or "IP" in response.content.decode()
    response = admin.get(REPORT + "?address=not-an-address&export=csv")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_the_csv_export_has_the_filtered_rows_in_local_time_and_no_formula(superuser,
                                                                            some_events):
    response = client_for(superuser).get(REPORT + "?export=csv&kind=sign_in_failed&kind=role")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="nhat-ky-he-thong-')
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == ["Thời gian", "Loại", "Thao tác", "Người dùng", "Liên quan đến",
                       "Chi tiết", "Từ đâu", "Trình duyệt"]
    assert len(rows) == 3
    failed, joined = rows[1], rows[2]
    assert failed[1:4] == ["Đăng nhập thất bại", "Từ chối đăng nhập", "'=HYPERLINK(\"x\")"]
    assert failed[6] == "198.51.100.9"
    assert joined[3:5] == ["quantri", "bientap"]
    local = timezone.localtime(some_events[1].timestamp).replace(microsecond=0, tzinfo=None)
    assert joined[0] == str(local)


def test_the_xlsx_export(superuser, some_events):
    response = client_for(superuser).get(REPORT + "?export=xlsx&kind=sign_in_failed&kind=role"
                                         "&kind=publish")  # not the tests' own sign-in
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Thời gian", "Loại", "Thao tác")
    assert [row[2] for row in rows[1:]] == ["Từ chối đăng nhập", "Thêm vào nhóm", "Xuất bản"]
    assert rows[1][3] == "=HYPERLINK(\"x\")"  # a string cell, not a formula
    assert sheet.cell(row=2, column=4).data_type == "s"


# retention --------------------------------------------------------------------------------

def test_prune_deletes_what_is_past_the_retention_and_keeps_the_rest(superuser, settings, home):
    settings.AUDIT_RETENTION_DAYS = 30
    now = timezone.now()
    for days in (31, 29):
        AuditEvent.objects.create(timestamp=now - timedelta(days=days), kind="sign_in",
                                  action="audit.sign_in", username=f"u{days}")
        row = AccessLog.objects.create(username=f"u{days}", ip_address="192.0.2.1",
                                       user_agent="x", http_accept="x", path_info="/")
        # attempt_time is set to now on create
        AccessLog.objects.filter(pk=row.pk).update(attempt_time=now - timedelta(days=days))
    PageLogEntry.objects.log_action(home, "wagtail.edit", user=superuser,
                                    timestamp=now - timedelta(days=400))
    call_command("prune_audit")
    assert list(AuditEvent.objects.filter(action="audit.sign_in")
                .values_list("username", flat=True)) == ["u29"]
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["u29"]
    assert PageLogEntry.objects.filter(page=home, action="wagtail.edit").exists()  # history


def test_the_scheduler_prunes_once_a_day(db, settings, monkeypatch):
    from editorial.management.commands import run_scheduler

    settings.AUDIT_RETENTION_DAYS = 1
    monkeypatch.setattr(run_scheduler, "_last_run", {})
    old = AuditEvent.objects.create(timestamp=timezone.now() - timedelta(days=2),
                                    kind="sign_in", action="audit.sign_in")
    run_scheduler.prune_audit_if_due(now=1000.0)
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    again = AuditEvent.objects.create(timestamp=timezone.now() - timedelta(days=2),
                                      kind="sign_in", action="audit.sign_in")
    run_scheduler.prune_audit_if_due(now=1000.0 + 3600)
    assert AuditEvent.objects.filter(pk=again.pk).exists()  # not yet a day later
    run_scheduler.prune_audit_if_due(now=1000.0 + 24 * 3600)
    assert not AuditEvent.objects.filter(pk=again.pk).exists()


def test_reading_a_public_page_records_and_reads_nothing_of_the_audit(home, client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # rendered each time
    client.get("/")
    before = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/", REMOTE_ADDR="192.0.2.1").status_code == 200
    assert not [query for query in captured if "audit_" in query["sql"]]
    assert AuditEvent.objects.count() == before


def test_a_categorys_leaders_do_not_read_the_whole_sites_trail(category):
    """The per-category "Lãnh đạo duyệt tin · …" group approves one category's news: it must
    not read every account's sign-ins and addresses."""
    from editorial.models import CategoryGroup

    link = CategoryGroup.objects.get(category=category, role="approver")
    assert not link.group.permissions.filter(codename="view_auditevent").exists()
    leader = make_user("lanhdao_chuyenmuc", link.group)
    assert client_for(leader).get(REPORT).status_code == 403
    # the role's whole-site group still does
    assert role_group("approver").permissions.filter(codename="view_auditevent").exists()


def test_the_users_bulk_action_that_deactivates_accounts_is_kept(superuser, behind_proxy):
    """Wagtail's "Set active state" changes accounts with QuerySet.update (no save signal)."""
    victim = make_user("bi_khoa")
    url = (f"/admin/bulk/{victim._meta.app_label}/{victim._meta.model_name}/"
           f"set_active_state/?id={victim.pk}")
    response = client_for(superuser).post(url, {"mark_as_active": "False"}, **behind_proxy)
    assert response.status_code == 302
    victim.refresh_from_db()
    assert victim.is_active is False
    event = only("audit.user_deactivated", target="bi_khoa")
    assert event.user == superuser and event.address == "203.0.113.7"
    client_for(superuser).post(url, {"mark_as_active": "True"}, **behind_proxy)
    assert only("audit.user_activated", target="bi_khoa").user == superuser
