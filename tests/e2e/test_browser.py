import pytest

from .conftest import axe_violations

SEED_PATH = "/tin-tuc/tin-hoat-dong/hau-giang-hoc-tap-quan-triet-nghi-quyet-dai-hoi-dang-bo-tinh-lan-thu-xiv/"


def no_horizontal_scroll(page):
    # against the screen's width: on a phone Chromium zooms out to fit a wide page, and then
    # window.innerWidth grows with the page
    return page.evaluate("() => document.documentElement.scrollWidth") <= \
        page.viewport_size["width"]


def test_a_citizen_reads_the_seed_article_on_a_phone(server_url, phone):
    errors = []
    phone.on("console", lambda message: message.type == "error" and errors.append(message.text))
    response = phone.goto(server_url + SEED_PATH)
    assert response.status == 200
    assert phone.locator("h1").inner_text() == (
        "Hậu Giang học tập, quán triệt Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIV")
    assert phone.locator("article time").first.inner_text() == "Thứ Hai, 28/12/2020"
    assert phone.locator(".article-body figure figcaption").count() == 3
    assert phone.locator(".byline").inner_text() == "An Nhiên"
    assert no_horizontal_scroll(phone)
    font = phone.evaluate("() => document.fonts.check('16px \"Be Vietnam Pro\"', 'Đảng ộ')")
    assert font
    assert not errors, errors
    assert axe_violations(phone) == []


def test_the_menu_opens_on_a_phone(server_url, phone):
    phone.goto(server_url + "/")
    menu = phone.get_by_role("navigation", name="Danh mục chính")
    link = menu.get_by_role("link", name="Tin tức - Sự kiện")
    assert not link.is_visible()
    toggle = phone.get_by_role("button", name="Danh mục")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    link.click()
    phone.wait_for_url("**/tin-tuc/")
    assert phone.locator("h1").text_content().strip() == "Tin tức - Sự kiện"
    assert no_horizontal_scroll(phone)


@pytest.mark.parametrize("path", ["/", "/tin-tuc/", "/tin-tuc/?trang=3", "/dang-nhap/",
                                  "/gioi-thieu/", "/the/nong-nghiep/", "/khong-co-trang-nay/",
                                  "/tim-kiem/", "/tim-kiem/?q=dang+bo&tu_ngay=2020-01-01",
                                  "/tim-kiem/?q=x&den_ngay=2026-02-30",
                                  "/tin-tuc/luu-tru/", "/rss/", "/so-do-cong/", "/lich-cong-tac/",
                                  # the demo's withdrawn notice (banner) and removed one (410)
                                  "/lich-tiep-cong-dan-thang-10-2026/",
                                  "/thong-bao-tam-ngung-tiep-nhan-ho-so/"])
def test_public_pages_pass_axe_wcag_aa(server_url, desktop, path):
    response = desktop.goto(server_url + path)
    assert response.status == (404 if "khong-co" in path else 400 if "02-30" in path
                               else 410 if "tam-ngung" in path else 200)
    assert desktop.evaluate("() => document.documentElement.lang") == "vi"
    assert axe_violations(desktop) == []


@pytest.mark.parametrize("path", ["/en/", "/en/gioi-thieu/", "/en/gioi-thieu/ban-giam-doc/",
                                  "/en/gioi-thieu/so-thong-tin-va-truyen-thong/", "/en/contact/"])
def test_english_pages_pass_axe_wcag_aa(server_url, desktop, path):
    """The demo's English pages, their language switch back to Vietnamese included."""
    response = desktop.goto(server_url + path)
    assert response.status == 200
    assert desktop.evaluate("() => document.documentElement.lang") == "en"
    switch = desktop.get_by_role("navigation", name="Language")
    assert switch.get_by_role("link", name="Tiếng Việt").get_attribute("lang") == "vi"
    assert axe_violations(desktop) == []


def test_a_citizen_searches_without_accents_on_a_phone(server_url, phone):
    phone.goto(server_url + "/")
    box = phone.get_by_role("search", name="Tìm kiếm trên cổng").get_by_label("Từ khóa")
    box.fill("nghi quyet dai hoi dang bo")
    box.press("Enter")
    phone.wait_for_url("**/tim-kiem/?q=nghi+quyet+dai+hoi+dang+bo")
    first = phone.locator(".search-results li").first
    assert first.locator("h2").text_content().strip().startswith("Hậu Giang học tập")
    assert first.locator("mark").first.text_content() == "Nghị"
    assert "kết quả cho “nghi quyet dai hoi dang bo”" in phone.locator(".search-status").text_content()
    assert first.locator("a").first.get_attribute("href") == SEED_PATH
    # filters fold away on a phone, and sorting by date keeps the query
    phone.get_by_text("Lọc và sắp xếp").click()
    phone.get_by_label("Sắp xếp theo").select_option("moi-nhat")
    phone.get_by_role("button", name="Áp dụng").click()
    phone.wait_for_url("**sap_xep=moi-nhat**")
    assert phone.locator(".search-results li").count() == 10
    assert no_horizontal_scroll(phone)
    assert axe_violations(phone) == []


def sign_in(page, server_url, username):
    from .conftest import SERVER_ACCOUNTS

    page.goto(server_url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(SERVER_ACCOUNTS[username])
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(server_url + "/")


@pytest.mark.parametrize("username, sees_calendar", [
    (None, False), ("congdan", False), ("canbo", True)])
def test_member_and_non_member_see_the_staff_portlet_differently(server_url, browser, username,
                                                                 sees_calendar):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    if username:
        sign_in(page, server_url, username)
    page.goto(server_url + "/")
    right = page.get_by_role("complementary", name="Cột phải")
    assert right.get_by_role("heading", name="Tin mới").is_visible()
    denied = right.get_by_text("Bạn chưa có đủ quyền truy nhập portlet này.")
    calendar = right.get_by_role("heading", name="Lịch công tác nội bộ")
    if sees_calendar:
        assert calendar.is_visible() and denied.count() == 0
        assert "họp giao ban" in right.inner_text()
    else:
        assert denied.is_visible() and calendar.count() == 0
        assert "họp giao ban" not in page.content()
    box = right.locator(".portlet-notice" if sees_calendar else ".portlet-denied")
    response = page.request.get(f"{server_url}/portlet/{box.get_attribute('data-portlet')}/")
    assert response.status == (200 if sees_calendar else 403)
    context.close()
