"""Văn bản (/van-ban/): list and filters (status by today's date), detail with files and
relations both ways, feed, admin editing, spreadsheet import, demo, portlet."""

import json
from datetime import date, timedelta
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from pages.demo import demo_document, make_pdf
from editorial.models import CategoryGroup
from legal import demo as legal_demo
from legal.models import (FIELDS, ISSUERS, LegalDocumentAttachment, LegalDocumentIndexPage,
                          LegalDocumentPage, LegalDocumentRelation, RelationKind, Status,
                          document_title, until_next_midnight)
from pages.models import StandardPage, Term
from portlets.models import Portlet, PortletAssignment

from .conftest import (assert_copies_refused, failed_import, import_sheet, make_user,
                       publish_child, section_group, write_sheet)

TODAY = date(2026, 11, 30)
HEADERS = ["Số ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Người ký", "Ngày ban hành",
           "Ngày hiệu lực", "Ngày hết hiệu lực", "Lĩnh vực", "Trích yếu", "Tệp đính kèm",
           "Thay thế"]


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """A fixed "today" for the statuses; tests move it to see a status change."""
    state = {"day": TODAY}
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: state["day"])
    return state


@pytest.fixture
def section(home):
    return publish_child(home, LegalDocumentIndexPage(title="Văn bản", slug="van-ban",
                                                      show_in_menus=True))


@pytest.fixture
def pdf_document(db):
    def make(text="Nội dung văn bản", name="van-ban.pdf"):
        return demo_document(f"Tệp {name}", name, make_pdf("VĂN BẢN", [text]))
    return make


@pytest.fixture
def make_document(section):
    counter = {"n": 0}

    def make(number=None, doc_type="quyet-dinh", issued_on=date(2025, 3, 1), summary=None,
             issuer="Ủy ban nhân dân tỉnh Hậu Giang", field="Khoa học và công nghệ",
             live=True, parent=None, relations=(), attachments=(), **fields):
        counter["n"] += 1
        number = number or f"{counter['n']}/QĐ-UBND"
        summary = summary or f"Về việc ban hành quy chế số {counter['n']}"
        page = LegalDocumentPage(
            title=document_title(doc_type, number, summary), number=number, doc_type=doc_type,
            issued_on=issued_on, summary=summary,
            issuer=Term.get_or_create_named(ISSUERS, issuer) if issuer else None,
            field=Term.get_or_create_named(FIELDS, field) if field else None, **fields)
        page.relations = [LegalDocumentRelation(kind=kind, target=target)
                          for kind, target in relations]
        page.attachments = [LegalDocumentAttachment(document=document)
                            for document in attachments]
        parent = parent or section
        if live:
            return publish_child(parent, page)
        page.live = False
        parent.add_child(instance=page)
        page.save_revision()
        return page
    return make


def listed(client, query=""):
    response = client.get(f"/van-ban/{query}")
    assert response.status_code == 200, response.content.decode()[:2000]
    return [item.title for item in response.context["items"]], response.content.decode()


# --- the section, its list and filters ------------------------------------------------------

def test_the_section_gets_its_editor_groups(section):
    names = sorted(CategoryGroup.objects.filter(category=section)
                   .values_list("group__name", flat=True))
    assert names == ["Biên tập viên · Văn bản", "Cộng tác viên / Phóng viên · Văn bản",
                     "Lãnh đạo duyệt tin · Văn bản"]


def test_list_shows_documents_newest_issued_first_with_count_and_status(client, make_document):
    old = make_document("567/QĐ-UBND", issued_on=date(2016, 4, 14))
    new = make_document("1234/QĐ-UBND", issued_on=date(2021, 7, 15),
                        summary="Về việc ban hành Quy chế quản lý nhiệm vụ khoa học và công nghệ",
                        relations=[(RelationKind.REPLACES, old)])
    make_document("9/QĐ-UBND", live=False)
    titles, html = listed(client)
    assert titles == [new.title, old.title]
    assert new.title == ("Quyết định 1234/QĐ-UBND về việc ban hành Quy chế quản lý nhiệm vụ "
                         "khoa học và công nghệ")
    assert "2 mục" in html or "2 văn bản" in html or ">2 " in html
    assert "Số 1234/QĐ-UBND · Quyết định · Ủy ban nhân dân tỉnh Hậu Giang" in html
    assert '<time datetime="2021-07-15">15/07/2021</time>' in html
    assert '<span class="status status-active">Còn hiệu lực</span>' in html
    assert '<span class="status status-expired">Hết hiệu lực</span>' in html
    assert f'href="{new.url}"' in html


@pytest.mark.parametrize("query, expected", [
    ("?loai=luat", ["Luật Khoa học và Công nghệ số 29/2013/QH13"]),
    ("?co_quan=quoc-hoi", ["Luật Khoa học và Công nghệ số 29/2013/QH13"]),
    ("?linh_vuc=tieu-chuan-do-luong-chat-luong", ["Kế hoạch 78/KH-SKHCN kiểm tra đo lường"]),
    ("?nam=2026", ["Kế hoạch 78/KH-SKHCN kiểm tra đo lường"]),
    ("?nam=2013&loai=luat", ["Luật Khoa học và Công nghệ số 29/2013/QH13"]),
    ("?q=n%C3%B4ng+nghi%E1%BB%87p", ["Chỉ thị 08/CT-UBND về tăng cường ứng dụng khoa học trong "
                                     "nông nghiệp"]),
    ("?loai=chi-thi&q=nong+nghiep", ["Chỉ thị 08/CT-UBND về tăng cường ứng dụng khoa học trong "
                                     "nông nghiệp"]),
    ("?loai=luat&nam=2024", []),
])
def test_each_filter(client, make_document, query, expected):
    make_document("29/2013/QH13", "luat", date(2013, 6, 18), "Luật Khoa học và Công nghệ",
                  issuer="Quốc hội")
    make_document("78/KH-SKHCN", "ke-hoach", date(2026, 1, 12), "Kiểm tra đo lường",
                  issuer="Sở Khoa học và Công nghệ tỉnh Hậu Giang",
                  field="Tiêu chuẩn - Đo lường - Chất lượng")
    make_document("08/CT-UBND", "chi-thi", date(2024, 3, 12),
                  "Về tăng cường ứng dụng khoa học trong nông nghiệp")
    titles, html = listed(client, query)
    assert titles == expected
    if not expected:
        assert "Không có mục nào khớp" in html or "Show everything" not in html


