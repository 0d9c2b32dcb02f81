"""Góp ý dự thảo (/gop-y-du-thao/): the list of drafts open first, the draft page with its
files, approved comments and report, the comment form on the public forms kit (received in the
period, refused outside it, what was typed kept), moderation in the admin behind its right,
personal data, the page cache, search, the demo and valid HTML."""

import io
import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultation import demo, services
from consultation.models import (CommentStatus, DraftAttachment, DraftComment, DraftIndexPage,
                                 DraftPage, Phase)
from core import page_cache
from editorial.models import CategoryGroup
from editorial.roles import ROLES_BY_KEY, APPROVER, EDITOR, WRITER
from pages.models import StandardPage
from publicforms import captcha
from publicforms.forms import CAPTCHA, HONEYPOT

from .conftest import client_for, make_user, publish_child

SECRET_EMAIL = "nguoi.gop.y@example.vn"


@pytest.fixture
def section(home):
    return publish_child(home, DraftIndexPage(title="Góp ý dự thảo", slug="gop-y-du-thao"))


@pytest.fixture
def make_draft(section):
    counter = {"n": 0}

    def make(title=None, opens=-5, closes=20, live=True, **values):
        counter["n"] += 1
        today = timezone.localdate()
        draft = DraftPage(title=title or f"Dự thảo số {counter['n']}",
                          summary="Dự thảo quy định về hỗ trợ khởi nghiệp.",
                          drafting_unit="Phòng Quản lý khoa học",
                          opens_at=today + timedelta(days=opens),
                          closes_at=today + timedelta(days=closes), **values)
        if live:
            return publish_child(section, draft)
        draft.live = False
        section.add_child(instance=draft)
        return draft

    return make


@pytest.fixture
def pdf(db):
    from pages.demo import demo_document, make_pdf

    return demo_document("Toàn văn dự thảo", "du-thao.pdf",
                         make_pdf("Dự thảo Nghị quyết", ["Điều 1. Phạm vi điều chỉnh."]))


def html(client, url, data=None, status=200):
    response = client.get(url, data or {})
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def form_data(**changes):
    data = {"name": "Nguyễn Văn Góp", "email": SECRET_EMAIL, "organisation": "Hợp tác xã Tân Phú",
            "content": "Đề nghị sửa khoản 2 Điều 5.\nTăng mức hỗ trợ.", "show_name": "on",
            "consent": "on", CAPTCHA: captcha.solve(captcha.challenge())}
    data.update(changes)
    return data


def post_comment(client, draft, **changes):
    return client.post(f"/bieu-mau/gop-y-du-thao/{draft.pk}/", form_data(**changes))


def comment_on(draft, status=CommentStatus.APPROVED, **values):
    fields = dict(name="Trần Thị Ý Kiến", email=SECRET_EMAIL, organisation="Trường Đại học",
                  content="Ý kiến góp ý.", consented_at=timezone.now())
    fields.update(values)
    return DraftComment.objects.create(page=draft, status=status, **fields)


def listed_titles(page):
    return [part.split('">', 1)[1].split("</a>", 1)[0]
            for part in page.split('<h2><a href="')[1:]]


# --- the section and its list ---------------------------------------------------------------

def test_the_section_lives_at_its_address_and_gets_its_editor_groups(section):
    assert section.url == "/gop-y-du-thao/"
    assert CategoryGroup.objects.filter(category=section).count() == 3


