"""What rendering a page costs in SQL queries, with the page cache off (a cold render for the
cache, with Django and the content-generation caches warm): a budget each page must keep,
and one that does not grow with the number of items, portlets or levels of the tree.

An article's budget is the issue's 10 (issue 13); it takes 4 in the tests (the page and its
type, its tags, its chosen related articles): site, settings, menu, restrictions, portlet
placements, other news and cards are kept per content generation (core.tree)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import NewsCategoryPage
from portlets.models import Portlet, PortletAssignment

from .conftest import publish_child

ARTICLE_BUDGET = 10  # 31 before the fast routing, the cached placements and core.tree
BOT = {"HTTP_USER_AGENT": "curl/8"}  # not counted: the count's writes are not rendering


@pytest.fixture(autouse=True)
def rendered_every_time(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.PAGE_CACHE_LIVE_SECONDS = 2  # as served: live figures shared for two seconds


def queries(client, url):
    client.get(url, **BOT)  # the site's settings and caches, made once
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **BOT).status_code == 200
    return [query["sql"] for query in captured]


def portlets_on(page, count):
    for number in range(count):
        portlet = Portlet.objects.create(title=f"Hộp {number}", content=[
            {"type": "rich_text", "value": {"text": f"<p>Nội dung {number}</p>"}}])
        PortletAssignment.objects.create(page=page, portlet=portlet, region="right")
    counter = Portlet.objects.create(title="Thống kê", content=[{"type": "visit_counter",
                                                                  "value": {}}])
    PortletAssignment.objects.create(page=page, portlet=counter, region="right")


def test_an_article_keeps_its_budget_however_deep_and_however_many_portlets(
        client, home, category, make_article):
    portlets_on(home, 2)
    article = make_article(title="Bài đo truy vấn")
    shallow = queries(client, article.url)
    assert len(shallow) <= ARTICLE_BUDGET, "\n".join(shallow)
    deeper = publish_child(category, NewsCategoryPage(title="Chuyên mục con"))
    deep = make_article(title="Bài ở sâu hơn", parent=deeper)
    portlets_on(home, 3)
    assert len(queries(client, deep.url)) == len(queries(client, article.url))


def test_a_list_does_not_grow_with_its_items(client, category, make_article):
    make_article()
    few = len(queries(client, category.url))
    for _n in range(8):
        make_article()
    assert len(queries(client, category.url)) == few


def test_an_address_of_many_parts_costs_one_bounded_query(client, category, make_article):
    article = make_article()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(category.url + "a/" * 2000, **BOT).status_code == 404
    assert max(len(query["sql"]) for query in captured) < 20000
    assert client.get(article.url, **BOT).status_code == 200


def test_live_figures_made_for_an_english_preview_stay_out_of_public_pages(client, settings,
                                                                           make_article):
    from django.utils import translation

    from core.page_cache import made_live

    article = make_article()
    with translation.override("en"):
        made_live("page-views", article.pk, lambda: "Views: 7")
    html = client.get(article.url, **BOT).content.decode()
    assert "Lượt xem" in html and "Views: 7" not in html


def test_the_home_page_does_not_grow_with_its_categories(client, home, news_root,
                                                         make_article):
    def category_with_articles(parent, title):
        category = publish_child(parent, NewsCategoryPage(title=title))
        for _n in range(5):
            make_article(parent=category)
        return category

    category_with_articles(news_root, "Chuyên mục một")
    few = len(queries(client, "/"))
    other_top = publish_child(home, NewsCategoryPage(title="Thông báo"))
    category_with_articles(other_top, "Chuyên mục hai")
    category_with_articles(news_root, "Chuyên mục ba")
    publish_child(home, NewsCategoryPage(title="Chuyên mục trống"))
    html = client.get("/", **BOT).content.decode()
    assert "Chuyên mục hai" in html and "Chuyên mục ba" in html
    assert len(queries(client, "/")) == few


def test_the_home_page_finds_a_quiet_categorys_news_behind_a_busy_one(
        client, home, news_root, make_article):
    """The home page reads the newest articles of all its categories at once, three times as
    many as it shows; a category with none among those still shows its own, however old."""
    from datetime import datetime, timedelta

    from .conftest import VN_TZ

    busy = publish_child(news_root, NewsCategoryPage(title="Chuyên mục sôi động"))
    quiet = publish_child(news_root, NewsCategoryPage(title="Chuyên mục ít tin"))
    old = [make_article(title=f"Tin cũ {n}", parent=quiet,
                        published_at=datetime(2020, 1, 1 + n, tzinfo=VN_TZ)) for n in range(3)]
    for n in range(4 * 3 * 3 + 5):  # more than the home page reads for its three categories
        make_article(title=f"Tin mới {n}", parent=busy,
                     published_at=datetime(2026, 1, 1, tzinfo=VN_TZ) + timedelta(hours=n))
    html = client.get("/", **BOT).content.decode()
    section = html[html.index("Chuyên mục ít tin"):]
    assert [title for title in re.findall(r">(Tin cũ \d)</a>", section)] == [
        article.title for article in reversed(old)]
    assert re.findall(r">(Tin mới \d+)</a>", html[html.index("Chuyên mục sôi động"):]
                      )[:4] == ["Tin mới 40", "Tin mới 39", "Tin mới 38", "Tin mới 37"]


def test_the_home_page_shows_the_first_twelve_categories(client, home, news_root,
                                                         make_article):
    for number in range(13):
        category = publish_child(news_root, NewsCategoryPage(title=f"Mục số {number:02}"))
        make_article(parent=category)
    html = client.get("/", **BOT).content.decode()
    # "Tin hoạt động" (the fixture's) comes first in the tree: eleven of these follow it
    assert "Mục số 10" in html and "Mục số 11" not in html and "Mục số 12" not in html
