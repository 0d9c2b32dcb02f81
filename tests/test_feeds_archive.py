"""Issue 15, points 4b and 5: a section's archive by year and month (`<section>/luu-tru/`), the
list of every feed (`/rss/`), each a valid RSS 2.0 feed announced by its list pages, the human
site map (`/so-do-cong/`) and `sitemap.xml` (lastmod, the request's host and port)."""

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.models import NewsCategoryPage
from pages.models import StandardPage

from .conftest import VN_TZ, publish_child

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def rendered(settings):
    """Every answer rendered (the page cache off), unless a test turns it on."""
    settings.PAGE_CACHE_SECONDS = 0


class HeadLinks(HTMLParser):
    """The <link rel="alternate" type="application/rss+xml"> of a page's <head>, and its <a>."""

    def __init__(self):
        super().__init__()
        self.feeds, self.links, self.in_head = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "link" and self.in_head and attrs.get("rel") == "alternate" \
                and attrs.get("type") == "application/rss+xml":
            self.feeds.append((attrs.get("title"), attrs.get("href")))
        elif tag == "a":
            self.links.append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def parse(html):
    parser = HeadLinks()
    parser.feed(html)
    return parser


def check_rss(client, url, host="testserver:8080"):
    """The feed at `url`, checked as RSS 2.0: (channel title, [(item title, link), …])."""
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for name in ("title", "link", "description", "language"):
        assert (channel.findtext(name) or "").strip(), (url, name)
    assert channel.findtext("language") == "vi"
    assert channel.findtext("link").startswith(f"http://{host}/")
    items = []
    for item in channel.findall("item"):
        link = item.findtext("link")
        assert item.findtext("title") and link.startswith(f"http://{host}/"), url
        assert item.findtext("guid") == link
        assert parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None
        items.append((item.findtext("title"), link))
    return channel.findtext("title"), items


# --- archive ---------------------------------------------------------------------------------

@pytest.fixture
def dated(make_article):
    """Five articles in March 2025, one in May 2025, one in January 2026, one draft (March)."""
    made = [make_article(title=f"Tháng ba {n}", published_at=datetime(2025, 3, 2 + n, 9,
                                                                       tzinfo=VN_TZ))
            for n in range(5)]
    made.append(make_article(title="Tháng năm", published_at=datetime(2025, 5, 31, 23, 30,
                                                                      tzinfo=VN_TZ)))
    made.append(make_article(title="Năm mới", published_at=datetime(2026, 1, 1, 0, 10,
                                                                    tzinfo=VN_TZ)))
    make_article(title="Bản nháp", live=False, published_at=datetime(2025, 3, 9, tzinfo=VN_TZ))
    return made


def test_the_archive_index_lists_years_and_months_with_counts(client, category, dated):
    html = client.get(category.url).content.decode()
    archive = category.url + "luu-tru/"
    assert f'href="{archive}"' in html  # the category page links to its archive
    response = client.get(archive)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Năm 2026" in html and "Năm 2025" in html and "Năm 2024" not in html
    assert f'href="{archive}2025/3/">Tháng 3 (5)' in html
    assert f'href="{archive}2025/5/">Tháng 5 (1)' in html  # 23:30 local time is still May
    assert f'href="{archive}2026/1/">Tháng 1 (1)' in html
    assert "(6 mục)" in html and "Bản nháp" not in html
    assert html.index("Năm 2026") < html.index("Năm 2025")  # newest first
    # the whole news section has its archive too, with its categories' articles
    assert client.get(category.get_parent().url + "luu-tru/2025/3/").status_code == 200


def test_a_year_and_a_month_list_their_articles_paginated(client, category, dated, settings):
    NewsCategoryPage.per_page, per_page = 2, NewsCategoryPage.per_page
    try:
        year = client.get(category.url + "luu-tru/2025/")
        assert year.status_code == 200
        page = year.context["items"]
        assert page.paginator.count == 6 and page.paginator.num_pages == 3
        assert [a.title for a in page] == ["Tháng năm", "Tháng ba 4"]
        month = client.get(category.url + "luu-tru/2025/3/?trang=3")
        assert month.status_code == 200
        assert [a.title for a in month.context["items"]] == ["Tháng ba 0"]
        html = month.content.decode()
        assert 'aria-current="page"' in html and "Năm mới" not in html
        seen = []
        for number in (1, 2, 3):
            seen += [a.title for a in client.get(
                category.url + f"luu-tru/2025/3/?trang={number}").context["items"]]
        assert seen == [f"Tháng ba {n}" for n in (4, 3, 2, 1, 0)]
        assert client.get(category.url + "luu-tru/2025/3/?trang=4").status_code == 404
    finally:
        NewsCategoryPage.per_page = per_page


@pytest.mark.parametrize("rest", ["2024/", "2025/4/", "2025/13/", "2025/0/", "0/", "99999/",
                                  "99999999999999999999/", "abc/", "2025/x/", "2025/3/1/",
                                  "2025/3/?trang=abc", "2025/3/?trang=0",
                                  # one address per period (review of issue 15)
                                  "02025/", "2025/03/", "02025/3/", "?trang=2"])
