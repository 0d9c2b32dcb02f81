"""WCAG 2.1 1.4.10 Reflow: on a phone no public page scrolls sideways, at 320, 360 and 390 CSS
pixels, whatever editors put in it.

Every public page type of the demo is visited (the pages are found in the running demo, not
hard-coded), then an article written to break layouts: a 200-character word with no break
opportunity in its title, lead, paragraphs, caption, quote and byline, a long address, a wide
table, videos, an attached document, and a portlet of every type around it, in every region.

`window.innerWidth` alone proves nothing on a phone: a mobile browser zooms a page wider than
its screen out until it fits, and `innerWidth` then grows with the page (428 px on a 320 px
phone), so `scrollWidth <= innerWidth` holds even when the page scrolls sideways. The checks
compare with the width of the screen itself."""

import json

import pytest

from ..servers import manage
from .conftest import SERVER_ENV

WIDTHS = [320, 360, 390]
# 200 characters and not one break opportunity, and an address as long
LONG_WORD = ("Khoahọcvàcôngnghệ" * 12)[:200]
LONG_URL = ("https://dichvucong.haugiang.gov.vn/thutuchanhchinh?ma="
            + "0123456789abcdef" * 10)[:200]
# a word found in the stress article and nowhere else, to reach it through the search
STRESS_KEYWORD = "dantrangdienthoai"

DISCOVER = """
import json
from news.models import ArticleTag, NewsArticlePage
from organisation.models import OrganisationPage, PersonPage, UnitPage
from pages.models import StandardPage
from portlets.models import Portlet
from portlets.services import is_placed_publicly
from lifecycle.models import Retirement
from wagtail.models import Page
from workschedule.models import WorkScheduleIndexPage

seed = NewsArticlePage.objects.live().exclude(legacy_key="").first()  # from the old portal
standard = StandardPage.objects.live().order_by("-show_in_menus", "path").first()
# the archive of the seed's category: its index and its newest month (issue 15, 4b)
category = seed.get_parent().specific
newest = category.item_months()[1][0][0]
organisation = OrganisationPage.objects.live().first()
# the unit and the person with the most to show: the board, someone holding two roles
unit = UnitPage.objects.live().filter(appointments__isnull=False).order_by("path").first()
person = max(PersonPage.objects.live(), key=lambda page: page.appointments.count())
print(json.dumps({
    "archive": category.get_url() + "luu-tru/",
    "archive-month": category.get_url() + "luu-tru/%d/%d/" % (newest.year, newest.month),
    "article": seed.get_url(),
    "category": seed.get_parent().get_url(),
    "tag": "/the/%s/" % ArticleTag.objects.filter(tagged_items__isnull=False).first().slug,
    "standard": standard.get_url() if standard else None,
    "organisation": organisation.get_url(),
    "unit": unit.get_url(),
    "person": person.get_url(),
    "schedule": WorkScheduleIndexPage.objects.live().first().get_url(),
    "portlets": [p.pk for p in Portlet.objects.all() if is_placed_publicly(p)],
    "withdrawn": Retirement.objects.filter(kind="withdrawn").first().page.get_url(),
    "gone": Retirement.objects.filter(kind="gone").first().path + "/",
    "english": [p.get_url() for p in Page.objects.live().filter(locale__language_code="en")],
}))
"""

