"""Hỏi đáp: the question form, tracking codes and their lookup, the staff's queue and the
answer's approval, what stays private, and the abuse rules of the public forms on a real form."""

import json
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect

from pages.models import Term
from publicforms import captcha
from publicforms.forms import CAPTCHA, HONEYPOT
from publicforms.personal_data import anonymise_expired
from qa import services
from qa.models import (FIELD_VOCABULARY, UNIT_VOCABULARY, NameShown, Question,
                       QuestionIndexPage, QuestionPage, QuestionStatus)

from .conftest import client_for, make_user, publish_child


@pytest.fixture
def section(home):
    return publish_child(home, QuestionIndexPage(title="Hỏi đáp", slug="hoi-dap"))


@pytest.fixture
def field(db):
    return Term.objects.get(vocabulary=FIELD_VOCABULARY, slug="so-huu-tri-tue")


def post_url(section, name="dat-cau-hoi"):
    return f"/bieu-mau/{section.pk}/{name}/"


def question_data(term, **changes):
    data = {"name": "Nguyễn Thị Lan", "email": "lan@example.vn", "phone": "0293 3 876 543",
            "address": "Số 5 đường 30/4, Vị Thanh", "name_shown": NameShown.INITIALS,
            "field": term.slug, "title": "Đăng ký nhãn hiệu khóm sấy",
            "body": "Xin hỏi thủ tục đăng ký nhãn hiệu cho hợp tác xã?", "consent": "on",
            CAPTCHA: captcha.solve(captcha.challenge())}
    data.update(changes)
    return data


def ask(client, section, term, address="203.0.113.10", **changes):
    return client.post(post_url(section), question_data(term, **changes), REMOTE_ADDR=address)


def text(response):
    return response.content.decode()


# --- asking -------------------------------------------------------------------------------

def test_the_form_page_is_public_cacheable_and_sends_to_the_kit(client, section):
    response = client.get("/hoi-dap/dat-cau-hoi/")
    assert response.status_code == 200 and not response.cookies
    page = text(response)
    assert f'action="{post_url(section)}"' in page and "altcha-widget" in page
    assert "13/2023" in page  # the personal-data notice
    assert 'name="trang_web"' in page and 'tabindex="-1"' in page
    assert client.get("/hoi-dap/").status_code == 200


def test_a_question_is_stored_mailed_and_given_a_tracking_code(
        client, section, field, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, section, field, name="Nguye\u0302\u0303n Thị Lan")
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.name == "Nguyễn Thị Lan" and question.status == QuestionStatus.RECEIVED
    assert re.fullmatch(r"HD-[A-Z0-9]{8}", question.code) and question.consent_at
    thanks = client.get(response["Location"])
    assert question.code in text(thanks) and not thanks.cookies
    assert "private" in thanks["Cache-Control"] and "no-store" in thanks["Cache-Control"]
    [message] = mail.outbox
    assert message.to == ["lan@example.vn"] and question.code in message.subject
    assert question.code in message.body and "/hoi-dap/tra-cuu/" in message.body
    # sent to whatever address was typed: it carries nothing else the visitor wrote
    assert "nhãn hiệu" not in message.body and "Lan" not in message.body
    # a forged or missing thanks token shows no code
    assert question.code not in text(client.get("/hoi-dap/dat-cau-hoi/da-gui/?ma=HD-XXXX"))


def test_a_refused_question_keeps_what_was_typed(client, section, field):
    response = ask(client, section, field, consent="", body="Câu hỏi <b>dài</b> của tôi")
    assert response.status_code == 400 and not Question.objects.exists()
    page = text(response)
    assert "Câu hỏi &lt;b&gt;dài&lt;/b&gt; của tôi" in page and "Nguyễn Thị Lan" in page
    assert "đồng ý" in page and 'role="alert"' in page
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("changes, status", [
    ({HONEYPOT: "http://spam.example"}, 400),
    ({CAPTCHA: ""}, 400),
    ({"body": "x" * 5001}, 400),
    ({"title": "y" * 201}, 400),
    ({"body": "mua ngay http://a.example http://b.example http://c.example"}, 400),
    ({"email": "not-an-email"}, 400),
    ({"email": "a@example.vn\r\nBcc: victim@example.vn"}, 400),
    ({"phone": "gọi tôi"}, 400),
    ({"field": "khong-co"}, 400),
])
def test_each_abuse_rule_refuses_with_a_4xx_and_keeps_the_text(client, section, field, changes,
                                                                status):
    response = ask(client, section, field, **changes)
    assert response.status_code == status and not Question.objects.exists()
    assert "Nguyễn Thị Lan" in text(response)


