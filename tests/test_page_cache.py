"""The shared page cache (core.page_cache): what enters it, who gets it, and that every kind of
change reaches the very next reader."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from core import page_cache
from news.models import NewsCategoryPage
from portlets.models import Portlet, PortletAssignment

from .conftest import client_for, make_user, publish_child


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.get(page_cache.STATUS_HEADER), response.content.decode()


def test_an_anonymous_reader_gets_the_stored_page_without_rendering(client, make_article):
    article = make_article(title="Hội thảo chuyển đổi số")
    first, status, html = get(client, article.url)
    assert first.status_code == 200 and status == "miss" and "Hội thảo chuyển đổi số" in html
    with CaptureQueriesContext(connection) as queries:
        second, status, again = get(client, article.url)
    assert status == "hit" and again == html
    assert len(queries) <= 2, [q["sql"][:80] for q in queries]  # the counter's writes, no reads


def test_addresses_hosts_and_queries_are_kept_apart(client, category, make_article):
    make_article(title="Tin một")
    _r, status, _html = get(client, category.url)
    assert status == "miss"
    assert get(client, category.url, QUERY_STRING="nam=2026")[1] == "miss"
    assert get(client, category.url + "?nam=2026")[1] == "hit"
    assert get(client, category.url, HTTP_HOST="other.example.invalid")[1] == "miss"


def test_signed_in_users_previews_and_posts_pass_by(client, make_article, category):
    article = make_article(title="Tin nội bộ")
    get(client, article.url)
    editor = client_for(make_user("bientap"))
    response, status, _html = get(editor, article.url)
    assert status is None and "private" in response["Cache-Control"]
    assert client.post(article.url).get(page_cache.STATUS_HEADER) is None
    # a reader holding a session (a page password given, a sign-in) is never served the store
    other = Client()
    other.cookies["sessionid"] = "anything"
    assert get(other, article.url)[1] is None


def test_a_page_with_a_form_or_a_cookie_is_not_stored(client, home):
    # the sign-in page sets the CSRF cookie: nothing with a cookie is stored
    response = client.get("/admin/login/")
    assert response.cookies and response.get(page_cache.STATUS_HEADER) is None
    assert client.get("/admin/login/").get(page_cache.STATUS_HEADER) is None


def test_a_private_page_is_never_stored_and_going_private_reaches_the_next_reader(
        client, category, make_article):
    article = make_article(title="Tin sắp riêng tư")
    get(client, article.url)
    assert get(client, article.url)[1] == "hit"
    PageViewRestriction.objects.create(page=category, restriction_type="password",
                                       password="mat-khau")
    response, status, html = get(client, article.url)
    assert status is None and "Tin sắp riêng tư" not in html


def test_publishing_unpublishing_and_moving_reach_the_next_reader(client, category,
                                                                    make_article, news_root):
    article = make_article(title="Bản đầu")
    for url in (article.url, category.url, "/"):
        get(client, url)
        assert get(client, url)[1] == "hit"
    article.title = "Bản sửa"
    article.save_revision().publish()
    for url in (article.url, category.url, "/"):
        _r, status, html = get(client, url)
        assert status == "miss" and "Bản sửa" in html and "Bản đầu" not in html, url
    article.unpublish()
    assert get(client, category.url)[2].count("Bản sửa") == 0
    other = publish_child(news_root, NewsCategoryPage(title="Thông báo"))
    get(client, other.url)
    make_article(title="Tin chuyển", parent=category).move(other, pos="last-child")
    assert "Tin chuyển" in get(client, other.url)[2]


def test_a_changed_portlet_setting_or_image_reaches_the_next_reader(client, home, image):
    from core.models import SiteSettings

    get(client, "/")
    assert get(client, "/")[1] == "hit"
    portlet = Portlet.objects.create(title="Liên kết mới", content=[
        {"type": "rich_text", "value": {"text": "<p>Nội dung portlet</p>"}}])
    PortletAssignment.objects.create(page=home, portlet=portlet, region="right")
    assert "Liên kết mới" in get(client, "/")[2]
    settings_row = SiteSettings.for_site(home.get_site())
    settings_row.agency_name = "Sở Khoa học và Công nghệ thành phố Cần Thơ"
    settings_row.save()
    assert "thành phố Cần Thơ" in get(client, "/")[2]
    get(client, "/")
    image.title = "Ảnh đổi tên"
    image.save()
    assert get(client, "/")[1] == "miss"


def test_what_is_not_content_invalidates_nothing(client, make_article):
    article = make_article(title="Tin đọc nhiều")
    get(client, article.url)
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()  # a session, a draft, its log: no page shows them
    session["seen"] = True
    session.create()
    article.title = "Bản nháp"
    article.save_revision()
    _r, status, html = get(client, article.url)
    assert status == "hit" and "Bản nháp" not in html


def test_a_lost_generation_is_drawn_anew(client, make_article):
    article = make_article()
    get(client, article.url)
    page_cache.store().delete(page_cache.GENERATION_KEY)
    assert get(client, article.url)[1] == "miss"


def test_off_when_its_lifetime_is_zero(settings, client, make_article):
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article()
    get(client, article.url)
    assert get(client, article.url)[1] is None


def test_a_reader_served_from_the_store_is_still_counted(client, category, make_article):
    from visits.counters import get_counter

    article = make_article()
    browser = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/120.0 Mobile"}
    statuses = [get(client, url, **browser)[1] for url in (article.url, article.url,
                                                         category.url, category.url)]
    assert statuses == ["miss", "hit", "miss", "hit"]
    assert get_counter().page_views(article.pk) == 2
    assert get_counter().page_views(category.pk) == 2  # a section is named like any page
    assert get(client, category.url + "rss/")[1] == "miss"  # its feed is stored too
    assert get(client, category.url + "rss/")[1] == "hit"


BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/120.0 Mobile"}


def test_view_counts_on_a_stored_page_are_those_of_the_moment(client, make_article):
    import re

    article = make_article()
    shown = []
    for _n in range(3):
        response, status, html = get(client, article.url, **BROWSER)
        shown.append((status, int(re.search(r"Lượt xem: (\d+)", html).group(1))))
        assert int(response["Content-Length"]) == len(response.content)
    assert shown == [("miss", 0), ("hit", 1), ("hit", 2)]


def test_the_visitor_counter_portlet_on_a_stored_page_is_made_again(client, home):
    counter = Portlet.objects.create(title="Thống kê truy cập",
                                     content=[{"type": "visit_counter", "value": {}}])
    PortletAssignment.objects.create(page=home, portlet=counter, region="right")
    first = get(client, "/", REMOTE_ADDR="203.0.113.1", **BROWSER)
    second = get(client, "/", REMOTE_ADDR="203.0.113.2", **BROWSER)
    assert (first[1], second[1]) == ("miss", "hit")
    assert "Hôm nay: <strong>0</strong>" in first[2]
    assert "Hôm nay: <strong>1</strong>" in second[2]  # the first reader, counted meanwhile


def test_a_new_day_and_a_short_lifetime_are_kept(client, make_article, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    article = make_article()
    get(client, article.url)
    assert get(client, article.url)[1] == "hit"
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert get(client, article.url)[1] == "miss"  # a document's status follows today's date

    response = type("R", (), {"get": lambda self, name, default="": "public, max-age=0"})()
    assert page_cache.lifetime(response) == 0



def test_the_embedded_store_read_once_by_a_process_still_expires_and_changes(
        settings, client, make_article, monkeypatch, tmp_path):
    """With files (the embedded default) a process keeps in memory the entries it read: until
    they expire, and only in their generation."""
    import time

    settings.CACHES = {**settings.CACHES, "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path / "pages")}, "page-generation": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path / "generation")}}
    article = make_article(title="Tin đọc từ tệp")
    assert get(client, article.url)[1] == "miss"
    assert get(client, article.url)[1] == "hit"
    assert page_cache._read  # read from the files once, then from memory
    later = time.time() + settings.PAGE_CACHE_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert get(client, article.url)[1] == "miss"  # expired: rendered again, not remembered
    assert get(client, article.url)[1] == "hit"
    article.title = "Tin đã sửa"
    article.save_revision().publish()
    response, status, html = get(client, article.url)
    assert status == "miss" and "Tin đã sửa" in html


def test_what_no_signal_announces_still_reaches_the_next_reader(settings, client, home,
                                                               category, make_article,
                                                               tmp_path):
    from legal.models import LegalDocumentIndexPage
    from news.models import NewsArticlePage

    from .conftest import import_sheet, write_sheet
    from .test_legal import HEADERS, ROWS

    # an import writes its pages in batches, without signals
    section = publish_child(home, LegalDocumentIndexPage(title="Văn bản", slug="van-ban"))
    get(client, section.url)
    import_sheet("van-ban", write_sheet(tmp_path / "v.csv", [ROWS[3]], HEADERS), "--publish")
    assert "Luật Khoa học và Công nghệ" in get(client, section.url)[2]
    # an alias is a live page created without a publication
    article = make_article(title="Tin được dẫn lại")
    other = publish_child(category.get_parent(), NewsCategoryPage(title="Thông báo"))
    get(client, other.url)
    article.create_alias(parent=other, update_slug="tin-duoc-dan-lai")
    assert "Tin được dẫn lại" in get(client, other.url)[2]
    # a process that does not serve from the cache (a shell, the scheduler) still invalidates
    get(client, article.url)
    settings.PAGE_CACHE_SECONDS = 0
    page = NewsArticlePage.objects.get(pk=article.pk)
    page.title = "Sửa từ dòng lệnh"
    page.save_revision().publish()
    settings.PAGE_CACHE_SECONDS = 300
    assert "Sửa từ dòng lệnh" in get(client, article.url)[2]
    # an author's name is shown on articles; a sign-in is not
    before = page_cache.generation()
    user = make_user("tacgia")
    assert page_cache.generation() != before
    before = page_cache.generation()
    user.save(update_fields=["last_login"])
    assert page_cache.generation() == before


def test_only_the_lists_own_parameters_are_stored(client, category, make_article):
    make_article()
    for query in ("x=1", "q=khoa+hoc", "utm_source=zalo&trang=1"):
        assert get(client, f"{category.url}?{query}")[1] is None, query
    assert get(client, category.url + "?nam=2026&trang=1")[1] == "miss"
    assert get(client, category.url + "?trang=1&nam=2026")[1] == "hit"
    # only what the page reads, each once, its page number as its links write it
    for query in ("nam=2026&nam=2027", "nam=2026&nam=2026", "trang=01", "trang=+1",
                  "trang=1&trang=1"):
        assert get(client, f"{category.url}?{query}")[1] is None, query
    assert get(client, category.url + "?nam=abc")[0].status_code == 400  # not a year it offers
    article = make_article()
    for query in ("trang=2", "nam=2026", "loai=x"):  # an article reads none
        response, status, _html = get(client, f"{article.url}?{query}")
        assert response.status_code == 200 and status is None, query
    assert get(client, "/the/khong-co/?trang=2")[0].status_code == 404
    assert get(client, category.url, secure=True)[1] == "miss"  # links are written with https


def test_an_unusable_store_serves_uncached(client, make_article, monkeypatch):
    article = make_article(title="Vẫn đọc được")

    def broken(*args, **kwargs):
        raise PermissionError("var/page-cache belongs to another user")
    monkeypatch.setattr(page_cache.store(), "get", broken)
    monkeypatch.setattr(page_cache.store(), "set", broken)
    response, status, html = get(client, article.url)
    assert response.status_code == 200 and status is None and "Vẫn đọc được" in html


def test_a_transaction_draws_once_more_on_commit_however_many_rows(image):
    from django.db import transaction

    for number in range(5):
        image.title = f"Ảnh {number}"
        image.save()
    pending = [entry[1] for entry in transaction.get_connection().run_on_commit]
    assert pending.count(page_cache.new_generation) == 1


# --- in front of Django's handler (core.front), conditional requests, compression -----------

def front_get(url, app=None, **extra):
    """What core.front answers for a GET of `url` (status, {header: value}, body); `app`
    stands for Django's handler: by default it fails the test, as a stored page must never
    reach it."""
    import io

    from django.test import RequestFactory

    from core.front import PageCacheFront

    method = extra.pop("method", "get")
    environ = getattr(RequestFactory(), method)(url, **extra).environ
    environ.setdefault("wsgi.input", io.BytesIO())
    got = {}

    def start_response(status, headers):
        got["status"], got["headers"] = int(status.split()[0]), dict(headers)

    def django(environ, start_response):
        if app is None:
            pytest.fail("a stored page went on to Django's handler")
        return app(environ, start_response)
    body = b"".join(PageCacheFront(django)(environ, start_response))
    return got.get("status"), got.get("headers", {}), body


def views_shown(html):
    import re

    return int(re.search(r"Lượt xem: (\d+)", html if isinstance(html, str) else html.decode())
               .group(1))


def test_a_stored_page_is_answered_before_djangos_handler_and_counted(client, make_article):
    from visits.counters import get_counter

    article = make_article(title="Đọc trước cả Django")
    _r, status, html = get(client, article.url, **BROWSER)
    assert status == "miss" and views_shown(html) == 0
    with CaptureQueriesContext(connection) as queries:
        status, headers, body = front_get(article.url, **BROWSER)
    assert status == 200 and headers["X-Page-Cache"] == "hit"
    assert "Đọc trước cả Django" in body.decode() and views_shown(body) == 1
    assert int(headers["Content-Length"]) == len(body) and headers["ETag"].startswith('"')
    assert page_cache.PAGE_HEADER not in headers
    assert headers["X-Content-Type-Options"] == "nosniff"  # the stored page's own headers
    assert not any("wagtailcore_page" in query["sql"] for query in queries)
    assert get_counter().page_views(article.pk) == 2
    # a HEAD has the headers without the body (and is not a read)
    status, headers, body = front_get(article.url, method="head", **BROWSER)
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
    assert get_counter().page_views(article.pk) == 2


def test_the_front_leaves_sessions_hosts_and_other_addresses_to_django(client, settings,
                                                                       make_article):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    article = make_article()
    get(client, article.url)

    def django(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"django"]
    for extra in ({"HTTP_COOKIE": "sessionid=abc"}, {"HTTP_AUTHORIZATION": "Basic eDp5"},
                  {"HTTP_HOST": "evil.example.com"}, {"QUERY_STRING": "q=1"},
                  {"HTTP_X_FORWARDED_PROTO": "https"}):
        url = article.url + ("?q=1" if "QUERY_STRING" in extra else "")
        extra.pop("QUERY_STRING", None)
        assert front_get(url, app=django, **extra)[2] == b"django", extra
    assert front_get(article.url, app=django, method="post")[2] == b"django"
    assert front_get(article.url, app=django, HTTP_COOKIE="messages=x; a=b")[2] == b"django"
    assert front_get(article.url, HTTP_COOKIE="csrftoken=abc")[0] == 200  # no session: stored


def test_a_reader_who_has_the_page_gets_304_until_its_numbers_change(client, settings,
                                                                      make_article):
    from visits.counters import get_counter

    settings.PAGE_CACHE_LIVE_SECONDS = 60
    page_cache._live_made.clear()
    article = make_article()
    etag = get(client, article.url, **BROWSER)[0]["ETag"]  # made by Django on the way out
    # within the live parts' seconds the numbers, so the page, are the same: 304
    assert client.get(article.url, HTTP_IF_NONE_MATCH=etag, **BROWSER).status_code == 304
    status, headers, body = front_get(article.url, **BROWSER)
    assert status == 200 and headers["ETag"] == etag
    views = get_counter().page_views(article.pk)
    status, again, body = front_get(article.url, HTTP_IF_NONE_MATCH=headers["ETag"], **BROWSER)
    assert (status, body) == (304, b"") and "Content-Length" not in again
    assert again["ETag"] == headers["ETag"]
    assert get_counter().page_views(article.pk) == views + 1  # a reload is a read
    both = f'"x", {headers["ETag"]}'
    assert client.get(article.url, HTTP_IF_NONE_MATCH=both).status_code == 304
    page_cache._live_made.clear()  # the numbers made again: the reader's copy is old
    assert front_get(article.url, HTTP_IF_NONE_MATCH=headers["ETag"], **BROWSER)[0] == 200


def test_pages_are_compressed_for_readers_who_accept_it(client, settings, make_article, image):
    import gzip

    article = make_article(title="Nén gọn")
    plain = get(client, article.url)[2]
    zipped = client.get(article.url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert "Nén gọn" in gzip.decompress(zipped.content).decode()
    status, headers, body = front_get(article.url, HTTP_ACCEPT_ENCODING="gzip")
    assert headers["Content-Encoding"] == "gzip" and headers["ETag"].startswith('W/"')
    assert gzip.decompress(body).decode() == plain and "Accept-Encoding" in headers["Vary"]
    # photos are not compressed again; a proxy that compresses turns it off
    rendition = image.get_rendition("width-400")
    photo = client.get(rendition.url, HTTP_ACCEPT_ENCODING="gzip")
    assert photo.status_code == 200 and not photo.has_header("Content-Encoding")
    settings.COMPRESS_PAGES = False
    assert not client.get(article.url, HTTP_ACCEPT_ENCODING="gzip").has_header(
        "Content-Encoding")
    assert "Content-Encoding" not in front_get(article.url, HTTP_ACCEPT_ENCODING="gzip")[1]


def test_live_numbers_lag_by_a_few_seconds_never_more(client, settings, make_article,
                                                       monkeypatch):
    import time

    settings.PAGE_CACHE_LIVE_SECONDS = 2
    page_cache._live_made.clear()
    article = make_article()
    now = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    get(client, article.url, **BROWSER)
    shown = [views_shown(front_get(article.url, **BROWSER)[2]) for _n in range(3)]
    assert shown == [0, 0, 0]  # as made for the first reader, for these two seconds
    now[0] += 2.5
    assert views_shown(front_get(article.url, **BROWSER)[2]) == 4  # every reader was counted


def test_portlets_are_cached_under_the_shared_generation(home):
    portlet = Portlet.objects.create(title="Tin mới", content=[{"type": "html", "value": "x"}])
    before = portlet.cache_key()
    assert page_cache.generation() in before
    page_cache.content_changed()  # in any process: the generation lives in the shared store
    assert portlet.cache_key() != before


def test_a_tags_list_is_stored_and_follows_its_articles(client, make_article):
    from news.models import ArticleTag

    article = make_article(title="Tin gắn thẻ")
    article.tags.add(ArticleTag.objects.create(name="Nông nghiệp", slug="nong-nghiep"))
    article.save_revision().publish()
    _r, status, html = get(client, "/the/nong-nghiep/")
    assert status == "miss" and "Tin gắn thẻ" in html
    assert get(client, "/the/nong-nghiep/")[1] == "hit"
    second = make_article(title="Tin gắn thẻ thứ hai")
    second.tags.add(ArticleTag.objects.get())
    second.save_revision().publish()
    assert "Tin gắn thẻ thứ hai" in get(client, "/the/nong-nghiep/")[2]
    assert get(client, "/the/khong-co/")[0].status_code == 404


def test_portlets_render_without_their_cache_when_the_generation_cannot_be_read(
        client, home, monkeypatch):
    from django.utils import translation

    portlet = Portlet.objects.create(title="Liên kết", content=[
        {"type": "rich_text", "value": {"text": "<p>Cổng dịch vụ công</p>"}}])
    PortletAssignment.objects.create(page=home, portlet=portlet, region="right")
    with translation.override("en"):
        english = portlet.cache_key()
    assert english != portlet.cache_key()  # an editor's English preview keeps to itself

    def broken(*args, **kwargs):
        raise PermissionError("var/page-generation belongs to another user")
    monkeypatch.setattr(page_cache.generation_store(), "get", broken)
    response, status, html = get(client, "/")
    assert response.status_code == 200 and status is None and "Cổng dịch vụ công" in html


def test_a_release_starts_a_new_generation_and_debug_caches_nothing(db):
    import subprocess
    import sys

    from django.core.management import call_command

    before = page_cache.generation()
    call_command("migrate", verbosity=0)
    assert page_cache.generation() != before  # templates of the new release show at once
    shown = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings;"
         " print(settings.PAGE_CACHE_SECONDS)"], capture_output=True, text=True, check=True,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "vnportal.settings.dev",
             "DEBUG": "1"}).stdout.split()
    assert shown == ["0"]


def test_a_revalidation_after_a_change_stores_the_page_again(client, make_article):
    article = make_article()
    etag = get(client, article.url)[0]["ETag"]
    page_cache.content_changed()  # any change: the entry is of another generation
    response = client.get(article.url, HTTP_IF_NONE_MATCH=etag)  # nginx asking again
    assert response.status_code == 304 and response["ETag"] == etag
    assert get(client, article.url)[1] == "hit"  # rendered whole and stored meanwhile
    assert get(client, article.url + "?")[1] == "hit"
    assert get(client, category_url(article) + "?trang=1&")[1] is None  # not an address of ours


def category_url(article):
    return article.get_parent().url
