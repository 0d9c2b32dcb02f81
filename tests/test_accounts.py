"""Sign-in security: lockout per account and per address, password rules, two-step verification
in the admin, idle sessions, and the admin's configurable path."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import override
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecuritySettings
from accounts.two_factor import grouped_secret
from accounts.validators import CharacterClassesValidator

from .conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[1]
ADMIN_LOGIN = "/admin/login/"
SITE_LOGIN = "/dang-nhap/"
VERIFY = "/admin/two-factor/verify/"
SETUP = "/admin/two-factor/setup/"
DISABLE = "/admin/two-factor/disable/"


@pytest.fixture
def staff(db):
    """An editor who may open the admin, not a superuser."""
    user = get_user_model().objects.create_user("bientap", "bt@example.invalid", PASSWORD)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin",
                                                     codename="access_admin"))
    return user


def sign_in(client, username, password=PASSWORD, address="10.0.0.1", url=ADMIN_LOGIN, **data):
    return client.post(url, {"username": username, "password": password, **data},
                       REMOTE_ADDR=address)


def signed_in(client):
    return "_auth_user_id" in client.session


def code(device, seconds_ahead=0):
    """The device's code now, or `seconds_ahead` later (each code is accepted once: a second
    sign-in within the same 30 seconds needs the next one, which the tolerance of 1 allows)."""
    if not seconds_ahead:
        return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    token.time = time.time() + seconds_ahead
    return f"{token.token():06d}"


# -- wiring ---------------------------------------------------------------------------------------

def test_axes_and_otp_are_wired_as_their_documentation_asks():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    middleware = settings.MIDDLEWARE
    auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware.index("django_otp.middleware.OTPMiddleware") > auth
    assert (middleware.index("accounts.middleware.TwoFactorMiddleware")
            > middleware.index("django_otp.middleware.OTPMiddleware"))
    assert middleware[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_FAILURE_LIMIT == 5 and settings.AXES_ADDRESS_FAILURE_LIMIT == 20
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    assert settings.AXES_RESET_ON_SUCCESS is True
    assert settings.AXES_HANDLER == "accounts.lockout.AccountAndAddressHandler"  # database-backed


# -- lockout --------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [ADMIN_LOGIN, SITE_LOGIN])
def test_an_account_is_locked_after_five_failures_from_different_addresses(client, superuser, url):
    for attempt in range(1, 5):
        response = sign_in(client, "quantri", "sai-mat-khau", f"10.0.0.{attempt}", url=url)
        assert response.status_code == 200 and not signed_in(client)
    response = sign_in(client, "quantri", "sai-mat-khau", "10.0.0.5", url=url)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tạm khóa đăng nhập" in html and "15 phút" in html
    assert response["Retry-After"] == str(15 * 60)
    # the right password, from yet another address, is refused while the lock lasts
    response = sign_in(client, "quantri", PASSWORD, "10.9.9.9", url=url)
    assert response.status_code == 429 and not signed_in(client)
    # another account from those addresses is not concerned
    get_user_model().objects.create_user("khac", password=PASSWORD)
    assert sign_in(client, "khac", PASSWORD, "10.0.0.1", url=url).status_code == 302
    assert signed_in(client)


def test_the_lockout_pages_look_native(client, superuser, home):
    for attempt in range(5):
        sign_in(client, "quantri", "sai", "10.0.0.1", url=SITE_LOGIN)
    site_page = sign_in(client, "quantri", "sai", "10.0.0.1", url=SITE_LOGIN)
    assert site_page.status_code == 429
    assert 'class="site-header"' in site_page.content.decode()  # the site's layout
    admin_page = sign_in(client, "quantri", "sai", "10.0.0.1")
    assert admin_page.status_code == 429
    html = admin_page.content.decode()
    assert "wagtailadmin/css/core" in html and 'lang="vi"' in html


def test_an_address_is_locked_after_twenty_failures_on_many_usernames(client, superuser):
    for n in range(19):
        response = sign_in(client, f"doan-{n}", "sai-mat-khau", "10.1.1.1")
        assert response.status_code == 200
    response = sign_in(client, "doan-19", "sai-mat-khau", "10.1.1.1")
    assert response.status_code == 429 and "Tạm khóa đăng nhập" in response.content.decode()
    # whatever the username, the right password included, from that address
    assert sign_in(client, "quantri", PASSWORD, "10.1.1.1").status_code == 429
    assert not signed_in(client)
    # the account itself is not locked: its owner signs in from elsewhere
    assert sign_in(client, "quantri", PASSWORD, "10.2.2.2").status_code == 302
    assert signed_in(client)


def test_the_lock_ends_after_the_cool_off(client, superuser):
    for attempt in range(5):
        sign_in(client, "quantri", "sai", "10.0.0.1")
    assert sign_in(client, "quantri", PASSWORD, "10.0.0.1").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "quantri", PASSWORD, "10.0.0.1").status_code == 302
    assert signed_in(client)


def test_a_successful_sign_in_resets_the_accounts_failures_only(client, superuser):
    for attempt in range(4):
        sign_in(client, "quantri", "sai", "10.0.0.1")
    for attempt in range(3):
        sign_in(client, "nguoi-khac", "sai", "10.0.0.1")
    assert sign_in(client, "quantri", PASSWORD, "10.0.0.1").status_code == 302
    assert not AccessAttempt.objects.filter(username="quantri").exists()
    # the address keeps what it tried on other usernames
    assert AccessAttempt.objects.get(username="nguoi-khac").failures_since_start == 3
    client.logout()
    for attempt in range(4):  # four new failures do not lock: the count started again
        assert sign_in(client, "quantri", "sai", "10.0.0.2").status_code == 200
    assert sign_in(client, "quantri", PASSWORD, "10.0.0.2").status_code == 302


def test_the_address_is_the_visitor_counters(client, superuser, settings):
    # what nginx's $proxy_add_x_forwarded_for sends: the client's own (made-up) header, then the
    # address nginx saw
    headers = {"HTTP_X_FORWARDED_FOR": "198.51.100.66, 203.0.113.7"}
    client.post(ADMIN_LOGIN, {"username": "quantri", "password": "sai"}, REMOTE_ADDR="10.0.0.254",
                **headers)
    assert AccessAttempt.objects.get().ip_address == "10.0.0.254"  # the header is not trusted
    AccessAttempt.objects.all().delete()
    settings.VISITS_TRUST_X_FORWARDED_FOR = True
    client.post(ADMIN_LOGIN, {"username": "quantri", "password": "sai"}, REMOTE_ADDR="10.0.0.254",
                **headers)
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


def test_a_made_up_forwarded_address_does_not_escape_the_address_lockout(db, client, settings):
    """Each failure claims another address in X-Forwarded-For; the address the proxy saw is
    the one counted, and locked."""
    settings.VISITS_TRUST_X_FORWARDED_FOR = True
    settings.AXES_ADDRESS_FAILURE_LIMIT = 5
    for n in range(5):
        response = client.post(ADMIN_LOGIN, {"username": f"khach{n}", "password": "sai"},
                               REMOTE_ADDR="10.0.0.254",
                               HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9")
    response = client.post(ADMIN_LOGIN, {"username": "khach9", "password": "sai"},
                           REMOTE_ADDR="10.0.0.254",
                           HTTP_X_FORWARDED_FOR="198.51.100.200, 203.0.113.9")
    assert response.status_code == 429


# -- password rules -------------------------------------------------------------------------------

@pytest.mark.parametrize("password, message", [
    ("Ngan-2026", "Mật khẩu quá ngắn"),
    ("123456789012345", "hoàn toàn là số"),
    ("Password1234", "quá phổ biến"),
    ("chuoichuthuongdai", "ít nhất 3 trong 4 loại ký tự"),
    ("Quantri-2026", "quá giống"),
])
def test_weak_passwords_are_refused_in_vietnamese(superuser, password, message):
    with override("vi"):
        with pytest.raises(ValidationError) as refused:
            validate_password(password, user=superuser)
        messages = [str(text) for text in refused.value.messages]
    assert any(message in text for text in messages), messages


@pytest.mark.parametrize("password", ["Hà Nội mùa thu 2025", "Dung-Mat-Khau-2026",
                                      "so-thu-tu-42-cua-toi"])
def test_strong_passwords_are_accepted(superuser, password):
    validate_password(password, user=superuser)


def test_character_classes_count_vietnamese_letters():
    validator = CharacterClassesValidator(min_classes=3)
    validator.validate("Đường phố 12")  # upper, lower, digit, space
    with pytest.raises(ValidationError):
        validator.validate("đườngphốhànội")
    with override("vi"):
        assert "ít nhất 3 trong 4 loại ký tự" in validator.get_help_text()


def new_user_form(password, confirm=None):
    return {"username": "canbo-moi", "email": "moi@example.invalid", "first_name": "Lan",
            "last_name": "Trần", "password1": password, "password2": confirm or password}


def test_the_admins_user_form_applies_the_password_rules(client, superuser):
    client.force_login(superuser)
    form_page = client.get("/admin/users/new/").content.decode()
    assert "ít nhất 12 ký tự" in form_page  # the rules are shown
    assert "ít nhất 3 trong 4 loại ký tự" in form_page
    response = client.post("/admin/users/new/", new_user_form("matkhau"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mật khẩu quá ngắn" in html and "ít nhất 3 trong 4 loại ký tự" in html
    assert not get_user_model().objects.filter(username="canbo-moi").exists()
    response = client.post("/admin/users/new/", new_user_form("Vuon-Cay-Xanh-2026"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert get_user_model().objects.get(username="canbo-moi").check_password("Vuon-Cay-Xanh-2026")


def test_the_admins_password_change_applies_the_password_rules(client, superuser):
    client.force_login(superuser)
    response = client.post("/admin/account/", {
        "password-old_password": PASSWORD, "password-new_password1": "abcdefghijkl",
        "password-new_password2": "abcdefghijkl"})
    assert response.status_code == 200
    assert "ít nhất 3 trong 4 loại ký tự" in response.content.decode()
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)


# -- two-step verification ------------------------------------------------------------------------

def set_up_two_factor(client):
    """Through the pages, as a user would: returns the confirmed device."""
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "Thiết lập xác thực hai bước" in html
    device = TOTPDevice.objects.get(confirmed=False)
    assert grouped_secret(device) in html  # the secret, grouped by four for typing by hand
    assert client.get(SETUP).content.decode().count(grouped_secret(device)) == 1  # same secret
    response = client.post(SETUP, {"code": code(device), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_the_whole_two_factor_flow(client, superuser):
    sign_in(client, "quantri")
    assert client.get("/admin/").status_code == 200  # optional: no device, no question
    account = client.get("/admin/account/").content.decode()
    assert "Thiết lập xác thực hai bước" in account and SETUP in account
    device = set_up_two_factor(client)
    assert client.get("/admin/").status_code == 200  # this session was verified by the setup
    client.post("/admin/logout/")

    assert sign_in(client, "quantri").status_code == 302
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Xác thực hai bước" in page.content.decode()

    wrong = client.post(VERIFY, {"code": "000000" if code(device, 30) != "000000" else "111111",
                                 "next": "/admin/pages/"})
    assert wrong.status_code == 200 and "Mã này không đúng" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302  # still not in
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # django-otp's throttling: after wrong codes (here, as after four: 8 seconds) even the right
    # one must wait
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=4)
    throttled = client.post(VERIFY, {"code": code(device, 30), "next": "/admin/pages/"})
    assert throttled.status_code == 200 and "Nhập sai quá nhiều lần" in throttled.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=10))

    letters = client.post(VERIFY, {"code": "abc", "next": "/admin/pages/"})
    assert letters.status_code == 200 and "Nhập 6 chữ số" in letters.content.decode()

    right = client.post(VERIFY, {"code": code(device, 30), "next": "/admin/pages/"})
    assert right.status_code == 302 and right["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200
    # the same code cannot be used twice
    client.post("/admin/logout/")
    sign_in(client, "quantri")
    again = client.post(VERIFY, {"code": code(device, 30), "next": "/admin/"})
    assert again.status_code == 200


def test_a_verify_redirect_never_leaves_the_site(client, superuser):
    sign_in(client, "quantri")
    device = set_up_two_factor(client)
    client.post("/admin/logout/")
    sign_in(client, "quantri")
    response = client.post(VERIFY, {"code": code(device, 30), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_the_sign_in_and_out_pages_stay_open_before_the_code(client, superuser):
    sign_in(client, "quantri")
    set_up_two_factor(client)
    client.post("/admin/logout/")
    sign_in(client, "quantri")
    assert client.get("/admin/jsi18n/").status_code == 200
    assert client.get(VERIFY).status_code == 200
    assert client.get(DISABLE).status_code == 302  # turning it off needs the code first
    response = client.post("/admin/logout/")
    assert response.status_code == 302 and not response["Location"].startswith(VERIFY)
    assert not signed_in(client)


def test_public_pages_are_not_affected(client, superuser, home):
    sign_in(client, "quantri")
    set_up_two_factor(client)
    client.post("/admin/logout/")
    sign_in(client, "quantri", url=SITE_LOGIN)
    assert client.get("/admin/").status_code == 302
    assert client.get(home.url).status_code == 200


def test_required_two_factor_forces_staff_to_set_it_up(client, staff, home):
    settings_row = SecuritySettings.load()
    settings_row.require_two_factor = True
    settings_row.save()
    assert sign_in(client, "bientap").status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    assert client.get(home.url).status_code == 200  # the public site is not concerned
    page = client.get(response["Location"]).content.decode()
    assert "bắt buộc" in page.lower()
    set_up_two_factor(client)
    assert client.get("/admin/").status_code == 200


def test_turning_two_factor_off_needs_a_valid_code(client, superuser):
    sign_in(client, "quantri")
    device = set_up_two_factor(client)
    response = client.post(DISABLE, {"code": "12345"})
    assert response.status_code == 200 and "Nhập 6 chữ số" in response.content.decode()
    wrong = "000000" if code(device, 30) != "000000" else "111111"
    assert client.post(DISABLE, {"code": wrong}).status_code == 200
    assert TOTPDevice.objects.filter(user=superuser).exists()
    TOTPDevice.objects.update(throttling_failure_timestamp=timezone.now() - timedelta(seconds=10))
    response = client.post(DISABLE, {"code": code(device, 30)})
    assert response.status_code == 302 and response["Location"] == "/admin/account/"
    assert not TOTPDevice.objects.filter(user=superuser).exists()
    assert client.get("/admin/").status_code == 200


def test_the_security_settings_are_edited_in_the_admin(client, superuser):
    client.force_login(superuser)
    page = client.get("/admin/settings/accounts/securitysettings/", follow=True)
    assert page.status_code == 200
    url = page.redirect_chain[-1][0]
    assert "Bắt buộc xác thực hai bước cho mọi cán bộ" in page.content.decode()
    response = client.post(url, {"require_two_factor": "on"})
    assert response.status_code == 302
    assert SecuritySettings.load().require_two_factor
    assert client.get("/admin/").status_code == 302  # now for the superuser too


def test_an_administrator_removes_a_lost_phone(superuser):
    TOTPDevice.objects.create(user=superuser, name="authenticator", confirmed=True)
    call_command("reset_two_factor", "quantri")
    assert not TOTPDevice.objects.exists()


# -- sessions -------------------------------------------------------------------------------------

def test_sessions_end_after_thirty_idle_minutes_and_with_the_browser():
    assert settings.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_an_admin_session_cookie_dies_with_the_browser_and_its_session_when_idle(client, superuser):
    response = sign_in(client, "quantri")
    assert response.cookies["sessionid"]["max-age"] == ""  # a browser-session cookie
    session = Session.objects.get(pk=client.session.session_key)
    left = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)
    # every request pushes the end back
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get("/admin/").status_code == 200
    session.refresh_from_db()
    assert session.expire_date > timezone.now() + timedelta(minutes=29)
    # idle too long: signed out
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(ADMIN_LOGIN)


def test_an_open_editor_pinging_does_not_keep_an_idle_session_alive(client, superuser, home,
                                                                    monkeypatch):
    """Wagtail's page editor pings every few seconds; only what the user does counts. The
    middleware's clock is set by the test (a real 2 s margin failed on a loaded machine)."""
    from types import SimpleNamespace

    from accounts import middleware
    from accounts.middleware import LAST_ACTIVE_KEY

    sign_in(client, "quantri")
    last = int(time.time())
    session = client.session
    session[LAST_ACTIVE_KEY] = last
    session.save()
    clock = SimpleNamespace(time=lambda: last + 30 * 60 - 2)  # 2 s before the idle limit
    monkeypatch.setattr(middleware, "time", clock)
    ping = client.post(f"{ADMIN_LOGIN.rsplit('login/', 1)[0]}editing-sessions/ping/"
                       f"wagtailcore.page/{home.pk}/")
    assert ping.status_code in (200, 404)  # answered or not, it must not count as activity
    assert client.session[LAST_ACTIVE_KEY] == last
    clock.time = lambda: last + 30 * 60 + 1  # 3 s later: past the limit, counted from `last`
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(ADMIN_LOGIN)
    assert "_auth_user_id" not in client.session