def test_bad_periods_are_404s(client, category, dated, rest):
    assert client.get(category.url + "luu-tru/" + rest).status_code == 404


def test_sections_without_an_archive_answer_404(client, home):
    from legal.models import LegalDocumentIndexPage

    section = publish_child(home, LegalDocumentIndexPage(title="Văn bản", slug="van-ban"))
    assert client.get(section.url + "luu-tru/").status_code == 404
    assert "luu-tru" not in client.get(section.url).content.decode()


def test_archive_query_count_is_constant(client, category, make_article,
                                         django_assert_max_num_queries):
    def count(url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get(url)  # the months and the site are kept per generation after this
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    make_article(published_at=datetime(2025, 3, 2, tzinfo=VN_TZ))
    few = [count(category.url + "luu-tru/"), count(category.url + "luu-tru/2025/3/")]
    for n in range(15):
        make_article(published_at=datetime(2025, 3, 3 + n, tzinfo=VN_TZ))
    assert count(category.url + "luu-tru/") <= few[0]
    assert count(category.url + "luu-tru/2025/3/") <= few[1]


def test_a_child_page_cannot_take_the_archive_address(category):
    from core.forms import is_reserved

    assert is_reserved("luu-tru", category) and is_reserved("rss", category)
    assert is_reserved("so-do-cong", category.get_parent().get_parent())


def test_a_child_of_the_home_page_cannot_take_a_language_prefix(home):
    """/en/ is the English home page: a Vietnamese page at /en/ could never be reached."""
    from django.core.exceptions import ValidationError

    from core.forms import is_reserved
    from core.languages import prefixed_languages

    assert "en" in prefixed_languages()
    assert is_reserved("en", home) and is_reserved("EN", home)
    assert not is_reserved("vi", home)  # Vietnamese has no prefix
    with pytest.raises(ValidationError):
        publish_child(home, StandardPage(title="Tiếng Anh", slug="en"))
    # a slug made from the title steps aside
    page = StandardPage(title="EN")
    home.add_child(instance=page)
    assert page.slug != "en" and page.url != "/en/"


# --- feeds -----------------------------------------------------------------------------------

def test_the_feed_list_names_every_section_and_category(client, home, news_root, category,
                                                       make_article):
    from legal.models import LegalDocumentIndexPage
    from procedures.models import ProcedureIndexPage

    make_article(title="Tin có trong luồng")
    legal = publish_child(home, LegalDocumentIndexPage(title="Văn bản", slug="van-ban"))
    procedures = publish_child(home, ProcedureIndexPage(title="Thủ tục", slug="thu-tuc"))
    hidden = publish_child(home, ProcedureIndexPage(title="Thủ tục nội bộ", slug="noi-bo"))
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    draft = NewsCategoryPage(title="Chuyên mục nháp", slug="nhap", live=False)
    news_root.add_child(instance=draft)
    response = client.get("/rss/", HTTP_HOST="testserver:8080")
    assert response.status_code == 200
    html = response.content.decode()
    parsed = parse(html)
    expected = {news_root: "Tin tức - Sự kiện", category: "Tin hoạt động", legal: "Văn bản",
                procedures: "Thủ tục"}
    hrefs = {href for _title, href in parsed.feeds}
    for page, title in expected.items():
        feed = f"http://testserver:8080{page.url}rss/"
        assert feed in hrefs and f'href="{feed}"' in html and title in html
        channel, _items = check_rss(client, feed)
        assert channel == title
    assert "Thủ tục nội bộ" not in html and "Chuyên mục nháp" not in html
    # a category is listed inside the news section
    assert html.index("Tin tức - Sự kiện") < html.index("Tin hoạt động") < html.index(
        "</ul>", html.index("Tin hoạt động"))
    assert check_rss(client, f"{category.url}rss/")[1][0][0] == "Tin có trong luồng"


def test_every_list_page_announces_its_feed(client, home, category, make_article):
    from legal.models import LegalDocumentIndexPage

    article = make_article(published_at=datetime(2025, 3, 2, tzinfo=VN_TZ))
    article.tags.add("Chuyển đổi số")
    article.save_revision().publish()
    legal = publish_child(home, LegalDocumentIndexPage(title="Văn bản", slug="van-ban"))
    pages = {category.url: f"{category.url}rss/", legal.url: f"{legal.url}rss/",
             category.url + "luu-tru/": f"{category.url}rss/",
             category.url + "luu-tru/2025/": f"{category.url}rss/",
             category.url + "luu-tru/2025/3/": f"{category.url}rss/",
             "/the/chuyen-doi-so/": "/the/chuyen-doi-so/rss/"}
    for url, feed in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        feeds = parse(response.content.decode()).feeds
        assert [href for _title, href in feeds] == [feed], url
        assert feeds[0][0].endswith("(RSS)")
        check_rss(client, feed, host="testserver")
    title, items = check_rss(client, "/the/chuyen-doi-so/rss/")
    assert title == "Từ khóa: Chuyển đổi số"
    assert items == [(article.title, f"http://testserver:8080{article.url}")]
    assert client.get("/the/khong-co/rss/").status_code == 404


# --- the site map ----------------------------------------------------------------------------

def test_the_site_map_is_a_tree_of_public_sections(client, home, news_root, category,
                                                   make_article):
    article = make_article(title="Bài báo riêng lẻ")
    about = publish_child(home, StandardPage(title="Giới thiệu", slug="gioi-thieu"))
    functions = publish_child(about, StandardPage(title="Chức năng nhiệm vụ"))
    private = publish_child(home, StandardPage(title="Trang nội bộ", slug="noi-bo"))
    publish_child(private, StandardPage(title="Con của trang nội bộ"))
    PageViewRestriction.objects.create(page=private, restriction_type="password",
                                       password="x")
    draft = StandardPage(title="Trang nháp", slug="nhap", live=False)
    home.add_child(instance=draft)
    response = client.get("/so-do-cong/")
    assert response.status_code == 200
    html = response.content.decode()
    links = parse(html).links
    for page in (home, news_root, category, about, functions):
        assert page.url in links, page.title
    for title in ("Bài báo riêng lẻ", "Trang nội bộ", "Con của trang nội bộ", "Trang nháp"):
        assert title not in html
    assert article.url not in links
    # nested: the category is inside the news section's list, the home page holds all
    tree = html[html.index('class="site-tree"'):]
    assert re.search(r"Tin tức - Sự kiện</a>\s*<ul>\s*<li><a [^>]*>Tin hoạt động", tree)
    assert "/so-do-cong/" in client.get("/").content.decode()  # the footer links to it
    assert "/rss/" in client.get("/").content.decode()


def test_site_map_and_feed_list_queries_do_not_grow(client, home, news_root,
                                                    django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    publish_child(news_root, NewsCategoryPage(title="Mục 0"))
    few = count("/so-do-cong/"), count("/rss/")
    for n in range(1, 8):
        publish_child(news_root, NewsCategoryPage(title=f"Mục {n}"))
    assert (count("/so-do-cong/"), count("/rss/")) <= few


# --- sitemap.xml -----------------------------------------------------------------------------

def test_sitemap_has_lastmod_and_the_requests_host_and_port(client, home, category,
                                                            make_article, settings):
    settings.PAGE_CACHE_SECONDS = 300
    article = make_article(title="Tin công khai")
    hidden = publish_child(home, StandardPage(title="Nội bộ", slug="noi-bo"))
    below = publish_child(hidden, StandardPage(title="Dưới nội bộ"))
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    draft = StandardPage(title="Nháp", slug="nhap", live=False)
    home.add_child(instance=draft)

    cached = []

    def locations(host):
        response = client.get("/sitemap.xml", HTTP_HOST=host)
        assert response.status_code == 200
        cached.append(response.get("X-Page-Cache"))
        root = ET.fromstring(response.content)
        found = {}
        for url in root.findall(f"{SITEMAP_NS}url"):
            lastmod = url.findtext(f"{SITEMAP_NS}lastmod")
            assert lastmod and date.fromisoformat(lastmod), url.findtext(f"{SITEMAP_NS}loc")
            found[url.findtext(f"{SITEMAP_NS}loc")] = lastmod
        return found

    found = locations("testserver:8080")
    for page in (home, category, article):
        assert f"http://testserver:8080{page.url}" in found
    assert not any(("noi-bo" in url or "nhap" in url) for url in found), found
    assert below.url not in "".join(found)
    assert found[f"http://testserver:8080{article.url}"] == timezone.localdate(
        article.last_published_at).isoformat()
    # another host gets its own addresses, not the stored answer for the first
    other = locations("portal.example.vn")
    assert all(url.startswith("http://portal.example.vn/") for url in other)
    assert all(url.startswith("http://testserver:8080/") for url in locations("testserver:8080"))
    assert cached == ["miss", "miss", "hit"]  # kept, and kept apart by host


def test_a_withdrawn_page_is_not_in_the_sitemap(client, home, make_article):
    from lifecycle import services as lifecycle

    article = make_article(title="Tin đã thu hồi")
    kept = make_article(title="Tin còn hiệu lực")
    lifecycle.retire(article, None, "withdrawn", "Hết hiệu lực.")
    found = client.get("/sitemap.xml").content.decode()
    assert article.url not in found and kept.url in found
    assert client.get(article.url).status_code == 200  # still online, with its banner


def test_sitemap_reads_the_pages_in_few_queries(client, home, news_root,
                                                django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client.get("/sitemap.xml")  # the site and the restrictions are kept after this
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap.xml").status_code == 200
        return len(queries)

    few = count()
    for n in range(10):
        publish_child(news_root if n % 2 else home, StandardPage(title=f"Trang {n}"))
    assert count() <= few
