"""Browser tests: Playwright driving Debian's chromium against the demo site under gunicorn."""

import json
import os
import secrets
import shutil
from pathlib import Path

import pytest

from ..servers import gunicorn, install_site, manage, server_env

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / ".venv" / "node_modules" / "axe-core" / "axe.min.js"
SERVER_ACCOUNTS = {}  # username → password of the accounts on the test server
SERVER_ENV = {}  # the environment the test server runs in, for `manage(SERVER_ENV, …)`
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Chromium for the tests of one module. Playwright's event loop runs in the main thread
    while it is open, where Django refuses database calls: closed after each module, it never
    meets the database tests that pytest-xdist may give the same worker next."""
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN",
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def server_url(tmp_path_factory):
    """The demo site served by gunicorn from its own SQLite file, as a visitor would reach it:
    DEBUG off, static files through WhiteNoise."""
    var = tmp_path_factory.mktemp("e2e-var")
    env = server_env(var)
    outsider_password = secrets.token_urlsafe(12)
    create_outsider = ("from django.contrib.auth import get_user_model; "
                       "get_user_model().objects.create_user('congdan', password="
                       f"'{outsider_password}')")
    install_site(env, static=True)  # migrate, load_demo and collectstatic
    manage(env, "shell", "-c", create_outsider)
    accounts = json.loads((var / "demo-credentials.json").read_text())["accounts"]
    accounts["congdan"] = outsider_password
    SERVER_ACCOUNTS.update(accounts)
    SERVER_ENV.update(env)
    with gunicorn(env, var) as url:
        yield url


def sign_in_to_admin(page, server_url, username):
    """Sign `page` in to the Wagtail admin as `username`, one of the server's accounts."""
    page.goto(server_url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(SERVER_ACCOUNTS[username])
    page.locator("form button[type=submit]").click()
    page.wait_for_url(server_url + "/admin/")


def axe_violations(page):
    if not AXE_JS.is_file():
        pytest.skip("axe-core is not installed (make install-test installs it with npm)")
    # evaluated through the browser's debugging protocol, which the page's Content-Security-
    # Policy does not apply to (an added <script> tag would be refused, as it should be)
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;void 0")
    result = page.evaluate(
        "() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]]
