"""Issue 15, point 7: what every page of a state portal carries besides its content (sitewide):
the emblem and the agency's name, the EMC measurement tag, the planned-maintenance banner (on
time even from the page cache), the text size and contrast controls, and the access keys
listed on the accessibility page."""

import re
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from wagtail.models import Site

from core import page_cache
from core.csp import script_sources
from core.models import SiteSettings
from sitewide.access_keys import ACCESS_KEYS
from sitewide.models import AccessibilityPage, MaintenanceNotice, TrackingSettings
from sitewide.workdays import working_days_before, working_days_between

from .conftest import client_for, make_user, publish_child

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class Clock:
    """A frozen clock the test moves by hand: Django's now() and the caches' time.time()."""

    def __init__(self, monkeypatch, start):
        self.now = start
        monkeypatch.setattr(timezone, "now", lambda: self.now)
        monkeypatch.setattr(time, "time", lambda: self.now.timestamp())

    def set(self, moment):
        self.now = moment


def vi(callable_, *args):
    with translation.override("vi"):
        return callable_(*args)


def errors_of(instance):
    with translation.override("vi"):
        try:
            instance.full_clean()
        except ValidationError as error:
            return error.message_dict
    return {}


# --- header and footer ----------------------------------------------------------------------

def test_the_header_carries_the_emblem_and_the_name_and_the_footer_the_legal_notice(
        client, home, image):
    settings_ = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_.responsible_person = "Ông Nguyễn Văn A, Giám đốc Sở"
    settings_.licence = "Giấy phép số 01/GP-TTĐT ngày 01/01/2026"
    settings_.phone = "0293 3870 000"
    settings_.save()
    html = client.get("/").content.decode()
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert 'class="brand-emblem"' in header and "<svg" in header
    assert settings_.agency_name in header and settings_.governing_body in header
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert "Ông Nguyễn Văn A" in footer and "01/GP-TTĐT" in footer and "0293 3870 000" in footer

    image.description = "Biểu trưng Sở Khoa học và Công nghệ"
    image.save()
    settings_.logo = image
    settings_.save()
    header = client.get("/").content.decode().split("</header>", 1)[0]
    assert re.search(r'<img [^>]*alt="Biểu trưng Sở Khoa học và Công nghệ"[^>]*'
                     r'class="brand-emblem"|<img [^>]*class="brand-emblem"[^>]*'
                     r'alt="Biểu trưng Sở Khoa học và Công nghệ"', header), header[-1500:]
    assert "<svg class=\"brand-emblem\"" not in header


# --- EMC tracking ---------------------------------------------------------------------------

@pytest.fixture
def tracking(home):
    return TrackingSettings.for_site(Site.objects.get(is_default_site=True))


def test_no_emc_tag_unless_set_then_a_script_from_the_template(client, tracking):
    html = client.get("/").content.decode()
    assert "emc.gov.vn" not in html
    assert script_sources() == [] and script_sources(client.get("/").wsgi_request) == []

    tracking.emc_script_url = "https://tracking.emc.gov.vn/js/emc.js?site=sokhcn-haugiang"
    tracking.emc_site_id = "sokhcn-haugiang"
    assert errors_of(tracking) == {}
    tracking.save()
    response = client.get("/")  # a saved setting reaches the next reader (a new generation)
    head = response.content.decode().split("</head>", 1)[0]
    assert ('<script src="https://tracking.emc.gov.vn/js/emc.js?site=sokhcn-haugiang" '
            'data-site-id="sokhcn-haugiang" async></script>') in head
    # what a Content-Security-Policy adds to script-src
    assert script_sources(response.wsgi_request) == ["https://tracking.emc.gov.vn"]
    assert script_sources() == ["https://tracking.emc.gov.vn"]


