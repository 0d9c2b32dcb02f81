"""Abuse limits (core/ratelimit.py): search, sign-in, the admin's password reset, the public
forms' challenge and the portlet endpoint, per address, with the Vietnamese 429 page. Every
endpoint is tried on the database (SQLite or PostgreSQL, as the run's DATABASE_URL says) and on
Redis, with small limits; and behind the trusted-proxy setting the sign-in lockout uses."""

import re
import time

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core import ratelimit
from core.models import Throttle
from portlets.models import Portlet, PortletAssignment

from .conftest import PASSWORD
from .test_html_valid import problems_of, vnu  # noqa: F401  (the Nu HTML Checker fixture)
from .test_public_forms import redis_client

# windows of a day: a test's requests never straddle two (fixed windows start at the clock's
# multiples of their length)
DAY = 86400
LIMITS = {"search": (2, DAY), "portlet": (2, DAY), "signin": (2, DAY), "password_reset": (2, DAY),
          "password_reset.email": (1, DAY), "form_challenge": (2, DAY)}
VIETNAMESE = "Quá nhiều yêu cầu"


@pytest.fixture(params=["database", "redis"])
def backend(request, settings, monkeypatch, db):
    """Small limits, counted on the database or on Redis (keys of this test only, under a
    prefix of its own)."""
    settings.RATE_LIMITS = dict(LIMITS)
    settings.PAGE_CACHE_SECONDS = 0
    if request.param == "database":
        settings.RATE_LIMIT_BACKEND = "database"
        monkeypatch.setattr(ratelimit, "CLEANUP_PROBABILITY", 0)
        yield "database"
        return
    client = redis_client()
    prefix = f"test-ratelimit:{time.monotonic_ns()}"
    monkeypatch.setattr(ratelimit, "get_limiter",
                        lambda: ratelimit.RedisLimiter(client, prefix=prefix))
    yield "redis"
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def assert_refused(response):
    """The 429 page: Vietnamese, Retry-After within the window, never stored by a cache."""
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= DAY
    control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= control and "public" not in control
    html = response.content.decode()
    assert VIETNAMESE in html and "vui lòng chờ" in html and 'lang="vi"' in html
    assert not response.cookies


def placed_portlet(home):
    portlet = Portlet.objects.create(title="Hộp", content=[
        {"type": "rich_text", "value": {"text": "<p>Nội dung</p>"}}])
    PortletAssignment.objects.create(page=home, portlet=portlet, region="right")
    return portlet


def sign_in(client, url, address, password="sai-mat-khau", username="quantri"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


# --- each endpoint: the N+1-th request of one address is refused, another address is not -----

@pytest.mark.parametrize("path", ["/tim-kiem/?q=hau+giang", "/bieu-mau/thu-thach/", "portlet"])
def test_past_the_limit_one_address_gets_the_429_page_and_another_does_not(
        client, backend, home, path):
    if path == "portlet":
        path = f"/portlet/{placed_portlet(home).pk}/"
    statuses = [client.get(path, REMOTE_ADDR="203.0.113.5").status_code for _ in range(2)]
    assert statuses == [200, 200]
    assert_refused(client.get(path, REMOTE_ADDR="203.0.113.5"))
    assert client.get(path, REMOTE_ADDR="203.0.113.6").status_code == 200


def test_an_empty_search_box_costs_nothing_and_is_never_refused(client, backend, home):
    for _ in range(3):
        client.get("/tim-kiem/?q=x", REMOTE_ADDR="203.0.113.5")
    with CaptureQueriesContext(connection) as captured:
        for query in ("", "?q=", "?q=+++"):
            assert client.get(f"/tim-kiem/{query}", REMOTE_ADDR="203.0.113.5").status_code == 200
    assert not [q for q in captured if "throttle" in q["sql"]]


def test_words_in_a_sections_list_or_feed_are_a_search(client, backend, category):
    url = category.url
    assert client.get(f"{url}?q=abc", REMOTE_ADDR="203.0.113.5").status_code == 200
    assert client.get(f"{url}rss/?q=abc", REMOTE_ADDR="203.0.113.5").status_code == 200
    assert_refused(client.get(f"{url}?q=abc", REMOTE_ADDR="203.0.113.5"))
    # the same limit as /tim-kiem/: spent there, it is spent here
    assert_refused(client.get("/tim-kiem/?q=abc", REMOTE_ADDR="203.0.113.5"))
    # the list itself, its pages and filters are not searches
    for _ in range(3):
        assert client.get(url, REMOTE_ADDR="203.0.113.5").status_code == 200
    assert client.get(f"{url}?q=abc", REMOTE_ADDR="203.0.113.6").status_code == 200


@pytest.mark.parametrize("url", ["/dang-nhap/", "/admin/login/"])
def test_sign_in_posts_are_limited_per_address_successful_or_not(client, backend, superuser,
                                                                   url):
    assert sign_in(client, url, "203.0.113.5").status_code == 200  # wrong password
    assert sign_in(client, url, "203.0.113.5", PASSWORD).status_code == 302  # right one
    client.logout()
    refused = sign_in(client, url, "203.0.113.5", PASSWORD)
    assert_refused(refused)
    assert "_auth_user_id" not in client.session
    assert client.get(url, REMOTE_ADDR="203.0.113.5").status_code == 200  # the form: not counted
    assert sign_in(client, url, "203.0.113.6", PASSWORD).status_code == 302


def test_the_lockout_page_still_comes_first_under_the_limit(client, backend, superuser,
                                                            settings):
    settings.RATE_LIMITS = {**LIMITS, "signin": (30, DAY)}
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "/dang-nhap/", "203.0.113.5")
    locked = sign_in(client, "/dang-nhap/", "203.0.113.5")
    assert locked.status_code == 429 and "Tạm khóa đăng nhập" in locked.content.decode()


