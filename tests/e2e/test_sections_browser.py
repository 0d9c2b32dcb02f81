"""The government sections of the demo (văn bản, thủ tục hành chính, nhiệm vụ KH&CN, hỏi
đáp) as a citizen meets them: lists, filtered lists, a bad filter, detail pages and feeds pass axe
(WCAG 2.1 AA), the Nu HTML Checker, and reflow on a 320-pixel phone."""

import json
import shutil
import subprocess
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import axe_violations
from .test_reflow import assert_reflows

VNU_JAR = Path(__file__).resolve().parents[2] / ".venv" / "node_modules" / "vnu-jar" / "build" \
    / "dist" / "vnu.jar"
SECTIONS = ["/van-ban/", "/thu-tuc-hanh-chinh/", "/nhiem-vu-khcn/", "/hoi-dap/"]
LISTS = SECTIONS + ["/hoi-dap/?linh_vuc=so-huu-tri-tue", "/hoi-dap/dat-cau-hoi/", "/hoi-dap/tra-cuu/","/van-ban/?loai=quyet-dinh&tinh_trang=con-hieu-luc",
                    "/van-ban/?q=1234%2FQ%C4%90-UBND", "/thu-tuc-hanh-chinh/?muc_do=toan-trinh",
                    "/nhiem-vu-khcn/?nam=2025"]
BAD = ["/van-ban/?nam=abc", "/thu-tuc-hanh-chinh/?cap=khong-co", "/nhiem-vu-khcn/?linh_vuc=x"]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture(scope="module")
def detail_paths(server_url, browser):
    """The first item of each section, found through its list as a citizen would."""
    page = browser.new_page()
    paths = []
    for section in SECTIONS:
        page.goto(server_url + section)
        link = page.locator(".page-content ul li h2 a").first
        paths.append(link.get_attribute("href"))
    page.close()
    assert all(path.startswith(section) for path, section in zip(paths, SECTIONS)), paths
    return paths


@pytest.mark.parametrize("path", LISTS + BAD)
def test_section_lists_pass_axe(server_url, desktop, path):
    response = desktop.goto(server_url + path)
    assert response.status == (400 if path in BAD else 200)
    assert axe_violations(desktop) == []


def test_detail_pages_pass_axe_and_reflow_on_a_phone(server_url, desktop, phone, detail_paths):
    for path in detail_paths:
        assert desktop.goto(server_url + path).status == 200
        assert axe_violations(desktop) == [], path
        phone.set_viewport_size({"width": 320, "height": 740})
        assert phone.goto(server_url + path).status == 200
        assert_reflows(phone)


@pytest.mark.parametrize("path", SECTIONS + [BAD[0]])
def test_section_lists_reflow_on_a_320px_phone(server_url, phone, path):
    phone.set_viewport_size({"width": 320, "height": 740})
    phone.goto(server_url + path)
    assert_reflows(phone)


def test_section_pages_are_valid_html(server_url, detail_paths, tmp_path):
    if not shutil.which("java") or not VNU_JAR.is_file():
        pytest.skip("the Nu HTML Checker needs Java and vnu-jar (make install-test)")
    files = []
    for number, path in enumerate(LISTS + BAD + detail_paths):
        status, body = get(server_url + path)
        assert status == (400 if path in BAD else 200), path
        files.append(tmp_path / f"page-{number}.html")
        files[-1].write_bytes(body)
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json",
                             *map(str, files)], capture_output=True, text=True, timeout=180)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    problems = [(Path(m.get("url", "")).name, m.get("lastLine"), m["message"])
                for m in messages if m["type"] == "error" or m.get("subType") == "warning"]
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_has_a_feed(server_url, section):
    status, body = get(server_url + section + "rss/")
    assert status == 200
    items = ET.fromstring(body).find("channel").findall("item")
    assert items and all(item.findtext("link").startswith(server_url + section)
                         for item in items)
