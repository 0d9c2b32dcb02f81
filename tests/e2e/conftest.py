"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server."""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / ".venv" / "node_modules" / "axe-core" / "axe.min.js"
SERVER_ACCOUNTS = {}  # username → password of the accounts on the test server
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
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


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server_url(tmp_path_factory):
    """The demo site served by gunicorn from its own SQLite file, as a visitor would reach it:
    DEBUG off, static files through WhiteNoise."""
    var = tmp_path_factory.mktemp("e2e-var")
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update({"DJANGO_SETTINGS_MODULE": "vnportal.settings.dev", "DEBUG": "0",
                "VNPORTAL_VAR_DIR": str(var)})
    python = sys.executable
    outsider_password = secrets.token_urlsafe(12)
    create_outsider = ("from django.contrib.auth import get_user_model; "
                       "get_user_model().objects.create_user('congdan', password="
                       f"'{outsider_password}')")
    for command in (["migrate", "--no-input"], ["load_demo"],
                    ["collectstatic", "--no-input", "--verbosity", "0"],
                    ["shell", "-c", create_outsider]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=300)
    accounts = json.loads((var / "demo-credentials.json").read_text())["accounts"]
    accounts["congdan"] = outsider_password
    SERVER_ACCOUNTS.update(accounts)
    port = _free_port()
    log = open(var / "gunicorn.log", "w")
    server = subprocess.Popen(
        [str(Path(python).parent / "gunicorn"), "vnportal.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail((var / "gunicorn.log").read_text())
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=10)
    log.close()


def axe_violations(page):
    if not AXE_JS.is_file():
        pytest.skip("axe-core is not installed (make install-test installs it with npm)")
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]]
