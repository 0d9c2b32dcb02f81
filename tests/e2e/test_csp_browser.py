"""The Content-Security-Policy in a real browser (issue 17): the public pages and the main
admin screens run with no violation reported, the public forms' proof of work included (its Web
Worker), and the policy does refuse an inline script slipped into a page."""

import pytest

from .conftest import sign_in_to_admin

pytestmark = pytest.mark.slow

WATCH = """window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(
  [e.violatedDirective, e.blockedURI, (e.sample || "").slice(0, 80), e.sourceFile]));"""

PUBLIC = ["/", "/tin-tuc/", "/tin-tuc/tin-hoat-dong/", "/gioi-thieu/", "/van-ban/",
          "/thu-tuc-hanh-chinh/", "/nhiem-vu-khcn/", "/hoi-dap/", "/hoi-dap/dat-cau-hoi/",
          "/lich-cong-tac/", "/lien-he/", "/tim-kiem/?q=khoa+h%E1%BB%8Dc", "/so-do-cong/",
          "/en/", "/dang-nhap/", "/khong-co-trang-nay/", "/tro-giup-tiep-can/"]
EDITOR = ["/admin/", "/admin/pages/", "/admin/pages/search/?q=khoa", "/admin/images/",
          "/admin/images/multiple/add/", "/admin/documents/", "/admin/documents/multiple/add/",
          "/admin/reports/site-history/"]
MANAGER = ["/admin/", "/admin/users/", "/admin/settings/core/sitesettings/",
           "/admin/redirects/", "/admin/sign-ins/", "/admin/two-factor/setup/"]


def watched(browser, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    context.add_init_script(WATCH)
    page = context.new_page()
    console = []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and console.append(message.text[:200]))
    return context, page, console


def violations(page, console, idle=True):
    """The violations reported since the last call (or the last page loaded), once the page has
    settled: its network idle, or (idle=False) a moment gone by, for a page that has ended Web
    Workers while they were fetching (Playwright never sees those fetches end, so never sees
    the page idle)."""
    if idle:
        page.wait_for_load_state("networkidle")
    else:
        page.wait_for_timeout(500)
    found = (page.evaluate("window.__csp.splice(0)") or []) + list(console)
    console.clear()
    return found


def note(found, name, page, console, idle=True):
    """Keep in `found`, under `name`, the violations reported on `page` since the last look."""
    problems = violations(page, console, idle)
    if problems:
        found[name] = problems


def visit_all(page, console, server_url, paths):
    found = {}
    for path in paths:
        response = page.goto(server_url + path)
        assert response.status < 500, path
        note(found, path, page, console)
    return found


def test_public_pages_run_without_a_violation(server_url, browser):
    context, page, console = watched(browser)
    try:
        found = visit_all(page, console, server_url, PUBLIC)
        # an article, with its photos, rating box and print button
        page.goto(server_url + "/tin-tuc/tin-hoat-dong/")
        page.locator("main a[href^='/tin-tuc/tin-hoat-dong/']").first.click()
        note(found, "article", page, console)  # once its network is idle
        # the public form's proof of work runs in a Web Worker (worker-src)
        page.goto(server_url + "/hoi-dap/dat-cau-hoi/")
        form = page.locator("form.public-form")
        form.locator("input, textarea").first.focus()
        widget = page.locator("altcha-widget .altcha")
        page.wait_for_selector("altcha-widget .altcha:is([data-state=verified],[data-state=error])",
                               timeout=60_000)
        # the widget ends its other workers once one has solved it, some maybe mid-fetch
        note(found, "form", page, console, idle=False)
        assert found == {}
        assert widget.get_attribute("data-state") == "verified"
    finally:
        context.close()


def test_the_policy_refuses_a_script_slipped_into_a_page(server_url, browser):
    context, page, console = watched(browser)
    try:
        page.goto(server_url + "/")
        ran = page.evaluate("""() => { window.__ran = false;
            const s = document.createElement("script"); s.textContent = "window.__ran = true";
            document.body.append(s); return window.__ran; }""")
        assert ran is False
        assert any(v[0].startswith("script-src") for v in violations(page, console))
    finally:
        context.close()


def test_admin_screens_run_without_a_violation(server_url, browser):
    context, page, console = watched(browser)
    try:
        sign_in_to_admin(page, server_url, "bientap")
        found = visit_all(page, console, server_url, EDITOR)
        # the page editor of an article: choosers, date fields, inline panels, rich text
        page.goto(server_url + "/admin/pages/search/?q=t%E1%BB%95ng+k%E1%BA%BFt")
        page.locator("a[href*='/edit/']").first.click()
        note(found, "editor", page, console)  # once its network is idle
        # a chooser's modal, loaded into the page
        # (the article's photo chooser: its "Choose another" is in the chosen photo's menu)
        photo = page.locator("#id_featured_image-chooser")
        if "blank" not in (photo.get_attribute("class") or ""):
            photo.get_by_role("button", name="Thao tác").click()
        chooser = photo.locator("button[data-chooser-action-choose]:visible").first
        chooser.click()
        page.locator(".modal-content").first.wait_for(state="visible")
        page.wait_for_timeout(500)
        note(found, "chooser", page, console)
        # the preview panel: the page framed by the admin (frame-ancestors 'self')
        page.reload()
        page.locator("[data-side-panel-toggle='preview']").first.click()
        frame = page.frame_locator("iframe[title]").first
        frame.locator("main").first.wait_for(timeout=30_000)
        note(found, "preview", page, console)
        # a photo's focal point editor
        page.goto(server_url + "/admin/images/")
        page.locator("a[href*='/admin/images/'][href$='/']").nth(1).click()
        note(found, "image", page, console)
        assert found == {}
    finally:
        context.close()
    context, page, console = watched(browser)
    try:
        sign_in_to_admin(page, server_url, "quantri")
        assert visit_all(page, console, server_url, MANAGER) == {}
    finally:
        context.close()