# One article, kept out of the demo's lists (dated 2001, in no menu, with words of its own) so
# that the tests run after this module see the demo as it was.
STRESS = """
import json
from datetime import datetime, timezone
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from news.models import NewsArticlePage
from portlets.models import Portlet, PortletAssignment

LONG, URL, KEY = %(long)r, %(url)r, %(key)r
Document = get_document_model()
document = Document(title="Văn bản " + LONG)
document.file.save("van-ban-kiem-tra-dan-trang.pdf", ContentFile(b"%%PDF-1.4\\n%%%%EOF\\n"))
clip = Document(title="Đoạn phim")
clip.file.save("doan-phim-kiem-tra.mp4", ContentFile(b"\\x00" * 64))
photo = get_image_model().objects.order_by("pk").first()
seed = NewsArticlePage.objects.live().exclude(legacy_key="").first()
category = seed.get_parent()
columns = ["Mã số", "Tên thủ tục hành chính", "Cơ quan thực hiện", "Lĩnh vực", "Mức độ",
           "Thời hạn giải quyết", "Phí, lệ phí", "Căn cứ pháp lý", "Nộp trực tuyến", "Ghi chú"]
rows = [["1.00%%d" %% n, "Cấp giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
         "Sở Khoa học và Công nghệ", "Hoạt động khoa học và công nghệ", "Toàn trình",
         "15 ngày làm việc", "Không", "Nghị định số 08/2014/NĐ-CP", URL, LONG]
        for n in range(4)]
table = {"data": [columns] + rows, "first_row_is_table_header": True,
         "first_col_is_header": False, "table_header_choice": "row", "cell": [],
         "mergeCells": [], "table_caption": "Bảng thủ tục " + LONG}
body = [
    {"type": "paragraph", "value": "<h2>Mục " + LONG + "</h2><p>Từ khóa " + KEY + ". " + LONG
     + " xem tại " + URL + ' hoặc <a href="' + URL + '">' + URL + "</a>.</p><ul><li>" + LONG
     + "</li></ul>"},
    {"type": "photo", "value": {"image": photo.pk, "caption": "Ảnh " + LONG, "alt_text": "",
                                "credit": LONG, "missing": False, "original_src": ""}},
    {"type": "photo", "value": {"image": None, "caption": "Ảnh mất " + LONG, "alt_text": "",
                                "credit": "", "missing": True, "original_src": URL}},
    {"type": "quote", "value": {"text": LONG + "\\n" + URL, "attribution": LONG}},
    {"type": "table", "value": table},
    {"type": "video", "value": {"file": None, "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                                "title": "Phim " + LONG, "poster": None}},
    {"type": "video", "value": {"file": clip.pk, "url": "", "title": "Phim " + LONG,
                                "poster": photo.pk}},
    {"type": "document", "value": {"document": document.pk, "title": ""}},
]
article = NewsArticlePage(
    title="Kiểm tra dàn trang " + LONG, slug="kiem-tra-dan-trang-tren-dien-thoai",
    sapo="Tóm tắt " + LONG, body=body, featured_image=photo, author_name=LONG[:200],
    source=URL, published_at=datetime(2001, 1, 1, tzinfo=timezone.utc))
category.add_child(instance=article)
article.tags.add(LONG[:80])
article.save_revision().publish()

def place(region, title, kind, value, order):
    portlet = Portlet.objects.create(title=title, content=[{"type": kind, "value": value}],
                                     show_title=kind != "banner")
    PortletAssignment.objects.create(page=article, portlet=portlet, region=region,
                                     sort_order=order)
    return portlet.pk

links = [{"title": LONG, "url": URL}, {"title": "Cổng thông tin " + LONG, "url": URL}]
portlets = [
    place("top", "Thông báo " + LONG, "rich_text", {"text": "<p>" + LONG + " " + URL + "</p>"}, 0),
    place("left", "Liên kết " + LONG, "link_list", {"links": links, "as_dropdown": True}, 1),
    place("left", "Tìm kiếm " + LONG, "search_box", {"placeholder": LONG[:100]}, 2),
    place("left", "Phim " + LONG, "video", {"file": None, "poster": None, "title": LONG,
                                            "url": "https://youtu.be/dQw4w9WgXcQ"}, 3),
    place("right", "Danh sách " + LONG, "link_list", {"links": links, "as_dropdown": False}, 4),
    place("right", "Quảng cáo " + LONG, "banner", {"image": photo.pk, "alt_text": LONG,
                                                   "link_page": None, "link_url": URL}, 5),
    place("right", "Lịch " + LONG, "notice", {"text": "<p><b>" + LONG + "</b></p>",
                                              "document": document.pk}, 6),
    place("bottom", "Chân trang " + LONG, "rich_text",
          {"text": "<ul><li>" + LONG + "</li><li>" + URL + "</li></ul>"}, 7),
]
print(json.dumps({"article": article.get_url(), "tag": "/the/%%s/" %% article.tags.first().slug,
                  "search": "/tim-kiem/?q=" + KEY, "portlets": portlets}))
""" % {"long": LONG_WORD, "url": LONG_URL, "key": STRESS_KEYWORD}