def test_remember_me_keeps_the_cookie_for_the_idle_time_only(client, superuser):
    response = sign_in(client, "quantri", remember="on")
    assert response.cookies["sessionid"]["max-age"] == 30 * 60
    response = client.get("/admin/")
    assert response.cookies["sessionid"]["max-age"] == 30 * 60  # renewed on each request


def test_anonymous_pages_and_failed_sign_ins_do_not_leave_sessions(client, superuser, home):
    assert not client.get(home.url).cookies
    sign_in(client, "quantri", "sai")
    assert "sessionid" not in client.cookies


# -- the admin's path -----------------------------------------------------------------------------

def test_the_admin_path_comes_from_the_environment(tmp_path):
    script = ("from django.urls import resolve, reverse\n"
              "print(reverse('wagtailadmin_home'), reverse('accounts_two_factor_verify'))\n"
              "print(resolve('/quan-tri/').url_name, resolve('/admin/').url_name)\n")
    environment = {key: value for key, value in os.environ.items()
                   if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    environment.update({"DJANGO_SETTINGS_MODULE": "vnportal.settings.test",
                        "ADMIN_PATH": "quan-tri", "VNPORTAL_VAR_DIR": str(tmp_path)})
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT,
                            env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()[-2:]
    assert lines[0].split() == ["/quan-tri/", "/quan-tri/two-factor/verify/"]
    home_view, old_path_view = lines[1].split()
    assert home_view == "wagtailadmin_home"
    assert old_path_view != "wagtailadmin_home"  # /admin/ is only a (missing) public page now


@pytest.mark.parametrize("header, expected", [
    ("unknown", "10.0.0.254"),  # not an address: the proxy's own is used
    ("198.51.100.1, 203.0.113.5:5555", "203.0.113.5"),
    ("198.51.100.1, [2001:db8::7]:443", "2001:db8::7"),
    ("198.51.100.1, 2001:db8::8", "2001:db8::8"),
    ("", "10.0.0.254"),
])
def test_odd_forwarded_entries_never_break_the_sign_in(db, client, settings, header, expected):
    settings.VISITS_TRUST_X_FORWARDED_FOR = True
    response = client.post(ADMIN_LOGIN, {"username": "ai-do", "password": "sai"},
                           REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR=header)
    assert response.status_code == 200
    assert AccessAttempt.objects.get().ip_address == expected


def test_administrators_see_lockouts_and_unlock_without_a_shell(client, superuser):
    """Cài đặt › Đăng nhập: the locked account is listed and unlocked by an administrator;
    someone who does not manage accounts is refused."""
    from django.contrib.auth.models import Group
    from django.test import Client

    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "quantri", "sai", f"10.0.1.{attempt}")
    assert sign_in(client, "quantri", PASSWORD, "10.0.1.9").status_code == 429

    User = get_user_model()
    manager = User.objects.create_user("nhansu", password="Mk-Manh-1234x")
    manager.groups.add(Group.objects.get(name="Quản trị"))
    writer = User.objects.create_user("viet", password="Mk-Manh-1234x")
    writer.groups.add(Group.objects.get(name="Cộng tác viên / Phóng viên"))
    outsider = Client()
    outsider.force_login(writer)
    assert outsider.get("/admin/sign-ins/").status_code == 403
    assert outsider.post("/admin/sign-ins/", {"username": "quantri"}).status_code == 403
    assert AccessAttempt.objects.filter(username="quantri").exists()

    admin = Client()
    admin.force_login(manager)
    html = admin.get("/admin/sign-ins/").content.decode()
    assert "Đang bị khóa" in html and "quantri" in html
    assert "/admin/sign-ins/" in admin.get("/admin/").content.decode()  # in the settings menu
    assert "/admin/sign-ins/" not in outsider.get("/admin/").content.decode()
    response = admin.post("/admin/sign-ins/", {"username": "quantri"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="quantri").exists()
    assert sign_in(Client(), "quantri", PASSWORD, "10.0.1.9").status_code == 302
    # a made-up address is refused in Vietnamese, never a database error
    response = admin.post("/admin/sign-ins/", {"ip_address": "không-phải-địa-chỉ"})
    assert response.status_code == 400
    assert "không phải là địa chỉ IP" in response.content.decode()