def test_status_filter_follows_today_and_replacements(client, make_document, today):
    make_document("1/QĐ-UBND", summary="Đang có hiệu lực", issued_on=date(2025, 1, 1))
    make_document("2/QĐ-UBND", summary="Chưa có hiệu lực", issued_on=date(2026, 11, 20),
                  effective_from=date(2027, 1, 1))
    make_document("3/QĐ-UBND", summary="Hết hạn", issued_on=date(2025, 1, 1),
                  effective_until=date(2026, 1, 1))
    replaced = make_document("4/QĐ-UBND", summary="Bị thay thế", issued_on=date(2020, 1, 1))
    make_document("5/QĐ-UBND", summary="Văn bản thay thế", issued_on=date(2026, 6, 1),
                  relations=[(RelationKind.REPLACES, replaced)])
    later = make_document("6/QĐ-UBND", summary="Sẽ bị thay thế", issued_on=date(2020, 1, 1))
    make_document("7/QĐ-UBND", summary="Thay thế từ năm sau", issued_on=date(2026, 11, 1),
                  effective_from=date(2027, 1, 1), relations=[(RelationKind.REPLACES, later)])
    draft_target = make_document("8/QĐ-UBND", summary="Thay thế bởi bản nháp",
                                 issued_on=date(2020, 1, 1))
    make_document("9/QĐ-UBND", summary="Bản nháp", live=False,
                  relations=[(RelationKind.REPLACES, draft_target)])

    def numbers(status):
        titles, _html = listed(client, f"?tinh_trang={status}")
        return sorted(title.split()[2] for title in titles)

    assert numbers(Status.IN_FORCE) == ["1/QĐ-UBND", "5/QĐ-UBND", "6/QĐ-UBND", "8/QĐ-UBND"]
    assert numbers(Status.PENDING) == ["2/QĐ-UBND", "7/QĐ-UBND"]
    assert numbers(Status.EXPIRED) == ["3/QĐ-UBND", "4/QĐ-UBND"]
    # on 1 January 2027 the pending ones take effect and the one they replace expires
    today["day"] = date(2027, 1, 1)
    assert numbers(Status.PENDING) == []
    assert numbers(Status.EXPIRED) == ["3/QĐ-UBND", "4/QĐ-UBND", "6/QĐ-UBND"]
    # the status shown is worked out again on each view, the list's as well as the page's
    titles, html = listed(client, "?q=s%E1%BA%BD+b%E1%BB%8B+thay+th%E1%BA%BF")
    assert titles == [later.title] and "status-expired" in html


