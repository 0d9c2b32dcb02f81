"""The page kit (pages/): section lists with filters, pagination, count and feed; the latest
items portlet; per-section groups; the spreadsheet importer framework. Tried on news, which
uses the kit like every section."""

import io
import json
import xml.etree.ElementTree as ET
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.timezone import localtime

from editorial.models import CategoryGroup
from news.models import NewsArticlePage, NewsCategoryPage
from pages import sheets
from pages.models import Term
from portlets.models import Portlet, PortletAssignment

from .conftest import client_for, make_user, publish_child, section_group, write_sheet

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def test_section_list_counts_filters_by_year_and_keeps_the_filter_in_page_links(
        client, category, make_article):
    for n in range(14):
        make_article(title=f"Tin năm 2025 số {n}",
                     published_at=datetime(2025, 3, 1 + n, 8, tzinfo=VN_TZ))
    make_article(title="Tin năm 2026", published_at=datetime(2026, 2, 1, 8, tzinfo=VN_TZ))
    html = client.get(category.url).content.decode()
    assert "15 mục" in html
    response = client.get(category.url, {"nam": "2025"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "14 mục" in html and "Tin năm 2026" not in html
    assert '<option value="2025" selected>' in html
    assert "?nam=2025&amp;trang=2" in html  # the next page keeps the filter
    page_two = client.get(category.url, {"nam": "2025", "trang": "2"}).content.decode()
    assert page_two.count('<article class="card') == 2


def test_a_year_without_items_is_an_empty_list_not_an_error(client, category, make_article):
    make_article(title="Tin")
    response = client.get(category.url, {"nam": "1999"})
    assert response.status_code == 200 and "0 mục" in response.content.decode()
    assert client.get(category.url + "rss/", {"nam": "1999"}).status_code == 200


@pytest.mark.parametrize("query", [{"nam": "1899"}, {"nam": "abc"}, {"nam": "２０２５"},
                                   {"q": "x" * 201},
                                   {"q": "nul\x00"}])
def test_bad_filter_values_are_a_vietnamese_400_not_an_error(client, category, make_article,
                                                             query):
    make_article(title="Tin")
    response = client.get(category.url, query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng sửa bộ lọc" in html
    assert 'class="field-error"' in html


@pytest.mark.parametrize("number", ["abc", "0", "9"])
def test_a_page_number_that_is_no_page_is_a_404(client, category, make_article, number):
    make_article(title="Tin")
    assert client.get(category.url, {"trang": number}).status_code == 404


def test_text_filter_finds_the_section_items_holding_the_words(client, category, news_root,
                                                              make_article):
    other = publish_child(news_root, NewsCategoryPage(title="Thông báo"))
    make_article(title="Hội thảo chuyển đổi số nông nghiệp")
    make_article(title="Tập huấn sở hữu trí tuệ")
    make_article(title="Chuyển đổi số trong y tế", parent=other)
    html = client.get(category.url, {"q": "chuyen doi so"}).content.decode()
    assert "Hội thảo chuyển đổi số nông nghiệp" in html
    assert "Tập huấn sở hữu trí tuệ" not in html
    assert "Chuyển đổi số trong y tế" not in html  # another section
    assert "1 mục" in html


def _feed(client, url, data=None):
    response = client.get(url, data or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    return ET.fromstring(response.content).find("channel")


def test_feed_holds_the_same_filtered_list_with_dates_and_absolute_links(client, category,
                                                                       make_article):
    make_article(title="Tin năm 2025", published_at=datetime(2025, 5, 2, 8, tzinfo=VN_TZ))
    make_article(title="Tin năm 2026", published_at=datetime(2026, 5, 2, 8, tzinfo=VN_TZ),
                 sapo="Tóm tắt của tin.")
    page = client.get(category.url, {"nam": "2026"}).content.decode()
    assert f'href="{category.url}rss/?nam=2026"' in page
    channel = _feed(client, category.url + "rss/", {"nam": "2026"})
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Tin năm 2026"]
    assert items[0].findtext("link") == f"http://testserver{category.url}tin-nam-2026/"
    assert items[0].findtext("description") == "Tóm tắt của tin."
    assert items[0].findtext("pubDate") == "Sat, 02 May 2026 01:00:00 +0000"
    assert channel.findtext("language") == "vi"
    assert len(_feed(client, category.url + "rss/").findall("item")) == 2


def test_feed_with_bad_filters_is_a_400_in_vietnamese(client, category):
    response = client.get(category.url + "rss/", {"nam": "abc"})
    assert response.status_code == 400
    assert "Bộ lọc của kênh tin không hợp lệ" in response.content.decode()


def test_feed_leaves_out_drafts_and_restricted_items(client, category, make_article):
    from wagtail.models import PageViewRestriction

    make_article(title="Tin công khai")
    make_article(title="Bản nháp", live=False)
    private = publish_child(category, NewsCategoryPage(title="Nội bộ"))
    make_article(title="Tin nội bộ", parent=private)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    titles = [item.findtext("title") for item in
              _feed(client, category.url + "rss/").findall("item")]
    assert titles == ["Tin công khai"]


def test_latest_items_portlet_lists_a_section_and_links_to_it(client, home, category,
                                                              make_article):
    for n in range(4):
        make_article(title=f"Tin số {n}")
    portlet = Portlet.objects.create(title="Mới trong chuyên mục", content=[
        {"type": "latest_items", "value": {"section": category.pk, "count": 3}}])
    PortletAssignment.objects.create(page=home, portlet=portlet, region="right")
    html = client.get(f"/portlet/{portlet.pk}/").content.decode()
    assert "Tin số 3" in html and "Tin số 1" in html and "Tin số 0" not in html
    assert f'href="{category.url}"' in html


def test_latest_items_portlet_refuses_a_page_that_is_not_a_section(home):
    from django.core.exceptions import ValidationError

    from pages.portlet_types import LatestItemsPortlet

    block = LatestItemsPortlet()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"section": home.pk, "count": 3}))


def test_every_section_gets_its_groups_and_the_command_restores_missing_ones(news_root):
    section = publish_child(news_root, NewsCategoryPage(title="Chuyên mục mới"))
    assert CategoryGroup.objects.filter(category=section).count() == 3
    CategoryGroup.objects.filter(category=section).first().group.delete()
    out = io.StringIO()
    call_command("ensure_section_groups", stdout=out)
    call_command("ensure_section_groups", stdout=out)
    assert CategoryGroup.objects.filter(category=section).count() == 3


def test_terms_get_folded_unique_slugs_and_are_found_by_name_in_any_case(db):
    first = Term.get_or_create_named("test.issuer", "Ủy ban nhân dân tỉnh Hậu Giang")
    assert first.slug == "uy-ban-nhan-dan-tinh-hau-giang"
    assert Term.get_or_create_named("test.issuer", " ủy ban  nhân dân tỉnh Hậu Giang ") == first
    other = Term.objects.create(vocabulary="test.issuer", name="Uy ban nhan dan tinh Hau Giang")
    assert other.slug == "uy-ban-nhan-dan-tinh-hau-giang-2"
    assert Term.get_or_create_named("test.issuer", "") is None


# --- the spreadsheet importer framework, tried with a small importer of news articles ------

class ArticleSheet(sheets.SheetImporter):
    name = "tin"
    label = "tin"
    columns = [sheets.Column("Tiêu đề", "title", sheets.one_line, required=True),
               sheets.Column("Ngày đăng", "date", sheets.day, required=True),
               sheets.Column("Tóm tắt", "sapo"),
               sheets.Column("Số lượng", "amount", sheets.number)]
    key, key_field = "title", "title"
    section_model, item_model = NewsCategoryPage, NewsArticlePage

    def section(self):
        return NewsCategoryPage.objects.get(slug="tin-hoat-dong")

    def fill(self, page, row):
        page.title = row["title"]
        page.sapo = row["sapo"] or ""
        page.published_at = datetime.combine(row["date"], datetime.min.time(), tzinfo=VN_TZ)


def _csv(tmp_path, rows, name="tin.csv", encoding="utf-8-sig", delimiter=","):
    return write_sheet(tmp_path / name, rows, encoding=encoding, delimiter=delimiter)


HEADER = ["tiêu đề", "NGÀY ĐĂNG", "Tóm tắt", "Cột lạ"]


@pytest.mark.parametrize("encoding,delimiter", [("utf-8-sig", ","), ("utf-8", ","),
                                                ("utf-8", ";")])
def test_import_reads_csv_with_or_without_bom_and_updates_on_a_second_run(
        tmp_path, category, encoding, delimiter):
    rows = [HEADER, ["Tin thứ nhất", "05/03/2025", "Một", "x"],
            ["Tin thứ hai", "5/3/2025", "Hai", "y"]]
    importer = ArticleSheet(_csv(tmp_path, rows, encoding=encoding, delimiter=delimiter),
                            publish=True)
    assert importer.run() == (2, 0)
    assert importer.unknown_columns == ["Cột lạ"]
    rows[1][2] = "Một (sửa)"
    second = NewsArticlePage.objects.get(title="Tin thứ hai")
    again = ArticleSheet(_csv(tmp_path, rows, encoding=encoding, delimiter=delimiter),
                         publish=True)
    assert again.run() == (0, 1) and again.unchanged == 1  # the second row is as it was
    assert second.revisions.count() == 1
    article = NewsArticlePage.objects.get(title="Tin thứ nhất")
    assert article.live and article.sapo == "Một (sửa)" and article.revisions.count() == 2
    assert localtime(article.published_at).date() == date(2025, 3, 5)
    assert NewsArticlePage.objects.count() == 2


def test_import_without_publish_leaves_live_content_alone(tmp_path, category):
    rows = [HEADER[:3], ["Tin", "01/01/2025", "Bản đầu"]]
    ArticleSheet(_csv(tmp_path, rows), publish=True).run()
    rows[1][2] = "Bản nháp mới"
    ArticleSheet(_csv(tmp_path, rows)).run()
    article = NewsArticlePage.objects.get(title="Tin")
    assert article.sapo == "Bản đầu" and article.has_unpublished_changes
    assert article.get_latest_revision_as_object().sapo == "Bản nháp mới"


def test_import_reads_xlsx_with_date_cells(tmp_path, category):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tiêu đề", "Ngày đăng", "Số lượng"])
    sheet.append(["Tin từ Excel", datetime(2025, 7, 9), 1250.5])
    sheet.append(["Tin ngày gõ tay", "10/07/2025", "1.250,5"])
    path = tmp_path / "tin.xlsx"
    workbook.save(path)
    assert ArticleSheet(path).run() == (2, 0)
    article = NewsArticlePage.objects.get(title="Tin từ Excel")
    assert localtime(article.published_at).date() == date(2025, 7, 9)


def test_a_file_with_bad_rows_writes_nothing_and_names_every_problem(tmp_path, category):
    rows = [HEADER[:3] + ["Số lượng"],
            ["Tin tốt", "01/01/2025", "", "12"],
            ["Tin ngày sai", "31/02/2025", "", ""],
            ["", "01/01/2025", "", ""],
            ["Tin tốt", "02/01/2025", "", "mười"]]
    with pytest.raises(sheets.SheetError) as caught:
        ArticleSheet(_csv(tmp_path, rows)).run()
    messages = [str(problem) for problem in caught.value.problems]
    assert any(m.startswith("dòng 3, cột “Ngày đăng”:") and "dd/mm/yyyy" in m
               for m in messages), messages
    assert any(m.startswith("dòng 4, cột “Tiêu đề”:") for m in messages), messages
    assert any(m.startswith("dòng 5, cột “Tiêu đề”:") and "dòng 2" in m for m in messages)
    assert any(m.startswith("dòng 5, cột “Số lượng”:") for m in messages), messages
    assert NewsArticlePage.objects.count() == 0


@pytest.mark.parametrize("content,expected", [
    (b"\xff\xfeT\x00", "UTF-8"),
    (b"", "trống"),
    (b"Ti\xc3\xaau \xc4\x91\xe1\xbb\x81\n", "Thiếu cột bắt buộc"),  # "Tiêu đề" only: date column missing
])
def test_unreadable_files_are_refused_with_a_reason(tmp_path, category, content, expected):
    path = tmp_path / "tin.csv"
    path.write_bytes(content)
    with pytest.raises(sheets.SheetError) as caught:
        ArticleSheet(path).run()
    assert expected in str(caught.value)


def test_a_file_of_another_type_or_too_large_is_refused(tmp_path, category, monkeypatch):
    path = tmp_path / "tin.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(sheets.SheetError, match="CSV"):
        ArticleSheet(path).run()
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(sheets.SheetError, match="XLSX"):
        ArticleSheet(broken).run()
    monkeypatch.setattr(sheets, "MAX_FILE_SIZE", 1024 * 1024)
    big = _csv(tmp_path, [HEADER, ["Tin", "01/01/2025", "x" * 1024 * 1024, ""]])
    with pytest.raises(sheets.SheetError, match="quá lớn: tối đa 1 MB"):
        ArticleSheet(big).run()


def test_the_command_exits_non_zero_and_prints_each_problem(tmp_path, category, monkeypatch):
    from pages.management.commands import import_sheet

    monkeypatch.setattr(import_sheet, "importers", lambda: {"tin": ArticleSheet})
    path = _csv(tmp_path, [HEADER[:2], ["Tin", "hôm qua"]])
    err = io.StringIO()
    with pytest.raises(CommandError, match="Không nhập gì"):
        call_command("import_sheet", "tin", str(path), stderr=err)
    assert "dòng 2, cột “Ngày đăng”" in err.getvalue()
    good = _csv(tmp_path, [HEADER[:2], ["Tin", "01/02/2025"]], name="good.csv")
    out = io.StringIO()
    call_command("import_sheet", "tin", str(good), "--publish", stdout=out, stderr=err)
    assert "1 mục mới" in out.getvalue()
    assert NewsArticlePage.objects.get(title="Tin").live


@pytest.mark.parametrize("typed,expected", [("1.250,5", "1250.5"), ("1250.5", "1250.5"),
                                            ("1 250", "1250"), ("1.250.000", "1250000"),
                                            ("12", "12")])
def test_numbers_are_read_the_vietnamese_way_too(typed, expected):
    assert str(sheets.number(typed)) == expected


def test_choices_are_read_by_label_or_value_with_or_without_accents():
    read = sheets.choice([("tinh", "Cấp tỉnh"), ("co-so", "Cấp cơ sở")])
    assert read("cấp tỉnh") == read("CAP TINH") == read("tinh") == "tinh"
    with pytest.raises(sheets.CellError, match="Cấp tỉnh, Cấp cơ sở"):
        read("cấp huyện")


@pytest.mark.parametrize("publish", [True, False])
def test_imported_pages_are_whole_wagtail_pages(tmp_path, client, admin_client, category,
                                                make_article, publish):
    """The batched writing leaves pages as the admin would: a sound tree, addresses, a
    revision (live when published), history, the editor opens them, the public sees only
    the published ones."""
    from wagtail.models import Page, PageLogEntry

    make_article(title="Tin có sẵn")  # the new pages go after existing children
    rows = [HEADER[:3]] + [[f"Tin nhập {n}", "01/01/2025", "Tóm tắt"] for n in range(3)]
    rows.append(["Tin có sẵn 2", "01/01/2025", ""])
    rows.append(["RSS", "01/01/2025", ""])  # not the address of the category's feed
    ArticleSheet(_csv(tmp_path, rows), publish=publish).run()
    assert Page.find_problems() == ([], [], [], [], [])
    category.refresh_from_db()
    assert category.numchild == 6
    assert NewsArticlePage.objects.get(title="RSS").slug == "rss-2"
    page = NewsArticlePage.objects.get(title="Tin nhập 1")
    assert page.url_path.endswith("/tin-nhap-1/") and page.draft_title == page.title
    assert page.latest_revision.as_object().title == "Tin nhập 1"
    assert (page.live_revision_id == page.latest_revision_id) is publish
    assert page.live is publish and page.has_unpublished_changes is not publish
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert actions == ({"wagtail.create", "wagtail.publish"} if publish else {"wagtail.create"})
    assert client.get(page.url).status_code == (200 if publish else 404)
    assert admin_client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    found = client.get("/tim-kiem/", {"q": "tin nhap 1"}).content.decode()
    assert (f'href="{page.url}"' in found) is publish


def test_a_sheet_names_only_files_inside_its_own_folder(tmp_path, category):
    folder = tmp_path / "sheet"
    folder.mkdir()
    (folder / "ok.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4")
    (folder / "link.pdf").symlink_to(tmp_path / "secret.pdf")
    importer = ArticleSheet(folder / "tin.csv")
    assert importer.sheet_file("ok.pdf") == (folder / "ok.pdf").resolve()
    for name, reason in [("../secret.pdf", "nằm trong"), (str(tmp_path / "secret.pdf"), "nằm trong"),
                         ("con/../../secret.pdf", "nằm trong"), ("link.pdf", "liên kết")]:
        with pytest.raises(sheets.CellError, match=reason):
            importer.sheet_file(name)


def _xlsx_with(tmp_path, replace):
    """An XLSX whose first sheet's XML is edited by `replace` (old, new)."""
    import zipfile

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Tiêu đề", "Ngày đăng"])
    workbook.active.append(["Tin", "01/01/2025"])
    plain = tmp_path / "plain.xlsx"
    workbook.save(plain)
    edited = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(edited, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(*replace)
            target.writestr(item, data)
    return edited


def test_an_xlsx_claiming_a_huge_size_is_read_by_its_cells(tmp_path, category):
    """A few KB claiming A1:XFD20000 once took gigabytes: rows are cut and empty ones dropped."""
    path = _xlsx_with(tmp_path, (b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD20000"/>'))
    headers, body = sheets.read_table(path)
    assert headers[:2] == ["Tiêu đề", "Ngày đăng"] and len(headers) <= 200
    assert [line for line, _cells in body] == [2]


def test_a_damaged_xlsx_is_refused_with_a_reason(tmp_path, category):
    path = _xlsx_with(tmp_path, (b"</sheetData>", b'<row r="3"><c r="A3" t="s"><v>999</v></c>'
                                                  b"</row></sheetData>"))
    with pytest.raises(sheets.SheetError, match="XLSX"):
        ArticleSheet(path).run()
    assert not NewsArticlePage.objects.exists()


def test_control_characters_are_dropped_and_never_break_a_feed(tmp_path, client, category,
                                                               make_article):
    ArticleSheet(_csv(tmp_path, [HEADER[:2], ["Tin\x01 có ký tự lạ", "01/02/2025"]]),
                 publish=True).run()
    assert NewsArticlePage.objects.get().title == "Tin có ký tự lạ"
    make_article(title="Tin\x0b gõ tay")  # not through a sheet
    channel = _feed(client, category.url + "rss/")
    assert {item.findtext("title") for item in channel.findall("item")} == {
        "Tin có ký tự lạ", "Tin gõ tay"}


def test_times_with_microseconds_are_valid_datetime_attributes(client, category, make_article):
    """HTML allows at most three digits of a second: a time saved with microseconds (every page
    published by a click) was invalid in lists and portlets."""
    make_article(title="Tin vừa đăng",
                 published_at=datetime(2026, 11, 30, 21, 6, 14, 362000, tzinfo=VN_TZ))
    html = client.get(category.url).content.decode()
    assert 'datetime="2026-11-30T21:06:14+07:00"' in html and ".362" not in html


# --- the vocabularies' admin ----------------------------------------------------------------

def test_term_rights_follow_the_sections_one_edits(home, category):
    from django.contrib.auth.models import Group, Permission

    from editorial import roles
    from legal.models import ISSUERS, LegalDocumentIndexPage
    from procedures.models import FIELD_VOCABULARY, ProcedureIndexPage

    legal = publish_child(home, LegalDocumentIndexPage(title="Văn bản", slug="van-ban"))
    procedures = publish_child(home, ProcedureIndexPage(title="Thủ tục hành chính",
                                                        slug="thu-tuc-hanh-chinh"))
    issuer = Term.get_or_create_named(ISSUERS, "Quốc hội")
    procedure_field = Term.get_or_create_named(FIELD_VOCABULARY, "Đo lường")
    group = section_group

    legal_editor = client_for(make_user("bientapvb", group(legal, roles.EDITOR)))
    html = legal_editor.get("/admin/legal_issuers/").content.decode()
    assert "<title>Cơ quan ban hành" in html  # the list's own name, not the model's
    assert "/admin/legal_issuers/copy/" not in html and "Quốc hội" in html
    assert "Mới: Cơ quan ban hành" in legal_editor.get("/admin/legal_issuers/new/").content.decode()
    assert legal_editor.post("/admin/legal_issuers/new/", {"name": "Bộ Tài chính"}).status_code \
        == 302
    assert Term.objects.filter(vocabulary=ISSUERS, name="Bộ Tài chính").exists()
    assert legal_editor.post(f"/admin/legal_issuers/edit/{issuer.pk}/",
                             {"name": "Quốc hội khóa XV"}).status_code == 302
    # not another section type's lists, not deleting (the role has no such right)
    for url in ("/admin/procedure_fields/", f"/admin/procedure_fields/edit/{procedure_field.pk}/"):
        assert legal_editor.get(url).status_code == 403, url
    # nor a term of another list through this one's addresses
    for view in ("edit", "history", "usage"):
        url = f"/admin/legal_issuers/{view}/{procedure_field.pk}/"
        assert legal_editor.get(url).status_code == 404, url
    legal_editor.post(f"/admin/procedure_fields/edit/{procedure_field.pk}/", {"name": "Đổi"})
    legal_editor.post(f"/admin/legal_issuers/delete/{issuer.pk}/")
    assert Term.objects.get(pk=procedure_field.pk).name == "Đo lường"
    assert Term.objects.filter(pk=issuer.pk).exists()
    menu = legal_editor.get("/admin/").content.decode()
    assert json.dumps("Phân loại văn bản")[1:-1] in menu
    assert json.dumps("Phân loại thủ tục")[1:-1] not in menu

    news_editor = client_for(make_user("bientaptin", group(category, roles.EDITOR)))
    assert news_editor.get("/admin/legal_issuers/").status_code == 403
    news_editor.post("/admin/legal_issuers/new/", {"name": "Chen vào"})
    assert not Term.objects.filter(name="Chen vào").exists()
    assert json.dumps("Phân loại văn bản")[1:-1] not in news_editor.get("/admin/").content.decode()

    # a right to delete the terms of one section type is not a right on another's
    both = make_user("haimuc", group(legal, roles.EDITOR), group(procedures, roles.EDITOR))
    group(procedures, roles.EDITOR).permissions.add(
        Permission.objects.get(codename="delete_term", content_type__app_label="pages"))
    both = client_for(both)
    both.post(f"/admin/legal_issuers/delete/{issuer.pk}/")
    assert Term.objects.filter(pk=issuer.pk).exists()
    assert both.post(f"/admin/procedure_fields/delete/{procedure_field.pk}/").status_code == 302
    assert not Term.objects.filter(pk=procedure_field.pk).exists()

    administrator = make_user("quantri", Group.objects.get(name="Quản trị"))
    from wagtail.admin.admin_url_finder import AdminURLFinder  # history and reports link there
    assert AdminURLFinder(administrator).get_edit_url(issuer) == \
        f"/admin/legal_issuers/edit/{issuer.pk}/"
    administrator = client_for(administrator)
    assert administrator.get("/admin/procedure_fields/").status_code == 200
    assert administrator.post(f"/admin/legal_issuers/delete/{issuer.pk}/").status_code == 302
    assert not Term.objects.filter(pk=issuer.pk).exists()


def test_a_demo_pdf_is_drawn_once_per_text(monkeypatch):
    """The demo may be built several times in one process (its tests do): the same text gives
    the same bytes without drawing them again; another text is drawn."""
    from pages import demo as kit_demo

    drawn = []
    draw = kit_demo._draw_pdf
    monkeypatch.setattr(kit_demo, "_drawn", {})
    monkeypatch.setattr(kit_demo, "_draw_pdf", lambda *key: drawn.append(key) or draw(*key))
    first = kit_demo.make_pdf("Quyết định", ["Điều 1."], subtitle="Số 1")
    assert first.startswith(b"%PDF") and kit_demo.make_pdf("Quyết định", ("Điều 1.",),
                                                           "Số 1") is first
    assert kit_demo.make_pdf("Quyết định", ["Điều 2."], subtitle="Số 1") != first
    assert drawn == [("Quyết định", ("Điều 1.",), "Số 1"), ("Quyết định", ("Điều 2.",), "Số 1")]
