"""Metadata of every public page (pages.metadata): canonical address, OpenGraph, Twitter, Dublin
Core and schema.org JSON-LD; and the "In trang" print control of content pages."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from pages.models import StandardPage

from .conftest import publish_child

AGENCY = "Sở Khoa học và Công nghệ tỉnh Hậu Giang"
HOST = "cong.example.vn"


class Head(HTMLParser):
    """The <meta>, <link> and JSON-LD of a page's head."""

    def __init__(self, html):
        super().__init__()
        self.meta, self.links, self.json_ld, self._script = {}, {}, [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs.get("name")
            assert key not in self.meta, f"{key} twice"
            self.meta[key] = attrs.get("content")
        elif tag == "link" and attrs.get("rel") in ("canonical", "schema.DC"):
            assert attrs["rel"] not in self.links, f"{attrs['rel']} twice"
            self.links[attrs["rel"]] = attrs["href"]
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._script = []

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.json_ld.append(json.loads("".join(self._script)))
            self._script = None

    def of_type(self, kind):
        found = [data for data in self.json_ld if data["@type"] == kind]
        assert len(found) == 1, (kind, [data["@type"] for data in self.json_ld])
        return found[0]


def head_of(client, url, status=200):
    response = client.get(url, HTTP_HOST=HOST)
    assert response.status_code == status, url
    return Head(response.content.decode())


def assert_common(head, url, title=None, og_type="website"):
    """What every page has: canonical, OpenGraph, Twitter and Dublin Core."""
    canonical = f"http://{HOST}{url}"
    assert head.links["canonical"] == canonical
    assert head.links["schema.DC"] == "http://purl.org/dc/elements/1.1/"
    meta = head.meta
    assert meta["og:url"] == canonical and meta["DC.identifier"] == canonical
    assert meta["og:type"] == og_type
    assert meta["og:locale"] == "vi_VN" and meta["DC.language"] == "vi"
    assert meta["og:site_name"] == AGENCY and meta["DC.publisher"] == AGENCY
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:image"].startswith(f"http://{HOST}/") and meta["og:image:alt"]
    assert meta["og:description"] == meta["description"] == meta["DC.description"] != ""
    assert meta["og:title"] == meta["DC.title"]
    if title is not None:
        assert meta["og:title"] == title
    assert meta["DC.creator"]
    return meta


def assert_answers(client, url):
    """An absolute address of this site answers 200 (a rendition or a static file)."""
    parts = urlsplit(url)
    response = client.get(parts.path, HTTP_HOST=parts.netloc)
    assert response.status_code == 200, url
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb", b"<svg",
                           b"RIFF") or content[:3] == b"\xff\xd8\xff", content[:8]