@pytest.mark.parametrize("query, field", [
    ("?loai=sac-lenh", "Loại văn bản"),
    ("?co_quan=khong-co", "Cơ quan ban hành"),
    ("?linh_vuc=%3Cscript%3E", "Lĩnh vực"),
    ("?nam=1890", "Năm ban hành"),
    ("?nam=abc", "Năm ban hành"),
    ("?tinh_trang=moi", "Tình trạng"),
])
def test_bad_filter_values_are_a_400_in_vietnamese(client, make_document, query, field):
    make_document()
    response = client.get(f"/van-ban/{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ" in html or "Chọn một lựa chọn hợp lệ" in html
    assert field in html
    feed = client.get(f"/van-ban/rss/{query}")
    assert feed.status_code == 400 and field in feed.content.decode()


@pytest.mark.parametrize("page", ["abc", "999", "0"])
def test_bad_page_numbers_are_a_404(client, make_document, page):
    make_document()
    assert client.get(f"/van-ban/?trang={page}").status_code == 404


def test_list_query_count_does_not_grow_with_the_number_of_documents(client, make_document,
                                                                     pdf_document):
    def count():
        client.get("/van-ban/")  # one-time work of a first request (site, settings)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/van-ban/?tinh_trang=con-hieu-luc").status_code == 200
        return len(queries)

    first = make_document(attachments=[pdf_document()])
    for _n in range(2):
        make_document(relations=[(RelationKind.REPLACES, first)])
    few = count()
    for number in range(9):
        make_document(issuer=f"Cơ quan {number}", field=f"Lĩnh vực {number}",
                      relations=[(RelationKind.AMENDS, first)])
    assert count() == few


def test_feed_of_a_filtered_list(client, make_document):
    law = make_document("29/2013/QH13", "luat", date(2013, 6, 18), "Luật Khoa học và Công nghệ")
    make_document("1/QĐ-UBND", issued_on=date(2025, 1, 2))
    response = client.get("/van-ban/rss/?loai=luat")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Văn bản (đã lọc)" or "Văn bản" in channel.findtext("title")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [law.title]
    assert items[0].findtext("link").endswith(f"{law.url}")
    published = parsedate_to_datetime(items[0].findtext("pubDate"))
    assert published.date() == date(2013, 6, 18) and published.utcoffset() == timedelta(hours=7)
    assert items[0].findtext("description") == "Luật Khoa học và Công nghệ"


# --- the document page ----------------------------------------------------------------------

def test_document_page_shows_facts_files_and_relations_both_ways(client, make_document,
                                                                 pdf_document, home):
    old = make_document("567/QĐ-UBND", issued_on=date(2016, 4, 14))
    law = make_document("29/2013/QH13", "luat", date(2013, 6, 18), "Luật Khoa học và Công nghệ",
                        issuer="Quốc hội")
    hidden_target = make_document("77/QĐ-UBND", live=False)
    page = make_document(
        "1234/QĐ-UBND", issued_on=date(2021, 7, 15), effective_from=date(2021, 8, 1),
        signer="Trần Quốc Bảo", summary="Về việc ban hành Quy chế quản lý nhiệm vụ",
        attachments=[pdf_document()],
        relations=[(RelationKind.REPLACES, old), (RelationKind.IMPLEMENTS, law),
                   (RelationKind.REPLACES, hidden_target)])
    amending = make_document("99/QĐ-UBND", issued_on=date(2024, 1, 5),
                             relations=[(RelationKind.AMENDS, page)])
    make_document("100/QĐ-UBND", live=False, relations=[(RelationKind.REPLACES, page)])

    html = client.get(page.url).content.decode()
    assert f"<h1>{page.title}</h1>" in html
    for label, value in [("Số ký hiệu", "1234/QĐ-UBND"), ("Loại văn bản", "Quyết định"),
                         ("Cơ quan ban hành", "Ủy ban nhân dân tỉnh Hậu Giang"),
                         ("Người ký", "Trần Quốc Bảo"), ("Ngày ban hành", "15/07/2021"),
                         ("Ngày có hiệu lực", "01/08/2021"), ("Lĩnh vực", "Khoa học và công nghệ")]:
        assert f"<dt>{label}</dt><dd>{value}</dd>" in html, label
    assert "Ngày hết hiệu lực" not in html
    assert '<dt>Tình trạng</dt><dd><span class="status status-active">Còn hiệu lực</span>' in html
    assert "<h2 id=\"summary-heading\">Trích yếu</h2>" in html
    assert "Tệp văn bản" in html and "(PDF, " in html and "KB)" in html
    assert "<h3>Văn bản này thay thế:</h3>" in html and old.title in html
    assert "<h3>Văn bản này triển khai thực hiện:</h3>" in html and law.title in html
    assert hidden_target.title not in html
    assert "<h3>Được sửa đổi, bổ sung bởi:</h3>" in html and amending.title in html
    assert "Được thay thế bởi" not in html  # its replacement is a draft

    old_html = client.get(old.url).content.decode()
    assert "<h3>Được thay thế bởi:</h3>" in old_html and page.title in old_html
    assert '<span class="status status-expired">Hết hiệu lực</span>' in old_html
    # the attached file is downloadable by anyone once the page is published
    document = page.attachments.get().document
    assert client.get(document.url).status_code == 200

    # a document under a restricted page is not shown as related
    restriction = PageViewRestriction.objects.create(page=amending, restriction_type="password",
                                                     password="x" * 12)
    assert amending.title not in client.get(page.url).content.decode()
    restriction.delete()


def test_document_page_status_follows_today_never_stale(client, make_document, today):
    page = make_document(issued_on=date(2026, 11, 20), effective_from=date(2026, 12, 1),
                         effective_until=date(2027, 1, 1))
    assert "status-pending\">Chưa có hiệu lực" in client.get(page.url).content.decode()
    today["day"] = date(2026, 12, 1)
    assert "status-active\">Còn hiệu lực" in client.get(page.url).content.decode()
    today["day"] = date(2027, 1, 1)
    assert "status-expired\">Hết hiệu lực" in client.get(page.url).content.decode()


def test_a_cache_lifetime_is_capped_at_local_midnight(monkeypatch):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    now = datetime(2026, 11, 30, 23, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    monkeypatch.setattr(timezone, "localtime", lambda *args: now)
    response = HttpResponse()
    response["Cache-Control"] = "public, max-age=86400, s-maxage=86400"
    until_next_midnight(response)
    assert "max-age=3600" in response["Cache-Control"]
    assert "s-maxage=3600" in response["Cache-Control"]
    plain = until_next_midnight(HttpResponse())
    assert "Cache-Control" not in plain


def test_document_page_query_count_does_not_grow_with_relations(client, make_document,
                                                                pdf_document):
    def count(page):
        client.get(page.url)  # one-time work of a first request (site, settings)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        return len(queries)

    targets = [make_document() for _n in range(6)]
    small = make_document(relations=[(RelationKind.REPLACES, targets[0])],
                          attachments=[pdf_document("a")])
    make_document(relations=[(RelationKind.AMENDS, small)])
    big = make_document(relations=[(RelationKind.REPLACES, t) for t in targets[:3]]
                        + [(RelationKind.GUIDES, t) for t in targets[3:]],
                        attachments=[pdf_document("b", "b.pdf"), pdf_document("c", "c.pdf")])
    for _n in range(4):
        make_document(relations=[(RelationKind.AMENDS, big)])
    assert count(big) == count(small)


def test_search_content_declares_facets_identifiers_and_attachments(make_document,
                                                                    pdf_document):
    document = pdf_document()
    page = make_document("1234/QĐ-UBND", issued_on=date(2021, 7, 15), attachments=[document],
                         signer="Trần Quốc Bảo")
    content = page.search_content()
    assert str(content["kind"]) == "Văn bản"
    assert content["identifiers"] == ["1234/QĐ-UBND"]
    assert content["facets"] == {"loai": "quyet-dinh", "nam": "2021",
                                 "co_quan": "uy-ban-nhan-dan-tinh-hau-giang",
                                 "linh_vuc": "khoa-hoc-va-cong-nghe"}
    assert content["attachments"] == [document]
    assert "Trần Quốc Bảo" in content["body"]
    assert LegalDocumentPage.search_kind == "van-ban"
    facets = {facet.name: dict(facet.get_choices()) for facet in LegalDocumentPage.search_facets}
    assert set(facets) == {"loai", "co_quan", "linh_vuc", "nam"}
    assert facets["nam"] == {"2021": "2021"}
    assert facets["co_quan"]["uy-ban-nhan-dan-tinh-hau-giang"] == "Ủy ban nhân dân tỉnh Hậu Giang"


def test_title_rule():
    assert document_title("quyet-dinh", "1234/QĐ-UBND", "Về việc ban hành Quy chế") == \
        "Quyết định 1234/QĐ-UBND về việc ban hành Quy chế"
    assert document_title("luat", "29/2013/QH13", "Luật Khoa học và Công nghệ") == \
        "Luật Khoa học và Công nghệ số 29/2013/QH13"
    assert document_title("cong-van", "5/SKHCN", "UBND tỉnh giao") == \
        "Công văn 5/SKHCN UBND tỉnh giao"
    long = document_title("thong-bao", "1/TB", "Về " + "rất dài " * 60)
    assert len(long) <= 255 and long.endswith("…")


def test_latest_items_portlet_shows_the_newest_documents(client, home, section, make_document):
    make_document("1/QĐ-UBND", issued_on=date(2025, 1, 1))
    newest = make_document("2/QĐ-UBND", issued_on=date(2026, 11, 1))
    make_document("3/QĐ-UBND", issued_on=date(2026, 11, 2), live=False)
    portlet = Portlet.objects.create(title="Văn bản mới", content=[
        {"type": "latest_items", "value": {"section": section.pk, "count": 1}}])
    PortletAssignment.objects.create(page=home, portlet=portlet, region="right")
    html = client.get(f"/portlet/{portlet.pk}/").content.decode()
    assert newest.title in html and "(01/11/2026)" in html
    assert "1/QĐ-UBND" not in html and "3/QĐ-UBND" not in html
    assert 'href="/van-ban/"' in html


# --- the admin ------------------------------------------------------------------------------

@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("quantri", "qt@example.invalid", "x" * 12)
    client.force_login(user)
    return client


def document_form(**overrides):
    data = {
        "title": "Quyết định 1234/QĐ-UBND về việc ban hành Quy chế",
        "slug": "", "number": "1234/QĐ-UBND", "doc_type": "quyet-dinh",
        "issuer": "", "field": "", "signer": "Trần Quốc Bảo",
        "summary": "Về việc ban hành Quy chế",
        "issued_on": "15/07/2021", "effective_from": "01/08/2021", "effective_until": "",
        "attachments": inline_formset([]), "relations": inline_formset([]),
        "comments": inline_formset([]), "portlet_assignments": inline_formset([]),
        "portlet_blocks": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_admin_creates_and_edits_a_document(admin_client, section, make_document, pdf_document,
                                            client):
    old = make_document("567/QĐ-UBND", issued_on=date(2016, 4, 14))
    issuer = Term.get_or_create_named(ISSUERS, "Ủy ban nhân dân tỉnh Hậu Giang")
    Term.get_or_create_named(ISSUERS, "Không thuộc văn bản")  # not offered elsewhere
    other = Term.objects.create(vocabulary="procedures.field", name="Lĩnh vực khác")
    add_url = f"/admin/pages/add/legal/legaldocumentpage/{section.pk}/"
    form_html = admin_client.get(add_url).content.decode()
    assert "Số ký hiệu" in form_html and "Cơ quan ban hành" in form_html
    assert "Ủy ban nhân dân tỉnh Hậu Giang" in form_html and other.name not in form_html
    document = pdf_document()
    response = admin_client.post(add_url, {**document_form(
        issuer=str(issuer.pk),
        attachments=inline_formset([{"document": document.pk, "title": "", "ORDER": "1"}]),
        relations=inline_formset([{"kind": "thay-the", "target": old.pk, "ORDER": "1"}])),
        "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    page = LegalDocumentPage.objects.get(number="1234/QĐ-UBND")
    assert page.live and page.issuer == issuer and page.number_key == "1234/qd-ubnd"
    assert [a.document for a in page.attachments.all()] == [document]
    assert [(r.kind, r.target) for r in page.relations.all()] == [("thay-the", old)]
    assert "Được thay thế bởi" in client.get(old.url).content.decode()

    edit_url = f"/admin/pages/{page.pk}/edit/"
    response = admin_client.post(edit_url, {**document_form(
        effective_until="01/01/2026", summary="Về việc sửa đổi Quy chế"),
        "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    assert page.effective_until == date(2026, 1, 1) and page.summary == "Về việc sửa đổi Quy chế"
    assert "status-expired" in client.get(page.url).content.decode()


@pytest.mark.parametrize("overrides, message", [
    ({"number": "1234/qd-ubnd"}, "Đã có văn bản khác mang số ký hiệu 1234/QĐ-UBND"),
    ({"effective_until": "01/07/2021"}, "Ngày hết hiệu lực không được trước ngày có hiệu lực."),
    ({"effective_from": "", "effective_until": "01/07/2021"},
     "Ngày hết hiệu lực không được trước ngày ban hành."),
    ({"issued_on": ""}, "Trường này là bắt buộc."),
    ({"issued_on": "31/02/2021"}, "Nhập một ngày hợp lệ."),
])
def test_admin_refuses_bad_documents_in_vietnamese(admin_client, section, make_document,
                                                   overrides, message):
    make_document("1234/QĐ-UBND")
    response = admin_client.post(f"/admin/pages/add/legal/legaldocumentpage/{section.pk}/",
                                 {**document_form(**overrides), "action-publish": "publish"})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert LegalDocumentPage.objects.count() == 1


def test_admin_lists_and_adds_the_terms_of_one_vocabulary(admin_client, db):
    Term.get_or_create_named(ISSUERS, "Quốc hội")
    Term.get_or_create_named(FIELDS, "Khoa học và công nghệ")
    other = Term.objects.create(vocabulary="procedures.field", name="Đo lường khác")
    html = admin_client.get("/admin/legal_issuers/").content.decode()
    assert "Quốc hội" in html and "Khoa học và công nghệ" not in html and other.name not in html
    assert admin_client.get(f"/admin/legal_issuers/edit/{other.pk}/").status_code == 404
    response = admin_client.post("/admin/legal_issuers/new/", {"name": "Bộ Tài chính"})
    assert response.status_code == 302, response.content.decode()[:2000]
    term = Term.objects.get(name="Bộ Tài chính")
    assert (term.vocabulary, term.slug) == (ISSUERS, "bo-tai-chinh")
    menu = admin_client.get("/admin/").content.decode()  # the menu is JSON in the page
    assert json.dumps("Phân loại văn bản")[1:-1] in menu
    assert json.dumps("Cơ quan ban hành")[1:-1] in menu


# --- import ---------------------------------------------------------------------------------

def write_csv(path, rows, bom=True, headers=HEADERS):
    return write_sheet(path, rows, headers, "utf-8-sig" if bom else "utf-8")


def run_import(path, *args):
    return import_sheet("van-ban", path, *args)


def import_error(path):
    return failed_import("van-ban", path, "--publish")


ROWS = [
    ["567/QĐ-UBND", "Quyết định", "Ủy ban nhân dân tỉnh Hậu Giang", "Nguyễn Văn Hòa",
     "14/04/2016", "", "", "Khoa học và công nghệ",
     "Về việc ban hành Quy chế quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh", "", ""],
    # replaces a document of a later row and one of an earlier row
    ["1234/QĐ-UBND", "quyet dinh", "Ủy ban nhân dân tỉnh Hậu Giang", "Trần Quốc Bảo",
     "15/07/2021", "01/08/2021", "", "Khoa học và công nghệ",
     "Về việc ban hành Quy chế quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh trên địa bàn",
     "files/qd-1234.pdf", "567/QD-UBND; 12/QĐ-UBND"],
    ["12/QĐ-UBND", "Quyết định", "UỶ BAN NHÂN DÂN TỈNH HẬU GIANG", "", "01/02/2012", "",
     "01/08/2021", "", "Về việc quản lý đề tài", "files/qd-12.pdf;files/phu-luc.docx", ""],
    ["29/2013/QH13", "Luật", "Quốc hội", "Nguyễn Sinh Hùng", "18/06/2013", "01/01/2014", "",
     "Khoa học và công nghệ", "Luật Khoa học và Công nghệ", "", ""],
]


@pytest.fixture
def sheet_dir(tmp_path):
    from docx import Document as DocxDocument

    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "qd-1234.pdf").write_bytes(make_pdf("QĐ 1234", ["Quy chế mới."]))
    (tmp_path / "files" / "qd-12.pdf").write_bytes(make_pdf("QĐ 12", ["Quy chế cũ."]))
    docx = DocxDocument()
    docx.add_paragraph("Phụ lục kèm theo quyết định.")
    docx.save(tmp_path / "files" / "phu-luc.docx")
    return tmp_path


@pytest.mark.parametrize("bom", [True, False])
def test_import_csv_creates_documents_files_and_replacements(client, section, sheet_dir, bom):
    out, err = run_import(write_csv(sheet_dir / "van-ban.csv", ROWS, bom=bom), "--publish")
    assert "4 mục mới, 0 mục cập nhật, 0 mục không đổi, đã xuất bản." in out
    pages = {page.number: page for page in LegalDocumentPage.objects.live()}
    assert set(pages) == {"567/QĐ-UBND", "1234/QĐ-UBND", "12/QĐ-UBND", "29/2013/QH13"}
    decision = pages["1234/QĐ-UBND"]
    assert decision.title == ("Quyết định 1234/QĐ-UBND về việc ban hành Quy chế quản lý nhiệm vụ "
                              "khoa học và công nghệ cấp tỉnh trên địa bàn")
    assert decision.slug == "1234-qd-ubnd" and decision.url == "/van-ban/1234-qd-ubnd/"
    assert decision.effective_from == date(2021, 8, 1) and decision.signer == "Trần Quốc Bảo"
    assert decision.issuer.name == "Ủy ban nhân dân tỉnh Hậu Giang"
    assert pages["12/QĐ-UBND"].issuer == decision.issuer  # the same agency, however written
    assert pages["29/2013/QH13"].title == "Luật Khoa học và Công nghệ số 29/2013/QH13"
    assert sorted(r.target.number for r in decision.relations.all()) == [
        "12/QĐ-UBND", "567/QĐ-UBND"]
    assert [a.document.file_extension for a in pages["12/QĐ-UBND"].attachments.all()] == [
        "pdf", "docx"]
    html = client.get("/van-ban/567-qd-ubnd/").content.decode()
    assert "Được thay thế bởi" in html and "status-expired" in html


def test_import_xlsx_and_reimport_updates_without_duplicates(client, section, sheet_dir):
    from openpyxl import Workbook

    def xlsx(rows):
        book = Workbook()
        sheet = book.active
        sheet.append(["số ký hiệu", "LOẠI VĂN BẢN", *HEADERS[2:], "Ghi chú"])
        for row in rows:
            sheet.append(row)
        path = sheet_dir / "van-ban.xlsx"
        book.save(path)
        return path

    rows = [list(row) for row in ROWS]
    rows[3][4] = date(2013, 6, 18)  # a date cell
    out, err = run_import(xlsx([row + ["bỏ qua"] for row in rows]), "--publish")
    assert "Ghi chú" in err
    assert LegalDocumentPage.objects.count() == 4
    first_files = set(LegalDocumentAttachment.objects.values_list("document_id", flat=True))
    revisions = LegalDocumentPage.objects.get(number="1234/QĐ-UBND").revisions.count()

    rows[0][8] = "Về việc ban hành Quy chế (đã sửa)"
    rows[1][10] = "567/QĐ-UBND"
    run_import(xlsx(rows), "--publish")
    assert LegalDocumentPage.objects.count() == 4
    old = LegalDocumentPage.objects.get(number="567/QĐ-UBND")
    assert old.summary == "Về việc ban hành Quy chế (đã sửa)"
    assert old.title == "Quyết định 567/QĐ-UBND về việc ban hành Quy chế (đã sửa)"
    decision = LegalDocumentPage.objects.get(number="1234/QĐ-UBND")
    assert [r.target for r in decision.relations.all()] == [old]
    assert set(LegalDocumentAttachment.objects.values_list("document_id", flat=True)) == \
        first_files
    assert decision.revisions.count() == revisions + 1


def test_importing_the_same_sheet_again_writes_nothing(client, section, sheet_dir):
    from wagtail.models import PageLogEntry

    path = write_csv(sheet_dir / "van-ban.csv", ROWS)
    run_import(path, "--publish")
    revisions, logs = Revision.objects.count(), PageLogEntry.objects.count()
    out, _err = run_import(path, "--publish")
    assert "0 mục mới, 0 mục cập nhật, 4 mục không đổi" in out
    assert (Revision.objects.count(), PageLogEntry.objects.count()) == (revisions, logs)

    # a row changing only what it replaces, with a document of a later row: linked at the end,
    # given a revision and shown both ways
    rows = [ROWS[0][:10] + ["9/QĐ-UBND"], *ROWS[1:],
            ["9/QĐ-UBND", "Quyết định", "", "", "01/01/2011", "", "", "", "Về việc cũ", "", ""]]
    out, _err = run_import(write_csv(sheet_dir / "van-ban.csv", rows), "--publish")
    assert "1 mục mới, 1 mục cập nhật, 3 mục không đổi" in out
    regulation = LegalDocumentPage.objects.get(number="567/QĐ-UBND")
    assert [r.target.number for r in regulation.relations.all()] == ["9/QĐ-UBND"]
    assert regulation.revisions.count() == 2 and not regulation.has_unpublished_changes
    assert "Được thay thế bởi" in client.get("/van-ban/9-qd-ubnd/").content.decode()


def test_imported_documents_and_their_changes_are_searchable(section, sheet_dir):
    from search import selectors

    def found(query):
        return [item.url for item in selectors.search(query).items]

    rows = [list(row) for row in ROWS]
    run_import(write_csv(sheet_dir / "van-ban.csv", rows), "--publish")
    assert found("quản lý đề tài") == ["/van-ban/12-qd-ubnd/"]
    assert found("phụ lục kèm theo") == ["/van-ban/12-qd-ubnd/"]  # inside its DOCX
    rows[2][8] = "Về việc quản lý kinh phí sự nghiệp"
    run_import(write_csv(sheet_dir / "van-ban.csv", rows), "--publish")
    from search.models import SearchDocument
    page = LegalDocumentPage.objects.get(number="12/QĐ-UBND")
    assert SearchDocument.objects.get(page_id=page.pk).summary == rows[2][8]
    assert found("kinh phí sự nghiệp")[0] == "/van-ban/12-qd-ubnd/"


def test_publishing_import_publishes_a_draft_the_sheet_agrees_with(section, sheet_dir):
    path = write_csv(sheet_dir / "van-ban.csv", ROWS[:1])
    run_import(path)  # a draft, never published
    out, _err = run_import(path, "--publish")
    assert "0 mục mới, 1 mục cập nhật, 0 mục không đổi" in out
    page = LegalDocumentPage.objects.get()
    assert page.live and not page.has_unpublished_changes


def test_an_import_as_an_account_does_only_what_it_may(section, sheet_dir, mailoutbox):
    from editorial import roles
    from news.models import NewsCategoryPage

    path = write_csv(sheet_dir / "van-ban.csv", [ROWS[0], ROWS[3]])
    writer = make_user("congtacvien", section_group(section, roles.WRITER))
    make_user("bientap", section_group(section, roles.EDITOR))  # the first step's reviewer
    approver = make_user("lanhdao", section_group(section, roles.APPROVER))
    get_user_model().objects.create_superuser("sieu", "sieu@example.invalid", "Mk-" + "x1" * 6)
    summary, errors = failed_import("van-ban", path, "--publish", "--user", "congtacvien")
    assert "“congtacvien” không được xuất bản trong “Văn bản”" in errors
    assert not LegalDocumentPage.objects.exists()
    news = publish_child(section.get_parent(), NewsCategoryPage(title="Tin tức"))
    make_user("phongvien", section_group(news, roles.WRITER))
    _summary, errors = failed_import("van-ban", path, "--user", "phongvien")
    assert "“phongvien” không được thêm mục vào “Văn bản”" in errors
    assert not LegalDocumentPage.objects.exists()

    out, _err = import_sheet("van-ban", path, "--submit", "--user", "congtacvien")
    assert "2 mục mới" in out and "2 bản đã gửi duyệt" in out
    pages = list(LegalDocumentPage.objects.order_by("pk"))
    assert all(not page.live and page.current_workflow_state.requested_by == writer
               for page in pages)
    assert mailoutbox == []  # reviewers find them in their queue; nobody gets 2 e-mails

    # under review, an item is not changed behind its reviewers' backs: neither by its writer
    # nor by an import without an account
    changed = [list(ROWS[0]), list(ROWS[3])]
    changed[0][8] = "Nội dung chưa ai duyệt"
    path = write_csv(sheet_dir / "van-ban.csv", changed)
    for args in (("--submit", "--user", "congtacvien"), ("--publish",)):
        _summary, errors = failed_import("van-ban", path, *args)
        assert "dòng 2, cột “Số ký hiệu”" in errors and "đang được duyệt (bước Biên tập)" in errors
    assert LegalDocumentPage.objects.get(pk=pages[0].pk).get_latest_revision_as_object() \
        .summary == ROWS[0][8]

    # a page an editor locked is left alone, whoever imports; the account's own lock is not
    # in its way
    for page in pages:
        page.current_workflow_state.cancel(user=approver)
    pages[0].locked, pages[0].locked_by = True, approver
    pages[0].save(update_fields=["locked", "locked_by"])
    _summary, errors = failed_import("van-ban", path, "--publish")
    assert "dòng 2, cột “Số ký hiệu”" in errors and "đang bị khóa" in errors
    out, _err = import_sheet("van-ban", path, "--publish", "--user", "lanhdao")
    assert "0 mục mới, 2 mục cập nhật" in out
    assert LegalDocumentPage.objects.get(pk=pages[0].pk).summary == "Nội dung chưa ai duyệt"


def test_submit_resumes_a_review_and_sends_unchanged_drafts(section, sheet_dir):
    from wagtail.models import WorkflowState

    from editorial import roles

    writer = make_user("congtacvien", section_group(section, roles.WRITER))
    editor = make_user("bientap", section_group(section, roles.EDITOR))
    path = write_csv(sheet_dir / "van-ban.csv", ROWS[:1])
    import_sheet("van-ban", path, "--user", "congtacvien")  # a draft, not submitted
    out, _err = import_sheet("van-ban", path, "--submit", "--user", "congtacvien")
    assert "1 mục không đổi" in out and "1 bản đã gửi duyệt" in out
    page = LegalDocumentPage.objects.get()
    state = page.current_workflow_state
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, editor, "reject")
    assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_NEEDS_CHANGES
    corrected = [list(ROWS[0])]
    corrected[0][8] = "Trích yếu đã bổ sung"
    out, _err = import_sheet("van-ban", write_csv(sheet_dir / "van-ban.csv", corrected),
                             "--submit", "--user", "congtacvien")
    assert "1 mục cập nhật" in out and "1 bản đã gửi duyệt" in out
    state = WorkflowState.objects.get(pk=state.pk)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == writer


def test_a_submitted_import_that_publishes_at_once_is_indexed(section, sheet_dir):
    """A workflow whose steps are all switched off publishes on submission: the search must
    have it, and an account that may not publish is refused, nothing written."""
    from wagtail.models import Task

    from editorial import roles
    from search.models import SearchDocument

    Task.objects.update(active=False)
    make_user("lanhdao", section_group(section, roles.APPROVER))
    make_user("congtacvien", section_group(section, roles.WRITER))
    path = write_csv(sheet_dir / "van-ban.csv", ROWS[:1])
    summary, errors = failed_import("van-ban", path, "--submit", "--user", "congtacvien")
    assert "không có bước nào đang hoạt động" in errors
    assert not LegalDocumentPage.objects.exists()
    import_sheet("van-ban", path, "--submit", "--user", "lanhdao")
    page = LegalDocumentPage.objects.get()
    assert page.live and SearchDocument.objects.get(page_id=page.pk).summary == ROWS[0][8]


def test_import_refuses_an_unknown_or_disabled_account_and_submit_without_one(section,
                                                                            sheet_dir):
    path = write_csv(sheet_dir / "van-ban.csv", ROWS[:1])
    assert "Không có tài khoản “ai”" in failed_import("van-ban", path, "--user", "ai")[0]
    user = make_user("nghiviec")
    user.is_active = False
    user.save()
    assert "“nghiviec” đã bị khóa" in failed_import("van-ban", path, "--user", "nghiviec")[1]
    assert "--user" in failed_import("van-ban", path, "--submit")[0]
    assert "--publish" in failed_import("van-ban", path, "--submit", "--publish")[0]
    assert not LegalDocumentPage.objects.exists()


def test_import_without_publish_leaves_drafts(section, sheet_dir):
    out, _err = run_import(write_csv(sheet_dir / "van-ban.csv", ROWS[:1]))
    page = LegalDocumentPage.objects.get()
    assert not page.live and "bản nháp" in out


@pytest.mark.parametrize("row, line_column, message", [
    (["", "Quyết định", "", "", "01/01/2025", "", "", "", "Trích yếu", "", ""],
     "dòng 6, cột “Số ký hiệu”", "Phải có giá trị"),
    (["9/QĐ-UBND", "Sắc lệnh", "", "", "01/01/2025", "", "", "", "Trích yếu", "", ""],
     "dòng 6, cột “Loại văn bản”", "Sắc lệnh"),
    (["9/QĐ-UBND", "Quyết định", "", "", "32/01/2025", "", "", "", "Trích yếu", "", ""],
     "dòng 6, cột “Ngày ban hành”", "32/01/2025"),
    (["9/QĐ-UBND", "Quyết định", "", "", "01/01/2025", "01/02/2025", "01/01/2025", "", "Trích",
      "", ""], "dòng 6, cột “Ngày hết hiệu lực”", "Ngày hết hiệu lực không được trước"),
    (["567/QĐ-UBND", "Quyết định", "", "", "01/01/2025", "", "", "", "Trích yếu", "", ""],
     "dòng 6, cột “Số ký hiệu”", "dòng 2"),
    (["567 / QD-UBND", "Quyết định", "", "", "01/01/2025", "", "", "", "Trích yếu", "", ""],
     "dòng 6, cột “Số ký hiệu”", "dòng 2"),
    (["9/QĐ-UBND", "Quyết định", "", "", "01/01/2025", "", "", "", "Trích yếu",
      "files/khong-co.pdf", ""], "dòng 6, cột “Tệp đính kèm”", "Không tìm thấy tệp"),
    (["9/QĐ-UBND", "Quyết định", "", "", "01/01/2025", "", "", "", "Trích yếu",
      "files/chuong-trinh.pdf", ""], "dòng 6, cột “Tệp đính kèm”", "chuong-trinh.pdf"),
    (["9/QĐ-UBND", "Quyết định", "", "", "01/01/2025", "", "", "", "Trích yếu",
      "files/ghi-chu.txt", ""], "dòng 6, cột “Tệp đính kèm”", "không thuộc loại được chấp nhận"),
    (["9/QĐ-UBND", "Quyết định", "", "", "01/01/2025", "", "", "", "Trích yếu", "",
      "404/QĐ-UBND"], "dòng 6, cột “Thay thế”", "Không có văn bản số “404/QĐ-UBND”"),
    (["9/QĐ-UBND", "Quyết định", "", "", "01/01/2025", "", "", "", "Trích yếu", "",
      "9/QĐ-UBND"], "dòng 6, cột “Thay thế”", "không thể thay thế chính nó"),
    (["9/QĐ-UBND", "Quyết định", "", "", "01/01/2025", "", "", "", "", "", ""],
     "dòng 6, cột “Trích yếu”", "Phải có giá trị"),
    (["9/QĐ-UBND" * 20, "Quyết định", "", "", "01/01/2025", "", "", "", "Trích yếu", "", ""],
     "dòng 6, cột “Số ký hiệu”", "quá dài"),
])
def test_a_bad_row_writes_nothing_and_names_line_and_column(section, sheet_dir, row,
                                                            line_column, message):
    (sheet_dir / "files" / "chuong-trinh.pdf").write_bytes(b"MZ\x90\x00\x03\x00" + b"\x00" * 200)
    (sheet_dir / "files" / "ghi-chu.txt").write_text("ghi chú")
    path = write_csv(sheet_dir / "van-ban.csv", ROWS + [row])
    summary, errors = import_error(path)
    assert summary == "Không nhập gì: có 1 lỗi cần sửa."
    assert line_column in errors and message in errors, errors
    assert not LegalDocumentPage.objects.exists()
    assert not Term.objects.filter(vocabulary__startswith="legal.").exists()


def test_a_sheet_without_the_key_column_is_refused(section, sheet_dir):
    path = write_csv(sheet_dir / "van-ban.csv", [row[1:] for row in ROWS], headers=HEADERS[1:])
    _summary, errors = import_error(path)
    assert "dòng 1, cột “Số ký hiệu”" in errors
    assert not LegalDocumentPage.objects.exists()


def test_a_replacement_already_on_the_site_is_found_by_its_number(section, sheet_dir,
                                                                 make_document):
    old = make_document("567/QĐ-UBND")
    run_import(write_csv(sheet_dir / "van-ban.csv", [ROWS[3][:10] + ["567/qđ-ubnd"]]),
               "--publish")
    law = LegalDocumentPage.objects.get(number="29/2013/QH13")
    assert [r.target for r in law.relations.all()] == [old]
    assert LegalDocumentPage.objects.get(pk=old.pk).status() == Status.EXPIRED


# --- the demo -------------------------------------------------------------------------------

def test_demo_section_and_documents_are_built_once(client, home):
    placeholder = publish_child(home, StandardPage(title="Văn bản", slug="van-ban",
                                                   show_in_menus=True))
    after = publish_child(home, StandardPage(title="Liên hệ", slug="lien-he", show_in_menus=True))
    section = legal_demo.build_section(home)
    assert not StandardPage.objects.filter(pk=placeholder.pk).exists()
    assert section.url == "/van-ban/" and section.live and section.show_in_menus
    assert [p.slug for p in home.get_children()][-2:] == ["van-ban", "lien-he"]
    assert after.pk == home.get_children().last().pk
    created = legal_demo.build_items(section)
    assert created >= 20
    assert legal_demo.build_section(home).pk == section.pk
    assert legal_demo.build_items(section) == 0
    assert LegalDocumentPage.objects.live().count() == created

    statuses = {page.number: page.status() for page in LegalDocumentPage.objects.all()}
    assert statuses["1234/QĐ-UBND"] == Status.IN_FORCE
    assert statuses["29/2013/QH13"] == Status.EXPIRED  # replaced from 01/10/2025
    assert statuses["45/KH-UBND"] == Status.EXPIRED
    assert statuses["152/QĐ-SKHCN"] == Status.PENDING
    assert statuses["48/QĐ-SKHCN"] == Status.IN_FORCE  # until its replacement takes effect
    assert LegalDocumentRelation.objects.filter(kind=RelationKind.REPLACES).count() == 4
    assert LegalDocumentRelation.objects.filter(kind=RelationKind.GUIDES).count() == 2
    assert LegalDocumentRelation.objects.filter(kind=RelationKind.IMPLEMENTS).count() == 1
    assert len({page.doc_type for page in LegalDocumentPage.objects.all()}) >= 10

    titles, html = listed(client, "?tinh_trang=het-hieu-luc")
    assert len(titles) >= 3
    html = client.get("/van-ban/1234-qd-ubnd/").content.decode()
    assert "Toàn văn Quyết định 1234/QĐ-UBND" in html and "Văn bản này thay thế:" in html
    html = client.get("/van-ban/29-2013-qh13/").content.decode()
    assert "Được thay thế bởi:" in html and "Được hướng dẫn thi hành bởi:" in html


def test_each_demo_pdf_holds_a_phrase_found_nowhere_else(home):
    from pypdf import PdfReader

    from core.vietnamese import fold

    section = legal_demo.build_section(home)
    legal_demo.build_items(section)
    pages = list(LegalDocumentPage.objects.all())
    fields = fold(" ".join(f"{page.title} {page.summary} {page.search_content()['body']}"
                           for page in pages))
    for page in pages:
        attachment = page.attachments.get()
        with attachment.document.file.open("rb") as handle:
            text = " ".join("".join(p.extract_text() for p in PdfReader(handle).pages).split())
        phrase = legal_demo.PHRASES[page.number]
        assert phrase in text, page.number
        assert fold(phrase) not in fields, page.number
        others = [p for n, p in legal_demo.PHRASES.items() if n != page.number]
        assert not any(other in text for other in others), page.number


def test_pages_are_valid_html(client, make_document, pdf_document, tmp_path):
    import shutil
    import subprocess
    from pathlib import Path

    from .test_html_valid import VNU_JAR

    if not shutil.which("java") or not VNU_JAR.is_file():
        pytest.skip("the Nu HTML Checker (Java, vnu-jar) is not installed")
    old = make_document("567/QĐ-UBND", issued_on=date(2016, 4, 14))
    page = make_document("1234/QĐ-UBND", signer="Trần Quốc Bảo", attachments=[pdf_document()],
                         summary="Về việc ban hành Quy chế.\n\nĐoạn thứ hai của trích yếu.",
                         relations=[(RelationKind.REPLACES, old)])
    urls = {"list": "/van-ban/", "filtered": "/van-ban/?loai=quyet-dinh&tinh_trang=het-hieu-luc",
            "bad": "/van-ban/?nam=abc", "empty": "/van-ban/?loai=luat", "page": page.url,
            "old": old.url}
    files = []
    for name, url in urls.items():
        response = client.get(url)
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", *files],
                            capture_output=True, text=True, timeout=120)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    assert [(Path(m.get("url", "")).name, m.get("lastLine"), m["message"]) for m in messages
            if m["type"] == "error" or m.get("subType") == "warning"] == []


def test_an_item_and_its_section_with_items_cannot_be_copied(admin_client, make_document, section):
    assert_copies_refused(admin_client, make_document(), section)


def test_a_relation_to_the_document_itself_is_refused_on_its_row_and_can_be_removed(
        admin_client, make_document):
    """It was a 500 on publish, and a draft holding it could never be saved again."""
    page = make_document("1234/QĐ-UBND", issued_on=date(2021, 7, 15))
    url = f"/admin/pages/{page.pk}/edit/"
    itself = inline_formset([{"kind": "thay-the", "target": page.pk, "ORDER": "1"}])
    for action in ("action-publish", "action-submit", None):
        data = {**document_form(relations=itself), **({action: "1"} if action else {})}
        response = admin_client.post(url, data)
        assert response.status_code == 200
        assert "Văn bản không thể liên quan đến chính nó." in response.content.decode()
    assert not page.relations.exists()
    response = admin_client.post(url, {**document_form(), "action-publish": "publish"})
    assert response.status_code == 302
