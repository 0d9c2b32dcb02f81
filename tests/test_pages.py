import re
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from news.models import ARTICLES_PER_PAGE, NewsArticlePage
from news.services import import_old_page

from .conftest import VN_TZ, publish_child
from .test_importer import CHROME, SEED_CAPTIONS, SEED_PARAGRAPH_STARTS, SEED_TITLE


def html_text(response):
    return response.content.decode()


def article_body(html):
    return html[html.index('<article class="article">'):html.index("</article>", html.index(
        '<article class="article">'))]


class TagBalance(HTMLParser):
    """Counts unclosed elements: a cheap well-formedness check of our templates."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.errors = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


def assert_well_formed(html):
    checker = TagBalance()
    checker.feed(html)
    assert not checker.errors, checker.errors[:5]
    assert checker.stack == [], checker.stack
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"


@pytest.fixture
def seed_article(seed_file, category):
    article, _ = import_old_page(seed_file, category=category, publish=True)
    return article


def test_seed_article_page(client, seed_article):
    response = client.get(seed_article.url)
    assert response.status_code == 200
    html = html_text(response)
    assert_well_formed(html)
    body = article_body(html)
    assert f"<h1>{SEED_TITLE}</h1>" in body
    assert '<time datetime="2020-12-28T00:00:00+07:00">Thứ Hai, 28/12/2020</time>' in body
    positions = [body.index(f"<p>{start}") for start in SEED_PARAGRAPH_STARTS]
    assert positions == sorted(positions)
    assert body.count("<figure") == 3
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", body, re.S)
    assert [caption.strip() for caption in captions] == SEED_CAPTIONS
    assert '<p class="byline">An Nhiên</p>' in body
    for chrome in CHROME:
        assert chrome not in body
    assert f"<title>{SEED_TITLE} – Sở Khoa học và Công nghệ tỉnh Hậu Giang</title>" in html


def test_article_page_shows_photos_tags_related_and_other_news(client, category, make_article,
                                                               image):
    other = make_article(title="Tin cũ hơn cùng chuyên mục", featured_image=image)
    related = make_article(title="Tin liên quan được chọn")
    article = make_article(
        title="Bài có ảnh", sapo="Tóm tắt bài viết.", source="Báo Hậu Giang",
        body=[{"type": "photo", "value": {"image": image.pk, "caption": "Ảnh có chú thích",
                                          "alt_text": "Mô tả ảnh", "credit": "Minh Khoa",
                                          "missing": False, "original_src": ""}}],
    )
    article.tags.add("Chuyển đổi số")
    article.related_links.create(article=related)
    article.save_revision().publish()
    html = html_text(client.get(article.url))
    assert_well_formed(html)
    body = article_body(html)
    assert '<p class="sapo">Tóm tắt bài viết.</p>' in body
    assert re.search(r'<figure class="photo">\s*<img src="[^"]+" width="64" height="48" '
                     r'alt="Mô tả ảnh" loading="lazy"', body)
    assert "Ảnh có chú thích" in body and "(Ảnh: Minh Khoa)" in body
    assert '<a href="/the/chuyen-doi-so/">Chuyển đổi số</a>' in body
    assert "Nguồn: Báo Hậu Giang" in body
    related_section = html[html.index('id="related-title"'):html.index('id="other-title"')]
    assert "Tin liên quan" in related_section and related.title in related_section
    other_section = html[html.index('id="other-title"'):html.index("</main>")]
    assert "Tin khác" in other_section and other.title in other_section


def test_home_page_shows_featured_and_latest_per_category(client, news_root, category,
                                                          make_article):
    old = make_article(title="Tin thường")
    featured = make_article(title="Tin nổi bật của tuần", is_featured=True,
                            published_at=datetime(2025, 1, 1, tzinfo=VN_TZ))
    response = client.get("/")
    html = html_text(response)
    assert response.status_code == 200
    assert_well_formed(html)
    featured_section = html[html.index('id="featured-title"'):html.index("</section>",
                                                                         html.index('id="featured-title"'))]
    assert featured.title in featured_section
    section = html[html.index(f'id="cat-{category.pk}"'):]
    section = section[:section.index("</section>")]
    assert category.title in section and old.title in section
    assert "Tin tức - Sự kiện" in html[html.index('<nav class="main-nav"'):html.index("</nav>")]


def test_category_lists_newest_first_and_paginates(client, category, make_article):
    articles = [make_article(title=f"Tin số {n:02d}") for n in range(ARTICLES_PER_PAGE + 3)]
    html = html_text(client.get(category.url))
    assert_well_formed(html)
    titles = re.findall(r"<h2><a href=\"[^\"]+\">(Tin số \d+)</a></h2>", html)
    assert titles == [article.title for article in reversed(articles)][:ARTICLES_PER_PAGE]
    second = html_text(client.get(category.url + "?trang=2"))
    assert re.findall(r"<h2><a href=\"[^\"]+\">(Tin số \d+)</a></h2>", second) == [
        "Tin số 02", "Tin số 01", "Tin số 00"]
    assert 'rel="next"' in html and 'rel="prev"' in second


def test_a_long_list_shows_a_few_page_numbers_around_the_current_one(
        client, category, make_article, monkeypatch):
    from news.models import NewsCategoryPage

    monkeypatch.setattr(NewsCategoryPage, "per_page", 1)
    for n in range(30):
        make_article(title=f"Tin số {n:02d}")
    html = html_text(client.get(category.url + "?trang=15"))
    pagination = html[html.index('<ul class="pagination">'):]
    pagination = pagination[:pagination.index("</ul>")]
    assert re.findall(r"\?trang=(\d+)\">\d+</a>", pagination) == [
        "1", "13", "14", "16", "17", "30"]
    assert '<span aria-current="page">15</span>' in pagination
    assert pagination.count('<span aria-hidden="true">…</span>') == 2
    first = html_text(client.get(category.url))
    assert '<span aria-current="page">1</span>' in first
    assert re.findall(r"\?trang=(\d+)\">\d+</a>", first) == ["2", "3", "30"]


@pytest.mark.parametrize("query", ["?trang=99", "?trang=abc", "?trang=-1"])
def test_bad_page_numbers_get_a_vietnamese_404(client, category, make_article, query):
    make_article()
    response = client.get(category.url + query)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html_text(response)


def test_parent_category_lists_articles_of_its_subcategories(client, news_root, category,
                                                             make_article):
    article = make_article(title="Tin trong chuyên mục con")
    html = html_text(client.get(news_root.url))
    assert article.title in html
    assert f'<a href="{category.url}">{category.title}</a>' in html


def test_drafts_are_never_shown_to_anonymous_visitors(client, category, make_article):
    draft = make_article(title="Bản nháp chưa duyệt", live=False)
    assert client.get(f"{category.url}{draft.slug}/").status_code == 404
    assert draft.title not in html_text(client.get(category.url))
    assert draft.title not in html_text(client.get("/"))
    assert client.get(f"{category.url}{draft.slug}/?preview=true").status_code == 404


def test_an_unpublished_revision_of_a_live_article_stays_private(client, make_article):
    article = make_article(title="Tiêu đề đã duyệt")
    article.title = "Tiêu đề chưa duyệt"
    article.sapo = "Nội dung chưa duyệt"
    article.save_revision()
    html = html_text(client.get(article.url))
    assert "Tiêu đề đã duyệt" in html
    assert "chưa duyệt" not in html


def test_unpublished_and_private_articles_are_not_listed(client, category, make_article):
    gone = make_article(title="Tin đã gỡ")
    gone.unpublish()
    private = make_article(title="Tin nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    listing = html_text(client.get(category.url)) + html_text(client.get("/"))
    assert "Tin đã gỡ" not in listing and "Tin nội bộ" not in listing
    assert client.get(gone.url_path.replace("/trang-chu", "", 1)).status_code == 404
    assert client.get(private.url).status_code == 302  # to the sign-in page


def test_unknown_address_is_a_vietnamese_404(client, home):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = html_text(response)
    assert "Không tìm thấy trang" in html and "Về trang chủ" in html


def test_server_error_page_is_vietnamese(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


def test_tag_page_lists_live_articles_with_the_tag(client, make_article):
    tagged = make_article(title="Tin có từ khóa")
    tagged.tags.add("Nông nghiệp")
    tagged.save_revision().publish()
    hidden = make_article(title="Bản nháp có từ khóa", live=False)
    hidden.tags.add("Nông nghiệp")
    hidden.save()
    html = html_text(client.get("/the/nong-nghiep/"))
    assert "Từ khóa: Nông nghiệp" in html and "Tin có từ khóa" in html
    assert "Bản nháp có từ khóa" not in html
    assert client.get("/the/khong-co/").status_code == 404
    only_drafts = make_article(title="Bản nháp riêng", live=False)
    only_drafts.tags.add("Chỉ bản nháp")
    only_drafts.save()
    response = client.get("/the/chi-ban-nhap/")
    assert response.status_code == 404 and "Chỉ bản nháp" not in html_text(response)


def test_anonymous_pages_set_no_cookie(client, seed_article, category):
    for url in ["/", category.url, seed_article.url, "/khong-co/"]:
        response = client.get(url)
        assert not response.cookies, (url, response.cookies)


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # renditions are created on the first view
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_page_query_counts_do_not_grow_with_the_number_of_articles(client, category,
                                                                   make_article, image):
    counts = []
    for batch in (3, 12):
        for n in range(batch):
            make_article(title=f"Tin {len(counts)}-{n}", featured_image=image)
        article = make_article(title=f"Bài chính {batch}", featured_image=image)
        counts.append({url_name: count_queries(client, url) for url_name, url in
                       [("category", category.url), ("home", "/"), ("article", article.url)]})
    assert counts[0] == counts[1]
    assert counts[1]["category"] <= 25 and counts[1]["home"] <= 26 and counts[1]["article"] <= 28


def test_sitemap_lists_live_articles_only(client, make_article):
    live = make_article(title="Tin công khai")
    draft = make_article(title="Tin nháp", live=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert live.slug in xml and draft.slug not in xml


def test_pages_are_served_in_vietnamese_whatever_the_browser_asks(home):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = html_text(client.get("/khong-co/"))
    assert "Không tìm thấy trang" in html


@pytest.mark.parametrize("size, widths", [((1600, 900), [480, 800, 1200]), ((600, 400), [480, 600]),
                                          ((300, 200), [])])
def test_photos_get_one_srcset_entry_per_distinct_width(db, size, widths):
    import io

    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from core.templatetags.portal_tags import responsive_image

    from .conftest import jpeg_bytes

    image = get_image_model()(title="Ảnh")
    image.file = ImageFile(io.BytesIO(jpeg_bytes(size)), name="anh.jpg")
    image.save()
    html = str(responsive_image(image, alt="Mô tả"))
    assert re.findall(r" (\d+)w", html) == [str(width) for width in widths]
    assert ('srcset=' in html) == bool(widths)
    assert 'alt="Mô tả"' in html


def test_article_page_has_canonical_and_sharing_metadata(client, make_article, image):
    article = make_article(title="Bài để chia sẻ", sapo="Tóm tắt để chia sẻ.",
                           featured_image=image)
    html = html_text(client.get(article.url))
    assert f'<link rel="canonical" href="http://testserver{article.url}">' in html
    assert '<meta property="og:title" content="Bài để chia sẻ">' in html
    assert '<meta property="og:description" content="Tóm tắt để chia sẻ.">' in html
    assert re.search(r'<meta property="og:image" content="http://testserver/media/images/[^"]+">',
                     html)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, home):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text and "Sitemap: http://testserver/sitemap.xml" in text


def test_robots_txt_does_not_reveal_a_custom_admin_path(client, home, settings):
    settings.ADMIN_PATH = "quan-tri-rieng/"
    text = client.get("/robots.txt").content.decode()
    assert "quan-tri-rieng" not in text and "Disallow" not in text


def test_health_check_answers_ok_and_503_when_the_database_is_down(client, home, monkeypatch):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store" and not response.cookies

    from django.db import DatabaseError
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("database unavailable")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    monkeypatch.undo()  # the test's own rollback needs a working cursor
    assert response.status_code == 503 and b"database" in response.content


def test_articles_of_a_restricted_category_are_not_listed(client, news_root, category,
                                                          make_article):
    from news.models import NewsCategoryPage

    internal = publish_child(news_root, NewsCategoryPage(title="Tin nội bộ cơ quan"))
    make_article(title="Thông báo nội bộ", parent=internal)
    make_article(title="Tin công khai")
    PageViewRestriction.objects.create(page=internal, restriction_type="login")
    for url in ["/", news_root.url]:
        html = html_text(client.get(url))
        assert "Tin công khai" in html
        assert "Thông báo nội bộ" not in html and "Tin nội bộ cơ quan" not in html


def test_a_photo_whose_file_was_lost_shows_a_placeholder_not_an_error(client, make_article,
                                                                      image):
    article = make_article(title="Bài mất ảnh", featured_image=image, body=[
        {"type": "photo", "value": {"image": image.pk, "caption": "Ảnh đã mất", "alt_text": "",
                                    "credit": "", "missing": False, "original_src": ""}}])
    image.file.storage.delete(image.file.name)
    response = client.get(article.url)
    assert response.status_code == 200
    html = html_text(response)
    assert 'class="photo-missing"' in html and "Ảnh đã mất" in html


def test_every_page_has_a_meta_description(client, seed_article, make_article, home):
    seed_html = html_text(client.get(seed_article.url))
    match = re.search(r'<meta name="description" content="([^"]+)">', seed_html)
    assert match and match.group(1).startswith("Ngày 25/12, Tỉnh ủy Hậu Giang đã tổ chức")
    assert len(match.group(1)) <= 200
    with_sapo = make_article(title="Có sapo", sapo="Sapo của bài.")
    assert '<meta name="description" content="Sapo của bài.">' in html_text(
        client.get(with_sapo.url))
    assert ('<meta name="description" content="Sở Khoa học và Công nghệ tỉnh Hậu Giang – '
            'Cổng thông tin điện tử">') in html_text(client.get("/"))
