"""Thủ tục hành chính (procedures/): the list with its filters, count and feed, the detail page
with its facts, legal basis, forms, online submission link and GovernmentService JSON-LD, the
admin, the `thu-tuc` spreadsheet import and the demo content."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from email.utils import parsedate_to_datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from pages.demo import demo_document, make_pdf
from editorial.models import CategoryGroup
from pages.models import StandardPage, Term
from portlets.models import Portlet, PortletAssignment
from procedures import demo
from procedures.models import (AGENCY_VOCABULARY, FIELD_VOCABULARY, ProcedureFormFile,
                               ProcedureIndexPage, ProcedureLegalLink, ProcedurePage)

from .conftest import (assert_copies_refused, failed_import, import_sheet, publish_child,
                       write_sheet)
from .test_pages import assert_well_formed

ENDED = "Đã hết hiệu lực / bãi bỏ"


@pytest.fixture
def section(home):
    return publish_child(home, ProcedureIndexPage(title="Thủ tục hành chính",
                                                  slug="thu-tuc-hanh-chinh"))


@pytest.fixture
def make_procedure(section):
    counter = {"n": 0}

    def make(title=None, code=None, field="Hoạt động khoa học và công nghệ", live=True,
             agency="Sở Khoa học và Công nghệ tỉnh Hậu Giang", **fields):
        counter["n"] += 1
        page = ProcedurePage(
            title=title or f"Thủ tục số {counter['n']}",
            code=code or f"1.{counter['n']:06d}",
            field=Term.get_or_create_named(FIELD_VOCABULARY, field),
            agency=Term.get_or_create_named(AGENCY_VOCABULARY, agency), **fields)
        if live:
            return publish_child(section, page)
        page.live = False
        section.add_child(instance=page)
        page.save_revision()
        return page
    return make


@pytest.fixture
def legal_document(home):
    """A published law of the Văn bản section, to be cited."""
    from legal.models import LegalDocumentIndexPage, LegalDocumentPage

    legal_section = publish_child(home, LegalDocumentIndexPage(title="Văn bản", slug="van-ban"))
    return publish_child(legal_section, LegalDocumentPage(
        title="Luật Khoa học và Công nghệ số 29/2013/QH13", number="29/2013/QH13",
        doc_type="luat", issued_on=date(2013, 6, 18), summary="Luật Khoa học và Công nghệ"))


def listed(client, query=None):
    response = client.get("/thu-tuc-hanh-chinh/", query or {})
    html = response.content.decode()
    titles = re.findall(r'<li><h2><a href="[^"]+">([^<]+)</a></h2>', html)
    return response, html, titles


# --- the list -------------------------------------------------------------------------------

def test_the_section_is_at_its_address_and_gets_its_editor_groups(section):
    assert section.url == "/thu-tuc-hanh-chinh/"
    assert CategoryGroup.objects.filter(category=section).count() == 3


def test_list_shows_count_codes_and_keeps_abolished_procedures_marked(client, make_procedure):
    make_procedure("Thủ tục B", code="2.001234", level="tinh", online_level="toan-trinh")
    make_procedure("Thủ tục cũ", code="1.000001", in_force=False)
    make_procedure("Thủ tục A", code="1.009876", level="huyen", online_level="mot-phan")
    make_procedure("Bản nháp", code="1.000002", live=False)
    response, html, titles = listed(client)
    assert response.status_code == 200
    assert_well_formed(html)
    assert "3 mục" in html
    # in force first, by code; the abolished one last, marked
    assert titles == ["Thủ tục A", "Thủ tục B", "Thủ tục cũ"]
    assert "Mã: 1.009876" in html and "Mã: 2.001234" in html
    assert "Dịch vụ công trực tuyến: toàn trình" in html
    assert "Cấp huyện" in html and "Hoạt động khoa học và công nghệ" in html
    assert html.count(ENDED) == 1
    assert "Bản nháp" not in html


@pytest.mark.parametrize("query, expected", [
    ({"linh_vuc": "so-huu-tri-tue"}, ["Sáng kiến"]),
    ({"cap": "huyen"}, ["Sáng kiến"]),
    ({"cap": "tinh"}, ["Công bố hợp chuẩn", "Cấp giấy phép X-quang", "Đăng ký kết quả cũ"]),
    ({"muc_do": "toan-trinh"}, ["Công bố hợp chuẩn"]),
    ({"muc_do": "mot-phan"}, ["Cấp giấy phép X-quang"]),
    ({"muc_do": "khong"}, ["Sáng kiến", "Đăng ký kết quả cũ"]),
    ({"hieu_luc": "con"}, ["Công bố hợp chuẩn", "Cấp giấy phép X-quang", "Sáng kiến"]),
    ({"hieu_luc": "het"}, ["Đăng ký kết quả cũ"]),
    ({"cap": "tinh", "hieu_luc": "con"}, ["Công bố hợp chuẩn", "Cấp giấy phép X-quang"]),
    ({"q": "X-quang"}, ["Cấp giấy phép X-quang"]),
    ({"q": "hop chuan"}, ["Công bố hợp chuẩn"]),
])
def test_each_filter(client, make_procedure, query, expected):
    make_procedure("Cấp giấy phép X-quang", code="1.000541", online_level="mot-phan",
                   field="Năng lượng nguyên tử, an toàn bức xạ và hạt nhân")
    make_procedure("Công bố hợp chuẩn", code="1.000105", online_level="toan-trinh",
                   field="Tiêu chuẩn, đo lường, chất lượng")
    make_procedure("Sáng kiến", code="2.001960", level="huyen", field="Sở hữu trí tuệ")
    make_procedure("Đăng ký kết quả cũ", code="1.003014", in_force=False)
    response, html, titles = listed(client, query)
    assert response.status_code == 200
    assert titles == expected
    assert f"{len(expected)} mục" in html


def test_the_text_filter_finds_a_procedure_by_its_code(client, make_procedure):
    make_procedure("Cấp giấy phép X-quang", code="1.000541")
    make_procedure("Công bố hợp chuẩn", code="1.000105")
    assert listed(client, {"q": "1.000541"})[2] == ["Cấp giấy phép X-quang"]


@pytest.mark.parametrize("query, field", [
    ({"cap": "thon"}, "cap"), ({"muc_do": "muc-do-4"}, "muc_do"),
    ({"hieu_luc": "x"}, "hieu_luc"), ({"linh_vuc": "khong-co"}, "linh_vuc"),
    ({"q": "x" * 201}, "q"),
])
def test_bad_filter_values_are_a_400_in_vietnamese(client, make_procedure, query, field):
    make_procedure()
    response, html, titles = listed(client, query)
    assert response.status_code == 400
    assert "Vui lòng sửa bộ lọc" in html
    assert f'id="id_{field}_error"' in html
    assert re.search(r"(Hãy chọn một lựa chọn hợp lệ|quá dài)", html)
    feed = client.get("/thu-tuc-hanh-chinh/rss/", query)
    assert feed.status_code == 400 and "không hợp lệ" in feed.content.decode()


@pytest.mark.parametrize("number", ["abc", "999", "0"])
def test_a_page_number_that_is_no_page_is_a_404(client, make_procedure, number):
    make_procedure()
    assert client.get("/thu-tuc-hanh-chinh/", {"trang": number}).status_code == 404


def test_list_query_count_does_not_grow_with_the_number_of_procedures(client, make_procedure,
                                                                     settings):
    settings.PAGE_CACHE_SECONDS = 0  # what rendering costs, each time
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/thu-tuc-hanh-chinh/").status_code == 200
        return len(queries)

    for _ in range(3):
        make_procedure(online_level="toan-trinh")
    count()  # the first request reads the site and its settings once
    few = count()
    for n in range(9):
        make_procedure(field=f"Lĩnh vực {n}", agency=f"Cơ quan {n}")
    count()  # what a change of content empties (the placed portlets), made again once
    assert count() == few


def test_feed_of_a_filtered_list(client, make_procedure):
    make_procedure("Thủ tục còn hiệu lực", code="1.000001", level="tinh")
    make_procedure("Thủ tục cấp huyện", code="1.000002", level="huyen")
    make_procedure("Thủ tục đã bãi bỏ", code="1.000003", in_force=False)
    html = client.get("/thu-tuc-hanh-chinh/", {"cap": "tinh", "hieu_luc": "con"}).content.decode()
    assert 'href="/thu-tuc-hanh-chinh/rss/?cap=tinh&amp;hieu_luc=con"' in html
    response = client.get("/thu-tuc-hanh-chinh/rss/", {"cap": "tinh", "hieu_luc": "con"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Thủ tục hành chính (đã lọc)"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Thủ tục còn hiệu lực"]
    page = ProcedurePage.objects.get(code="1.000001")
    assert re.fullmatch(rf"http://[a-z]+{re.escape(page.url)}", items[0].findtext("link"))
    assert items[0].findtext("description").startswith("Mã thủ tục 1.000001 · ")
    assert parsedate_to_datetime(items[0].findtext("pubDate")) == \
        page.first_published_at.replace(microsecond=0)
    everything = ET.fromstring(client.get("/thu-tuc-hanh-chinh/rss/").content)
    assert len(everything.find("channel").findall("item")) == 3


def test_latest_items_portlet_lists_the_section(client, home, section, make_procedure):
    for n in range(4):
        make_procedure(f"Thủ tục mới số {n}", code=f"1.00000{n}")
    portlet = Portlet.objects.create(title="Thủ tục hành chính", content=[
        {"type": "latest_items", "value": {"section": section.pk, "count": 3}}])
    PortletAssignment.objects.create(page=home, portlet=portlet, region="right")
    html = client.get("/").content.decode()
    assert "Thủ tục mới số 0" in html and "Thủ tục mới số 2" in html
    assert "Thủ tục mới số 3" not in html
    assert 'href="/thu-tuc-hanh-chinh/"' in html


# --- the detail page ------------------------------------------------------------------------

def ld_json(html):
    """The page's GovernmentService (its other JSON-LD is tested in test_metadata)."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    services = [data for data in map(json.loads, blocks) if data["@type"] == "GovernmentService"]
    assert len(services) == 1
    return services[0]


