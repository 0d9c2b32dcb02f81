"""Public pages are valid HTML according to the Nu HTML Checker (vnu-jar, run with Java)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from news.services import import_old_page

from .conftest import publish_child

VNU_JAR = Path(__file__).resolve().parents[1] / ".venv" / "node_modules" / "vnu-jar" / "build" \
    / "dist" / "vnu.jar"


@pytest.fixture
def vnu():
    if not shutil.which("java"):
        pytest.skip("Java is not installed: the Nu HTML Checker needs it")
    if not VNU_JAR.is_file():
        pytest.skip("vnu-jar is not installed (make install-test installs it with npm)")
    return VNU_JAR


def layout_duties(home):
    """What every page carries (sitewide): the maintenance banner up, the EMC tag set; and the
    accessibility page, returned."""
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import Site

    from sitewide.models import AccessibilityPage, MaintenanceNotice, TrackingSettings

    start = timezone.now() + timedelta(days=2)
    MaintenanceNotice.objects.create(starts_at=start, ends_at=start + timedelta(hours=3),
                                     message="Cổng tạm ngừng để nâng cấp.",
                                     show_from=timezone.localdate() - timedelta(days=1))
    tracking = TrackingSettings.for_site(Site.objects.get(is_default_site=True))
    tracking.emc_script_url = "https://emc.gov.vn/emc.js?id=1&amp=2"
    tracking.emc_site_id = "so-khcn"
    tracking.save()
    return publish_child(home, AccessibilityPage(
        title="Hỗ trợ tiếp cận", intro="Hướng dẫn.", body=[
            {"type": "paragraph", "value": "<p>Tuyên bố về khả năng tiếp cận.</p>"}]))


def test_public_pages_are_valid_html(client, vnu, tmp_path, seed_file, home, category,
                                     make_article, image):
    from pages.models import StandardPage

    seed, _ = import_old_page(seed_file, category=category, publish=True)
    related = make_article(title="Tin liên quan", featured_image=image)
    article = make_article(
        title="Bài đầy đủ", sapo="Tóm tắt.", featured_image=image, source="Báo Hậu Giang",
        is_featured=True,
        body=[
            {"type": "paragraph", "value": "<p>Đoạn <b>đậm</b> và <a href=\"https://example.gov.vn\">liên kết</a>.</p>"},
            {"type": "photo", "value": {"image": image.pk, "caption": "Chú thích", "alt_text": "",
                                        "credit": "Minh Khoa", "missing": False,
                                        "original_src": ""}},
            {"type": "quote", "value": {"text": "Câu trích dẫn.", "attribution": "Giám đốc Sở"}},
            {"type": "table", "value": {"data": [["Chỉ tiêu", "Kết quả"], ["Đề tài", "12"]],
                                        "first_row_is_table_header": True,
                                        "first_col_is_header": False,
                                        "table_caption": "Kết quả năm 2026"}},
            {"type": "video", "value": {"file": None, "url": "https://youtu.be/dQw4w9WgXcQ",
                                        "title": "Phóng sự", "poster": None}},
        ])
    article.tags.add("Chuyển đổi số")
    article.related_links.create(article=related)
    article.save_revision().publish()
    about = publish_child(home, StandardPage(title="Giới thiệu", intro="Giới thiệu Sở.",
                                             show_in_menus=True))
    accessibility = layout_duties(home)
    pages = {"home": "/", "category": category.url, "seed": seed.url, "article": article.url,
             "about": about.url, "tag": "/the/chuyen-doi-so/", "not-found": "/khong-co/",
             "search": "/tim-kiem/?q=hau+giang&sap_xep=moi-nhat",
             "search-empty": "/tim-kiem/",
             "search-error": "/tim-kiem/?q=x&tu_ngay=2026-13-01&trang=abc",
             "login": "/dang-nhap/", "accessibility": accessibility.url}
    pages.update(schedule_pages(home))
    files = saved(client, pages, tmp_path, {"not-found": 404, "search-error": 400})
    # the page a locked-out sign-in gets (429), in the site's layout
    from django.conf import settings

    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post("/dang-nhap/", {"username": "khong-ai", "password": "sai"})
    assert response.status_code == 429
    (tmp_path / "lockout.html").write_bytes(response.content)
    files.append(str(tmp_path / "lockout.html"))
    files += form_pages(client, home, article, tmp_path)
    files += lifecycle_pages(client, related, article, tmp_path)
    files += organisation_pages(client, home, tmp_path)
    files += english_pages(client, home, tmp_path)
    assert problems_of(vnu, files) == []


def problems_of(vnu, files):
    """[(file, line, message), …] of the errors and warnings the checker finds in `files`."""
    result = subprocess.run(["java", "-jar", str(vnu), "--format", "json", *files],
                            capture_output=True, text=True, timeout=120)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    return [(Path(m.get("url", "")).name, m.get("lastLine"), m["message"])
            for m in messages if m["type"] == "error" or m.get("subType") == "warning"]


def english_pages(client, home, tmp_path):
    """The English pages of the demo (/en/: the home page, "About us", the contact page and its
    refusal), made after the Vietnamese contact page: saved files."""
    from contact.models import ContactPage
    from core.models import SiteSettings
    from demo import english

    english.build_english(home, SiteSettings.for_site(home.get_site()))
    contact = ContactPage.objects.get(locale__language_code="en")
    from wagtail.models import Locale, Page

    about = Page.objects.child_of(home).get(slug="gioi-thieu").get_translation(
        Locale.objects.get(language_code="en"))
    answers = {"en-home": client.get("/en/"), "en-about": client.get(about.url),
               "en-contact": client.get("/en/contact/"),
               "en-contact-refused": client.post(f"/bieu-mau/lien-he/{contact.pk}/", {
                   "name": "", "email": "x", "subject": "Hello", "message": "Text"})}
    files = []
    for name, response in answers.items():
        assert response.status_code == (400 if "refused" in name else 200), name
        assert b'<html lang="en">' in response.content, name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    return files


def saved(client, pages, tmp_path, status=None):
    """The files of the answers to `pages` ({name: url}), each checked for its status."""
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == (status or {}).get(name, 200), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    return files


def schedule_pages(home):
    """Lịch công tác: this week (with an adjusted item), the next and an empty week; the
    "today" portlet on every page."""
    from workschedule import demo as schedule_demo

    schedule = schedule_demo.build_section(home)
    schedule_demo.build_items(schedule)
    schedule_demo.build_portlet(home)
    weeks = list(schedule.get_children().live().order_by("path"))
    return {"schedule": schedule.url, "schedule-next-week": weeks[-1].url,
            "schedule-empty-week": schedule.url + "2001-w01/"}


def form_pages(client, home, article, tmp_path):
    """The contact page, its thanks and its refusal, and the rating's refusal: saved files."""
    from contact.models import ContactPage, ContactUnit
    from publicforms import captcha

    page = ContactPage(title="Liên hệ", slug="lien-he", intro="Gửi thư cho Sở.")
    page.units.add(ContactUnit(name="Văn phòng Sở", email="vanphong@example.invalid"))
    page = publish_child(home, page)
    answers = {"contact": client.get(page.url),
               "contact-refused": client.post(f"/bieu-mau/lien-he/{page.pk}/", {
                   "name": "", "email": "x", "subject": "<b>Chào</b>", "message": "Nội dung"}),
               "rating-refused": client.post(f"/danh-gia/{article.pk}/", {"comment": "Hay"})}
    sent = client.post(f"/bieu-mau/lien-he/{page.pk}/", {
        "name": "Nguyễn Văn A", "email": "a@example.vn", "unit": page.units.get().pk,
        "subject": "Chào", "message": "Nội dung", "consent": "on",
        "altcha": captcha.solve(captcha.challenge())})
    assert sent.status_code == 303
    answers["contact-thanks"] = client.get(sent["Location"])
    files = []
    for name, response in answers.items():
        assert response.status_code == (400 if "refused" in name else 200), name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    return files


