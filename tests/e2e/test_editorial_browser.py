"""The approval path in a real browser, through the Vietnamese admin: the demo writer's article
waits on the editor's dashboard; the editor passes it on, the leader approves, the public sees
it. What the server allows each role is tested in tests/test_editorial.py; this checks that the
admin really offers each of them the step."""

from core.vietnamese import slugify_vi

from .conftest import sign_in_to_admin

PENDING = "Hội nghị tổng kết hoạt động khoa học và công nghệ năm 2026"


def admin_sign_in(browser, server_url, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in_to_admin(page, server_url, username)
    return context, page


def approve_from_the_dashboard(page):
    row = page.locator("tr", has_text=PENDING)
    row.get_by_role("button").last.click()  # the row's "…" menu
    page.get_by_role("button", name="Phê duyệt", exact=True).click()
    page.wait_for_load_state("networkidle")


def test_the_demo_article_goes_from_writer_to_public_through_two_approvals(server_url, browser):
    url = f"{server_url}/tin-tuc/tin-hoat-dong/{slugify_vi(PENDING)}/"
    visitor = browser.new_context().new_page()
    assert visitor.goto(url).status == 404  # not before approval

    context, page = admin_sign_in(browser, server_url, "lanhdao")
    assert PENDING in page.content()  # the leader may do the editor's step too, and sees it
    context.close()

    context, page = admin_sign_in(browser, server_url, "bientap")
    assert "Bài chờ bạn duyệt" in page.content() and PENDING in page.content()
    approve_from_the_dashboard(page)
    page.goto(server_url + "/admin/")
    assert PENDING not in page.content()  # passed on to the leader
    context.close()
    assert visitor.goto(url).status == 404  # one approval is not enough

    context, page = admin_sign_in(browser, server_url, "lanhdao")
    approve_from_the_dashboard(page)
    context.close()
    response = visitor.goto(url)
    assert response.status == 200
    assert visitor.get_by_role("heading", level=1).inner_text() == PENDING