def test_attachments_are_checked_and_kept_private(client, section, field, settings):
    from pages.demo import make_pdf

    bad = SimpleUploadedFile("don.pdf", b"MZ\x90\x00" + b"\x00" * 300)
    response = ask(client, section, field, attachment=bad)
    assert response.status_code == 400 and "chương trình" in text(response) or \
        response.status_code == 400
    good = SimpleUploadedFile("don.pdf", make_pdf("Đơn", ["Nội dung"]))
    assert ask(client, section, field, attachment=good).status_code == 302
    question = Question.objects.get()
    assert question.attachment.name.startswith("hoi-dap/")
    # not served as media; staff with the right get it as a download
    assert client.get(f"/media/{question.attachment.name}").status_code == 404
    url = f"/admin/hoi-dap/tep/{question.pk}/"
    assert client.get(url).status_code in (302, 404)
    handler = make_user("hoidap", services.ensure_handler_group())
    response = client_for(handler).get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]


def test_a_post_from_another_site_is_refused(client, section, field):
    response = client.post(post_url(section), question_data(field),
                           HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and not Question.objects.exists()


def test_the_form_address_takes_only_declared_forms_of_live_public_pages(client, section, field):
    assert client.post(post_url(section, "khac"), question_data(field)).status_code == 404
    assert client.get(post_url(section)).status_code == 405
    assert client.post("/bieu-mau/999999/dat-cau-hoi/", question_data(field)).status_code == 404
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=section, restriction_type="login")
    assert ask(client, section, field).status_code == 404


@override_settings(PUBLIC_FORMS_LIMITS={"attempts": (30, 3600), "address": (3, 3600),
                                        "email": (2, 3600)})
def test_the_limits_per_address_and_per_email(client, section, field):
    assert [ask(client, section, field).status_code for _ in range(3)] == [302, 302, 429]
    assert Question.objects.count() == 2  # the e-mail's limit came first
    response = ask(client, section, field, address="203.0.113.11", email="b@example.vn")
    assert response.status_code == 302
    for _ in range(2):
        ask(client, section, field, address="203.0.113.10", email="c@example.vn")
    response = ask(client, section, field, email="d@example.vn")
    assert response.status_code == 429 and response["Retry-After"].isdigit()
    assert "thử lại" in text(response) and "Nguyễn Thị Lan" in text(response)


@override_settings(PUBLIC_FORMS_LIMITS={"attempts": (30, 3600), "address": (10, 3600),
                                        "email": (5, 3600)})
def test_a_flood_of_a_thousand_questions_stores_at_most_the_limit(client, section, field,
                                                                  monkeypatch):
    import time
    from types import SimpleNamespace

    from core import ratelimit

    # the limits count in fixed windows of an hour: the flood is counted in the middle of one,
    # whatever the clock says (a flood across the hour's end is allowed twice the limit)
    middle = time.time() // 3600 * 3600 + 1800
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: middle))
    statuses = {}
    for number in range(1000):
        status = ask(client, section, field, email=f"flood{number}@example.vn").status_code
        statuses[status] = statuses.get(status, 0) + 1
    assert Question.objects.count() == 10
    assert statuses == {302: 10, 429: 990}


# --- looking a question up ------------------------------------------------------------------

def test_the_lookup_needs_the_code_and_the_email(client, section, field):
    ask(client, section, field)
    question = Question.objects.get()
    url = post_url(section, "tra-cuu")
    for email in ["lan@example.vn", "LAN@Example.VN"]:
        response = client.post(url, {"code": question.code.lower(), "email": email,
                                     CAPTCHA: captcha.solve(captcha.challenge())})
        assert response.status_code == 200 and "Đã tiếp nhận" in text(response)
        assert "no-store" in response["Cache-Control"]
    response = client.post(url, {"code": question.code, "email": "khac@example.vn",
                                 CAPTCHA: captcha.solve(captcha.challenge())})
    assert response.status_code == 404 and question.title not in text(response)
    assert "khac@example.vn" in text(response)  # the typed values stay
    response = client.post(url, {"code": question.code, "email": "lan@example.vn"})
    assert response.status_code == 400  # no CAPTCHA


@override_settings(PUBLIC_FORMS_LIMITS={"attempts": (3, 3600)})
def test_guessing_codes_is_rate_limited(client, section):
    url = post_url(section, "tra-cuu")
    statuses = [client.post(url, {"code": f"HD-AAAAAAA{n}", "email": "x@example.vn",
                                  CAPTCHA: captcha.solve(captcha.challenge())}).status_code
                for n in range(4)]
    assert statuses == [404, 404, 404, 429]


