"""The "In trang" control and the printout of a content page, in chromium (print media
emulated): the agency, the title, the date, the text, the photo and its caption, the byline and
the page's address are printed; menus, search, portlets, the rating box, the sign-in link and
the button itself are not. The pictures shared by social networks answer."""

import json
from urllib.request import urlopen

import pytest

from ..servers import manage
from .conftest import SERVER_ENV

DISCOVER = """
import json
from news.models import NewsArticlePage
from pages.models import StandardPage

def has_caption(article):
    return any(block.block_type == "photo" and block.value.get("caption")
               and block.value.get("image") for block in article.body)

article = next(a for a in NewsArticlePage.objects.live().order_by("-published_at")
               if a.author_name and has_caption(a))
caption = next(block.value["caption"] for block in article.body
               if block.block_type == "photo" and block.value.get("caption"))
print(json.dumps({"article": article.get_url(), "caption": caption,
                  "byline": article.author_name, "title": article.title,
                  "category": article.get_parent().get_url(),
                  "standard": StandardPage.objects.live().first().get_url()}))
"""

HIDDEN_IN_PRINT = [".skip-link", ".site-header", ".main-nav", ".site-search", ".breadcrumb",
                   ".region", ".rating-box", ".site-footer .account", ".print-button"]


@pytest.fixture(scope="module")
def demo_pages(server_url):
    return json.loads(manage(SERVER_ENV, "shell", "-c", DISCOVER).stdout.strip().splitlines()[-1])


def displayed(page, selector):
    """Whether any element `selector` finds is displayed (has a box)."""
    return page.eval_on_selector_all(
        selector, "els => els.some(el => el.getClientRects().length > 0)")


def test_article_prints_its_content_and_not_the_site_around_it(desktop, server_url, demo_pages):
    page = desktop
    page.goto(server_url + demo_pages["article"])
    address = page.get_attribute('link[rel="canonical"]', "href")
    assert address == server_url + demo_pages["article"]
    # on screen: the button is shown (the page runs JS), the print-only lines are not
    button = page.get_by_role("button", name="In trang")
    assert button.is_visible()
    assert not displayed(page, ".print-only")
    assert displayed(page, ".region"), "the demo's portlets should be around the article"

    page.emulate_media(media="print")
    for selector in HIDDEN_IN_PRINT:
        assert not displayed(page, selector), selector
    assert page.locator(".print-agency").inner_text().strip().endswith(
        "Sở Khoa học và Công nghệ tỉnh Hậu Giang")
    assert page.locator(".print-address").is_visible()
    assert f"Địa chỉ trang: {address}" in page.locator(".print-address").inner_text()
    assert page.locator("h1", has_text=demo_pages["title"]).is_visible()
    assert page.locator(".article .meta time").is_visible()
    assert page.locator(".byline", has_text=demo_pages["byline"]).is_visible()
    caption = page.locator("figcaption", has_text=demo_pages["caption"]).first
    assert caption.is_visible()
    figure = page.locator(".photo", has=caption)
    assert figure.evaluate("el => getComputedStyle(el).breakInside") == "avoid"
    photo = figure.locator("img")
    assert photo.is_visible()
    assert photo.evaluate("img => img.getBoundingClientRect().width <= "
                          "document.documentElement.clientWidth")

    # the button prints
    page.emulate_media(media="screen")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    button.click()
    assert page.evaluate("() => window.printed") == 1


def test_without_javascript_there_is_no_print_button(browser, server_url, demo_pages):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server_url + demo_pages["standard"])
        assert page.locator(".print-button").count() == 1
        assert not page.locator(".print-button").is_visible()
    finally:
        context.close()


def test_lists_have_no_print_button_and_shared_pictures_answer(desktop, server_url, demo_pages):
    page = desktop
    page.goto(server_url + demo_pages["category"])
    assert page.locator(".print-button").count() == 0
    for url in (demo_pages["article"], demo_pages["standard"], demo_pages["category"], "/"):
        page.goto(server_url + url)
        picture = page.get_attribute('meta[property="og:image"]', "content")
        assert picture.startswith(server_url + "/"), picture
        with urlopen(picture, timeout=10) as answer:
            assert answer.status == 200
            assert answer.headers["Content-Type"].startswith("image/")