# Every element whose box, or whose content, reaches past the right edge of the screen and is
# not inside a box that scrolls or clips it (a table in its scrolling wrapper is fine; the
# wrapper must fit). When there are some, the culprits are found by hiding them one at a time:
# the deepest elements without which the document gets narrower, round after round.
OVERFLOW_JS = """(width) => {
  const describe = (el) => {
    const parts = [];
    for (let node = el; node && node !== document.documentElement; node = node.parentElement) {
      let part = node.tagName.toLowerCase();
      if (node.id) part += '#' + node.id;
      else if (typeof node.className === 'string' && node.className.trim())
        part += '.' + node.className.trim().split(/\\s+/).join('.');
      parts.unshift(part);
      if (node.id || parts.length === 4) break;
    }
    return parts.join(' > ');
  };
  const scrolledOrClipped = (el) => {
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement)
      if (getComputedStyle(node).overflowX !== 'visible') return true;
    return false;
  };
  const tooWide = () => {
    const found = [];
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (!box.width && !box.height) continue;  // not rendered
      if (scrolledOrClipped(el)) continue;
      let right = box.right;
      if (el.clientWidth && getComputedStyle(el).overflowX === 'visible')  // content spilling out
        right = Math.max(right, box.left + el.clientLeft + el.scrollWidth);
      if (right > width + 1) found.push([el, Math.round(right)]);
    }
    return found;
  };
  const docWidth = () => document.documentElement.scrollWidth;
  const result = {scrollWidth: docWidth(), innerWidth: window.innerWidth, culprits: []};
  let wide = tooWide();
  result.count = wide.length;
  const hidden = [];
  for (let round = 0; round < 6 && wide.length; round++) {
    const before = docWidth();
    const narrowing = new Set();
    for (const [el] of wide.slice(-300)) {
      const display = el.style.display;
      el.style.display = 'none';
      if (docWidth() < before) narrowing.add(el);
      el.style.display = display;
    }
    const deepest = [...narrowing].filter(
      (el) => ![...narrowing].some((o) => o !== el && el.contains(o)));
    if (!deepest.length) break;
    for (const [el, right] of wide)
      if (deepest.includes(el)) result.culprits.push(describe(el) + ' (right edge ' + right + ')');
    for (const el of deepest) { hidden.push([el, el.style.display]); el.style.display = 'none'; }
    wide = docWidth() > width ? tooWide() : [];
  }
  for (const [el, display] of hidden.reverse()) el.style.display = display;
  return result;
}"""


def reflow_problems(page):
    """What makes `page` scroll sideways on its screen, or None."""
    width = page.viewport_size["width"]
    page.evaluate("() => document.fonts.ready.then(() => null)")
    found = page.evaluate(OVERFLOW_JS, width)
    if found["scrollWidth"] <= width and found["innerWidth"] <= width and not found["count"]:
        return None
    return (f"at {width}px the document is {found['scrollWidth']}px wide (innerWidth "
            f"{found['innerWidth']}px), {found['count']} elements reach past the right edge; "
            f"the culprits: {found['culprits'][:12]}")


def assert_reflows(page):
    problems = reflow_problems(page)
    assert problems is None, problems