# --- the staff's queue ------------------------------------------------------------------------

@pytest.fixture
def question(db, field):
    return Question.objects.create(name="Lê Văn <b>Hùng</b>", email="hung@example.vn",
                                   phone="0909 123 456", address="Ấp 3, xã Hỏa Tiến",
                                   field=field, title="Nhãn hiệu <script>alert(1)</script>",
                                   body="Hỏi về nhãn hiệu.\nGọi 0909 123 456.",
                                   consent_at=timezone.now())


@pytest.fixture
def handler(section):
    from tests.conftest import section_group
    from editorial import roles

    return make_user("hoidap", services.ensure_handler_group(),
                     section_group(section, roles.EDITOR))


def edit(client, question, **data):
    form = {"field": question.field_id or "", "unit": question.unit_id or "",
            "expert": question.expert_id or "", "decline_reason": question.decline_reason,
            "action": "assign", "merge_code": ""}
    form.update(data)
    return client.post(f"/admin/cau-hoi/edit/{question.pk}/", form)


def test_the_queue_is_for_staff_with_the_right_only(client, question, handler):
    assert client.get("/admin/cau-hoi/").status_code == 302  # signed out
    nobody = client_for(make_user("canbo"))
    assert nobody.get("/admin/cau-hoi/").status_code in (302, 403)
    assert edit(nobody, question, action="decline", decline_reason="x").status_code in (302, 403)
    assert Question.objects.get().status == QuestionStatus.RECEIVED
    staff = client_for(handler)
    page = text(staff.get("/admin/cau-hoi/"))
    assert question.code in page and "&lt;script&gt;" in page and "<script>alert" not in page
    page = text(staff.get(f"/admin/cau-hoi/edit/{question.pk}/"))
    assert "hung@example.vn" in page and "Lê Văn &lt;b&gt;Hùng&lt;/b&gt;" in page
    assert staff.get("/admin/cau-hoi/new/").status_code in (302, 403)


def test_assigning_and_declining(client, question, handler):
    staff = client_for(handler)
    unit = Term.objects.get(vocabulary=UNIT_VOCABULARY, slug="phong-quan-ly-khoa-hoc")
    assert edit(staff, question, unit=unit.pk).status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.HANDLING and question.unit == unit
    response = edit(staff, question, action="decline", decline_reason="")
    assert response.status_code == 200  # the reason is required
    assert Question.objects.get().status == QuestionStatus.HANDLING
    edit(staff, question, action="decline", decline_reason="Không thuộc lĩnh vực của Sở.")
    question.refresh_from_db()
    assert question.status == QuestionStatus.DECLINED
    [message] = mail.outbox
    assert "Không thuộc lĩnh vực của Sở." in message.body and message.to == ["hung@example.vn"]
    response = Client().post(f"/bieu-mau/{handler.pk and Question.objects.get().pk and 0}/x/")
    assert response.status_code == 404


def test_the_answer_goes_through_approval_then_the_asker_is_told(client, question, handler,
                                                                  section):
    staff = client_for(handler)
    response = edit(staff, question, action="answer")
    question.refresh_from_db()
    page = question.answer_page
    assert page is not None and not page.live
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert page.question_text == "Hỏi về nhãn hiệu.\nGọi […]." and page.asker == "L. V. <."
    assert "hung@example.vn" not in page.question_text
    # the handler (an editor) cannot publish; submitting for approval marks it answered
    assert not page.permissions_for_user(handler).can_publish()
    from wagtail.models import Workflow

    page.answer = [{"type": "paragraph", "value": "<p>Hồ sơ gồm tờ khai và mẫu nhãn.</p>"}]
    page.question_text = "Hỏi về nhãn hiệu."
    revision = page.save_revision(user=handler)
    workflow = page.get_workflow() or Workflow.objects.first()
    workflow.start(page, handler)
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert not mail.outbox
    revision.publish()
    question.refresh_from_db()
    assert question.status == QuestionStatus.PUBLISHED
    [message] = mail.outbox
    assert page.url in message.body or page.get_full_url() in message.body
    revision.publish()  # published again: told once only
    assert len(mail.outbox) == 1
    public = text(Client().get(page.url))
    assert "Hồ sơ gồm tờ khai" in public
    for private in ["hung@example.vn", "0909 123 456", "Hỏa Tiến", "Lê Văn"]:
        assert private not in public
    results = text(Client().get("/tim-kiem/", {"q": "nhan hieu"}))
    assert page.url in results
    assert "hung@example.vn" not in text(Client().get("/hoi-dap/rss/"))