def form_pdf(title):
    return demo_document(title, "mau-don.pdf", make_pdf(title, ["Kính gửi: Sở ..."]))


def test_detail_page_shows_facts_texts_legal_basis_forms_and_submission_link(
        client, make_procedure, legal_document):
    form = form_pdf("Mẫu đơn đề nghị cấp giấy phép")
    page = make_procedure(
        "Cấp giấy phép tiến hành công việc bức xạ (sử dụng thiết bị X-quang chẩn đoán trong y tế)",
        code="1.000541", level="tinh", online_level="mot-phan",
        field="Năng lượng nguyên tử, an toàn bức xạ và hạt nhân",
        steps="Bước 1: Nộp hồ sơ.\nBước 2: Thẩm định <hồ sơ>.",
        dossier="- Đơn đề nghị;\n- Phiếu khai báo thiết bị.",
        processing_time="15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        fees="Phí thẩm định: 2.000.000 đồng/thiết bị.", applicants="Cơ sở y tế.",
        result="Giấy phép tiến hành công việc bức xạ.",
        legal_basis="Luật Khoa học và Công nghệ số 29/2013/QH13; Nghị định số 142/2020/NĐ-CP",
        online_url="https://dichvucong.gov.vn/",
        legal_links=[ProcedureLegalLink(document=legal_document)],
        attachments=[ProcedureFormFile(document=form)])
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert_well_formed(html)
    article = html[html.index('<article'):html.index("</article>")]
    for label, value in [("Mã thủ tục", "1.000541"), ("Cấp thực hiện", "Cấp tỉnh"),
                         ("Lĩnh vực", "Năng lượng nguyên tử, an toàn bức xạ và hạt nhân"),
                         ("Cơ quan thực hiện", "Sở Khoa học và Công nghệ tỉnh Hậu Giang"),
                         ("Thời hạn giải quyết", "15 ngày làm việc"),
                         ("Phí, lệ phí", "Phí thẩm định: 2.000.000 đồng"),
                         ("Dịch vụ công trực tuyến", "Một phần")]:
        assert re.search(f"<dt>{label}</dt><dd>{value}", article), label
    assert "Bước 1: Nộp hồ sơ.<br>Bước 2: Thẩm định &lt;hồ sơ&gt;." in article
    assert "<h2 id=\"procedure-section-3\">Thành phần hồ sơ</h2>" in article
    assert f'<a href="{legal_document.url}">Luật Khoa học và Công nghệ số 29/2013/QH13</a>' \
        in article
    assert "<li>Nghị định số 142/2020/NĐ-CP</li>" in article  # not on the portal: text
    assert "Mẫu đơn, tờ khai" in article and f'href="{form.url}" download' in article
    assert re.search(r'<a class="[^"]*" href="https://dichvucong.gov.vn/" rel="noopener '
                     r'external">Nộp hồ sơ trực tuyến</a>', article)
    assert "Còn hiệu lực" in article and ENDED not in article