def breadcrumb_names(head):
    data = head.of_type("BreadcrumbList")
    items = data["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    assert all(item["item"].startswith(f"http://{HOST}/") for item in items)
    return [item["name"] for item in items]


def test_article_shares_its_photo_byline_and_dates(client, make_article, image, category):
    article = make_article(title="Hội thảo chuyển đổi số", sapo="Sở tổ chức hội thảo.",
                           featured_image=image, author_name="An Nhiên")
    head = head_of(client, article.url)
    meta = assert_common(head, article.url, "Hội thảo chuyển đổi số", og_type="article")
    assert re.fullmatch(rf"http://{HOST}/media/images/anh-thu[^/]*\.fill-1200x630[^/]*\.jpg",
                        meta["og:image"]), meta["og:image"]
    assert_answers(client, meta["og:image"])
    assert meta["og:image:alt"] == "Ảnh thử"
    assert meta["og:description"] == "Sở tổ chức hội thảo."
    assert meta["DC.creator"] == "An Nhiên"
    assert meta["article:published_time"] == "2026-01-02T08:00:00+07:00"
    assert meta["DC.date"] == "2026-01-02T08:00:00+07:00"
    assert meta["article:modified_time"] >= meta["article:published_time"]
    assert meta["article:section"] == "Tin hoạt động"

    news = head.of_type("NewsArticle")
    assert news["@context"] == "https://schema.org"
    assert news["headline"] == "Hội thảo chuyển đổi số"
    assert news["datePublished"] == "2026-01-02T08:00:00+07:00" and news["dateModified"]
    assert news["author"] == {"@type": "Person", "name": "An Nhiên"}
    assert news["publisher"]["@type"] == "GovernmentOrganization"
    assert news["publisher"]["name"] == AGENCY and news["publisher"]["logo"]["url"]
    assert news["image"][0]["url"] == meta["og:image"]
    assert news["mainEntityOfPage"]["@id"] == f"http://{HOST}{article.url}"
    assert news["description"] == "Sở tổ chức hội thảo."
    assert breadcrumb_names(head) == ["Trang chủ", "Tin tức - Sự kiện", "Tin hoạt động",
                                      "Hội thảo chuyển đổi số"]


def test_an_article_without_photo_or_byline_shares_the_default_picture(client, make_article):
    article = make_article(title="Thông báo")
    meta = assert_common(head_of(client, article.url), article.url, og_type="article")
    assert meta["og:image"].endswith(".png") and "/static/img/og-default" in meta["og:image"]
    assert meta["og:image:width"] == "1200" and meta["og:image:height"] == "630"
    assert_answers(client, meta["og:image"])
    # no byline: the agency wrote it
    assert meta["DC.creator"] == AGENCY
    assert head_of(client, article.url).of_type("NewsArticle")["author"]["name"] == AGENCY


def test_the_site_logo_is_shared_when_the_page_has_no_photo(client, home, image):
    from wagtail.models import Site

    from core.models import SiteSettings

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.logo = image
    settings.save()
    head = head_of(client, "/")
    assert "/media/images/anh-thu" in head.meta["og:image"]
    assert_answers(client, head.meta["og:image"])
    assert "anh-thu" in head.of_type("GovernmentOrganization")["logo"]["url"]


def test_home_page_describes_the_agency(client, home):
    from wagtail.models import Site

    from core.models import SiteSettings

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.address = "Số 1 Trần Hưng Đạo, Vị Thanh"
    settings.phone, settings.email = "0293 3 870 000", "sokhcn@haugiang.gov.vn"
    settings.save()
    head = head_of(client, "/")
    meta = assert_common(head, "/", f"{home.title} – {AGENCY}")
    assert "/static/img/og-default" in meta["og:image"]
    org = head.of_type("GovernmentOrganization")
    assert org["@context"] == "https://schema.org"
    assert org["name"] == AGENCY and org["url"] == f"http://{HOST}/"
    assert org["address"]["streetAddress"] == "Số 1 Trần Hưng Đạo, Vị Thanh"
    assert org["telephone"] == "0293 3 870 000" and org["email"] == "sokhcn@haugiang.gov.vn"
    assert org["parentOrganization"] == {"@type": "GovernmentOrganization",
                                         "name": "Ủy ban nhân dân tỉnh Hậu Giang"}
    assert org["logo"]["url"].startswith(f"http://{HOST}/")
    assert [data["@type"] for data in head.json_ld] == ["GovernmentOrganization"]


def test_lists_point_to_their_unfiltered_first_page(client, category, make_article):
    for _ in range(14):
        make_article()
    head = head_of(client, category.url)
    assert_common(head, category.url, "Tin hoạt động")
    assert breadcrumb_names(head) == ["Trang chủ", "Tin tức - Sự kiện", "Tin hoạt động"]
    # a further page is its own address; a filtered list points to the whole list (and says
    # noindex, follow)
    second = head_of(client, category.url + "?trang=2")
    assert second.links["canonical"] == f"http://{HOST}{category.url}?trang=2"
    # the breadcrumb names the list itself
    assert second.of_type("BreadcrumbList")["itemListElement"][-1]["item"] == \
        f"http://{HOST}{category.url}"
    response = client.get(category.url + "?nam=2026", HTTP_HOST=HOST)
    assert Head(response.content.decode()).links["canonical"] == f"http://{HOST}{category.url}"
    assert '<meta name="robots" content="noindex, follow">' in response.content.decode()


def test_search_and_tag_pages_are_described_by_their_own_title(client, make_article):
    article = make_article()
    article.tags.add("Chuyển đổi số")
    article.save_revision().publish()
    head = head_of(client, "/tim-kiem/?q=hau+giang")
    assert_common(head, "/tim-kiem/", "Tìm kiếm: hau giang")
    assert head.json_ld == []
    head = head_of(client, "/the/chuyen-doi-so/")
    assert_common(head, "/the/chuyen-doi-so/", "Từ khóa: Chuyển đổi số")


def test_not_found_has_no_canonical(client, home):
    head = head_of(client, "/khong-co/", status=404)
    assert "canonical" not in head.links and "og:url" not in head.meta


def test_json_ld_cannot_be_broken_out_of(client, make_article):
    title = 'Tin </script><script>alert("x")</script> & <!-- thử'
    article = make_article(title=title, sapo="<b>đậm</b> & </SCRIPT>")
    html = client.get(article.url).content.decode()
    assert "<script>alert" not in html and "</SCRIPT>" not in html
    assert "\\u003C/script\\u003E" in html
    head = Head(html)
    assert head.of_type("NewsArticle")["headline"] == title


def test_standard_page_and_its_print_control(client, home):
    page = publish_child(home, StandardPage(title="Giới thiệu", intro="Chức năng, nhiệm vụ."))
    response = client.get(page.url, HTTP_HOST=HOST)
    html = response.content.decode()
    head = Head(html)
    meta = assert_common(head, page.url, "Giới thiệu")
    assert meta["og:description"] == "Chức năng, nhiệm vụ."
    assert meta["DC.creator"] == AGENCY and re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:]+\+07:00",
                                                          meta["DC.date"])
    assert breadcrumb_names(head) == ["Trang chủ", "Giới thiệu"]
    assert_print_control(html, f"http://{HOST}{page.url}")