def test_merging_a_duplicate_redirects_to_the_kept_answer(client, question, handler, field,
                                                         section):
    kept = Question.objects.create(name="B", email="b@example.vn", field=field, title="Nhãn hiệu",
                                   body="Cùng câu hỏi.", consent_at=timezone.now())
    pages = []
    for one in (kept, question):
        page = services.start_answer(one, handler)
        page.answer = [{"type": "paragraph", "value": "<p>Trả lời.</p>"}]
        page.save_revision().publish()
        pages.append(page)
    old_url = pages[1].url
    response = edit(client_for(handler), Question.objects.get(pk=question.pk), action="merge",
                    merge_code=kept.code.lower())
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.MERGED and question.merged_into == kept
    pages[1].refresh_from_db()
    assert not pages[1].live
    assert Redirect.objects.filter(old_path=old_url.rstrip("/"), redirect_page=pages[0]).exists()
    assert Client().get(old_url).status_code in (301, 302)
    lookup = Client().post(post_url(section, "tra-cuu"), {
        "code": question.code, "email": "hung@example.vn",
        CAPTCHA: captcha.solve(captcha.challenge())})
    assert pages[0].url in text(lookup) and "Đã gộp" in text(lookup)
    assert kept.code not in text(lookup)  # another asker's code is half their key
    # not into itself, not a closed question again
    response = edit(client_for(handler), kept, action="merge", merge_code=kept.code)
    assert response.status_code == 200


# --- personal data ----------------------------------------------------------------------------

def test_one_persons_data_is_exported_and_erased(question, settings, tmp_path):
    question.attachment = SimpleUploadedFile("anh.png", b"x")
    question.save()
    path = question.attachment.path
    out = StringIO()
    call_command("personal_data", "export", "HUNG@example.vn", stdout=out)
    exported = json.loads(out.getvalue())
    [row] = exported["questions"]
    assert row["email"] == "hung@example.vn" and row["phone"] == "0909 123 456"
    assert row["code"] == question.code
    with pytest.raises(Exception):
        call_command("personal_data", "erase", "hung@example.vn")  # needs --yes
    call_command("personal_data", "erase", "hung@example.vn", "--yes", stdout=StringIO())
    question.refresh_from_db()
    assert (question.name, question.email, question.phone, question.address) == ("", "", "", "")
    assert not question.attachment and not __import__("os").path.exists(path)
    assert question.name_shown == NameShown.NONE and question.title  # the question stays


def test_old_closed_questions_are_anonymised_open_ones_kept(question, field, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    old = timezone.now() - timedelta(days=31)
    closed = Question.objects.create(name="Cũ", email="cu@example.vn", field=field, title="Cũ",
                                     body="Cũ", consent_at=old, created_at=old,
                                     status=QuestionStatus.DECLINED)
    Question.objects.filter(pk=question.pk).update(created_at=old)
    counts = anonymise_expired()
    assert counts["qa.Question"] == 1
    closed.refresh_from_db()
    question.refresh_from_db()
    assert closed.email == "" and question.email == "hung@example.vn"


def test_the_demo_has_answers_in_several_fields(db, home):
    from qa import demo

    section = demo.build_section(home)
    assert demo.build_items(section) == len(demo.ANSWERED)
    assert demo.build_items(section) == 0  # idempotent
    assert QuestionPage.objects.live().values("field").distinct().count() >= 3
    assert Question.objects.filter(status__in=("received", "handling")).exists()


def test_migrate_makes_the_handlers_group_with_its_rights(db):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=services.HANDLER_GROUP)
    assert set(group.permissions.values_list("codename", flat=True)) == {
        "view_question", "change_question", "access_admin"}


def test_the_draft_answer_starts_without_the_askers_contacts(question, handler):
    question.body = ("Tôi là Lê Văn <b>Hùng</b>, ở Ấp 3, xã Hỏa Tiến. Gọi 0909 123 456 hoặc "
                     "+84 293 3876 543, thư hung.le@example.vn. Hỏi về Điều 5 Nghị định 65/2023.")
    question.save()
    page = services.start_answer(question, handler)
    assert page.question_text == ("Tôi là […], ở […]. Gọi […] hoặc […], thư […]. "
                                  "Hỏi về Điều 5 Nghị định 65/2023.")


