"""Liên hệ and the satisfaction box as a citizen meets them in a browser: the CAPTCHA is solved
by the ALTCHA widget (the demo's real difficulty), the thanks are shown, the pages pass axe
(WCAG 2.1 AA) and reflow on a 320-pixel phone."""

import pytest

from .conftest import axe_violations
from .test_browser import SEED_PATH
from .test_reflow import assert_reflows

SOLVED = "() => { const input = document.querySelector('input[name=altcha]');" \
         " return !!(input && input.value); }"


def test_a_citizen_rates_an_article_useful_with_a_comment(server_url, phone):
    errors = []
    phone.on("console", lambda message: message.type == "error" and errors.append(message.text))
    requested = []
    phone.on("request", lambda request: requested.append(request.url))
    phone.goto(server_url + SEED_PATH)
    box = phone.locator(".rating-box")
    assert box.get_by_role("group", name="Thông tin này có hữu ích không?").is_visible()
    assert not any("forms.js" in url or "altcha" in url for url in requested)  # not yet
    assert axe_violations(phone) == []
    with phone.expect_request("**/js/forms.js"):  # loaded when the reader starts
        box.get_by_label("Có", exact=True).check()
    box.get_by_label("Góp ý thêm (không bắt buộc)").fill("Bài viết rất hữu ích, cảm ơn Sở.")
    phone.wait_for_function(SOLVED, timeout=60_000)
    box.get_by_role("button", name="Gửi đánh giá").click()
    thanks = phone.locator(".rating-thanks")
    thanks.wait_for(state="visible")
    assert "Cảm ơn bạn đã đánh giá" in thanks.inner_text()
    assert phone.url.endswith(SEED_PATH)  # the thanks fragment is taken away again
    assert_reflows(phone)
    assert not errors, errors


@pytest.mark.parametrize("width", [320])
def test_a_citizen_writes_to_a_unit_from_the_contact_page(server_url, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 740}, locale="vi-VN",
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        response = page.goto(server_url + "/lien-he/")
        assert response.status == 200
        assert "skhcn@haugiang.gov.vn" in page.content()
        assert_reflows(page)
        assert axe_violations(page) == []
        page.get_by_label("Họ và tên").fill("Trần Thị Bình")
        page.get_by_label("Thư điện tử").first.fill("binh@example.vn")
        page.get_by_label("Đơn vị nhận thư").select_option(label="Thanh tra Sở")
        page.get_by_label("Tiêu đề").fill("Hỏi về thủ tục")
        page.get_by_label("Nội dung").fill("Xin hướng dẫn thủ tục đăng ký đề tài.")
        page.get_by_label("Tôi đồng ý").check()
        page.wait_for_function(SOLVED, timeout=60_000)
        page.get_by_role("button", name="Gửi thư").click()
        page.wait_for_url("**/lien-he/?ma=**")
        status = page.get_by_role("status")
        assert "Cảm ơn bạn: thư của bạn đã được tiếp nhận." in status.inner_text()
        assert "Thanh tra Sở" in status.inner_text()
        assert axe_violations(page) == []
    finally:
        context.close()
