"""The form kit of every public form (publicforms/): CAPTCHA, honeypot, rate limits on the
database and on Redis, size and link caps, text cleaning, attachments checked by content."""

import base64
import json
import time
from io import BytesIO

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings

from core.models import Throttle
from core.ratelimit import DatabaseLimiter, RedisLimiter, key_hash
from publicforms import captcha
from publicforms.forms import CAPTCHA, HONEYPOT, AttachmentField, PlainTextField, PublicForm


def solved():
    """A payload that solves a fresh challenge, as the widget would send it."""
    return captcha.solve(captcha.challenge())


class SampleForm(PublicForm):
    scope = "test.sample"
    email_field = "email"
    name = PlainTextField(max_length=50, label="Họ và tên")
    email = forms.EmailField(max_length=100, label="Thư điện tử")
    message = PlainTextField(max_length=500, multiline=True, label="Nội dung")


def post(data, address="203.0.113.5", **extra):
    return RequestFactory().post("/x/", data, REMOTE_ADDR=address, **extra)


def good(**changes):
    data = {"name": "Nguyễn Văn A", "email": "a@example.vn", "message": "Xin hỏi về thủ tục.",
            CAPTCHA: solved()}
    data.update(changes)
    return data


def submit(data, address="203.0.113.5"):
    saved = []
    form = SampleForm(data)
    ok = form.submit(post(data, address), lambda f: saved.append(f.cleaned_data))
    return form, ok, saved


# --- CAPTCHA -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_solved_challenge_passes_once_only():
    payload = solved()
    assert captcha.verify(payload)
    assert not captcha.verify(payload)  # spent


@pytest.mark.django_db
def test_a_tampered_expired_or_malformed_payload_fails():
    data = captcha.challenge()
    data["parameters"]["cost"] = 2  # no longer what was signed
    assert not captcha.verify(captcha.solve(data))
    with override_settings(CAPTCHA_SECONDS=-10):
        expired = solved()
    assert not captcha.verify(expired)
    for payload in ["", "not base64!", base64.b64encode(b"[1, 2]").decode(),
                    base64.b64encode(json.dumps({"challenge": None, "solution": None,
                                                 "test": True}).encode()).decode(),
                    "A" * 10_000, None, 12]:
        assert not captcha.verify(payload)


@pytest.mark.django_db
def test_a_challenge_made_with_another_key_fails(settings):
    payload = solved()
    settings.SECRET_KEY = "another-secret-key"
    assert not captcha.verify(payload)


@pytest.mark.django_db
def test_the_challenge_address_gives_fresh_uncached_json(client):
    first = client.get("/bieu-mau/thu-thach/")
    second = client.get("/bieu-mau/thu-thach/")
    assert first.status_code == 200 and first["Content-Type"] == "application/json"
    assert "no-store" in first["Cache-Control"] and not first.cookies
    assert first.json()["parameters"]["nonce"] != second.json()["parameters"]["nonce"]
    assert first.json()["signature"]
    assert client.post("/bieu-mau/thu-thach/").status_code == 405


# --- limits ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_database_limiter_counts_per_window_and_stores_no_address(monkeypatch):
    monkeypatch.setattr("core.ratelimit.CLEANUP_PROBABILITY", 0)  # the clock is made up
    limiter, now = DatabaseLimiter(), 1_000_000.0
    verdicts = [limiter.hit("s", "198.51.100.7", 3, 60, now=now + i) for i in range(5)]
    assert [v.allowed for v in verdicts] == [True, True, True, False, False]
    assert 1 <= verdicts[-1].retry_after <= 60
    assert limiter.hit("s", "198.51.100.8", 3, 60, now=now).allowed  # another key
    assert limiter.hit("other", "198.51.100.7", 3, 60, now=now).allowed  # another scope
    assert limiter.hit("s", "198.51.100.7", 3, 60, now=now + 60).allowed  # the next window
    assert not Throttle.objects.filter(key__contains="198.51").exists()
    assert Throttle.objects.filter(key=key_hash("198.51.100.7")).exists()
    limiter.forget_old(now=now + 1000)
    assert not Throttle.objects.exists()


def redis_client():
    import redis

    client = redis.Redis.from_url("redis://127.0.0.1:6379/14")
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return client


def test_the_redis_limiter_keeps_the_same_contract():
    client = redis_client()
    limiter, now = RedisLimiter(client), time.time()
    scope = f"test-{time.monotonic_ns()}"
    verdicts = [limiter.hit(scope, "198.51.100.7", 3, 60, now=now) for _ in range(5)]
    assert [v.allowed for v in verdicts] == [True, True, True, False, False]
    assert limiter.hit(scope, "198.51.100.8", 3, 60, now=now).allowed
    keys = client.keys(f"vnportal:throttle:{scope}:*")
    assert keys and all(b"198.51" not in key for key in keys)
    assert all(0 < client.ttl(key) <= 62 for key in keys)  # forgotten with the window


@pytest.mark.django_db
def test_a_spent_challenge_stays_spent_across_windows():
    """The spent mark's window is placed by the challenge's expiry, not the time of use."""
    payload = solved()
    assert captcha.verify(payload)
    later = time.time() + 900
    import core.ratelimit as limits

    real = limits.time.time
    try:
        limits.time.time = lambda: later
        assert not captcha.verify(payload)
    finally:
        limits.time.time = real


# --- the form's checks, in order ---------------------------------------------------------

@pytest.mark.django_db
def test_a_valid_submission_is_saved_with_clean_text():
    form, ok, saved = submit(good(name="  Nguye\u0302\u0303n\x07  Văn\tA ",
                                  message="Dòng 1\r\nDòng 2\x00"))
    assert ok and form.status == 200
    assert saved[0]["name"] == "Nguyễn Văn A"  # NFC, one line, no control characters
    assert saved[0]["message"] == "Dòng 1\nDòng 2"


