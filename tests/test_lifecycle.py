"""A page's public life after publication (lifecycle): change notes on significant edits only,
published with the revision they were written with; withdrawal (the page stays, marked and not
indexed), removal (410 Gone that explains) and redirection (301), by those who may publish,
in two steps, logged, and undone."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageLogEntry

from editorial import roles
from workschedule import services as schedule_services
from workschedule.models import WeekSchedulePage, WorkScheduleIndexPage
from lifecycle.models import ChangeNote, Retirement
from lifecycle.selectors import public_updated_at

from .conftest import client_for, make_user, publish_child, section_group
from .test_editorial import action_url, article_data

NOTE_FIELD = "public_change_note"


@pytest.fixture
def people(category):
    return {
        "writer": make_user("phongvien", section_group(category, roles.WRITER)),
        "editor": make_user("bientap", section_group(category, roles.EDITOR)),
        "approver": make_user("lanhdao", Group.objects.get(name="Lãnh đạo duyệt tin")),
    }


@pytest.fixture
def article(make_article):
    return make_article(title="Hội thảo chuyển đổi số", sapo="Tóm tắt.")


def edit(client, page, note=None, action="action-publish", **fields):
    data = article_data(title=page.title, **fields)
    if note is not None:
        data[NOTE_FIELD] = note
    if action:
        data[action] = "1"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    return response


def today():
    return timezone.localtime().strftime("%d/%m/%Y")


def notes_shown(client, page):
    html = client.get(page.url).content.decode()
    return re.findall(r"<li><time datetime=\"[^\"]+\">Cập nhật ngày ([\d/]+)</time>: ([^<]*)</li>",
                      html)


# --- change notes ---------------------------------------------------------------------------

def test_a_major_edit_shows_its_note_with_its_date_newest_first(people, article, client):
    leader = client_for(people["approver"])
    first_published = article.first_published_at
    edit(leader, article, note="Bổ sung danh sách  đại biểu & khách mời.")
    assert notes_shown(client, article) == [(today(), "Bổ sung danh sách đại biểu &amp; "
                                                      "khách mời.")]
    edit(leader, article, note="Sửa thời gian hội thảo.", source="Sở KH&CN")
    assert [note for _, note in notes_shown(client, article)] == [
        "Sửa thời gian hội thảo.", "Bổ sung danh sách đại biểu &amp; khách mời."]
    # the public update date is the latest note's; the first publication stays
    assert public_updated_at(article) == ChangeNote.objects.first().published_at
    assert article.first_published_at == first_published


def test_a_minor_edit_adds_no_note(people, article, client):
    edit(client_for(people["approver"]), article, note="  ", source="Sở KH&CN")
    assert article.source == "Sở KH&CN"
    assert not ChangeNote.objects.exists()
    assert notes_shown(client, article) == []
    assert "Lịch sử cập nhật" not in client.get(article.url).content.decode()
    assert public_updated_at(article) == article.first_published_at


def test_the_note_is_offered_only_once_the_page_was_published(people, article, category):
    leader = client_for(people["approver"])
    form = leader.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert f'name="{NOTE_FIELD}"' in form and "Ghi chú thay đổi công khai" in form
    new = leader.get(f"/admin/pages/add/news/newsarticlepage/{category.pk}/").content.decode()
    assert f'name="{NOTE_FIELD}"' not in new


def test_a_writers_note_appears_only_when_the_approver_publishes(people, article, client):
    writer, editor = client_for(people["writer"]), client_for(people["editor"])
    article.owner = people["writer"]  # a writer edits their own pages
    article.save()
    edit(writer, article, note="Cập nhật số liệu quý III.", action="action-submit",
         source="Sở KH&CN")
    assert ChangeNote.objects.get().published_at is None
    assert notes_shown(client, article) == []
    # the editor sees the note on the form, keeps it, and passes the page on
    form = editor.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "Cập nhật số liệu quý III." in form
    edit(editor, article, note="Cập nhật số liệu quý III (đã rà soát).", action=None,
         source="Sở KH&CN")
    assert editor.post(action_url(article, "approve"), {"comment": ""}).status_code == 302
    assert notes_shown(client, article) == []
    leader = client_for(people["approver"])
    assert leader.post(action_url(article, "approve"), {"comment": ""}).status_code == 302
    article.refresh_from_db()
    assert article.source == "Sở KH&CN"
    assert notes_shown(client, article) == [(today(), "Cập nhật số liệu quý III (đã rà soát).")]
    assert ChangeNote.objects.count() == 1


def test_a_note_is_plain_text_of_limited_length(people, article, client):
    leader = client_for(people["approver"])
    data = article_data(title=article.title)
    data[NOTE_FIELD] = "x" * 501
    data["action-publish"] = "1"
    response = leader.post(f"/admin/pages/{article.pk}/edit/", data)
    assert response.status_code == 200 and not ChangeNote.objects.exists()
    edit(leader, article, note="<script>alert(1)</script> Ðiều chỉnh")
    html = client.get(article.url).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- retirement ----------------------------------------------------------------------------

def retire(client, page, confirm=True, **data):
    url = f"/admin/vong-doi/{page.pk}/"
    response = client.post(url, data)
    if not confirm or response.status_code != 200:
        return response
    # the confirmation posts what its hidden fields hold
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">',
                             response.content.decode()))
    hidden.pop("csrfmiddlewaretoken", None)
    assert hidden.pop("confirm") == "1"
    assert {key: str(value) for key, value in data.items()} == {
        key: unescape(value) for key, value in hidden.items() if value}
    return client.post(url, {**hidden, "confirm": "1"})


def test_withdrawing_keeps_the_page_with_a_banner_and_noindex(people, article, make_article,
                                                             client):
    replacement = make_article(title="Hội thảo chuyển đổi số năm 2027")
    leader = client_for(people["approver"])
    assert leader.get(f"/admin/vong-doi/{article.pk}/").status_code == 200
    # kept in the page cache: the withdrawal must refresh it
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    # the first post only asks for confirmation
    response = retire(leader, article, confirm=False, kind="withdrawn",
                      explanation="Thông tin đã cũ.", alternative_page=replacement.pk)
    assert response.status_code == 200 and not Retirement.objects.exists()
    response = retire(leader, article, kind="withdrawn", explanation="Thông tin đã cũ.",
                      alternative_page=replacement.pk)
    assert response.status_code == 302
    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in html
    banner = html[html.index('class="withdrawn-notice"'):]
    banner = banner[:banner.index("</section>")]
    assert "Đã thu hồi" in banner and today() in banner and "Thông tin đã cũ." in banner
    assert f'href="{replacement.url}"' in banner
    assert "noindex" not in client.get(replacement.url).content.decode()
    assert PageLogEntry.objects.filter(page=article, action="lifecycle.withdrawn",
                                       user=people["approver"]).exists()
    history = leader.get(f"/admin/pages/{article.pk}/history/").content.decode()
    assert "Thu hồi" in history


def test_an_explanation_is_required(people, article):
    leader = client_for(people["approver"])
    for kind in ("withdrawn", "gone"):
        response = leader.post(f"/admin/vong-doi/{article.pk}/", {"kind": kind,
                                                                 "explanation": " "})
        assert response.status_code == 400
        assert "Hãy giải thích" in response.content.decode()
    response = leader.post(f"/admin/vong-doi/{article.pk}/", {"kind": "redirect"})
    assert response.status_code == 400
    response = leader.post(f"/admin/vong-doi/{article.pk}/",
                           {"kind": "redirect", "alternative_url": "javascript:alert(1)"})
    assert response.status_code == 400
    assert not Retirement.objects.exists()
    article.refresh_from_db()
    assert article.live


def test_removing_answers_410_that_explains_and_links(people, article, category, client):
    leader = client_for(people["approver"])
    url = article.url
    response = retire(leader, article, kind="gone", explanation="Bài đăng nhầm, đã gỡ.",
                      alternative_url="https://chinhphu.vn/")
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.live
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 410
    assert "Bài đăng nhầm, đã gỡ." in html and 'href="https://chinhphu.vn/"' in html
    assert today() in html
    # an error page names no canonical address and makes no social preview
    assert 'rel="canonical"' not in html and "og:url" not in html and "DC.identifier" not in html
    assert PageLogEntry.objects.filter(page=article, action="lifecycle.gone").exists()
    # the address keeps answering so after the page moves; other addresses stay 404, cheaply
    article.slug = "da-doi-dia-chi"
    article.save()
    assert client.get(url).status_code == 410
    with CaptureQueriesContext(connection) as queries:
        assert client.get(category.url + "khong-co-bai-nay/").status_code == 404
    assert len([q for q in queries if "lifecycle_retirement" in q["sql"]]) == 1


def allow_redirects(user):
    """The right Settings → Redirects asks, that redirecting a page needs (administrators)."""
    user.user_permissions.add(Permission.objects.get(
        content_type__app_label="wagtailredirects", codename="add_redirect"))
    return user


def test_redirecting_answers_301_to_the_replacement(people, article, make_article, client):
    replacement = make_article(title="Bài thay thế")
    url = article.url
    response = retire(client_for(allow_redirects(people["approver"])), article, kind="redirect",
                      alternative_page=replacement.pk)
    assert response.status_code == 302
    response = client.get(url)
    assert response.status_code == 301 and response["Location"].endswith(replacement.url)
    assert Redirect.objects.get().is_permanent
    assert PageLogEntry.objects.filter(page=article, action="lifecycle.redirect").exists()


def test_only_those_who_may_publish_retire_a_page(people, article, client):
    for role in ("writer", "editor"):
        user_client = client_for(people[role])
        assert user_client.get(f"/admin/vong-doi/{article.pk}/").status_code == 403
        response = user_client.post(f"/admin/vong-doi/{article.pk}/",
                                    {"kind": "gone", "explanation": "X", "confirm": "1"})
        assert response.status_code == 403
        edit_page = user_client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
        assert "/admin/vong-doi/" not in edit_page
    response = client.post(f"/admin/vong-doi/{article.pk}/",
                           {"kind": "gone", "explanation": "X", "confirm": "1"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    article.refresh_from_db()
    assert article.live and not Retirement.objects.exists()
    leader_page = client_for(people["approver"]).get(f"/admin/pages/{article.pk}/edit/")
    assert f"/admin/vong-doi/{article.pk}/" in leader_page.content.decode()


def test_the_home_page_cannot_be_retired(people, home):
    leader = client_for(people["approver"])
    assert "/admin/vong-doi/" not in leader.get(f"/admin/pages/{home.pk}/edit/").content.decode()
    response = leader.post(f"/admin/vong-doi/{home.pk}/",
                           {"kind": "gone", "explanation": "X", "confirm": "1"})
    assert response.status_code == 403
    home.refresh_from_db()
    assert home.live


def test_the_forms_need_the_csrf_token(people, article):
    from django.test import Client

    leader = Client(enforce_csrf_checks=True)
    leader.force_login(people["approver"])
    response = leader.post(f"/admin/vong-doi/{article.pk}/",
                           {"kind": "withdrawn", "explanation": "X", "confirm": "1"})
    assert response.status_code == 403 and not Retirement.objects.exists()


def test_undoing_restores_the_page(people, article, client):
    leader = client_for(allow_redirects(people["approver"]))
    url = article.url
    retire(leader, article, kind="gone", explanation="Gỡ tạm.")
    assert client.get(url).status_code == 410
    assert leader.get(f"/admin/vong-doi/{article.pk}/hoan-tac/").status_code == 200
    assert client_for(people["editor"]).post(
        f"/admin/vong-doi/{article.pk}/hoan-tac/").status_code == 403
    assert leader.post(f"/admin/vong-doi/{article.pk}/hoan-tac/").status_code == 302
    article.refresh_from_db()
    assert article.live and client.get(url).status_code == 200
    assert not Retirement.objects.exists()
    # a withdrawal undone: the banner goes
    retire(leader, article, kind="withdrawn", explanation="Đã cũ.")
    assert "withdrawn-notice" in client.get(url).content.decode()
    leader.post(f"/admin/vong-doi/{article.pk}/hoan-tac/")
    assert "withdrawn-notice" not in client.get(url).content.decode()
    # a redirect undone: the page answers again
    retire(leader, article, kind="redirect", alternative_url="/")
    assert client.get(url).status_code == 301
    leader.post(f"/admin/vong-doi/{article.pk}/hoan-tac/")
    assert client.get(url).status_code == 200 and not Redirect.objects.exists()
    assert PageLogEntry.objects.filter(page=article, action="lifecycle.undo").count() == 3


def test_the_demo_shows_a_note_a_withdrawal_and_a_removal_once(home, article, client):
    from lifecycle import demo

    assert demo.build(home, changed=article, replacement=article) == 3
    assert demo.build(home, changed=article, replacement=article) == 0  # runs on every start
    assert ChangeNote.objects.count() == 1 and Retirement.objects.count() == 2
    assert [note for _, note in notes_shown(client, article)] == [demo.NOTE]
    withdrawn = Retirement.objects.get(kind="withdrawn").page
    assert "withdrawn-notice" in client.get(withdrawn.url).content.decode()
    assert client.get(f"/{demo.GONE[0]}/").status_code == 410
    # the demo's removal can be undone: it kept the revision that was public
    gone = Retirement.objects.get(kind="gone")
    assert gone.live_revision_id is not None
    leader = client_for(make_user("lanhdao-demo", Group.objects.get(name="Lãnh đạo duyệt tin")))
    assert leader.post(f"/admin/vong-doi/{gone.page_id}/hoan-tac/").status_code == 302
    assert client.get(f"/{demo.GONE[0]}/").status_code == 200


def test_a_page_with_no_history_costs_no_query(article, make_article, client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # rendered each time
    other = make_article(title="Bài khác")
    note = ChangeNote.objects.create(page=other, note="Sửa số liệu.",
                                              published_at=timezone.now())
    client.get(article.url)  # what has a history is read once per content generation
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.url).status_code == 200
    assert not [q for q in queries if "lifecycle_" in q["sql"]]
    assert note.note in client.get(other.url).content.decode()


# --- who may redirect, what may be retired, what an undo publishes -------------------------

@pytest.fixture
def schedule(home):
    return publish_child(home, WorkScheduleIndexPage(title="Lịch công tác", slug="lich-cong-tac"))


def add_week(schedule):
    from datetime import date

    page = WeekSchedulePage(week_start=date(2026, 11, 30))
    schedule.add_child(instance=page)
    page.save_revision().publish()
    return WeekSchedulePage.objects.get(pk=page.pk)


def offered_kinds(client, page):
    html = client.get(f"/admin/vong-doi/{page.pk}/").content.decode()
    return re.findall(r'name="kind" value="(\w+)"', html)


def test_a_schedule_secretary_cannot_retire_the_section(schedule, client):
    """The secretaries publish weeks; the section page itself is not theirs (workschedule's
    permission tester): no redirect elsewhere, no withdrawal, no removal."""
    secretary = client_for(make_user("thuky", schedule_services.ensure_secretary_group()))
    for data in ({"kind": "redirect", "alternative_url": "https://evil.example/"},
                 {"kind": "withdrawn", "explanation": "Tạm ngừng."},
                 {"kind": "gone", "explanation": "Tạm ngừng."}):
        response = secretary.post(f"/admin/vong-doi/{schedule.pk}/", {**data, "confirm": "1"})
        assert response.status_code == 403
    assert not Redirect.objects.exists() and not Retirement.objects.exists()
    schedule.refresh_from_db()
    assert schedule.live and client.get("/lich-cong-tac/").status_code == 200
    assert secretary.get(f"/admin/vong-doi/{schedule.pk}/").status_code == 403


def test_the_leadership_may_redirect(people, article, make_article):
    replacement = make_article(title="Bài thay thế")
    leader = client_for(people["approver"])
    assert offered_kinds(leader, article) == ["withdrawn", "gone", "redirect"]
    assert retire(leader, article, kind="redirect",
                  alternative_page=replacement.pk).status_code == 302
    assert Redirect.objects.get().redirect_page_id == replacement.pk


def test_redirecting_needs_the_right_to_add_redirects(people, article, make_article, home):
    from wagtail.models import GroupPagePermission

    publishers = Group.objects.create(name="Xuất bản (không chuyển hướng)")
    for action in ("change", "publish"):
        GroupPagePermission.objects.create(group=publishers, page=home,
                                           permission=Permission.objects.get(
                                               codename=f"{action}_page"))
    publishers.permissions.add(Permission.objects.get(codename="access_admin"))
    people["approver"] = make_user("xuatban", publishers)
    leader = client_for(people["approver"])
    for target in ({"alternative_url": "https://evil.example/"},
                   {"alternative_page": make_article(title="Bài thay thế").pk}):
        response = leader.post(f"/admin/vong-doi/{article.pk}/",
                               {"kind": "redirect", "confirm": "1", **target})
        assert response.status_code == 400
    assert not Redirect.objects.exists() and not Retirement.objects.exists()
    assert offered_kinds(leader, article) == ["withdrawn", "gone"]
    allow_redirects(people["approver"])
    assert offered_kinds(leader, article) == ["withdrawn", "gone", "redirect"]
    response = retire(leader, article, kind="redirect", alternative_url="https://chinhphu.vn/")
    assert response.status_code == 302
    assert Redirect.objects.get().redirect_link == "https://chinhphu.vn/"


@pytest.mark.parametrize("address", ["/\\evil.example/", "//evil.example/", "/a\tb/",
                                     "/tin-tuc/\x00", "/\x7f/"])
def test_a_local_address_cannot_lead_to_another_site(people, article, address):
    leader = client_for(people["approver"])
    response = leader.post(f"/admin/vong-doi/{article.pk}/", {
        "kind": "gone", "explanation": "Đã gỡ.", "alternative_url": address, "confirm": "1"})
    assert response.status_code == 400
    assert not Retirement.objects.exists()
    article.refresh_from_db()
    assert article.live


def test_a_page_with_published_subpages_is_not_removed_nor_redirected(
        people, category, article, client):
    leader = client_for(allow_redirects(people["approver"]))
    for data in ({"kind": "gone", "explanation": "Gỡ chuyên mục."},
                 {"kind": "redirect", "alternative_url": "/"}):
        response = leader.post(f"/admin/vong-doi/{category.pk}/", {**data, "confirm": "1"})
        assert response.status_code == 400
        assert "ngừng xuất bản hoặc di chuyển các trang con" in response.content.decode()
    assert not Retirement.objects.exists() and not Redirect.objects.exists()
    category.refresh_from_db()
    assert category.live and client.get(article.url).status_code == 200
    assert offered_kinds(leader, category) == ["withdrawn"]
    # once its subpages are unpublished, it may be removed
    article.unpublish()
    assert offered_kinds(leader, category) == ["withdrawn", "gone", "redirect"]
    assert retire(leader, category, kind="gone", explanation="Gỡ chuyên mục.").status_code == 302


def test_undoing_a_removal_publishes_the_version_that_was_public(people, article, client):
    leader = client_for(people["approver"])
    url, public_title = article.url, article.title
    retire(leader, article, kind="gone", explanation="Gỡ tạm.")
    # a draft saved meanwhile, not approved, with a new title
    data = article_data(title="Tiêu đề chưa được duyệt")
    assert leader.post(f"/admin/pages/{article.pk}/edit/", data).status_code == 302
    article.refresh_from_db()
    assert not article.live
    assert article.get_latest_revision().as_object().title == "Tiêu đề chưa được duyệt"
    assert leader.post(f"/admin/vong-doi/{article.pk}/hoan-tac/").status_code == 302
    article.refresh_from_db()
    assert article.live and article.title == public_title
    assert article.has_unpublished_changes  # the draft still waits for approval
    html = client.get(url).content.decode()
    assert public_title in html and "Tiêu đề chưa được duyệt" not in html


def test_undoing_a_removal_leaves_a_draft_in_approval_where_it_was(people, article, client):
    leader = client_for(people["approver"])
    retire(leader, article, kind="gone", explanation="Gỡ tạm.")
    editor = client_for(people["editor"])
    response = editor.post(f"/admin/pages/{article.pk}/edit/",
                           {**article_data(title="Bản sửa chờ duyệt"), "action-submit": "1"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.workflow_in_progress
    state = article.current_workflow_task_state
    assert leader.post(f"/admin/vong-doi/{article.pk}/hoan-tac/").status_code == 302
    article.refresh_from_db()
    assert article.live and article.workflow_in_progress  # still in the reviewers' queue
    assert article.current_workflow_task_state.pk == state.pk
    assert "Bản sửa chờ duyệt" not in client.get(article.url).content.decode()


def test_undo_is_refused_when_the_public_version_is_no_longer_kept(people, article, client):
    leader = client_for(people["approver"])
    url = article.url
    retire(leader, article, kind="gone", explanation="Gỡ tạm.")
    record = Retirement.objects.get()
    assert record.live_revision_id is not None
    record.live_revision.delete()
    response = leader.post(f"/admin/vong-doi/{article.pk}/hoan-tac/")
    assert response.status_code == 409
    assert "không còn được lưu" in response.content.decode()
    article.refresh_from_db()
    assert not article.live and Retirement.objects.exists()
    assert client.get(url).status_code == 410


def test_a_week_of_the_schedule_cannot_be_retired(schedule, admin_client):
    week = add_week(schedule)
    edit_page = admin_client.get(f"/admin/pages/{week.pk}/edit/").content.decode()
    assert f"/admin/vong-doi/{week.pk}/" not in edit_page
    assert admin_client.get(f"/admin/vong-doi/{week.pk}/").status_code == 403
    response = admin_client.post(f"/admin/vong-doi/{week.pk}/",
                                 {"kind": "withdrawn", "explanation": "X", "confirm": "1"})
    assert response.status_code == 403 and not Retirement.objects.exists()
    # declared by the page type, not found from its name
    assert not WeekSchedulePage.retirable and WorkScheduleIndexPage.retirable
    schedule_page = admin_client.get(f"/admin/pages/{schedule.pk}/edit/").content.decode()
    assert f"/admin/vong-doi/{schedule.pk}/" in schedule_page



def test_a_crafted_replacement_page_is_a_form_error_not_a_500(people, article):
    leader = client_for(people["approver"])
    for value in ("abc", "1.5", "-1", "99999999"):
        response = leader.post(f"/admin/vong-doi/{article.pk}/",
                               {"kind": "redirect", "alternative_page": value, "confirm": "1"})
        assert response.status_code == 400, value
        assert "alternative_page" in response.content.decode()
    assert not Retirement.objects.exists() and not Redirect.objects.exists()


def test_a_removal_answers_410_on_its_own_site_only(people, article, client):
    from wagtail.models import Site

    other_home = Page.get_first_root_node().add_child(instance=Page(title="Sở khác", slug="so-khac"))
    Site.objects.create(hostname="sokhac.example", root_page=other_home)
    leader = client_for(people["approver"])
    retire(leader, article, kind="gone", explanation="Đã gỡ.")
    path = Retirement.objects.get().path + "/"
    assert client.get(path).status_code == 410
    assert client.get(path, HTTP_HOST="sokhac.example").status_code == 404
    # a record from before sites were kept answers everywhere, as it did
    Retirement.objects.update(site=None)
    assert client.get(path, HTTP_HOST="sokhac.example").status_code == 410