@pytest.mark.parametrize("value, code", [
    ("javascript:alert(1)", "https://"),
    ("http://emc.gov.vn/emc.js", "https://"),
    ("//emc.gov.vn/emc.js", "https://"),
    ("https://evil.example.com/emc.js", "evil.example.com"),
    ("https://emc.gov.vn.evil.com/emc.js", "emc.gov.vn.evil.com"),
    ("https://emc.gov.vn@evil.com/emc.js", "dấu"),
    ('https://emc.gov.vn/emc.js" onload="alert(1)', "dấu"),
    ("https://emc.gov.vn/emc.js'", "dấu"),
    ("https://emc.gov.vn/<script>", "dấu"),
    ("https://emc.gov.vn/a b.js", "dấu"),
    ('<script src="https://emc.gov.vn/emc.js"></script>', "https://"),
])
def test_an_emc_address_that_is_not_an_https_script_of_emc_is_refused_in_vietnamese(
        tracking, value, code):
    tracking.emc_script_url = value
    errors = errors_of(tracking)
    assert code in errors["emc_script_url"][0], errors


def test_the_emc_host_list_is_a_setting(settings, tracking):
    settings.EMC_SCRIPT_HOSTS = ["do-luong.gov.vn"]
    tracking.emc_script_url = "https://emc.gov.vn/emc.js"
    assert "emc_script_url" in errors_of(tracking)
    tracking.emc_script_url = "https://do-luong.gov.vn/emc.js"
    tracking.emc_site_id = 'x" onload="y'
    errors = errors_of(tracking)
    assert "emc_script_url" not in errors and "emc_site_id" in errors


def test_the_administrator_sets_the_tag_in_the_admin_and_a_bad_one_is_refused(client, tracking):
    staff = client_for(make_user("quantri-layout", Group.objects.get(name="Quản trị")))
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/sitewide/trackingsettings/{site.pk}/"
    response = staff.post(url, {"emc_script_url": "javascript:alert(1)", "emc_site_id": ""})
    assert response.status_code == 200
    assert "Địa chỉ phải bắt đầu bằng https://" in response.content.decode()
    response = staff.post(url, {"emc_script_url": "https://emc.gov.vn/emc.js", "emc_site_id": ""})
    assert response.status_code == 302
    assert TrackingSettings.for_site(site).emc_script_url == "https://emc.gov.vn/emc.js"


# --- maintenance banner ---------------------------------------------------------------------

def test_working_days_skip_weekends_and_public_holidays(settings):
    # Monday 7 September 2026 → 7 working days before: 2/9 (Wednesday) is a holiday
    assert working_days_before(date(2026, 9, 7), 7) == date(2026, 8, 26)
    assert working_days_between(date(2026, 8, 26), date(2026, 9, 7)) == 7
    settings.PUBLIC_HOLIDAYS = ["2026-09-03"]  # a day the Government adds (PUBLIC_HOLIDAYS)
    assert working_days_before(date(2026, 9, 7), 7) == date(2026, 8, 25)
    assert working_days_before(date(2026, 12, 14), 7) == date(2026, 12, 3)


def test_show_from_defaults_to_seven_working_days_and_short_notice_needs_confirming(
        db, monkeypatch):
    Clock(monkeypatch, datetime(2026, 11, 2, 9, 0, tzinfo=VN_TZ))  # a Monday
    start = datetime(2026, 12, 14, 22, 0, tzinfo=VN_TZ)  # a Monday
    notice = MaintenanceNotice(starts_at=start, ends_at=start + timedelta(hours=4),
                               message="Nâng cấp máy chủ.")
    assert errors_of(notice) == {}
    assert notice.show_from == date(2026, 12, 3)  # Thursday, 7 working days before

    notice.show_from = date(2026, 12, 8)  # later: 4 working days ahead
    errors = errors_of(notice)
    assert "4 ngày làm việc" in errors["show_from"][0]
    notice.short_notice_confirmed = True
    assert errors_of(notice) == {}
    notice.show_from = date(2026, 11, 20)  # earlier is always fine
    notice.short_notice_confirmed = False
    assert errors_of(notice) == {}
    notice.show_from = date(2026, 12, 15)
    assert "show_from" in errors_of(notice)  # after the start
    notice.show_from, notice.ends_at = None, start
    assert "ends_at" in errors_of(notice)

    # written tomorrow for the day after: the default day has passed, the notice is short
    urgent = MaintenanceNotice(starts_at=datetime(2026, 11, 4, 22, 0, tzinfo=VN_TZ),
                               ends_at=datetime(2026, 11, 4, 23, 0, tzinfo=VN_TZ),
                               message="Sửa lỗi khẩn.")
    assert "show_from" in errors_of(urgent)
    urgent.short_notice_confirmed = True
    assert errors_of(urgent) == {}