def test_detail_page_has_government_service_json_ld(client, make_procedure):
    page = make_procedure("Cấp Giấy chứng nhận doanh nghiệp khoa học và công nghệ",
                          code="1.005312", online_url="https://dichvucong.haugiang.gov.vn/",
                          online_level="toan-trinh")
    data = ld_json(client.get(page.url).content.decode())
    assert data["@context"] == "https://schema.org" and data["@type"] == "GovernmentService"
    assert data["name"] == page.title and data["identifier"] == "1.005312"
    assert data["serviceType"] == "Hoạt động khoa học và công nghệ"
    assert data["provider"] == {"@type": "GovernmentOrganization",
                                "name": "Sở Khoa học và Công nghệ tỉnh Hậu Giang"}
    assert data["areaServed"]["name"] == "Hậu Giang"
    assert re.fullmatch(rf"http://[a-z]+{re.escape(page.url)}", data["url"])
    assert data["availableChannel"]["serviceUrl"] == "https://dichvucong.haugiang.gov.vn/"


def test_json_ld_cannot_be_broken_out_of(client, make_procedure):
    title = 'Thủ tục </script><script>alert("x")</script> & <!-- thử'
    page = make_procedure(title, agency="")
    html = client.get(page.url).content.decode()
    assert "<script>alert" not in html
    assert_well_formed(html)
    data = ld_json(html)
    assert data["name"] == title
    # no agency: the provider is the agency of the site
    assert data["provider"]["name"] == "Sở Khoa học và Công nghệ tỉnh Hậu Giang"
    assert "availableChannel" not in data


