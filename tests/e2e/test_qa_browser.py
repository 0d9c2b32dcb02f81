"""Hỏi đáp in a real browser, end to end: a citizen asks on a phone (the ALTCHA widget solves
its proof of work in the page), a Q&A handler drafts the answer in the admin and sends it for
approval, the leader approves it, and the citizen finds the answer on the site, in the search,
and the question's state with the tracking code."""

import time

from .conftest import axe_violations
from .test_editorial_browser import admin_sign_in
from .test_reflow import assert_reflows

TITLE = "Bảo hộ kiểu dáng công nghiệp cho xuồng composite"


def wait_for_captcha(page):
    page.wait_for_selector("altcha-widget .altcha[data-state=verified]", timeout=60_000)


def test_a_question_is_asked_answered_approved_and_found(server_url, browser, phone):
    email = f"binh{time.time_ns()}@example.vn"
    phone.set_viewport_size({"width": 320, "height": 740})
    phone.goto(server_url + "/hoi-dap/dat-cau-hoi/")
    assert_reflows(phone)
    phone.locator("#id_name").fill("Trần Văn Bình")
    phone.get_by_label("Thư điện tử", exact=False).first.fill(email)
    phone.get_by_label("Chỉ chữ cái đầu của họ tên").check()
    phone.get_by_label("Lĩnh vực").select_option(label="Sở hữu trí tuệ")
    phone.get_by_label("Tiêu đề câu hỏi").fill(TITLE)
    phone.get_by_label("Nội dung câu hỏi").fill("Xin hỏi thủ tục bảo hộ kiểu dáng công nghiệp?")
    # sent without consent: refused, with what was typed kept
    wait_for_captcha(phone)
    phone.get_by_role("button", name="Gửi câu hỏi").click()
    phone.wait_for_selector("#form-problems")
    assert phone.get_by_label("Tiêu đề câu hỏi").input_value() == TITLE
    assert axe_violations(phone) == []
    phone.get_by_label("Tôi đồng ý").check()
    wait_for_captcha(phone)  # a new challenge for the new page
    phone.get_by_role("button", name="Gửi câu hỏi").click()
    phone.wait_for_url("**/da-gui/**")
    code = phone.locator(".tracking-code").inner_text()
    assert code.startswith("HD-")

    context, admin = admin_sign_in(browser, server_url, "hoidap")
    admin.goto(server_url + "/admin/cau-hoi/")
    admin.locator("a", has_text=TITLE).first.click()
    admin.get_by_label("Soạn câu trả lời").check()
    admin.get_by_role("button", name="Lưu").first.click()
    admin.wait_for_url("**/admin/pages/*/edit/")
    editor = admin.locator("[data-contentpath=answer] [contenteditable=true]").first
    editor.click()
    answer = "Hồ sơ gồm tờ khai, bộ ảnh chụp và bản mô tả kiểu dáng."
    editor.type(answer)
    admin.wait_for_function(
        "text => document.querySelector(\"input[name='answer-0-value']\").value.includes(text)",
        arg="bộ ảnh chụp")
    admin.get_by_role("button", name="Thao tác khác").click()
    admin.get_by_role("button", name="Gửi vào quy trình Duyệt tin bài").click()
    admin.wait_for_url("**/admin/pages/*/")
    context.close()

    for _step in range(2):  # the leader may do the editors' step too
        context, admin = admin_sign_in(browser, server_url, "lanhdao")
        admin.locator("tr", has_text=TITLE).get_by_role("button").last.click()
        admin.get_by_role("button", name="Phê duyệt", exact=True).click()
        admin.wait_for_load_state("networkidle")
        context.close()

    visitor = browser.new_context().new_page()
    visitor.goto(server_url + "/hoi-dap/?linh_vuc=so-huu-tri-tue")
    visitor.get_by_role("link", name=TITLE).first.click()
    assert answer in visitor.content() and "T. V. B." in visitor.content()
    assert email not in visitor.content() and "Trần Văn Bình" not in visitor.content()
    answer_path = visitor.url.removeprefix(server_url)
    visitor.goto(server_url + "/tim-kiem/?q=kieu+dang+cong+nghiep+xuong")
    assert visitor.locator(f"a[href='{answer_path}']").count() >= 1

    phone.goto(server_url + "/hoi-dap/tra-cuu/")
    phone.get_by_label("Mã tra cứu").fill(code)
    phone.get_by_label("Thư điện tử đã dùng khi gửi câu hỏi").fill(email)
    wait_for_captcha(phone)
    phone.get_by_role("button", name="Tra cứu", exact=True).click()
    status = phone.locator(".qa-status").inner_text()
    assert code in status and "Đã công khai câu trả lời" in status
    assert phone.locator(f".qa-status a[href='{answer_path}']").count() == 1