def test_the_banner_shows_from_its_day_until_the_end_even_from_the_page_cache(
        settings, client, home, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 3 * 24 * 3600
    clock = Clock(monkeypatch, datetime(2026, 12, 2, 10, 0, tzinfo=VN_TZ))
    start = datetime(2026, 12, 14, 22, 0, tzinfo=VN_TZ)
    MaintenanceNotice.objects.create(starts_at=start, ends_at=start + timedelta(hours=4),
                                     message="Cổng tạm ngừng để nâng cấp.",
                                     show_from=date(2026, 12, 3))

    def get():
        response = client.get("/")
        return response.get(page_cache.STATUS_HEADER), response.content.decode(), response

    status, html, response = get()
    assert status == "miss" and "Cổng tạm ngừng" not in html
    # kept until the banner's first day (3/12, 00:00): 14 hours
    assert "s-maxage=50400" in response["Cache-Control"]
    clock.set(datetime(2026, 12, 2, 23, 59, 59, tzinfo=VN_TZ))
    status, html, _ = get()
    assert status == "hit" and "Cổng tạm ngừng" not in html
    clock.set(datetime(2026, 12, 3, 0, 0, 1, tzinfo=VN_TZ))
    status, html, response = get()
    assert status == "miss" and "Cổng tạm ngừng" in html  # no content changed meanwhile
    banner = html.split('class="maintenance-banner"', 1)[1].split("</div>", 1)[0]
    assert 'role="region"' in banner and 'aria-label="Bảo trì theo kế hoạch"' in banner
    assert "22:00 14/12/2026" in banner and "02:00 15/12/2026" in banner
    assert html.index("maintenance-banner") < html.index('<header class="site-header">')
    # the end is at any time of day: the page is kept until then (02:00), no longer
    clock.set(datetime(2026, 12, 15, 0, 30, tzinfo=VN_TZ))
    status, html, response = get()
    assert status == "miss" and "Cổng tạm ngừng" in html
    assert "s-maxage=5400" in response["Cache-Control"]
    clock.set(datetime(2026, 12, 15, 1, 59, 59, tzinfo=VN_TZ))
    status, html, response = get()
    assert status == "hit" and "Cổng tạm ngừng" in html
    # a stored page tells the caches after us what is left of its lifetime (1 s), not the
    # 5400 s it had when it was stored: a CDN would show the banner after the end otherwise
    assert "s-maxage=1" in response["Cache-Control"], response["Cache-Control"]
    clock.set(datetime(2026, 12, 15, 2, 0, 0, tzinfo=VN_TZ))
    status, html, response = get()
    assert "Cổng tạm ngừng" not in html and "s-maxage" not in response.get("Cache-Control", "")
    # the banner is on every public page, not only the home page
    clock.set(datetime(2026, 12, 10, tzinfo=VN_TZ))
    page = publish_child(home, AccessibilityPage(title="Hỗ trợ tiếp cận"))
    assert "Cổng tạm ngừng" in client.get(page.url).content.decode()


def test_the_banner_costs_no_query_per_page(client, home, django_assert_max_num_queries):
    now = timezone.now()
    for hours in (1, 2, 3):
        MaintenanceNotice.objects.create(starts_at=now + timedelta(hours=hours),
                                         ends_at=now + timedelta(hours=hours + 1),
                                         message=f"Bảo trì {hours}", show_from=now.date()
                                         - timedelta(days=1))
    client.get("/")
    from sitewide import selectors

    with django_assert_max_num_queries(0):
        assert len(selectors.current_notices()) == 3 and selectors.next_change() is not None


def test_the_administrator_has_the_maintenance_menu(db, client):
    admin = client_for(make_user("quantri-bao-tri", Group.objects.get(name="Quản trị")))
    html = admin.get("/admin/").content.decode()
    assert "/admin/snippets/sitewide/maintenancenotice/" in html
    response = admin.post("/admin/snippets/sitewide/maintenancenotice/add/", {
        "starts_at": "2030-01-07 22:00", "ends_at": "2030-01-08 02:00",
        "message": "Nâng cấp.", "show_from": "2030-01-04"})
    assert response.status_code == 200
    assert "ít hơn 7" in response.content.decode()
    writer = client_for(make_user("phongvien-bao-tri",
                                  Group.objects.get(name="Cộng tác viên / Phóng viên")))
    assert writer.get("/admin/snippets/sitewide/maintenancenotice/").status_code in (302, 403)


# --- controls and access keys ---------------------------------------------------------------

def test_the_display_controls_are_in_every_page_and_applied_in_the_head(client, home):
    html = client.get("/").content.decode()
    head = html.split("</head>", 1)[0]
    assert 'localStorage.getItem("a11y-text")' in head and "a11y-contrast" in head
    assert "js/a11y.js" in head
    # one stylesheet holds up the first paint; the printout's waits for a printer (Lighthouse:
    # three render-blocking stylesheets cost the home page its 100 in performance)
    blocking = re.findall(r'<link rel="stylesheet" href="([^"]+)">', head)
    assert blocking == ["/static/css/portal.css"], blocking
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in head
    controls = html.split('class="a11y-controls"', 1)[1].split("</div>", 1)[0]
    assert controls.count("data-text-size=") == 3 and controls.count('aria-pressed="') == 4
    assert "onclick" not in html.lower()


def test_access_keys_are_on_the_pages_and_listed_on_the_accessibility_page(client, home):
    page = publish_child(home, AccessibilityPage(title="Hỗ trợ tiếp cận",
                                                 slug="tro-giup-tiep-can"))
    html = client.get("/").content.decode()
    written = dict(re.findall(r'<(\w+)[^>]*?accesskey="([^"]+)"', html)[i][::-1]
                   for i in range(len(re.findall(r'accesskey="', html))))
    assert set(written) == {item.key for item in ACCESS_KEYS}, written
    assert re.search(r'<a class="skip-link" href="#main" accesskey="s"', html)
    assert re.search(r'<a class="brand" href="/" accesskey="1"', html)
    assert re.search(r'<input id="site-q" accesskey="4"', html)
    assert re.search(r'<a href="/tro-giup-tiep-can/" accesskey="0"', html)
    listed = client.get(page.url).content.decode()
    rows = re.findall(r"<tr><td><kbd>(\w)</kbd></td><td>([^<]+)</td></tr>", listed)
    assert [key for key, _label in rows] == [item.key.upper() for item in ACCESS_KEYS]
    assert [label for _key, label in rows] == [vi(str, item.label) for item in ACCESS_KEYS]
    assert "Alt + Shift + 4" in listed and "Control + Option + S" in listed


def test_no_accessibility_link_without_the_page(client, home):
    assert 'accesskey="0"' not in client.get("/").content.decode()


def test_the_demo_has_the_accessibility_page(db):
    from demo.services import setup_site
    from sitewide import demo

    home = setup_site()
    page = demo.build_page(home)
    assert demo.build_page(home).pk == page.pk  # idempotent
    assert page.url == "/tro-giup-tiep-can/" and page.live


def test_only_pages_carry_the_banners_lifetime(client, home):
    now = timezone.now()
    MaintenanceNotice.objects.create(starts_at=now + timedelta(days=9),
                                     ends_at=now + timedelta(days=9, hours=2), message="Bảo trì.",
                                     show_from=timezone.localdate() + timedelta(days=1))
    assert "s-maxage=" in client.get("/")["Cache-Control"]
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200 and "s-maxage" not in response.get("Cache-Control", "")
    staff = client_for(make_user("bientap-layout"))
    assert "s-maxage" not in staff.get("/").get("Cache-Control", "")


def test_a_host_no_site_answers_gets_its_404_with_no_tag(client, home, tracking):
    tracking.emc_script_url = "https://emc.gov.vn/emc.js"
    tracking.save()
    site = Site.objects.get()
    site.hostname, site.is_default_site = "sokhcn.haugiang.gov.vn", False
    site.save()
    response = client.get("/", HTTP_HOST="khac.example")
    assert response.status_code == 404 and "emc.gov.vn" not in response.content.decode()
    assert script_sources(response.wsgi_request) == []
