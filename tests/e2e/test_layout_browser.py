"""The visitor's display options in a real browser (issue 15.7): the text size and the high
contrast chosen stay across a reload, are on <html> before the body is painted, keep the page
within a 320 px phone at the largest size, and the high-contrast theme passes axe. (The access
keys are checked in tests/test_layout_duties.py: a browser handles them above the page, where
Playwright's synthetic key presses do not reach.)"""

import pytest

from .conftest import axe_violations
from .test_reflow import reflow_problems

# what <html> carried when the <body> first appeared: set before any paint
FIRST_BODY_CLASSES = """
new MutationObserver(function (changes, observer) {
  if (document.body) {
    window.__classesAtFirstBody = document.documentElement.className;
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


@pytest.fixture
def phone_320(browser, server_url):
    context = browser.new_context(viewport={"width": 320, "height": 740}, locale="vi-VN",
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    context.route(lambda url: not url.startswith(server_url), lambda route: route.abort())
    context.add_init_script(FIRST_BODY_CLASSES)
    yield context.new_page()
    context.close()


def pressed(page, selector):
    return page.locator(selector).get_attribute("aria-pressed")


def test_text_size_and_contrast_persist_apply_before_paint_and_reflow(server_url, phone_320):
    page = phone_320
    page.goto(server_url + "/", wait_until="load")
    assert pressed(page, '[data-text-size="0"]') == "true"
    page.locator('[data-text-size="2"]').click()
    page.locator("[data-contrast]").click()
    assert pressed(page, '[data-text-size="2"]') == "true"
    assert pressed(page, '[data-text-size="0"]') == "false"
    assert pressed(page, "[data-contrast]") == "true"
    size = page.evaluate("() => getComputedStyle(document.documentElement).fontSize")
    assert size == "24px", size  # 150 % of 16 px

    for path in ("/", "/tro-giup-tiep-can/"):
        page.goto(server_url + path, wait_until="load")
        first = page.evaluate("() => window.__classesAtFirstBody")
        assert "a11y-text-2" in first and "a11y-contrast" in first, first
        assert pressed(page, '[data-text-size="2"]') == "true"
        assert pressed(page, "[data-contrast]") == "true"
        background = page.evaluate("() => getComputedStyle(document.querySelector("
                                   "'.site-footer')).backgroundColor")
        assert background == "rgb(0, 0, 0)"
        assert reflow_problems(page) is None, (path, reflow_problems(page))
        assert axe_violations(page) == [], path

    # the menu opened at the largest size still fits
    page.goto(server_url + "/", wait_until="load")
    page.locator(".nav-toggle").click()
    assert reflow_problems(page) is None, reflow_problems(page)

    page.locator('[data-text-size="0"]').click()
    page.locator("[data-contrast]").click()
    page.reload(wait_until="load")
    classes = page.evaluate("() => document.documentElement.className")
    assert "a11y-text" not in classes and "a11y-contrast" not in classes