def test_the_list_shows_open_drafts_first_then_not_yet_open_then_closed(client, make_draft):
    make_draft("Đã đóng lâu", opens=-90, closes=-60)
    make_draft("Đang mở, đóng sau", opens=-3, closes=30)
    make_draft("Chưa mở", opens=5, closes=40)
    make_draft("Đã đóng gần đây", opens=-30, closes=-1)
    make_draft("Đang mở, đóng hôm nay", opens=-10, closes=0)
    make_draft("Bản nháp", live=False)
    page = html(client, "/gop-y-du-thao/")
    assert listed_titles(page) == ["Đang mở, đóng sau", "Đang mở, đóng hôm nay", "Chưa mở",
                                   "Đã đóng gần đây", "Đã đóng lâu"]
    assert "5 mục" in page and "Bản nháp" not in page
    assert page.count('<span class="status status-active">Đang lấy ý kiến</span>') == 2
    assert page.count('<span class="status status-expired">Đã hết hạn góp ý</span>') == 2
    assert page.count('<span class="status status-pending">Chưa mở lấy ý kiến</span>') == 1
    today = timezone.localdate()
    assert f"{today - timedelta(days=3):%d/%m/%Y}</time> – <time" in page
    assert "Phòng Quản lý khoa học" in page


@pytest.mark.parametrize("phase,expected", [
    (Phase.OPEN, ["Đang mở"]), (Phase.UPCOMING, ["Chưa mở"]), (Phase.CLOSED, ["Đã đóng"])])
def test_the_list_filters_by_phase(client, make_draft, phase, expected):
    make_draft("Đang mở")
    make_draft("Chưa mở", opens=2, closes=9)
    make_draft("Đã đóng", opens=-20, closes=-2)
    page = html(client, "/gop-y-du-thao/", {"tinh_trang": phase})
    assert listed_titles(page) == expected
    assert "1 mục" in page


@pytest.mark.parametrize("query", [{"tinh_trang": "khong-co"}, {"tinh_trang": "<script>"}])
def test_a_bad_filter_is_a_vietnamese_400(client, make_draft, query):
    make_draft()
    page = html(client, "/gop-y-du-thao/", query, status=400)
    assert "Hãy chọn một lựa chọn hợp lệ" in page and "<script>" not in page.split("</head>")[1]


def test_the_feed_lists_the_drafts(client, make_draft):
    make_draft("Dự thảo có trong tin RSS")
    response = client.get("/gop-y-du-thao/rss/", {"tinh_trang": Phase.OPEN})
    assert response.status_code == 200 and "Dự thảo có trong tin RSS" in response.content.decode()