def test_the_two_step_code_is_not_a_sign_in(client, backend, superuser, settings):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.RATE_LIMITS = {**LIMITS, "signin": (1, DAY)}
    device = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    assert sign_in(client, "/admin/login/", "203.0.113.5", PASSWORD).status_code == 302
    token = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    response = client.post("/admin/two-factor/verify/", {"code": token, "next": "/admin/"},
                           REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/", REMOTE_ADDR="203.0.113.5").status_code == 200


def test_password_reset_mails_are_limited_per_address_and_per_email(client, backend, superuser):
    reset = "/admin/password_reset/"

    def ask(email, address):
        return client.post(reset, {"email": email}, REMOTE_ADDR=address)

    assert ask("qt@example.invalid", "203.0.113.5").status_code == 302
    assert len(mail.outbox) == 1
    # the same mailbox, however written, from another address: past its own limit
    assert_refused(ask("QT+again@Example.invalid", "203.0.113.6"))
    assert len(mail.outbox) == 1
    # per address: a second e-mail passes, a third asking is refused
    assert ask("khac@example.invalid", "203.0.113.5").status_code == 302
    assert_refused(ask("ba@example.invalid", "203.0.113.5"))
    assert client.get(reset, REMOTE_ADDR="203.0.113.5").status_code == 200  # the form


def test_public_forms_are_still_limited_on_this_store(client, backend, settings, home):
    """The forms' own limits (PUBLIC_FORMS_LIMITS) count in the same kit and store."""
    from contact.models import ContactPage

    settings.PUBLIC_FORMS_LIMITS = {"attempts": (2, 3600), "address": (10, 3600),
                                    "email": (10, 3600)}
    page = ContactPage(title="Liên hệ", slug="lien-he")
    home.add_child(instance=page)
    page.save_revision().publish()
    statuses = [client.post(f"/bieu-mau/lien-he/{page.pk}/", {"name": ""},
                            REMOTE_ADDR="203.0.113.5").status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
    assert client.post(f"/bieu-mau/lien-he/{page.pk}/", {"name": ""},
                       REMOTE_ADDR="203.0.113.6").status_code == 400


# --- behind proxies ------------------------------------------------------------------------

def test_a_made_up_forwarded_address_does_not_reset_the_count(client, backend, settings):
    search = "/tim-kiem/?q=x"
    # no trusted proxy: X-Forwarded-For is ignored whatever it says
    for number in range(2):
        client.get(search, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    assert_refused(client.get(search, REMOTE_ADDR="203.0.113.5",
                              HTTP_X_FORWARDED_FOR="10.0.0.99"))
    # behind one trusted proxy: only the entry it appended counts, not what the client wrote
    settings.VISITS_TRUST_X_FORWARDED_FOR, settings.TRUSTED_PROXY_COUNT = True, 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for number in range(2):
        response = client.get(search, HTTP_X_FORWARDED_FOR=f"10.9.{number}.1, 198.51.100.7",
                              **proxy)
        assert response.status_code == 200
    assert_refused(client.get(search, HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7", **proxy))
    # another real client behind the same proxy has a count of its own
    assert client.get(search, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 200
    assert client.get(search, HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.8",
                      **proxy).status_code == 200


def test_the_sign_in_limit_follows_the_same_address_behind_two_proxies(client, backend,
                                                                       settings, superuser):
    settings.VISITS_TRUST_X_FORWARDED_FOR, settings.TRUSTED_PROXY_COUNT = True, 2
    forwarded = ["1.1.1.1, 198.51.100.7, 10.0.0.2", "198.51.100.7, 10.0.0.3"]
    for header in forwarded:
        client.post("/dang-nhap/", {"username": "quantri", "password": "sai"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=header)
    assert_refused(client.post("/dang-nhap/", {"username": "quantri", "password": "sai"},
                               REMOTE_ADDR="10.0.0.1",
                               HTTP_X_FORWARDED_FOR="2.2.2.2, 198.51.100.7, 10.0.0.2"))
    assert client.post("/dang-nhap/", {"username": "quantri", "password": "sai"},
                       REMOTE_ADDR="10.0.0.1",
                       HTTP_X_FORWARDED_FOR="198.51.100.9, 10.0.0.2").status_code == 200


def test_an_ipv6_network_counts_as_one_address(client, backend):
    for host in ("2001:db8:1:2::1", "2001:db8:1:2::2"):
        client.get("/tim-kiem/?q=x", REMOTE_ADDR=host)
    assert_refused(client.get("/tim-kiem/?q=x", REMOTE_ADDR="2001:db8:1:2:ffff::3"))
    assert client.get("/tim-kiem/?q=x", REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


# --- caches, cost, the page itself ----------------------------------------------------------

def test_a_search_is_never_answered_from_the_page_cache(client, backend, settings, home):
    settings.PAGE_CACHE_SECONDS = 300
    answers = [client.get("/tim-kiem/?q=x", REMOTE_ADDR="203.0.113.5") for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert all(answer.get("X-Page-Cache") != "hit" for answer in answers)
    assert client.get("/tim-kiem/?q=x", REMOTE_ADDR="203.0.113.6").status_code == 200


@pytest.mark.django_db
def test_a_counted_request_costs_one_query_and_a_refused_one_no_rendering(client, settings,
                                                                         home, monkeypatch):
    settings.RATE_LIMITS, settings.RATE_LIMIT_BACKEND = dict(LIMITS), "database"
    monkeypatch.setattr(ratelimit, "CLEANUP_PROBABILITY", 0)
    portlet = placed_portlet(home)
    url = f"/portlet/{portlet.pk}/"
    client.get(url)  # the site and its settings, kept
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert len([q for q in captured if "throttle" in q["sql"]]) == 1
    assert client.get(url).status_code == 429  # the agency's settings, kept from now on
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 429
    assert len(captured) == 1, [q["sql"] for q in captured]  # the count, nothing else
    assert not Throttle.objects.filter(key__contains="127.0.0.1").exists()  # only hashes


def test_the_page_is_english_on_english_addresses(db, settings):
    request = RequestFactory().get("/en/news/?q=x")
    with translation.override("en"):
        response = ratelimit.too_many_response(request, 61)
    html = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"] == "61"
    assert 'lang="en"' in html and "Too many requests" in html and "2 minutes" in html
    assert 'href="/en/"' in html
    assert re.search(r"<h1>\s*Too many requests\s*</h1>", html)


def test_a_limit_of_zero_is_off_and_an_unknown_limit_is_an_error(client, backend, settings):
    settings.RATE_LIMITS = {**LIMITS, "search": (0, DAY)}
    with CaptureQueriesContext(connection) as captured:
        for _ in range(4):
            assert client.get("/tim-kiem/?q=x").status_code == 200
    assert not [q for q in captured if "throttle" in q["sql"]]
    del settings.RATE_LIMITS["search"]
    with pytest.raises(ImproperlyConfigured):
        ratelimit.limit_of("search")


def test_the_backend_follows_the_setting(settings):
    settings.RATE_LIMIT_BACKEND = "database"
    assert isinstance(ratelimit.get_limiter(), ratelimit.DatabaseLimiter)
    settings.RATE_LIMIT_BACKEND = "redis"
    client = object()
    import django_redis

    original = django_redis.get_redis_connection
    django_redis.get_redis_connection = lambda alias: client
    try:
        limiter = ratelimit.get_limiter()
    finally:
        django_redis.get_redis_connection = original
    assert isinstance(limiter, ratelimit.RedisLimiter) and limiter.client is client


def test_the_429_page_is_valid_html(client, backend, tmp_path, vnu):
    for _ in range(3):
        response = client.get("/tim-kiem/?q=x")
    assert response.status_code == 429
    path = tmp_path / "too-many.html"
    path.write_bytes(response.content)
    assert problems_of(vnu, [str(path)]) == []


def test_a_store_that_is_down_lets_searches_through_and_says_so(client, settings, home,
                                                                monkeypatch, caplog):
    """Redis down must not take search (or sign-in) down with it: the request is served and
    the failure logged."""
    settings.RATE_LIMITS = dict(LIMITS)
    settings.PAGE_CACHE_SECONDS = 0

    class Down:
        def hit(self, *args, **kwargs):
            raise ConnectionError("Redis is down")

    monkeypatch.setattr(ratelimit, "get_limiter", lambda: Down())
    for _ in range(3):
        assert client.get("/tim-kiem/?q=khoa", REMOTE_ADDR="203.0.113.9").status_code == 200
    assert "cannot be counted" in caplog.text