def lifecycle_pages(client, page, replacement, tmp_path):
    """A withdrawn page with change notes (its banner and notes), and a removed page's 410."""
    from lifecycle import services

    revision = page.save_revision()
    services.set_pending_note(page, "Bổ sung số liệu & nguồn tin.", revision)
    revision.publish()
    services.retire(page, None, "withdrawn", "Thông tin đã cũ.", alternative_page=replacement)
    url = page.url
    answers = {"withdrawn": client.get(url)}
    services.retire(page, None, "gone", "Bài đăng nhầm.", alternative_url="https://chinhphu.vn/")
    answers["gone"] = client.get(url)
    assert "withdrawn-notice" in answers["withdrawn"].content.decode()
    assert "change-notes" in answers["withdrawn"].content.decode()
    files = []
    for name, response in answers.items():
        assert response.status_code == (410 if name == "gone" else 200), name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    return files


def organisation_pages(client, home, tmp_path):
    """/gioi-thieu/ with the demo's units and people, a unit with people, a merged unit, a
    person with two roles and one with past positions: saved files."""
    from organisation import demo
    from organisation.models import PersonPage, UnitPage

    organisation = demo.build_section(home)
    demo.build_items(organisation)
    pages = {"organisation": organisation,
             "unit": UnitPage.objects.get(slug="ban-giam-doc"),
             "unit-merged": UnitPage.objects.get(slug="so-thong-tin-va-truyen-thong"),
             "unit-renamed": UnitPage.objects.get(status="doi-ten"),
             "person": PersonPage.objects.get(title="Trần Thị Ngọc Hân"),
             "person-former": PersonPage.objects.get(title="Võ Văn Khải")}
    files = []
    for name, page in pages.items():
        response = client.get(page.url)
        assert response.status_code == 200, name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    return files


def test_archive_feed_list_and_site_map_are_valid_html(client, vnu, tmp_path, home, news_root,
                                                       category, make_article):
    """The archive (index, year, month), /rss/ and /so-do-cong/ (issue 15, 4b and 5)."""
    from datetime import datetime

    from .conftest import VN_TZ

    for day in (1, 2):
        make_article(published_at=datetime(2025, 3, day, 9, tzinfo=VN_TZ))
    pages = {"archive": category.url + "luu-tru/", "archive-year": category.url + "luu-tru/2025/",
             "archive-month": category.url + "luu-tru/2025/3/", "feeds": "/rss/",
             "site-map": "/so-do-cong/"}
    files = saved(client, pages, tmp_path)
    assert problems_of(vnu, files) == []