def test_the_list_query_count_does_not_grow_with_the_number_of_drafts(
        client, make_draft, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0  # what rendering costs, each time

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/gop-y-du-thao/").status_code == 200
        return len(captured)

    for number in range(2):
        make_draft(opens=-number - 1, closes=number * 3)
    queries()  # the first request of a site makes its settings
    few = queries()
    for number in range(10):
        draft = make_draft(opens=number - 5, closes=number * 2 - 4)
        comment_on(draft)
    queries()  # what a change of content empties, made again once
    with django_assert_max_num_queries(few):
        assert "12 mục" in client.get("/gop-y-du-thao/").content.decode()


# --- the draft page -------------------------------------------------------------------------

def test_the_draft_page_shows_its_facts_text_files_and_form(client, make_draft, pdf):
    draft = make_draft("Dự thảo Nghị quyết khởi nghiệp", body=[
        {"type": "paragraph", "value": "<p>Điều 1. Phạm vi điều chỉnh.</p>"}])
    DraftAttachment.objects.create(page=draft, document=pdf, title="Toàn văn dự thảo")
    page = html(client, draft.url)
    assert "Phòng Quản lý khoa học" in page and "Điều 1. Phạm vi điều chỉnh." in page
    assert "Toàn văn dự thảo" in page and f"/tai-lieu/{pdf.pk}/" in page
    assert '<span class="status status-active">Đang lấy ý kiến</span>' in page
    assert 'class="public-form"' in page and "altcha-widget" in page
    assert "vendor/altcha/altcha.css" in page  # the kit's head
    assert f'action="/bieu-mau/gop-y-du-thao/{draft.pk}/"' in page
    assert "0 ý kiến đã công khai" in page
    assert "Tiếp thu, giải trình" not in page  # no report yet


def test_the_draft_page_is_cacheable_for_anonymous_readers(client, make_draft):
    draft = make_draft()
    first = client.get(draft.url)
    assert not first.cookies and "private" not in first.get("Cache-Control", "")
    assert client.get(draft.url)["X-Page-Cache"] == "hit"


def test_a_closed_draft_shows_no_form_and_its_report(client, make_draft):
    draft = make_draft(opens=-40, closes=-1, comment_report=[
        {"type": "paragraph", "value": "<p>Đã tiếp thu ý kiến về Điều 5.</p>"}])
    page = html(client, draft.url)
    # no comment form (the page's rating box is another form)
    assert "/bieu-mau/gop-y-du-thao/" not in page and "altcha-widget" not in page
    assert "Đã hết hạn góp ý" in page and "không còn tiếp nhận ý kiến" in page
    assert "Tiếp thu, giải trình ý kiến góp ý" in page and "Đã tiếp thu ý kiến về Điều 5." in page


def test_a_draft_not_open_yet_says_from_when(client, make_draft):
    draft = make_draft(opens=3, closes=30)
    page = html(client, draft.url)
    assert "/bieu-mau/gop-y-du-thao/" not in page
    day = timezone.localdate() + timedelta(days=3)
    assert f"Tiếp nhận ý kiến góp ý đối với dự thảo này từ ngày {day:%d/%m/%Y}" in page


def test_the_period_cannot_close_before_it_opens(make_draft):
    draft = make_draft(live=False)
    draft.closes_at = draft.opens_at - timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        draft.full_clean()
    assert "closes_at" in raised.value.message_dict


def test_the_admin_refuses_a_period_closing_before_it_opens(admin_client, section):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    response = admin_client.post(
        f"/admin/pages/add/consultation/draftpage/{section.pk}/", nested_form_data({
            "title": "Dự thảo sai ngày", "slug": "du-thao-sai-ngay", "summary": "Tóm tắt.",
            "drafting_unit": "Phòng Quản lý khoa học", "opens_at": "10/05/2026",
            "closes_at": "01/05/2026", "body": streamfield([]),
            "comment_report": streamfield([]), "attachments": inline_formset([])}))
    assert response.status_code == 200
    assert "Thời gian lấy ý kiến không thể kết thúc trước khi bắt đầu" in response.content.decode()
    assert not DraftPage.objects.exists()


# --- sending a comment ----------------------------------------------------------------------

def test_a_comment_in_the_period_is_received_pending_then_shown_once_approved(client,
                                                                             make_draft):
    draft = make_draft()
    response = post_comment(client, draft)
    assert response.status_code == 303
    assert response["Location"].startswith(f"{draft.url}?ma=")
    assert response["Location"].endswith("#gop-y")
    comment = DraftComment.objects.get()
    assert comment.status == CommentStatus.PENDING and comment.page_id == draft.pk
    assert comment.content == "Đề nghị sửa khoản 2 Điều 5.\nTăng mức hỗ trợ."
    assert comment.consented_at and comment.show_name and comment.email == SECRET_EMAIL
    thanks = html(client, response["Location"])
    assert "Cảm ơn: ý kiến góp ý của bạn đã được tiếp nhận." in thanks
    assert "Đề nghị sửa khoản 2 Điều 5." not in thanks  # not before moderation
    assert "Cảm ơn: ý kiến" not in html(client, f"{draft.url}?ma=gia-mao")  # a forged token thanks none
    editor = make_user("bientap", Group.objects.get(name=ROLES_BY_KEY[EDITOR].name))
    services.moderate(comment.pk, CommentStatus.APPROVED, editor)
    page = html(client, draft.url)
    assert "1 ý kiến đã công khai" in page
    assert "Đề nghị sửa khoản 2 Điều 5.<br>Tăng mức hỗ trợ." in page
    assert "Nguyễn Văn Góp" in page and "Hợp tác xã Tân Phú" in page
    assert SECRET_EMAIL not in page
    comment.refresh_from_db()
    assert comment.moderated_by == editor and comment.moderated_at


def test_a_comment_after_the_period_is_refused_and_what_was_typed_kept(client, make_draft):
    draft = make_draft(opens=-30, closes=-1)
    response = post_comment(client, draft, content="Ý kiến gửi muộn <b>đậm</b>.")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Thời gian lấy ý kiến đối với dự thảo này đã kết thúc" in page
    assert "Ý kiến gửi muộn &lt;b&gt;đậm&lt;/b&gt;." in page  # kept, as text
    assert "no-store" in response["Cache-Control"]
    assert not DraftComment.objects.exists()


def test_a_comment_before_the_period_is_refused(client, make_draft):
    draft = make_draft(opens=2, closes=20)
    response = post_comment(client, draft)
    assert response.status_code == 403
    assert "chưa bắt đầu" in response.content.decode()
    assert not DraftComment.objects.exists()


def test_the_honeypot_and_a_missing_captcha_are_refused_with_the_text_kept(client, make_draft):
    draft = make_draft()
    response = post_comment(client, draft, **{HONEYPOT: "http://spam.example"})
    assert response.status_code == 400
    assert "Tăng mức hỗ trợ." in response.content.decode()
    response = post_comment(client, draft, **{CAPTCHA: ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tăng mức hỗ trợ." in page and 'class="form-problems"' in page
    assert not DraftComment.objects.exists()


def test_the_form_checks_its_fields_in_vietnamese(client, make_draft):
    draft = make_draft()
    response = post_comment(client, draft, name="", email="khong-phai-email", consent="",
                            content="x" * 5001)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Trường này là bắt buộc" in page and "Nhập địa chỉ email" in page
    assert "chỉ được tiếp nhận khi bạn đồng ý cho xử lý dữ liệu cá nhân" in page
    assert "5000 ký tự" in page or "5.000" in page
    assert not DraftComment.objects.exists()


@override_settings(PUBLIC_FORMS_LIMITS={"consultation.comment.address": (1, 3600)})
def test_too_many_comments_from_one_address_get_a_429(client, make_draft):
    draft = make_draft()
    assert post_comment(client, draft).status_code == 303
    response = post_comment(client, draft, content="Ý kiến thứ hai.")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Ý kiến thứ hai." in response.content.decode()
    assert DraftComment.objects.count() == 1


def test_a_post_from_another_site_or_to_no_draft_is_refused(client, make_draft, section):
    draft = make_draft()
    response = client.post(f"/bieu-mau/gop-y-du-thao/{draft.pk}/", form_data(),
                           HTTP_ORIGIN="https://ke-xau.example")
    assert response.status_code == 403
    hidden = make_draft(live=False)
    for page_id in (hidden.pk, section.pk, 999999):
        assert client.post(f"/bieu-mau/gop-y-du-thao/{page_id}/", form_data()).status_code == 404
    assert client.get(f"/bieu-mau/gop-y-du-thao/{draft.pk}/").status_code == 405
    assert not DraftComment.objects.exists()


@pytest.mark.parametrize("changes", [
    {"content": "\x00\x07"}, {"name": "a" * 10_000}, {"email": "@" * 300},
    {CAPTCHA: "A" * 10_000}, {"show_name": "không", "consent": "x"}, {"content": ["a", "b"]}])
def test_odd_input_is_never_a_500(client, make_draft, changes):
    draft = make_draft()
    assert post_comment(client, draft, **changes).status_code in (303, 400)


def test_a_comment_posted_with_a_script_shows_as_text_on_the_page_and_in_the_admin(
        client, admin_client, make_draft):
    draft = make_draft()
    payload = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
    assert post_comment(client, draft, content=payload, name="<b>Kẻ lạ</b>",
                        organisation="<i>Tổ chức</i>").status_code == 303
    comment = DraftComment.objects.get()
    services.moderate(comment.pk, CommentStatus.APPROVED, None)
    for page in (html(client, draft.url), html(admin_client, "/admin/draft_comments/"),
                 html(admin_client, f"/admin/draft_comments/inspect/{comment.pk}/")):
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in page
        assert "<b>Kẻ lạ</b>" not in page and "&lt;b&gt;Kẻ lạ&lt;/b&gt;" in page


def test_an_anonymous_comment_shows_no_name_and_no_email(client, make_draft):
    draft = make_draft()
    comment_on(draft, name="Tên Không Hiện", organisation="Tổ chức Không Hiện", show_name=False)
    comment_on(draft, status=CommentStatus.PENDING, content="Ý kiến chờ duyệt.")
    comment_on(draft, status=CommentStatus.REJECTED, content="Ý kiến bị từ chối.")
    page = html(client, draft.url)
    assert "Ẩn danh" in page and "1 ý kiến đã công khai" in page
    assert "Tên Không Hiện" not in page and "Tổ chức Không Hiện" not in page
    assert "chờ duyệt" not in page and "bị từ chối" not in page
    assert SECRET_EMAIL not in page and "example.vn" not in page


# --- the page cache -------------------------------------------------------------------------

def test_a_pending_comment_keeps_the_stored_pages_and_an_approval_renews_them(client,
                                                                            make_draft):
    draft = make_draft()
    client.get(draft.url)
    before = page_cache.generation()
    assert post_comment(client, draft).status_code == 303
    assert page_cache.generation() == before
    assert client.get(draft.url)["X-Page-Cache"] == "hit"
    comment = DraftComment.objects.get()
    services.moderate(comment.pk, CommentStatus.REJECTED, None)
    assert page_cache.generation() == before  # nothing shown changed
    services.moderate(comment.pk, CommentStatus.APPROVED, None)
    assert page_cache.generation() != before
    assert "Tăng mức hỗ trợ." in html(client, draft.url)
    before = page_cache.generation()
    comment.refresh_from_db()
    comment.delete()
    assert page_cache.generation() != before


# --- moderation in the admin ----------------------------------------------------------------

def role_group(key):
    return Group.objects.get(name=ROLES_BY_KEY[key].name)


def test_editors_and_approvers_moderate_in_the_admin(client, make_draft):
    draft = make_draft()
    older = comment_on(draft, status=CommentStatus.APPROVED, content="Ý kiến đã duyệt.",
                       created_at=timezone.now() - timedelta(days=2))
    pending = comment_on(draft, status=CommentStatus.PENDING, content="Ý kiến chờ duyệt.",
                         created_at=timezone.now() - timedelta(days=5))
    for key in (EDITOR, APPROVER):
        staff = client_for(make_user(f"user-{key}", role_group(key)))
        page = html(staff, "/admin/draft_comments/")
        assert page.index("Ý kiến chờ duyệt.") < page.index("Ý kiến đã duyệt.")  # pending first
        assert "/admin/draft_comments/" in html(staff, "/admin/")  # the menu
        filtered = html(staff, "/admin/draft_comments/", {"status": CommentStatus.APPROVED,
                                                          "page": draft.pk})
        assert "Ý kiến đã duyệt." in filtered and "Ý kiến chờ duyệt." not in filtered
    response = staff.post(f"/admin/draft_comments/approve/{pending.pk}/",
                          {"next": "/admin/draft_comments/"})
    assert response.status_code == 302 and response["Location"] == "/admin/draft_comments/"
    pending.refresh_from_db()
    assert pending.status == CommentStatus.APPROVED and pending.moderated_by.username == \
        f"user-{APPROVER}"
    assert staff.post(f"/admin/draft_comments/reject/{older.pk}/",
                      {"next": "https://ke-xau.example/"})["Location"] == "/admin/draft_comments/"
    older.refresh_from_db()
    assert older.status == CommentStatus.REJECTED
    assert staff.get(f"/admin/draft_comments/approve/{older.pk}/").status_code == 405
    assert staff.post("/admin/draft_comments/approve/999999/").status_code == 404


def test_moderation_needs_the_right(client, make_draft):
    comment = comment_on(make_draft(), status=CommentStatus.PENDING)
    writer = client_for(make_user("phongvien", role_group(WRITER)))
    administrator = client_for(make_user("quantri", Group.objects.get(name="Quản trị")))
    for staff in (writer, administrator):
        assert staff.get("/admin/draft_comments/").status_code in (302, 403)
        assert staff.get(f"/admin/draft_comments/inspect/{comment.pk}/").status_code in (302,
                                                                                         403)
        assert staff.post(f"/admin/draft_comments/approve/{comment.pk}/").status_code == 403
        assert staff.post(f"/admin/draft_comments/reject/{comment.pk}/").status_code == 403
        assert "/admin/draft_comments/" not in html(staff, "/admin/")
    assert client.post(f"/admin/draft_comments/approve/{comment.pk}/").status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING and comment.moderated_by is None
    editor = client_for(make_user("bientap", role_group(EDITOR)))
    assert editor.get("/admin/draft_comments/new/").status_code == 404  # nobody adds one
    assert editor.get(f"/admin/draft_comments/edit/{comment.pk}/").status_code == 302
    assert editor.post(f"/admin/draft_comments/delete/{comment.pk}/").status_code in (302, 403)
    assert DraftComment.objects.filter(pk=comment.pk).exists()


def test_the_admin_list_query_count_does_not_grow_with_the_comments(admin_client, make_draft):
    draft = make_draft()
    comment_on(draft)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get("/admin/draft_comments/").status_code == 200
        return len(captured)

    queries()
    few = queries()
    for number in range(10):
        comment_on(make_draft() if number % 3 else draft, content=f"Ý kiến {number}")
    queries()
    assert queries() <= few + 2  # the draft filter's choices grow by rows, not queries


# --- personal data --------------------------------------------------------------------------

def test_personal_data_export_and_erase_cover_comments(client, make_draft):
    draft = make_draft("Dự thảo về khởi nghiệp")
    shown = comment_on(draft, name="Lê Văn Xoá", organisation="Công ty Xoá",
                       email="Xoa@Example.vn")
    comment_on(draft, name="Người khác", email="khac@example.vn")
    out = io.StringIO()
    call_command("personal_data", "export", "xoa@example.vn", stdout=out)
    rows = json.loads(out.getvalue())["consultation.draftcomment"]
    assert len(rows) == 1 and rows[0]["name"] == "Lê Văn Xoá"
    assert rows[0]["organisation"] == "Công ty Xoá" and rows[0]["email"] == "Xoa@Example.vn"
    assert rows[0]["draft_title"] == "Dự thảo về khởi nghiệp" and rows[0]["content"]
    client.get(draft.url)
    before = page_cache.generation()
    out = io.StringIO()
    call_command("personal_data", "erase", "xoa@example.vn", "--yes", stdout=out)
    assert json.loads(out.getvalue())["consultation.DraftComment"] == 1
    shown.refresh_from_db()
    assert (shown.name, shown.email, shown.organisation) == ("", "", "")
    assert page_cache.generation() != before
    page = html(client, draft.url)
    assert "Lê Văn Xoá" not in page and "Công ty Xoá" not in page and "Ẩn danh" in page
    assert "Người khác" in page


# --- search, demo, HTML -----------------------------------------------------------------------

def test_the_search_declaration(make_draft, pdf):
    draft = make_draft("Dự thảo Nghị quyết khởi nghiệp", opens=-5, closes=20, body=[
        {"type": "paragraph", "value": "<p>Hỗ trợ thuê mặt bằng.</p>"}],
        comment_report=[{"type": "paragraph", "value": "<p>Tiếp thu ý kiến.</p>"}])
    DraftAttachment.objects.create(page=draft, document=pdf)
    content = draft.search_content()
    assert content["title"] == "Dự thảo Nghị quyết khởi nghiệp"
    assert "Hỗ trợ thuê mặt bằng." in content["body"] and "Tiếp thu ý kiến." in content["body"]
    assert "Phòng Quản lý khoa học" in content["body"]
    assert content["attachments"] == [pdf]
    assert content["facets"]["nam"]
    from search.facets import search_kinds

    assert "du-thao" in search_kinds()


def test_the_demo_is_built_once(home):
    publish_child(home, StandardPage(title="Góp ý dự thảo", slug="gop-y-du-thao"))
    section = demo.build_section(home)
    assert demo.build_section(home) == section and section.url == "/gop-y-du-thao/"
    assert section.show_in_menus and not StandardPage.objects.filter(slug="gop-y-du-thao")
    assert demo.build_items(section) == 2
    assert demo.build_items(section) == 0
    drafts = {draft.phase(): draft for draft in DraftPage.objects.live()}
    assert set(drafts) == {Phase.OPEN, Phase.CLOSED}
    opened, closed = drafts[Phase.OPEN], drafts[Phase.CLOSED]
    assert opened.attachments.count() == 1 and not opened.comment_report
    assert opened.public_comments.filter(status=CommentStatus.APPROVED).count() >= 2
    assert opened.public_comments.filter(status=CommentStatus.PENDING).count() == 1
    assert closed.comment_report and closed.public_comments.filter(
        status=CommentStatus.APPROVED).exists()


def test_the_pages_are_valid_html(client, make_draft, pdf, tmp_path):
    import shutil
    import subprocess

    from .test_html_valid import VNU_JAR

    if not shutil.which("java") or not VNU_JAR.is_file():
        pytest.skip("the Nu HTML Checker (Java and vnu-jar) is not installed")
    opened = make_draft("Dự thảo đang mở", body=[
        {"type": "paragraph", "value": "<p>Điều 1.</p>"}])
    DraftAttachment.objects.create(page=opened, document=pdf)
    comment_on(opened, content="Dòng một.\n\nDòng hai.")
    comment_on(opened, show_name=False)
    closed = make_draft("Dự thảo đã đóng", opens=-30, closes=-2, comment_report=[
        {"type": "paragraph", "value": "<p>Tiếp thu.</p>"}])
    make_draft("Dự thảo chưa mở", opens=3, closes=9)
    pages = {"list": client.get("/gop-y-du-thao/"),
             "filtered": client.get("/gop-y-du-thao/", {"tinh_trang": Phase.CLOSED}),
             "bad": client.get("/gop-y-du-thao/", {"tinh_trang": "x"}),
             "open": client.get(opened.url), "closed": client.get(closed.url),
             "refused": post_comment(client, opened, name="", consent="", **{CAPTCHA: ""}),
             "late": post_comment(client, closed)}
    assert [response.status_code for response in pages.values()] == [200, 200, 400, 200, 200,
                                                                     400, 403]
    thanks = client.get(post_comment(client, opened)["Location"])
    pages["thanks"] = thanks
    files = []
    for name, response in pages.items():
        (tmp_path / f"{name}.html").write_bytes(response.content)
        files.append(str(tmp_path / f"{name}.html"))
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", *files],
                            capture_output=True, text=True, timeout=120)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    assert [(m.get("url", "")[-20:], m.get("lastLine"), m["message"]) for m in messages
            if m["type"] == "error" or m.get("subType") == "warning"] == []


def test_a_news_category_editor_does_not_moderate_drafts(make_draft, category):
    from tests.conftest import section_group

    comment = comment_on(make_draft(), status=CommentStatus.PENDING, content="Ý kiến riêng.")
    news_editor = client_for(make_user("bientap-tin", section_group(category, EDITOR)))
    assert "Ý kiến riêng." not in html(news_editor, "/admin/draft_comments/")
    assert news_editor.get(f"/admin/draft_comments/inspect/{comment.pk}/").status_code == 403
    assert news_editor.post(f"/admin/draft_comments/approve/{comment.pk}/").status_code == 403
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_moderating_from_a_filtered_list_comes_back_to_the_list(make_draft):
    draft = make_draft()
    comment_on(draft, status=CommentStatus.PENDING)
    staff = client_for(make_user("duyet", role_group(APPROVER)))
    page = html(staff, "/admin/draft_comments/results/", {"status": CommentStatus.PENDING})
    assert 'name="next" value="/admin/draft_comments/?status=' in page
    assert 'name="next" value="/admin/draft_comments/results/' not in page