def test_erasing_the_askers_data_takes_their_name_off_the_answer(question, handler):
    question.name_shown = NameShown.FULL
    question.save()
    page = services.start_answer(question, handler)
    page.answer = [{"type": "paragraph", "value": "<p>Trả lời.</p>"}]
    page.save_revision().publish()
    assert page.asker and "Lê Văn" in text(Client().get(page.url))
    call_command("personal_data", "erase", "hung@example.vn", "--yes", stdout=StringIO())
    page.refresh_from_db()
    public = text(Client().get(page.url))
    assert page.asker == "" and "Lê Văn" not in public and "Người hỏi không nêu tên" in public
    assert all(not revision.content.get("asker") for revision in page.revisions.all())


def test_a_published_answer_is_not_merged_away_into_an_unanswered_question(question, handler,
                                                                          field):
    page = services.start_answer(question, handler)
    page.answer = [{"type": "paragraph", "value": "<p>Trả lời.</p>"}]
    page.save_revision().publish()
    other = Question.objects.create(name="B", email="b@example.vn", field=field, title="Khác",
                                    body="Cùng hỏi.", consent_at=timezone.now())
    response = edit(client_for(handler), Question.objects.get(pk=question.pk), action="merge",
                    merge_code=other.code)
    assert response.status_code == 200 and "gộp câu hỏi kia vào câu hỏi này" in text(response)
    page.refresh_from_db()
    question.refresh_from_db()
    assert page.live and question.status == QuestionStatus.PUBLISHED


def test_a_declined_questions_draft_answer_publishes_nothing_on_its_behalf(question, handler):
    from wagtail.models import Workflow

    page = services.start_answer(question, handler)
    page.answer = [{"type": "paragraph", "value": "<p>Trả lời.</p>"}]
    revision = page.save_revision(user=handler)
    (page.get_workflow() or Workflow.objects.first()).start(page, handler)
    edit(client_for(handler), Question.objects.get(pk=question.pk), action="decline",
         decline_reason="Không thuộc thẩm quyền.")
    question.refresh_from_db()
    page.refresh_from_db()
    assert question.status == QuestionStatus.DECLINED and question.answer_page is None
    assert page.current_workflow_state is None  # cancelled
    mail.outbox.clear()
    revision.publish()  # published anyway, by someone who may
    question.refresh_from_db()
    assert question.status == QuestionStatus.DECLINED and not mail.outbox


def test_the_askers_of_duplicates_are_told_once(question, handler, field):
    kept = Question.objects.create(name="B", email="b@example.vn", field=field, title="Khác",
                                   body="Cùng hỏi.", consent_at=timezone.now())
    services.merge(question, kept)
    page = services.start_answer(kept, handler)
    page.answer = [{"type": "paragraph", "value": "<p>Trả lời.</p>"}]
    mail.outbox.clear()
    for _ in range(3):
        page.save_revision().publish()
    assert sorted(message.to[0] for message in mail.outbox) == ["b@example.vn",
                                                                "hung@example.vn"]


def test_staff_download_the_attachment_from_the_question(question, handler):
    question.attachment = SimpleUploadedFile("don.pdf", b"%PDF-1.4 x")
    question.save()
    page = text(client_for(handler).get(f"/admin/cau-hoi/edit/{question.pk}/"))
    assert f'href="/admin/hoi-dap/tep/{question.pk}/"' in page
    form = client_for(handler).get(f"/admin/cau-hoi/edit/{question.pk}/").context["form"]
    assert list(form.fields["expert"].queryset) == [handler]  # the handlers, not every account


@pytest.mark.parametrize("query", [{}, {"linh_vuc": "so-huu-tri-tue"}])
def test_the_answers_list_query_count_does_not_grow_with_the_answers(client, section, handler,
                                                                    field, settings, query):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0  # what rendering costs, each time
    units = list(Term.objects.filter(vocabulary=UNIT_VOCABULARY))

    def answer(n):
        asked = Question.objects.create(name="A", email=f"a{n}@example.vn", field=field,
                                        unit=units[n % len(units)], title=f"Câu hỏi {n}",
                                        body="Hỏi.", consent_at=timezone.now())
        page = services.start_answer(asked, handler)
        page.answer = [{"type": "paragraph", "value": "<p>Trả lời.</p>"}]
        page.save_revision().publish()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/hoi-dap/", query).status_code == 200
        return len(captured)

    for n in range(2):
        answer(n)
    queries()  # the first request of a site makes its settings
    few = queries()
    for n in range(2, 12):
        answer(n)
    queries()  # what a change of content empties, made again once
    assert queries() == few