@pytest.mark.django_db
def test_the_honeypot_refuses_and_keeps_what_was_typed():
    form, ok, saved = submit(good(**{HONEYPOT: "http://spam.example"}))
    assert not ok and form.status == 400 and not saved
    assert form["message"].value() == "Xin hỏi về thủ tục."
    assert "để trống" in str(form.non_field_errors()).lower() or form.non_field_errors()


@pytest.mark.django_db
def test_a_missing_or_used_captcha_is_refused_with_a_message():
    form, ok, saved = submit(good(**{CAPTCHA: ""}))
    assert not ok and form.status == 400 and form.errors[CAPTCHA] and not saved
    payload = solved()
    assert submit(good(**{CAPTCHA: payload}))[1]
    form, ok, saved = submit(good(**{CAPTCHA: payload}))
    assert not ok and form.errors[CAPTCHA]


@pytest.mark.django_db
def test_sizes_and_links_are_capped():
    form, ok, _ = submit(good(name="x" * 51))
    assert not ok and form.status == 400 and "name" in form.errors
    form, ok, _ = submit(good(message="xem http://a.example, www.b.example và c.com/x"))
    assert not ok and form.status == 400 and "3" in str(form.non_field_errors())
    form, ok, _ = submit(good(message="xem https://a.example và www.b.example"))
    assert ok


@pytest.mark.django_db
@override_settings(PUBLIC_FORMS_LIMITS={"attempts": (4, 3600), "address": (2, 3600),
                                        "email": (50, 3600)})
def test_the_address_limits_give_429_with_retry_after():
    results = [submit(good(email=f"p{i}@example.vn")) for i in range(3)]
    assert [ok for _form, ok, _ in results] == [True, True, False]
    form = results[2][0]
    assert form.status == 429 and form.retry_after > 0
    assert "thử lại" in str(form.non_field_errors())
    assert form["message"].value() == "Xin hỏi về thủ tục."
    form, ok, _ = submit(good(email="q@example.vn"))  # fourth attempt: still counted
    assert form.status == 429
    form, ok, _ = submit(good(email="q@example.vn"))  # fifth: over the attempts
    assert not ok and form.status == 429
    assert submit(good(), address="203.0.113.99")[1]  # another address is not held back


@pytest.mark.django_db
@override_settings(PUBLIC_FORMS_LIMITS={"email": (2, 3600)})
def test_the_email_limit_holds_across_addresses():
    oks = [submit(good(email="A@Example.vn"), address=f"203.0.113.{i}")[1] for i in range(3)]
    assert oks == [True, True, False]
    assert submit(good(email="b@example.vn"), address="203.0.113.9")[1]


@pytest.mark.django_db
@override_settings(PUBLIC_FORMS_LIMITS={"test.sample.address": (1, 3600)})
def test_a_form_may_have_limits_of_its_own():
    assert submit(good())[1]
    assert not submit(good(email="z@example.vn"))[1]


# --- attachments -------------------------------------------------------------------------

def attach(name, data):
    return AttachmentField().clean(SimpleUploadedFile(name, data))


def test_attachments_are_checked_by_their_content(settings):
    from pages.demo import make_pdf

    assert attach("don.pdf", make_pdf("Đơn", ["Nội dung"]))
    png = BytesIO()
    __import__("PIL.Image").Image.new("RGB", (4, 4)).save(png, "PNG")
    assert attach("anh.png", png.getvalue())
    for name, data in [("virus.pdf", b"MZ\x90\x00" + b"\x00" * 200),
                       ("anh.png", b"GIF89a" + b"\x00" * 100),
                       ("trang.html", b"<html></html>"),
                       ("chay.exe", b"MZ"),
                       ("don.pdf", b"<svg onload=alert(1)>")]:
        with pytest.raises(forms.ValidationError):
            attach(name, data)
    settings.PUBLIC_FORMS_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(forms.ValidationError, match="MB"):
        attach("don.pdf", b"%PDF-1.4\n" + b"0" * 2000)


@pytest.mark.django_db
@override_settings(PUBLIC_FORMS_LIMITS={"address": (2, 3600)})
def test_an_ipv6_subscribers_addresses_count_as_one():
    oks = [submit(good(email=f"v{n}@example.vn"), address=f"2001:db8:1:2::{n}")[1]
           for n in range(1, 4)]
    assert oks == [True, True, False]
    assert submit(good(email="w@example.vn"), address="2001:db8:1:3::1")[1]  # another /64


@pytest.mark.django_db
@override_settings(PUBLIC_FORMS_LIMITS={"email": (2, 3600)})
def test_plus_tags_and_case_do_not_make_a_new_email():
    oks = [submit(good(email=email), address=f"203.0.113.{n}")[1] for n, email in
           enumerate(["v@example.vn", "V+1@Example.vn", "v+2@example.vn"])]
    assert oks == [True, True, False]


def test_a_post_from_another_site_or_a_sandboxed_frame_is_refused():
    from publicforms.views import foreign_origin

    factory = RequestFactory()
    for headers in ({"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_ORIGIN": "null"},
                    {"HTTP_SEC_FETCH_SITE": "cross-site"}):
        assert foreign_origin(factory.post("/x/", **headers)).status_code == 403
    for headers in ({}, {"HTTP_ORIGIN": "http://testserver"},
                    {"HTTP_SEC_FETCH_SITE": "same-origin"}):
        assert foreign_origin(factory.post("/x/", **headers)) is None