def assert_print_control(html, url):
    assert re.search(r'<button type="button" class="print-button" hidden>In trang</button>', html)
    assert re.search(r'<script src="/static/js/print\.js" defer></script>', html)
    assert f'<p class="print-only print-address">Địa chỉ trang: {url}' in html
    assert '<p class="print-only print-agency">' in html and AGENCY in html


def assert_no_print_control(html):
    assert "print-button" not in html and "print-address" not in html and "print.js" not in html


# --- every page type of the demo ------------------------------------------------------------

@pytest.fixture
def demo(db, tmp_path, monkeypatch):
    from demo import services as demo_services

    monkeypatch.setattr(demo_services, "CREDENTIALS_FILE", tmp_path / "demo-credentials.json")
    call_command("load_demo")


def first_live(model):
    return model.objects.live().public().order_by("path").first()


def test_every_page_type_of_the_demo(client, demo):
    from consultation.models import DraftPage
    from contact.models import ContactPage
    from legal.models import LegalDocumentIndexPage, LegalDocumentPage
    from news.models import NewsArticlePage, NewsCategoryPage
    from procedures.models import ProcedureIndexPage, ProcedurePage
    from qa.models import QuestionIndexPage, QuestionPage
    from science.models import ScienceTaskIndexPage, ScienceTaskPage

    items = {ProcedurePage: "GovernmentService", NewsArticlePage: "NewsArticle",
             LegalDocumentPage: None, ScienceTaskPage: None, QuestionPage: None,
             StandardPage: None, ContactPage: None, DraftPage: None}
    lists = (NewsCategoryPage, LegalDocumentIndexPage, ProcedureIndexPage,
             ScienceTaskIndexPage, QuestionIndexPage)
    for model, own_type in items.items():
        page = first_live(model)
        assert page is not None, model
        response = client.get(page.url, HTTP_HOST=HOST)
        html = response.content.decode()
        head = Head(html)
        meta = assert_common(head, page.url, page.seo_title or page.title,
                             og_type="article" if model is NewsArticlePage else "website")
        assert_answers(client, meta["og:image"])
        assert breadcrumb_names(head)[-1] == page.title
        assert {data["@type"] for data in head.json_ld} == {"BreadcrumbList"} | (
            {own_type} if own_type else set()), model
        assert_print_control(html, f"http://{HOST}{page.url}")
    document = first_live(LegalDocumentPage)
    meta = head_of(client, document.url).meta
    assert meta["DC.date"] == document.issued_on.isoformat()
    assert meta["DC.creator"] == (document.issuer.name if document.issuer_id else AGENCY)

    for model in lists:
        page = first_live(model)
        html = client.get(page.url, HTTP_HOST=HOST).content.decode()
        assert_common(Head(html), page.url, page.title)
        assert_no_print_control(html)
    for url in ("/", "/tim-kiem/?q=khoa+hoc"):
        assert_no_print_control(client.get(url).content.decode())
