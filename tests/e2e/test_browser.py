import pytest

from .conftest import axe_violations

SEED_PATH = "/tin-tuc/tin-hoat-dong/hau-giang-hoc-tap-quan-triet-nghi-quyet-dai-hoi-dang-bo-tinh-lan-thu-xiv/"


def no_horizontal_scroll(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


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


@pytest.mark.parametrize("path", ["/", "/tin-tuc/", "/tin-tuc/?trang=3",
                                  "/gioi-thieu/", "/the/nong-nghiep/", "/khong-co-trang-nay/"])
def test_public_pages_pass_axe_wcag_aa(server_url, desktop, path):
    response = desktop.goto(server_url + path)
    assert response.status == (404 if "khong-co" in path else 200)
    assert desktop.evaluate("() => document.documentElement.lang") == "vi"
    assert axe_violations(desktop) == []
