"""Liên hệ (contact/): the page keeps the agency's contacts and stays cacheable; a message is
stored, then e-mailed to the chosen unit with Reply-To the sender; a failed mail keeps it."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from contact.models import ContactMessage, ContactPage, ContactUnit
from core import page_cache
from core.models import SiteSettings
from publicforms import captcha, personal_data
from publicforms.forms import CAPTCHA

from .conftest import client_for, make_user, publish_child


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def contact_page(home):
    from wagtail.models import Site

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.address = "Số 09 đường Trần Hưng Đạo, Vị Thanh"
    site_settings.phone = "(0293) 3 870 000"
    site_settings.email = "skhcn@haugiang.gov.vn"
    site_settings.save()
    page = ContactPage(title="Liên hệ", slug="lien-he", intro="Gửi thư cho Sở.")
    page.units.add(ContactUnit(name="Văn phòng Sở", email="vanphong@example.invalid"))
    page.units.add(ContactUnit(name="Thanh tra Sở", email="thanhtra@example.invalid"))
    return publish_child(home, page)


def unit_named(page, name):
    return page.units.get(name=name)


def good(page, **changes):
    data = {"name": "Nguyễn Văn A", "email": "nva@example.vn", "phone": "0901 234 567",
            "unit": unit_named(page, "Thanh tra Sở").pk, "subject": "Hỏi về đề tài",
            "message": "Xin hỏi thủ tục đăng ký đề tài.\nCảm ơn.", "consent": "on",
            CAPTCHA: captcha.solve(captcha.challenge())}
    data.update(changes)
    return data


def send(client, page, data, **extra):
    return client.post(f"/bieu-mau/lien-he/{page.pk}/", data, **extra)


def test_the_page_shows_the_agency_and_the_form_and_is_stored_without_a_cookie(
        client, contact_page):
    response = client.get("/lien-he/")
    html = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    assert "Số 09 đường Trần Hưng Đạo" in html and "skhcn@haugiang.gov.vn" in html
    assert "(0293) 3 870 000" in html and "Gửi thư cho Sở." in html
    assert 'action="/bieu-mau/lien-he/' in html and "csrfmiddlewaretoken" not in html
    assert "Thanh tra Sở" in html and "Nghị định 13/2023/NĐ-CP" in html
    assert "thanhtra@example.invalid" not in html  # a unit's address is never shown
    assert "altcha-widget" in html
    assert "Thông tin này có hữu ích không?" not in html  # no rating box under a form
    assert client.get("/lien-he/").get(page_cache.STATUS_HEADER) == "hit"


def test_a_message_is_stored_then_mailed_to_the_chosen_unit_with_reply_to(client,
                                                                          contact_page):
    response = send(client, contact_page, good(contact_page))
    assert response.status_code == 303
    message = ContactMessage.objects.get()
    assert (message.unit_name, message.recipient) == ("Thanh tra Sở", "thanhtra@example.invalid")
    assert message.name == "Nguyễn Văn A" and message.phone == "0901 234 567"
    assert message.mail_sent_at is not None and not message.handled
    [sent] = mail.outbox
    assert sent.to == ["thanhtra@example.invalid"]
    assert sent.reply_to and "nva@example.vn" in sent.reply_to[0]
    assert "Hỏi về đề tài" in sent.subject
    assert "Xin hỏi thủ tục đăng ký đề tài.\nCảm ơn." in sent.body
    assert sent.content_subtype == "plain"
    # post, redirect, get: the thanks names the unit and is never stored
    thanks = client.get(response["Location"])
    html = thanks.content.decode()
    assert thanks.status_code == 200 and "Cảm ơn" in html and "Thanh tra Sở" in html
    assert "no-store" in thanks["Cache-Control"]
    assert thanks.get(page_cache.STATUS_HEADER) is None
    assert client.get(response["Location"]).get(page_cache.STATUS_HEADER) is None
    # a forged thanks shows the plain form
    forged = client.get("/lien-he/?ma=abc").content.decode()
    assert "Cảm ơn" not in forged and "altcha-widget" in forged


def test_a_failed_mail_keeps_the_message_thanks_the_visitor_and_is_resent(
        client, contact_page, monkeypatch, caplog):
    from django.core.mail import EmailMessage

    def broken(self, fail_silently=False):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", broken)
    response = send(client, contact_page, good(contact_page))
    assert response.status_code == 303
    assert "Cảm ơn" in client.get(response["Location"]).content.decode()
    message = ContactMessage.objects.get()
    assert message.mail_sent_at is None
    assert "not e-mailed" in caplog.text
    with pytest.raises(CommandError):
        call_command("contact_resend", stdout=io.StringIO())
    monkeypatch.undo()
    out = io.StringIO()
    call_command("contact_resend", stdout=out)
    assert "sent: 1" in out.getvalue()
    message.refresh_from_db()
    assert message.mail_sent_at is not None and len(mail.outbox) == 1
    call_command("contact_resend", stdout=out)  # nothing sent twice
    assert len(mail.outbox) == 1


def test_line_breaks_in_the_subject_or_name_add_no_header(client, contact_page):
    data = good(contact_page, subject="Chào\r\nBcc: victim@example.com\nX-Spam: yes",
                name="Kẻ gian\r\nCc: other@example.com")
    assert send(client, contact_page, data).status_code == 303
    [sent] = mail.outbox
    raw = sent.message().as_string()
    assert "\nBcc:" not in raw and "\nCc:" not in raw and "\nX-Spam:" not in raw
    assert sent.bcc == [] and sent.cc == []
    assert "\n" not in sent.subject and "\r" not in sent.subject
    message = ContactMessage.objects.get()
    assert "\n" not in message.subject and "\n" not in message.name


def test_the_visitors_text_is_escaped_in_the_refusal_and_in_the_admin(client, contact_page):
    data = good(contact_page, subject="<script>alert(1)</script>", consent="")
    response = send(client, contact_page, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert ContactMessage.objects.count() == 0 and not mail.outbox
    data = good(contact_page, name="<b>Tên</b>", subject="<img src=x onerror=alert(1)>")
    assert send(client, contact_page, data).status_code == 303
    admin = make_user("quantri")
    from django.contrib.auth.models import Permission

    admin.user_permissions.add(*Permission.objects.filter(
        codename__in=["access_admin", "view_contactmessage", "change_contactmessage"]))
    staff = client_for(admin)
    listing = staff.get("/admin/contact_messages/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    message = ContactMessage.objects.get()
    inspect = staff.get(f"/admin/contact_messages/inspect/{message.pk}/").content.decode()
    assert "&lt;b&gt;Tên&lt;/b&gt;" in inspect and "<b>Tên</b>" not in inspect
    assert staff.get("/admin/contact_messages/new/").status_code in (302, 403)
    # marking it handled is all the change view does
    staff.post(f"/admin/contact_messages/edit/{message.pk}/", {"handled": "on"})
    message.refresh_from_db()
    assert message.handled and message.subject == "<img src=x onerror=alert(1)>"
    # without the permission, no list
    nobody = make_user("bientap")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert client_for(nobody).get("/admin/contact_messages/").status_code in (302, 403)


def test_a_refusal_keeps_what_was_typed_with_400(client, contact_page):
    data = good(contact_page, email="không-phải-email", message="Nội dung tôi đã gõ dài.")
    response = send(client, contact_page, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nội dung tôi đã gõ dài." in html and "Hỏi về đề tài" in html
    assert "Nguyễn Văn A" in html and "private" in response["Cache-Control"]
    assert not response.cookies
    # an unknown unit, an empty captcha, the honeypot: refused, never a 500
    for changes in ({"unit": "999999"}, {"unit": "x"}, {CAPTCHA: ""}, {"trang_web": "http://x"},
                    {"phone": "gọi tôi"}, {"message": "x" * 5001}):
        response = send(client, contact_page, good(contact_page, **changes))
        assert response.status_code == 400, changes
    assert ContactMessage.objects.count() == 0


def test_too_many_messages_get_429_with_retry_after_and_the_text_kept(client, settings,
                                                                      contact_page):
    settings.PUBLIC_FORMS_LIMITS = {**settings.PUBLIC_FORMS_LIMITS,
                                    "contact.message.address": (2, 3600)}
    for _n in range(2):
        assert send(client, contact_page, good(contact_page)).status_code == 303
    response = send(client, contact_page, good(contact_page, message="Thư thứ ba của tôi."))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Thư thứ ba của tôi." in html and "Vui lòng" in html or "phút" in html
    assert ContactMessage.objects.count() == 2


def test_another_sites_page_cannot_send_and_get_is_refused(client, contact_page):
    response = send(client, contact_page, good(contact_page), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and ContactMessage.objects.count() == 0
    assert client.get(f"/bieu-mau/lien-he/{contact_page.pk}/").status_code == 405
    assert send(client, contact_page, good(contact_page), HTTP_ORIGIN="http://testserver"
                ).status_code == 303
    assert client.post("/bieu-mau/lien-he/999999/", {}).status_code == 404


def test_personal_data_export_and_erase_cover_messages(client, contact_page):
    assert send(client, contact_page, good(contact_page, email="NVA@example.vn")).status_code \
        == 303
    exported = personal_data.export_person("nva@example.vn")
    [row] = exported["contact messages"]
    assert row["name"] == "Nguyễn Văn A" and row["unit_name"] == "Thanh tra Sở"
    assert personal_data.erase_person("nva@example.vn")["contact.contactmessage"] == 1
    message = ContactMessage.objects.get()
    assert (message.name, message.email, message.phone, message.message) == ("", "", "", "")
    assert message.unit_name == "Thanh tra Sở"  # what is not personal stays for the figures


def test_the_demo_replaces_its_old_placeholder_page(home):
    from contact import demo
    from pages.models import StandardPage

    publish_child(home, StandardPage(title="Liên hệ", slug="lien-he", intro=demo.OLD_INTRO))
    page = demo.build_page(home)
    assert isinstance(page, ContactPage) and page.units.count() == len(demo.UNITS)
    assert demo.build_page(home).pk == page.pk


def test_the_receivers_group_reads_messages_from_a_linked_list(db):
    from django.contrib.auth.models import Group

    from contact.apps import RECEIVERS_GROUP
    from contact.models import ContactMessage

    group = Group.objects.get(name=RECEIVERS_GROUP)  # made by migrate
    assert {"view_contactmessage", "change_contactmessage", "access_admin"} == set(
        group.permissions.values_list("codename", flat=True))
    message = ContactMessage.objects.create(unit_name="Văn phòng Sở", name="A", email="a@x.vn",
                                            recipient="vp@example.invalid",
                                            subject="Hỏi <giờ> làm việc", message="Nội dung")
    from tests.conftest import client_for, make_user

    staff = client_for(make_user("tiepnhan", group))
    page = staff.get("/admin/contact_messages/").content.decode()
    assert f"/admin/contact_messages/edit/{message.pk}/" in page and "Hỏi &lt;giờ&gt;" in page
    assert staff.get(f"/admin/contact_messages/edit/{message.pk}/").status_code == 200


def test_the_message_page_says_yes_or_no_in_vietnamese(admin_client):
    message = ContactMessage.objects.create(unit_name="Văn phòng Sở", name="A", email="a@x.vn",
                                            recipient="vp@example.invalid", subject="S",
                                            message="M")
    page = admin_client.get(f"/admin/contact_messages/inspect/{message.pk}/").content.decode()
    assert "Không" in page and "False" not in page