def test_an_abolished_procedure_is_marked_and_offers_no_submission(client, make_procedure):
    page = make_procedure("Thủ tục cũ", in_force=False, online_url="https://dichvucong.gov.vn/")
    html = client.get(page.url).content.decode()
    assert ENDED in html and "status-expired" in html
    assert "Nộp hồ sơ trực tuyến" not in html[html.index("<article"):]
    assert "availableChannel" not in ld_json(html)


def test_an_unsafe_address_that_got_into_the_database_is_not_linked(client, make_procedure):
    page = make_procedure()
    ProcedurePage.objects.filter(pk=page.pk).update(online_url="javascript:alert(1)")
    html = client.get(page.url).content.decode()
    assert "javascript:" not in html
    assert "availableChannel" not in ld_json(html)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://dichvucong.gov.vn/",
                                 "dichvucong gov vn"])
def test_the_submission_address_must_be_http_or_https(db, url):
    from django.utils import translation

    field = ProcedurePage._meta.get_field("online_url")
    with translation.override("vi"), pytest.raises(ValidationError) as raised:
        field.clean(url, ProcedurePage())
    assert any("http" in message for message in raised.value.messages)


def test_the_code_is_unique_with_a_vietnamese_message(make_procedure):
    from django.utils import translation

    make_procedure(code="1.009876")
    with translation.override("vi"), pytest.raises(ValidationError) as raised:
        ProcedurePage(title="Thủ tục trùng mã", code="1.009876").validate_unique()
    assert raised.value.message_dict["code"] == ["Đã có thủ tục khác mang mã này."]


def test_search_content_declares_facets_identifiers_and_attachments(make_procedure):
    form = form_pdf("Tờ khai thiết bị")
    page = make_procedure(code="1.000460", level="tinh", online_level="",
                          steps="Bước 1: Khai báo.", attachments=[ProcedureFormFile(document=form)])
    content = page.search_content()
    assert str(content["kind"]) == "Thủ tục hành chính"
    assert content["identifiers"] == ["1.000460"]
    assert content["facets"] == {"linh_vuc": "hoat-dong-khoa-hoc-va-cong-nghe", "cap": "tinh",
                                 "muc_do": "khong"}
    assert content["attachments"] == [form]
    assert "Bước 1: Khai báo." in content["body"]
    assert ProcedurePage.search_kind == "thu-tuc"
    facets = {facet.name: facet for facet in ProcedurePage.search_facets}
    assert set(facets) == {"linh_vuc", "cap", "muc_do"}
    assert ("hoat-dong-khoa-hoc-va-cong-nghe", "Hoạt động khoa học và công nghệ") in \
        facets["linh_vuc"].get_choices()


# --- the admin ------------------------------------------------------------------------------

@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("quantri", "qt@example.invalid", "x" * 12)
    client.force_login(user)
    return client