@pytest.fixture(scope="module")
def demo_urls(server_url):
    return json.loads(manage(SERVER_ENV, "shell", "-c", DISCOVER).stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def stress_urls(server_url):
    return json.loads(manage(SERVER_ENV, "shell", "-c", STRESS).stdout.strip().splitlines()[-1])


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def narrow_phone(browser, server_url, request):
    """A phone `request.param` CSS pixels wide that reaches nothing but the test server (the
    YouTube frames stay empty)."""
    context = browser.new_context(viewport={"width": request.param, "height": 740}, locale="vi-VN",
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    context.route(lambda url: not url.startswith(server_url), lambda route: route.abort())
    yield context.new_page()
    context.close()


def visit(page, url, status=200):
    response = page.goto(url, wait_until="load")
    assert response.status == status, url
    return response


def swap_in_portlet_endpoints(page, server_url, ids):
    """Replace each portlet of the page by what `/portlet/<id>/` serves, as a partial refresh
    does: that HTML is a fragment (no <meta viewport>, no style sheet), so it is judged where
    it is meant to go."""
    swapped = 0
    for pk in ids:
        box = page.locator(f'[data-portlet="{pk}"]')
        if not box.count():
            continue
        response = page.request.get(f"{server_url}/portlet/{pk}/")
        # the staff-only box of the demo answers a visitor 403, with the denial message
        assert response.status in (200, 403)
        assert response.headers["content-type"].startswith("text/html")
        box.evaluate("(box, html) => { box.outerHTML = html; }", response.text())
        swapped += 1
    return swapped


PAGES = ["home", "category", "article", "tag", "standard", "organisation", "unit", "person",
         "search", "sign-in", "not-found", "portlet-endpoint", "withdrawn", "gone",
         "accessibility", "archive", "archive-month", "feeds", "site-map", "schedule"]


@pytest.mark.parametrize("kind", PAGES)
def test_public_pages_reflow_on_a_phone(server_url, demo_urls, narrow_phone, kind):
    page = narrow_phone
    if kind == "portlet-endpoint":
        visit(page, server_url + "/")
        assert swap_in_portlet_endpoints(page, server_url, demo_urls["portlets"])
    else:
        path = {"home": "/", "search": "/tim-kiem/?q=khoa+hoc", "sign-in": "/dang-nhap/",
                "not-found": "/khong-co-trang-nay/", "feeds": "/rss/",
                "site-map": "/so-do-cong/",
                "accessibility": "/tro-giup-tiep-can/"}.get(kind) or demo_urls[kind]
        if path is None:
            pytest.skip("the demo has no page of this kind (no plain page since Giới thiệu "
                        "became the organisation page)")
        visit(page, server_url + path,
              status={"not-found": 404, "gone": 410}.get(kind, 200))
        if kind == "article":  # the seed article of the old portal, with its photos
            assert page.locator(".article-body figure figcaption").count() >= 1
        if kind == "search":
            assert page.locator(".search-results li").count() >= 1
        if kind == "schedule":  # the demo's week, by day
            assert page.locator(".schedule-entry").count() >= 1
    assert_reflows(page)


def test_english_pages_reflow_on_a_phone(server_url, demo_urls, narrow_phone):
    """The demo's English pages (/en/: home, about us, contact), language switch included."""
    assert "/en/" in demo_urls["english"] and len(demo_urls["english"]) >= 3
    for path in demo_urls["english"]:
        visit(narrow_phone, server_url + path)
        assert narrow_phone.locator(".language-switch a[hreflang=vi]").count() == 1
        assert_reflows(narrow_phone)


def test_the_open_menu_and_search_filters_reflow(server_url, narrow_phone):
    page = narrow_phone
    visit(page, server_url + "/tim-kiem/?q=khoa+hoc")
    page.get_by_role("button", name="Danh mục").click()
    page.get_by_text("Lọc và sắp xếp").click()
    assert page.get_by_label("Sắp xếp theo").is_visible()
    assert_reflows(page)


def test_the_home_page_reflows_with_long_titles(server_url, narrow_phone):
    """The home page's featured article, cards and "Tin mới" with a 200-character word in their
    titles, put there in the browser so that the demo's data stays as it is."""
    page = narrow_phone
    visit(page, server_url + "/")
    changed = page.evaluate(
        """(word) => {
            const links = document.querySelectorAll(
              '.featured h2 a, .card h3 a, .link-list a, .breadcrumb li, .footer-name');
            links.forEach((link) => { link.textContent = word; });
            return links.length;
        }""", LONG_WORD)
    assert changed >= 3
    assert_reflows(page)


@pytest.mark.parametrize("kind", ["article", "tag", "search", "portlet-endpoint"])
def test_long_words_and_wide_tables_reflow(server_url, stress_urls, narrow_phone, kind):
    page = narrow_phone
    visit(page, server_url + (stress_urls["tag"] if kind == "tag" else
                              stress_urls["search"] if kind == "search" else
                              stress_urls["article"]))
    if kind == "article":
        assert LONG_WORD in page.locator("h1").inner_text()
        assert page.locator(".article-body table th").count() == 10
        for pk in stress_urls["portlets"]:
            assert page.locator(f'[data-portlet="{pk}"]').count() == 1
        # the table scrolls in its own box, which the keyboard can reach
        wrap = page.locator(".table-wrap")
        assert wrap.evaluate("(wrap) => wrap.scrollWidth > wrap.clientWidth")
        assert wrap.get_attribute("tabindex") == "0"
    if kind == "search":
        assert page.locator(".search-results li").count() == 1
    if kind == "portlet-endpoint":
        assert swap_in_portlet_endpoints(page, server_url, stress_urls["portlets"]) == 8
    assert_reflows(page)
