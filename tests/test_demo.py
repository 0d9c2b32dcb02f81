import stat

import pytest
from django.core.management import call_command
from wagtail.models import Site

from core.models import SiteSettings
from demo import services as demo_services
from news.models import NewsArticlePage, NewsCategoryPage

MENU = ["Giới thiệu", "Tin tức - Sự kiện", "Văn bản", "Thủ tục hành chính", "Nhiệm vụ KH&CN",
        "Góp ý dự thảo", "Hỏi đáp", "Lịch công tác", "Liên hệ"]
SEED_URL = "/tin-tuc/tin-hoat-dong/hau-giang-hoc-tap-quan-triet-nghi-quyet-dai-hoi-dang-bo-tinh-lan-thu-xiv/"


@pytest.fixture
def credentials_file(tmp_path, monkeypatch):
    path = tmp_path / "demo-credentials.json"
    monkeypatch.setattr(demo_services, "CREDENTIALS_FILE", path)
    return path


def test_load_demo_builds_the_agency_site_and_is_idempotent(db, client, seed_file,
                                                            credentials_file, capsys):
    from legal.models import LegalDocumentPage
    from procedures.models import ProcedurePage
    from science.models import ScienceTaskPage

    models = (NewsArticlePage, NewsCategoryPage, LegalDocumentPage, ProcedurePage,
              ScienceTaskPage)
    call_command("load_demo")
    counts = [model.objects.live().count() for model in models]
    call_command("load_demo")
    assert [model.objects.live().count() for model in models] == counts
    assert counts[0] >= 31 and counts[1] >= 5
    assert counts[2] >= 20 and counts[3] >= 15 and counts[4] >= 10

    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    assert settings.agency_name == "Sở Khoa học và Công nghệ tỉnh Hậu Giang"
    assert settings.address and settings.phone and settings.email

    menu = [page.title for page in site.root_page.get_children().live().in_menu()]
    assert menu == MENU
    categories_with_news = [c for c in NewsCategoryPage.objects.filter(depth=4)
                            if NewsArticlePage.objects.live().child_of(c).count() >= 4]
    assert len(categories_with_news) >= 4
    assert all(article.featured_image_id for article in
               NewsArticlePage.objects.exclude(legacy_key__gt=""))

    response = client.get(SEED_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thứ Hai, 28/12/2020" in html and "An Nhiên" in html and html.count("<figcaption>") == 3
    home = client.get("/").content.decode()
    for title in MENU:
        assert title.replace("&", "&amp;") in home
    # the default portlets: a visitor sees the denial message, never the staff calendar
    assert "Bạn chưa có đủ quyền truy nhập portlet này." in home
    assert "họp giao ban" not in home
    assert "Tin mới" in home and "Liên kết website" in home and "Văn bản mới" in home
    from portlets.models import PortletAssignment

    assert PortletAssignment.objects.count() == 7  # not placed twice by the second run
    assert "Đang online:" in home and "Hôm nay:" in home and "Đã truy cập:" in home
    # the withdrawn notice points where its explanation says the new one is
    from lifecycle.models import Retirement

    assert Retirement.objects.get(kind="withdrawn").alternative_page.url == "/gioi-thieu/"
    assert Retirement.objects.get(kind="gone").live_revision_id is not None


def test_demo_account_has_a_random_password_kept_private(db, credentials_file, capsys):
    call_command("demo_login")
    first = capsys.readouterr().out
    for username in ("phongvien", "bientap", "lanhdao", "quantri", "canbo"):
        assert f"Username: {username}" in first  # one account per role
    assert "http://127.0.0.1:8000/admin/" in first
    lines = first.splitlines()
    at = next(n for n, line in enumerate(lines) if "Username: quantri" in line)
    password = lines[at + 1].split()[-1]
    assert len(password) >= 12
    assert stat.S_IMODE(credentials_file.stat().st_mode) == 0o600
    call_command("demo_login")
    assert password in capsys.readouterr().out  # the same install prints the same password

    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="quantri")
    assert user.check_password(password) and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Quản trị"]
    user.set_password("a-new-password-set-by-the-admin")
    user.save()
    call_command("demo_login")
    out = capsys.readouterr().out
    assert password not in out and "changepassword quantri" in out


def test_two_installs_get_different_passwords(db, tmp_path, monkeypatch):
    from django.contrib.auth import get_user_model

    passwords = []
    for n in range(2):
        monkeypatch.setattr(demo_services, "CREDENTIALS_FILE", tmp_path / f"c{n}.json")
        get_user_model().objects.filter(username__in=["quantri", "canbo"]).delete()
        passwords.append(dict((u, p) for u, _role, p in demo_services.ensure_demo_users()))
    assert passwords[0]["quantri"] != passwords[1]["quantri"]
    assert passwords[0]["canbo"] != passwords[1]["canbo"]
    assert passwords[1]["quantri"] != passwords[1]["canbo"]


def test_each_demo_role_signs_in_and_finds_its_work(db, seed_file, credentials_file, capsys):
    """`make run` prints one account per role; each signs in to the admin with the printed
    password, and the submitted demo article waits on the dashboards of its author, of the
    category's editor and of the leader (who may edit too), not on the administrator's."""
    from django.test import Client

    call_command("load_demo")
    passwords = {username: password
                 for username, _role, password in demo_services.ensure_demo_users()}
    pending = NewsArticlePage.objects.get(title=demo_services.PENDING_TITLE)
    assert not pending.live and pending.current_workflow_task.name == "Biên tập"
    for username in ("phongvien", "bientap", "lanhdao", "quantri"):
        browser = Client()
        response = browser.post("/admin/login/", {"username": username,
                                                  "password": passwords[username]})
        assert response.status_code == 302, (username, response.content.decode()[:500])
        dashboard = browser.get("/admin/")
        assert dashboard.status_code == 200
        if username == "bientap":
            html = dashboard.content.decode()
            assert "Bài chờ bạn duyệt" in html
            assert "gravatar.com" not in html  # no request leaves for an avatar service
        assert (pending.title in dashboard.content.decode()) == (
            username != "quantri"), username
