"""Góp ý dự thảo as a citizen meets it in the demo: the list and the drafts pass axe (WCAG 2.1
AA) and reflow on a 320-pixel phone; a comment typed on the open draft, with the ALTCHA widget
solving its proof of work in the browser, is received and thanked; the closed draft offers no
form."""

import pytest

from .conftest import axe_violations
from .test_reflow import assert_reflows

LIST = "/gop-y-du-thao/"
FILTERED = ["/gop-y-du-thao/?tinh_trang=het-han", "/gop-y-du-thao/?tinh_trang=x"]
COMMENT = "Đề nghị bổ sung hỗ trợ chi phí đo kiểm chất lượng sản phẩm tại Điều 5."


@pytest.fixture(scope="module")
def draft_paths(server_url, browser):
    """(the open draft, the closed one), found through the list as a citizen would: open
    drafts come first."""
    page = browser.new_page()
    page.goto(server_url + LIST)
    items = page.locator(".draft-list > li")
    assert items.count() == 2
    assert "Đang lấy ý kiến" in items.nth(0).inner_text()
    assert "Đã hết hạn góp ý" in items.nth(1).inner_text()
    paths = [items.nth(n).locator("h2 a").get_attribute("href") for n in range(2)]
    page.close()
    return paths


@pytest.mark.parametrize("path", [LIST, *FILTERED])
def test_the_list_passes_axe(server_url, desktop, path):
    response = desktop.goto(server_url + path)
    assert response.status == (400 if path.endswith("=x") else 200)
    assert axe_violations(desktop) == []


def test_the_drafts_pass_axe_and_reflow_on_a_phone(server_url, desktop, phone, draft_paths):
    phone.set_viewport_size({"width": 320, "height": 740})
    for path in [LIST, *draft_paths]:
        assert desktop.goto(server_url + path).status == 200
        assert axe_violations(desktop) == [], path
        assert phone.goto(server_url + path).status == 200
        assert_reflows(phone)


def test_a_citizen_comments_on_the_open_draft_and_is_thanked(server_url, phone, draft_paths):
    errors = []
    phone.on("console", lambda message: message.type == "error" and errors.append(message.text))
    phone.set_viewport_size({"width": 320, "height": 740})
    assert phone.goto(server_url + draft_paths[0]).status == 200
    form = phone.locator("form.public-form")
    form.get_by_label("Họ và tên").fill("Nguyễn Thị Thử Nghiệm")
    form.get_by_label("Thư điện tử").fill("thu.nghiem@example.vn")
    form.get_by_label("Nội dung góp ý").fill(COMMENT)
    form.locator("input[name=consent]").check()
    # the widget starts its proof of work when the form is first focused, in a Web Worker;
    # the default difficulty takes a second or two
    phone.wait_for_selector("altcha-widget .altcha[data-state=verified]", timeout=60_000)
    assert form.locator("altcha-widget input[type=checkbox]").is_checked()
    assert_reflows(phone)
    with phone.expect_navigation(timeout=30_000):
        form.get_by_role("button", name="Gửi góp ý").click()
    assert "?ma=" in phone.url
    thanks = phone.get_by_role("status")
    assert "ý kiến góp ý của bạn đã được tiếp nhận" in thanks.inner_text()
    assert COMMENT not in phone.content()  # shown only once moderated
    assert axe_violations(phone) == []
    assert not errors, errors


def test_the_closed_draft_receives_no_more_comments(server_url, phone, draft_paths):
    assert phone.goto(server_url + draft_paths[1]).status == 200
    assert phone.locator("form.public-form").count() == 0
    assert phone.locator("altcha-widget").count() == 0
    assert "không còn tiếp nhận ý kiến góp ý" in phone.locator("#gop-y").inner_text()
    assert "Tiếp thu, giải trình ý kiến góp ý" in phone.locator("h2").all_inner_texts()