def procedure_form(**overrides):
    data = {
        "title": "Cấp Giấy chứng nhận đăng ký hoạt động của tổ chức khoa học và công nghệ",
        "slug": "", "code": "1.003561", "in_force": "on", "field": "", "level": "tinh",
        "agency": "", "applicants": "Tổ chức khoa học và công nghệ.",
        "steps": "Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.", "methods": "Trực tiếp.",
        "dossier": "- Đơn đăng ký.", "processing_time": "15 ngày làm việc.",
        "result": "Giấy chứng nhận.", "fees": "3.000.000 đồng.", "requirements": "",
        "legal_basis": "Luật Khoa học và Công nghệ số 29/2013/QH13",
        "online_level": "mot-phan", "online_url": "https://dichvucong.gov.vn/",
        "legal_links": inline_formset([]), "attachments": inline_formset([]),
        "comments": inline_formset([]), "portlet_assignments": inline_formset([]),
        "portlet_blocks": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_admin_creates_and_edits_a_procedure(admin_client, section, legal_document, client):
    field = Term.get_or_create_named(FIELD_VOCABULARY, "Hoạt động khoa học và công nghệ")
    Term.get_or_create_named("legal.field", "Lĩnh vực của văn bản")  # not offered here
    add_url = f"/admin/pages/add/procedures/procedurepage/{section.pk}/"
    form_html = admin_client.get(add_url).content.decode()
    for label in ["Mã thủ tục", "Cấp thực hiện", "Thành phần hồ sơ", "Liên kết nộp trực tuyến",
                  "Căn cứ pháp lý", "Mẫu đơn, tờ khai", "Còn hiệu lực"]:
        assert label in form_html, label
    assert "Hoạt động khoa học và công nghệ" in form_html
    assert "Lĩnh vực của văn bản" not in form_html
    form = form_pdf("Mẫu đơn đăng ký hoạt động khoa học và công nghệ")
    response = admin_client.post(add_url, {**procedure_form(
        field=str(field.pk),
        legal_links=inline_formset([{"document": legal_document.pk, "ORDER": "1"}]),
        attachments=inline_formset([{"document": form.pk, "title": "", "ORDER": "1"}])),
        "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ProcedurePage.objects.get(code="1.003561")
    assert page.live and page.field == field and page.in_force
    assert page.slug == ("cap-giay-chung-nhan-dang-ky-hoat-dong-cua-to-chuc-khoa-hoc-va-cong-"
                         "nghe")
    assert [link.document_id for link in page.legal_links.all()] == [legal_document.pk]
    assert [attachment.document for attachment in page.attachments.all()] == [form]
    html = client.get(page.url).content.decode()
    assert f'href="{legal_document.url}"' in html and f'href="{form.url}"' in html

    link = page.legal_links.get()
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", {**procedure_form(
        in_force="", online_level="", fees="Không.", legal_links=inline_formset(
            [{"id": link.pk, "document": legal_document.pk, "ORDER": "1", "DELETE": "1"}],
            initial=1)), "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    assert not page.in_force and page.fees == "Không." and page.online_level == ""
    assert page.legal_links.count() == 0
    assert ENDED in client.get(page.url).content.decode()


@pytest.mark.parametrize("overrides, message", [
    ({"code": "1.009876"}, "Đã có thủ tục khác mang mã này."),
    ({"code": ""}, "Trường này là bắt buộc."),
    ({"online_url": "javascript:alert(1)"}, "Hãy nhập địa chỉ web bắt đầu bằng http://"),
    ({"online_url": "ftp://dichvucong.gov.vn/"}, "Hãy nhập địa chỉ web bắt đầu bằng http://"),
    ({"online_level": "muc-do-4"}, "Hãy chọn một lựa chọn hợp lệ"),
])
def test_admin_refuses_bad_procedures_in_vietnamese(admin_client, section, make_procedure,
                                                    overrides, message):
    make_procedure(code="1.009876")
    response = admin_client.post(f"/admin/pages/add/procedures/procedurepage/{section.pk}/",
                                 {**procedure_form(**overrides), "action-publish": "publish"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ProcedurePage.objects.count() == 1


def test_the_legal_document_chooser_offers_legal_documents_only(admin_client, section,
                                                                 legal_document):
    response = admin_client.post(
        f"/admin/pages/add/procedures/procedurepage/{section.pk}/",
        {**procedure_form(legal_links=inline_formset([{"document": section.pk, "ORDER": "1"}])),
         "action-publish": "publish"})
    assert response.status_code == 200
    assert not ProcedurePage.objects.exists()


def test_live_preview_of_a_new_and_an_edited_procedure(admin_client, section, legal_document,
                                                       make_procedure):
    form = form_pdf("Mẫu đơn xem trước")
    data = procedure_form(
        title="Thủ tục xem trước", code="1.000777",
        legal_links=inline_formset([{"document": legal_document.pk, "ORDER": "1"}]),
        attachments=inline_formset([{"document": form.pk, "title": "", "ORDER": "1"}]))
    for url in [f"/admin/pages/add/procedures/procedurepage/{section.pk}/preview/",
                f"/admin/pages/{make_procedure(code='1.000888').pk}/edit/preview/"]:
        posted = admin_client.post(url, data)
        assert posted.status_code == 200 and posted.json()["is_valid"], posted.content[:2000]
        response = admin_client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Thủ tục xem trước" in html and "Mẫu đơn xem trước" in html
        assert f'href="{legal_document.url}"' in html
        assert ld_json(html)["identifier"] == "1.000777"


# --- import ---------------------------------------------------------------------------------

HEADERS = ["Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Cấp thực hiện", "Trình tự thực hiện",
           "Cách thức thực hiện", "Thành phần hồ sơ", "Thời hạn giải quyết",
           "Đối tượng thực hiện", "Cơ quan thực hiện", "Kết quả", "Phí lệ phí",
           "Yêu cầu điều kiện", "Căn cứ pháp lý", "Mức độ", "Liên kết nộp trực tuyến"]


def row(code, title, **cells):
    values = {"Lĩnh vực": "Hoạt động khoa học và công nghệ", "Cấp thực hiện": "Cấp tỉnh",
              "Trình tự thực hiện": "Bước 1: Nộp hồ sơ. Bước 2: Nhận kết quả.",
              "Cách thức thực hiện": "Trực tiếp hoặc trực tuyến.",
              "Thành phần hồ sơ": "Đơn đề nghị; báo cáo.",
              "Thời hạn giải quyết": "15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
              "Đối tượng thực hiện": "Tổ chức, cá nhân.",
              "Cơ quan thực hiện": "Sở Khoa học và Công nghệ tỉnh Hậu Giang",
              "Kết quả": "Giấy chứng nhận.", "Phí lệ phí": "Không.", "Yêu cầu điều kiện": "",
              "Căn cứ pháp lý": "", "Mức độ": "Toàn trình",
              "Liên kết nộp trực tuyến": "https://dichvucong.gov.vn/"}
    values.update({"Mã thủ tục": code, "Tên thủ tục": title, **cells})
    headers = HEADERS + [extra for extra in ("Tệp đính kèm", "Tình trạng") if extra in cells]
    return [values.get(header, "") for header in headers]


def write_csv(path, rows, bom=True, headers=HEADERS):
    return write_sheet(path, rows, headers, "utf-8-sig" if bom else "utf-8")


def run_import(path, *args):
    return import_sheet("thu-tuc", path, *args)


def import_problems(path):
    message, err = failed_import("thu-tuc", path, "--publish")
    assert "Không nhập gì" in message
    return err


@pytest.mark.parametrize("bom", [True, False])
def test_import_csv_creates_procedures_links_and_forms_then_updates(
        client, section, legal_document, tmp_path, bom):
    (tmp_path / "mau").mkdir()
    (tmp_path / "mau" / "don.pdf").write_bytes(make_pdf("Mẫu đơn", ["Kính gửi: Sở ..."]))
    headers = HEADERS + ["Tệp đính kèm"]
    rows = [row("1.009876", "Thủ tục đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ",
                **{"Căn cứ pháp lý": "29/2013/QH13; 99/2099/NĐ-CP", "Tệp đính kèm": "mau/don.pdf",
                   "Mức độ": "mức độ 4",
                   "Trình tự thực hiện": "Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả."}),
            row("2.001234", "Cấp giấy phép tiến hành công việc bức xạ",
                **{"Cấp thực hiện": "huyện", "Mức độ": "Một phần", "Tệp đính kèm": "",
                   "Liên kết nộp trực tuyến": "",
                   "Lĩnh vực": "Năng lượng nguyên tử, an toàn bức xạ và hạt nhân"})]
    path = write_csv(tmp_path / "thu-tuc.csv", rows, bom=bom, headers=headers)
    out, err = run_import(path, "--publish")
    assert "2 mục mới" in out and err == ""
    first = ProcedurePage.objects.get(code="1.009876")
    assert first.live and first.get_parent().pk == section.pk
    assert first.online_level == "toan-trinh" and first.level == "tinh"
    assert first.steps == "Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả."
    assert first.field.name == "Hoạt động khoa học và công nghệ"
    assert first.agency.vocabulary == AGENCY_VOCABULARY
    assert first.legal_basis == "29/2013/QH13; 99/2099/NĐ-CP"
    assert [link.document_id for link in first.legal_links.all()] == [legal_document.pk]
    assert [a.document.file_size for a in first.attachments.all()] == [
        (tmp_path / "mau" / "don.pdf").stat().st_size]
    second = ProcedurePage.objects.get(code="2.001234")
    assert (second.level, second.online_level, second.online_url) == ("huyen", "mot-phan", "")
    html = client.get(first.url).content.decode()
    assert f'href="{legal_document.url}"' in html and "<li>99/2099/NĐ-CP</li>" in html

    rows[0][1] = "Thủ tục đăng ký kết quả (tên mới)"
    rows[1][HEADERS.index("Mức độ")] = ""
    out, _err = run_import(write_csv(tmp_path / "thu-tuc.csv", rows, bom=bom, headers=headers),
                           "--publish")
    assert "0 mục mới, 2 mục cập nhật" in out
    assert ProcedurePage.objects.count() == 2
    from wagtail.documents import get_document_model
    assert get_document_model().objects.count() == 1  # the form found again by its content
    first.refresh_from_db()
    assert first.title == "Thủ tục đăng ký kết quả (tên mới)"
    assert first.attachments.count() == 1 and first.legal_links.count() == 1
    assert ProcedurePage.objects.get(code="2.001234").online_level == ""


def test_import_marks_a_procedure_no_longer_in_force_and_an_empty_cell_keeps_it(
        client, section, tmp_path):
    headers = HEADERS + ["Tình trạng"]
    path = tmp_path / "a.csv"
    run_import(write_csv(path, [row("1.000001", "Thủ tục cũ", **{"Tình trạng": ""})],
                         headers=headers), "--publish")
    assert ProcedurePage.objects.get().in_force  # by default
    run_import(write_csv(path, [row("1.000001", "Thủ tục cũ", **{"Tình trạng": "Đã bãi bỏ"})],
                         headers=headers), "--publish")
    page = ProcedurePage.objects.get()
    assert not page.in_force
    assert "Thủ tục cũ" in client.get("/thu-tuc-hanh-chinh/", {"hieu_luc": "het"}).content.decode()
    out, _err = run_import(write_csv(path, [row("1.000001", "Thủ tục cũ",
                                                **{"Tình trạng": ""})], headers=headers),
                           "--publish")
    assert "1 mục không đổi" in out and not ProcedurePage.objects.get().in_force
    write_csv(path, [row("1.000001", "Thủ tục cũ", **{"Tình trạng": "Tạm dừng"})],
              headers=headers)
    assert "dòng 2, cột “Tình trạng”: “Tạm dừng” không thuộc các giá trị: Còn hiệu lực, Hết " \
        "hiệu lực." in import_problems(path)


def test_import_without_publish_leaves_drafts(section, tmp_path):
    run_import(write_csv(tmp_path / "a.csv", [row("1.000001", "Thủ tục nháp")]))
    page = ProcedurePage.objects.get(code="1.000001")
    assert not page.live and page.has_unpublished_changes


def test_import_reads_xlsx_with_codes_turned_into_numbers(section, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["MÃ THỦ TỤC", "tên thủ tục", "Cấp thực hiện", "Mức độ", "Cột lạ"])
    sheet.append([1.00987, "Thủ tục từ Excel", "Cấp xã", "", "x"])
    sheet.append(["2.001234", "Thủ tục mã dạng chữ", "TW", "DVC toàn trình", ""])
    path = tmp_path / "thu-tuc.xlsx"
    workbook.save(path)
    out, err = run_import(path, "--publish")
    assert "2 mục mới" in out and "Cột lạ" in err
    assert ProcedurePage.objects.get(code="1.009870").level == "xa"
    page = ProcedurePage.objects.get(code="2.001234")
    assert (page.level, page.online_level, page.online_url) == ("trung-uong", "toan-trinh", "")


def test_every_kind_of_bad_row_writes_nothing_and_is_named(section, tmp_path):
    (tmp_path / "chuong-trinh.pdf").write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)
    (tmp_path / "ghi-chu.txt").write_text("ghi chú", encoding="utf-8")
    (tmp_path / "tot.pdf").write_bytes(make_pdf("Mẫu", ["Tốt."]))
    headers = HEADERS + ["Tệp đính kèm"]
    rows = [
        row("1.000001", "Thủ tục tốt", **{"Tệp đính kèm": "tot.pdf"}),               # line 2
        row("", "Thiếu mã", **{"Tệp đính kèm": ""}),                                 # line 3
        row("1.000003", "", **{"Tệp đính kèm": ""}),                                  # line 4
        row("1.000001", "Trùng mã", **{"Tệp đính kèm": ""}),                          # line 5
        row("1.000005", "Địa chỉ sai", **{"Liên kết nộp trực tuyến": "javascript:alert(1)",
                                          "Tệp đính kèm": ""}),                       # line 6
        row("1.000006", "FTP", **{"Liên kết nộp trực tuyến": "ftp://x.gov.vn/",
                                  "Tệp đính kèm": ""}),                               # line 7
        row("1.000007", "Mức độ lạ", **{"Mức độ": "Mức độ 9", "Tệp đính kèm": ""}),   # line 8
        row("1.000008", "Cấp lạ", **{"Cấp thực hiện": "Cấp thôn", "Tệp đính kèm": ""}),
        row("1.000009", "Thiếu tệp", **{"Tệp đính kèm": "khong-co.pdf"}),             # line 10
        row("1.000010", "Chương trình", **{"Tệp đính kèm": "chuong-trinh.pdf"}),      # line 11
        row("1.000011", "Tệp văn bản", **{"Tệp đính kèm": "ghi-chu.txt"}),            # line 12
        row("1 000 012", "Mã có dấu cách", **{"Tệp đính kèm": ""}),                   # line 13
    ]
    err = import_problems(write_csv(tmp_path / "sai.csv", rows, headers=headers))
    for expected in ["dòng 3, cột “Mã thủ tục”: ", "dòng 4, cột “Tên thủ tục”: ",
                     "dòng 5, cột “Mã thủ tục”: “1.000001” đã có ở dòng 2",
                     "dòng 6, cột “Liên kết nộp trực tuyến”: “javascript:alert(1)” không phải",
                     "dòng 7, cột “Liên kết nộp trực tuyến”: ",
                     "dòng 8, cột “Mức độ”: “Mức độ 9” không thuộc các giá trị: Toàn trình",
                     "dòng 9, cột “Cấp thực hiện”: “Cấp thôn” không thuộc",
                     "dòng 10, cột “Tệp đính kèm”: Không có tệp “khong-co.pdf”",
                     "dòng 11, cột “Tệp đính kèm”: ", "dòng 12, cột “Tệp đính kèm”: ",
                     "dòng 13, cột “Mã thủ tục”: "]:
        assert expected in err, (expected, err)
    assert "dòng 2" not in err.replace("đã có ở dòng 2", "")
    assert "chương trình" in err or "chuong-trinh.pdf" in err
    assert not ProcedurePage.objects.exists()


def test_a_missing_required_column_is_named(section, tmp_path):
    err = import_problems(write_csv(tmp_path / "a.csv", [["Thủ tục"]], headers=["Tên thủ tục"]))
    assert "dòng 1, cột “Mã thủ tục”" in err


# --- demo -----------------------------------------------------------------------------------

def test_demo_replaces_the_placeholder_and_is_idempotent(client, home, legal_document):
    from wagtail.documents import get_document_model

    first = publish_child(home, StandardPage(title="Giới thiệu", slug="gioi-thieu"))
    publish_child(home, StandardPage(title="Thủ tục hành chính", slug="thu-tuc-hanh-chinh"))
    last = publish_child(home, StandardPage(title="Liên hệ", slug="lien-he"))
    section = demo.build_section(home)
    assert [page.slug for page in home.get_children()][-3:] == [
        first.slug, "thu-tuc-hanh-chinh", last.slug]
    assert section.live and section.show_in_menus and section.url == "/thu-tuc-hanh-chinh/"
    assert not StandardPage.objects.filter(slug="thu-tuc-hanh-chinh").exists()
    created = demo.build_items(section)
    assert created >= 15
    documents = get_document_model().objects.count()
    assert demo.build_section(home).pk == section.pk
    assert demo.build_items(section) == 0
    assert get_document_model().objects.count() == documents
    procedures = ProcedurePage.objects.live().child_of(section)
    assert procedures.count() == created
    assert {p.online_level for p in procedures} >= {"toan-trinh", "mot-phan"}
    assert procedures.filter(in_force=False).count() == 1
    for procedure in procedures:
        assert 1 <= procedure.attachments.count() <= 2, procedure.title
        if procedure.online_level:
            assert procedure.online_url in ("https://dichvucong.gov.vn/",
                                            "https://dichvucong.haugiang.gov.vn/")
    cited = procedures.get(code="1.009876")
    assert [link.document_id for link in cited.legal_links.all()] == [legal_document.pk]
    html = client.get(cited.url).content.decode()
    assert_well_formed(html)
    assert f'href="{legal_document.url}"' in html
    listing = client.get(section.url).content.decode()
    assert f"{created} mục" in listing and ENDED in listing


# --- valid HTML -----------------------------------------------------------------------------

def test_procedure_pages_are_valid_html(client, make_procedure, legal_document, tmp_path):
    import shutil
    import subprocess

    from .test_html_valid import VNU_JAR

    if not shutil.which("java") or not VNU_JAR.is_file():
        pytest.skip("the Nu HTML Checker (Java and vnu-jar) is not installed")
    full = make_procedure(
        'Thủ tục đầy đủ </script> & "mẫu"', code="1.009876", online_level="toan-trinh",
        steps="Bước 1.\nBước 2.", dossier="- Đơn.", fees="Không.", requirements="Không.",
        legal_basis="29/2013/QH13; 99/2099/NĐ-CP", online_url="https://dichvucong.gov.vn/",
        legal_links=[ProcedureLegalLink(document=legal_document)],
        attachments=[ProcedureFormFile(document=form_pdf("Mẫu đơn"))])
    ended = make_procedure("Thủ tục cũ", in_force=False)
    pages = {"list": ("/thu-tuc-hanh-chinh/", 200),
             "filtered": ("/thu-tuc-hanh-chinh/?muc_do=toan-trinh&hieu_luc=con", 200),
             "empty": ("/thu-tuc-hanh-chinh/?linh_vuc=hoat-dong-khoa-hoc-va-cong-nghe&cap=xa",
                       200),
             "bad": ("/thu-tuc-hanh-chinh/?cap=thon", 400),
             "full": (full.url, 200), "ended": (ended.url, 200)}
    files = []
    for name, (url, status) in pages.items():
        response = client.get(url)
        assert response.status_code == status, url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", *files],
                            capture_output=True, text=True, timeout=120)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    problems = [(m.get("url", "").rsplit("/", 1)[-1], m.get("lastLine"), m["message"])
                for m in messages if m["type"] == "error" or m.get("subType") == "warning"]
    assert problems == []


def test_an_item_and_its_section_with_items_cannot_be_copied(admin_client, make_procedure, section):
    assert_copies_refused(admin_client, make_procedure(), section)
