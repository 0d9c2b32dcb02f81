"""The public search, /tim-kiem/: Vietnamese equivalences, ranking, phrases, filters, sorting,
highlighting, pagination and bad input. Runs on whichever database the suite runs on (CI runs
it on SQLite and on PostgreSQL), so each backend passes the same tests."""

import unicodedata
from datetime import datetime

import pytest
from django.db import connection
from wagtail.models import PageViewRestriction

from search import selectors, services
from search.models import SearchDocument
from tests.conftest import VN_TZ, publish_child
from news.models import NewsCategoryPage


def para(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def titles(query, **kwargs):
    return [item.title.replace("<mark>", "").replace("</mark>", "")
            for item in selectors.search(query, **kwargs).items]


@pytest.fixture
def corpus(make_article):
    """Small articles, each holding one spelling the equivalences are about."""
    made = {}
    for key, title, text in [
        ("dang", "Hậu Giang học tập Nghị quyết Đại hội Đảng bộ tỉnh", "Toàn thể cán bộ tham dự."),
        ("dangky", "Hướng dẫn đăng ký đề tài khoa học", "Hồ sơ đăng ký nộp tại Sở."),
        ("hoa_old", "Hoà giải ở cơ sở", "Tổ hoà giải hoạt động tốt."),
        ("thuy_new", "Nuôi cá ở Vị Thủy", "Huyện Vị Thủy có nhiều mô hình."),
        ("ky", "Tập huấn kĩ thuật trồng lúa", "Nông dân học kĩ thuật mới."),
        ("ly", "Lý lịch khoa học của chuyên gia", "Mẫu lý lịch."),
        ("khoe", "Chăm sóc sức khoẻ cộng đồng", "Sức khoẻ là vốn quý."),
        ("nfd", unicodedata.normalize("NFD", "Chuyển đổi số ở Phụng Hiệp"),
         unicodedata.normalize("NFD", "Người dân dùng dịch vụ công trực tuyến.")),
        ("apart", "Hội nghị tổng kết", "Nghị quyết mới được đại hội thông qua."),
    ]:
        made[key] = make_article(title=title, sapo="", body=para(text))
    return made


def test_articles_are_indexed_when_published(corpus):
    assert SearchDocument.objects.filter(page_id=corpus["dang"].pk).exists()
    assert titles("Đảng bộ")[0] == "Hậu Giang học tập Nghị quyết Đại hội Đảng bộ tỉnh"


@pytest.mark.parametrize("query, expected", [
    ("hau giang", "dang"),                       # no accents at all
    ("HẬU GIANG", "dang"),                       # case
    ("dang bo", "dang"),                         # đ folds to d
    (unicodedata.normalize("NFD", "Đảng bộ"), "dang"),  # decomposed query (pasted from Word)
    ("chuyển đổi số", "nfd"),                    # decomposed text in the page
    ("hòa giải", "hoa_old"),                     # new tone placement finds old
    ("vi thuỷ", "thuy_new"),                     # old tone placement finds new
    ("kỹ thuật", "ky"),                          # y spelling finds i
    ("lí lịch", "ly"),                           # i spelling finds y
    ("sức khỏe", "khoe"),
    ("suc khoe", "khoe"),
])
def test_equivalent_spellings_find_the_article(corpus, query, expected):
    found = titles(query)
    assert found, query
    assert found[0] == unicodedata.normalize("NFC", corpus[expected].title)


def test_exact_accents_rank_above_folded_matches(corpus):
    # both hold "dang" once folded; the typed accents decide the order
    assert titles("Đảng")[0] == corpus["dang"].title
    assert titles("đăng")[0] == corpus["dangky"].title
    both = titles("dang")
    assert {corpus["dang"].title, corpus["dangky"].title} <= set(both)


def test_phrase_in_quotes_needs_the_words_together(corpus):
    apart = corpus["apart"].title
    assert apart in titles("nghị quyết đại hội")
    phrase = titles('"nghị quyết đại hội"')
    assert phrase == [corpus["dang"].title]
    assert titles('"nghi quyet dai hoi"') == [corpus["dang"].title]


def test_words_together_rank_above_words_apart(corpus):
    found = titles("nghị quyết đại hội")
    assert found.index(corpus["dang"].title) < found.index(corpus["apart"].title)


def test_every_word_is_required_unless_none_matches(corpus):
    results = selectors.search("lúa chuyên gia")
    assert not results.all_words  # no page holds both: pages holding either are given
    assert set(titles("lúa chuyên gia")) >= {corpus["ky"].title, corpus["ly"].title}
    assert selectors.search("kĩ thuật lúa").all_words


def test_highlighted_title_and_snippet(corpus):
    item = selectors.search("hoa giai").items[0]
    assert item.title == "<mark>Hoà</mark> <mark>giải</mark> ở cơ sở"
    assert "<mark>hoà</mark> <mark>giải</mark>" in item.snippet


def test_highlight_escapes_the_text(make_article):
    make_article(title="Thẻ <script>alert(1)</script> trong tiêu đề", body=para("Nội dung"))
    item = selectors.search("the tieu de").items[0]
    assert "<script>" not in item.title
    assert "&lt;script&gt;" in item.title


def test_snippet_is_taken_around_the_match(make_article):
    filler = " ".join(["Nội dung không liên quan."] * 60)
    make_article(title="Bài dài", body=para(f"{filler} Quan trọng: lươn không bùn. {filler}"))
    snippet = selectors.search("luon khong bun").items[0].snippet
    assert "<mark>lươn</mark> <mark>không</mark> <mark>bùn</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 400


def test_category_filter(make_article, news_root, category):
    other = publish_child(news_root, NewsCategoryPage(title="Chuyển đổi số"))
    mine = make_article(title="Hội thảo công nghệ A", body=para("x"))
    theirs = make_article(title="Hội thảo công nghệ B", parent=other, body=para("x"))
    assert set(titles("hoi thao")) == {mine.title, theirs.title}
    assert titles("hoi thao", section=other) == [theirs.title]
    assert titles("hoi thao", section=news_root.specific) == titles("hoi thao")


def test_date_filter_and_sort_by_date(make_article):
    old = make_article(title="Hội thảo năm cũ", body=para("x"),
                       published_at=datetime(2020, 5, 1, 23, 30, tzinfo=VN_TZ))
    new = make_article(title="Hội thảo năm mới hội thảo hội thảo", body=para("hội thảo"),
                       published_at=datetime(2026, 5, 1, 0, 15, tzinfo=VN_TZ))
    from datetime import date
    assert titles("hoi thao", date_from=date(2026, 5, 1)) == [new.title]
    # the end day is included whole, in Vietnamese time
    assert titles("hoi thao", date_to=date(2020, 5, 1)) == [old.title]
    assert titles("hoi thao", date_from=date(2021, 1, 1), date_to=date(2025, 12, 31)) == []
    assert titles("hoi thao", order="date") == [new.title, old.title]
    assert titles("nam cu hoi thao", order="relevance")[0] == old.title


def test_pagination_and_count(make_article):
    for n in range(23):
        make_article(title=f"Thông báo tuyển sinh số {n}", body=para("x"))
    first = selectors.search("thong bao")
    assert first.total == 23 and len(first.items) == 10
    third = selectors.search("thong bao", page_number=3)
    assert len(third.items) == 3 and third.page.number == 3
    seen = {i.url for p in (1, 2, 3) for i in selectors.search("thong bao", page_number=p).items}
    assert len(seen) == 23
    assert selectors.search("thong bao", page_number=4).items == []


def test_unpublished_private_and_draft_content_is_not_found(make_article, category):
    gone = make_article(title="Tin sẽ gỡ xuống", body=para("x"))
    assert titles("go xuong") == [gone.title]
    gone.unpublish()
    assert titles("go xuong") == []
    assert not SearchDocument.objects.filter(page_id=gone.pk).exists()

    secret = make_article(title="Tin nội bộ mật", body=para("x"))
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    assert titles("noi bo mat") == []

    draft = make_article(title="Bản nháp chưa đăng", body=para("x"), live=False)
    assert titles("ban nhap") == []
    live = make_article(title="Bài đã đăng", body=para("nội dung cũ"))
    live.body = para("nội dung sửa chưa duyệt")
    live.save_revision()
    assert titles("sua chua duyet") == []  # a draft revision is not public
    live.get_latest_revision().publish()
    assert titles("sua chua duyet") == [live.title]
    live.delete()
    assert titles("sua chua duyet") == []
    assert draft.pk


def test_reindex_all_rebuilds_the_index(corpus):
    SearchDocument.objects.all().delete()
    assert titles("hau giang") == []
    assert services.reindex_all() == (len(corpus), 0)
    assert titles("hau giang")[0] == corpus["dang"].title


# --- the page -----------------------------------------------------------------------------

def test_search_page_shows_results(client, corpus):
    response = client.get("/tim-kiem/", {"q": "hau giang"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 kết quả" in html or "kết quả" in html
    assert "<mark>Hậu</mark> <mark>Giang</mark>" in html
    assert corpus["dang"].url in html
    assert 'name="robots" content="noindex' in html  # result pages of any words: not indexed
    assert "Set-Cookie" not in response.headers
    # the search page itself, which every page links to, is (as a section's unfiltered list);
    # with any query string, even empty words, a page number or a campaign's tag, it is not
    assert 'name="robots"' not in client.get("/tim-kiem/").content.decode()
    for query in ("?q=", "?trang=7", "?utm_source=zalo", "?q=&tu_ngay=2020-01-01"):
        html = client.get("/tim-kiem/" + query).content.decode()
        assert 'name="robots" content="noindex' in html


def test_empty_query_is_a_prompt_not_everything(client, corpus):
    for params in ({}, {"q": ""}, {"q": "   "}, {"q": "", "chuyen_muc": ""}):
        response = client.get("/tim-kiem/", params)
        assert response.status_code == 200
        html = response.content.decode()
        assert "search-results" not in html
        assert corpus["dang"].title not in html.split("<main", 1)[1]


ODD_QUERIES = [
    '"', '""', '"""', '"nghị quyết', 'quyết"', 'a"b"c', "*", "NOT", "OR OR", "AND", "-", "^a",
    "NEAR(a b)", "title_folded:dang", "{title_folded}: x", "'; DROP TABLE wagtailcore_page; --",
    "1' OR '1'='1", "\\", "%", "_", "<script>alert(1)</script>", "'a' & 'b' | !c <-> d:*",
    "đảng\u200b bộ", "x" * 199, "🇻🇳 tin tức", "(((", ")))", "a" * 41, "ａｂｃ", "ǅ",
]


def test_odd_input_is_answered_not_crashed(client, corpus):
    for query in ODD_QUERIES:
        response = client.get("/tim-kiem/", {"q": query})
        assert response.status_code == 200, query
        assert "<script>alert(1)</script>" not in response.content.decode()
    assert SearchDocument.objects.count() == len(corpus)  # and nothing was dropped
    assert titles('"nghị quyết') and titles('quyết"')  # a lone quote only separates words


@pytest.mark.parametrize("params, message", [
    ({"q": "x" * 10_000}, "quá dài"),
    ({"q": "a\x00b"}, "ký tự rỗng"),
    ({"q": "x", "tu_ngay": "2020-13-45"}, "ngày hợp lệ"),
    ({"q": "x", "tu_ngay": "2026-02-01", "den_ngay": "2026-01-01"}, "trước ngày bắt đầu"),
    ({"q": "x", "chuyen_muc": "999999"}, "lựa chọn hợp lệ"),
    ({"q": "x", "chuyen_muc": "abc"}, "lựa chọn hợp lệ"),
    ({"q": "x", "sap_xep": "bogus"}, "lựa chọn hợp lệ"),
    ({"q": "x", "trang": "abc"}, "Số trang phải là số nguyên"),
    ({"q": "x", "trang": "0"}, "lớn hơn hoặc bằng"),
    ({"q": "x", "trang": "10000000000000000000000"}, "nhỏ hơn hoặc bằng"),
    ({"q": "x", "den_ngay": "9999-12-31"}, "từ năm 1900 đến năm 2100"),
    ({"q": "x", "tu_ngay": "0001-01-01"}, "từ năm 1900 đến năm 2100"),
])
def test_bad_parameters_get_a_clear_400(client, corpus, params, message):
    response = client.get("/tim-kiem/", params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_page_beyond_the_last_is_a_link_back(client, corpus):
    response = client.get("/tim-kiem/", {"q": "hau giang", "trang": "50"})
    assert response.status_code == 200
    assert "Trang kết quả này không tồn tại" in response.content.decode()


def test_filters_and_sort_through_the_page(client, make_article, news_root, category):
    other = publish_child(news_root, NewsCategoryPage(title="Chuyển đổi số"))
    make_article(title="Hội thảo công nghệ A", body=para("x"))
    theirs = make_article(title="Hội thảo công nghệ B", parent=other, body=para("x"))
    response = client.get("/tim-kiem/", {"q": "hội thảo", "chuyen_muc": other.pk,
                                         "sap_xep": "moi-nhat", "tu_ngay": "01/01/2020"})
    assert response.status_code == 200
    html = response.content.decode()
    assert theirs.title.split()[-1] in html and "công nghệ</a>" not in html
    assert html.count('<li>\n      <h2>') == 1
    # the section list offers the categories, indented under their parent
    assert f'<option value="{other.pk}" selected>— Chuyển đổi số</option>' in html


def test_pagination_links_keep_the_query(client, make_article):
    for n in range(12):
        make_article(title=f"Thông báo số {n}", body=para("x"))
    html = client.get("/tim-kiem/", {"q": "thông báo", "sap_xep": "moi-nhat"}).content.decode()
    assert "?q=th%C3%B4ng+b%C3%A1o&amp;sap_xep=moi-nhat&amp;trang=2" in html


def test_query_count_does_not_grow_with_results(client, make_article, django_assert_max_num_queries):
    for n in range(3):
        make_article(title=f"Kết quả số {n}", body=para("x"))
    with django_assert_max_num_queries(40) as few:
        client.get("/tim-kiem/", {"q": "ket qua"})
    for n in range(3, 15):
        make_article(title=f"Kết quả số {n}", body=para("x"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/tim-kiem/", {"q": "ket qua"})


def test_backend_is_the_database_in_use():
    from search.backends import PostgresIndex, SQLiteIndex, get_index
    expected = PostgresIndex if connection.vendor == "postgresql" else SQLiteIndex
    assert isinstance(get_index(), expected)


def test_relevance_set_on_the_demo_site(db, seed_file, tmp_path, monkeypatch):
    """The committed relevance set (bench/search_relevance.json) on this database: every query's
    page first in nearly all cases (make bench prints the same figures)."""
    from django.core.management import call_command

    from demo import services as demo_services
    from search.relevance import evaluate, relevance_queries

    monkeypatch.setattr(demo_services, "CREDENTIALS_FILE", tmp_path / "credentials.json")
    call_command("load_demo")
    result = evaluate(list(relevance_queries()))
    assert result["queries"] >= 40
    assert result["mrr"] >= 0.9, result["misses"]
    assert result["recall10"] >= 0.95, result["misses"]


def test_a_moved_category_is_searched_under_its_new_place(make_article, news_root, category):
    other = publish_child(news_root, NewsCategoryPage(title="Chuyển đổi số"))
    article = make_article(title="Hội thảo chuyển đổi", body=para("x"))
    assert titles("hoi thao", section=other) == []
    category.move(other, pos="last-child")
    other.refresh_from_db()
    assert titles("hoi thao", section=other) == [article.title]
    assert SearchDocument.objects.get(page=article).path.startswith(other.path)


def test_more_matches_than_counted_are_said_to_be_more(make_article, monkeypatch):
    from search import backends

    monkeypatch.setattr(backends, "MAX_COUNT", 3)
    monkeypatch.setattr(selectors, "MAX_COUNT", 3)
    for n in range(5):
        make_article(title=f"Thông báo {n}", body=para("x"))
    results = selectors.search("thong bao")
    assert results.more and results.total == 4
    assert results.page.paginator.count == 3
    assert not selectors.search("thong bao 4").more


def test_old_title_matches_outrank_newer_text_matches(make_article, monkeypatch):
    """On PostgreSQL ranking reads only candidates (the newest matches in titles, then the
    newest anywhere) and the other matches follow, newest first: an old page with the words
    in its title still comes first, and every match is still listed once."""
    from search import backends

    monkeypatch.setattr(backends.PostgresIndex, "CANDIDATES", 2)
    old = make_article(title="Nuôi lươn không bùn", body=para("x"),
                       published_at=datetime(2015, 1, 1, tzinfo=VN_TZ))
    for n in range(4):
        make_article(title=f"Tin số {n}", body=para("Bà con hỏi về lươn, có người nuôi trong bùn, "
                                                    "có người không."))
    results = selectors.search("nuôi lươn không bùn")
    assert results.total == 5
    assert results.items[0].title == ("<mark>Nuôi</mark> <mark>lươn</mark> <mark>không</mark> "
                                      "<mark>bùn</mark>")
    assert len({item.url for item in results.items}) == 5
    monkeypatch.setattr(selectors, "PER_PAGE", 2)
    pages = [selectors.search("nuôi lươn không bùn", page_number=n).items for n in (1, 2, 3)]
    assert [len(items) for items in pages] == [2, 2, 1]
    assert len({item.url for items in pages for item in items}) == 5


def test_reordering_siblings_keeps_private_pages_private(make_article, news_root):
    """Reordering in the admin renumbers the tree paths of the siblings that shift."""
    first = publish_child(news_root, NewsCategoryPage(title="Mục A"))
    second = publish_child(news_root, NewsCategoryPage(title="Mục B"))
    secret = make_article(title="Tài liệu mật nội bộ", parent=first, body=para("x"))
    PageViewRestriction.objects.create(page=first, restriction_type="login")
    assert titles("tai lieu mat") == []
    second.move(first, pos="left")
    assert titles("tai lieu mat") == []
    second.refresh_from_db()
    assert titles("tai lieu mat", section=second) == []
    assert SearchDocument.objects.get(page=secret).path.startswith(first.__class__.objects.get(
        pk=first.pk).path)


def test_a_failed_reindex_does_not_leave_the_old_text_findable(make_article, monkeypatch,
                                                               caplog):
    from search import backends

    article = make_article(title="Bảng lương", body=para("Lương mười triệu"))
    assert titles("muoi trieu") == [article.title]

    def broken(*args, **kwargs):
        raise RuntimeError("index down")

    monkeypatch.setattr(backends.SQLiteIndex, "write", broken)
    monkeypatch.setattr(backends.PostgresIndex, "write", broken)
    article.body = para("Đã rút nội dung")
    article.save_revision().publish()  # publishing still works
    monkeypatch.undo()
    assert titles("muoi trieu") == []
    assert "Could not index page" in caplog.text
    assert services.reindex_all() == (1, 0)
    assert titles("rut noi dung") == [article.title]


def test_the_kind_is_stored_in_vietnamese_whatever_the_editor_language(make_article):
    from django.utils import translation

    with translation.override("en"):
        make_article(title="Tin tiếng Anh", body=para("x"))
    assert selectors.search("tin tieng anh").items[0].kind == "Tin tức"


def test_text_typed_with_angle_brackets_is_indexed(make_article):
    make_article(title="Mẫu công văn",
                 body=para("Ghi rõ mẫu &lt;Tên cơ quan&gt; và điểm &lt;5 ở đầu trang."))
    item = selectors.search("ten co quan").items[0]
    assert "&lt;<mark>Tên</mark> <mark>cơ</mark> <mark>quan</mark>&gt;" in item.snippet


def test_highlight_splits_words_as_the_index_does():
    from search.highlight import highlight

    assert highlight("mã_số thuế", {"so"}) == "mã_<mark>số</mark> thuế"
    assert highlight("Kỹ thuật", {"ki"}) == "<mark>Kỹ</mark> thuật"


def test_words_too_long_to_search_are_explained(client, corpus):
    html = client.get("/tim-kiem/", {"q": "a" * 41}).content.decode()
    assert "tối đa 40 chữ" in html
