"""Nhiệm vụ KH&CN (/nhiem-vu-khcn/): the list with its filters, count and feed, the detail page
with the results once accepted, admin editing, the spreadsheet import, the demo, the search
declaration and the latest-items portlet."""

import io
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from editorial.models import CategoryGroup
from pages.models import StandardPage, Term
from portlets.models import Portlet, PortletAssignment
from science import demo
from science.models import (FIELD_VOCABULARY, ScienceTaskAttachment, ScienceTaskIndexPage,
                            ScienceTaskPage, TaskLevel, TaskStatus, ensure_fields, format_budget)
from science.sheet_bench import HEADERS, write_csv

from .conftest import assert_copies_refused, import_sheet, publish_child, write_sheet

AGRI, TECH = "Khoa học nông nghiệp", "Khoa học kỹ thuật và công nghệ"


@pytest.fixture
def fields(db):
    ensure_fields()
    return {term.name: term for term in Term.objects.filter(vocabulary=FIELD_VOCABULARY)}


@pytest.fixture
def section(home, fields):
    return publish_child(home, ScienceTaskIndexPage(title="Nhiệm vụ KH&CN", slug="nhiem-vu-khcn"))


@pytest.fixture
def make_task(section, fields):
    counter = {"n": 0}

    def make(title=None, field=AGRI, live=True, **values):
        counter["n"] += 1
        defaults = dict(code=f"HG.2025.{counter['n']:02d}", level=TaskLevel.PROVINCIAL,
                        host="Trường Đại học Cần Thơ", leader="TS. Trần Văn Khánh",
                        goals="Mục tiêu của nhiệm vụ.", start_date=date(2025, 3, 1),
                        end_date=date(2026, 12, 31), status=TaskStatus.UNDER_WAY)
        defaults.update(values)
        task = ScienceTaskPage(title=title or f"Nhiệm vụ số {counter['n']}",
                               science_field=fields[field] if field else None, **defaults)
        if live:
            return publish_child(section, task)
        task.live = False
        section.add_child(instance=task)
        return task

    return make


@pytest.fixture
def report(db):
    from pages.demo import demo_document, make_pdf

    return demo_document("Báo cáo tổng hợp kết quả", "bao-cao.pdf",
                         make_pdf("Báo cáo tổng hợp kết quả", ["Năng suất tăng 15%."]))


def html(client, url, data=None, status=200):
    response = client.get(url, data or {})
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


# --- the section and its list ---------------------------------------------------------------

def test_the_section_lives_at_its_address_and_gets_its_editor_groups(section):
    assert section.url == "/nhiem-vu-khcn/"
    assert CategoryGroup.objects.filter(category=section).count() == 3


def test_the_list_shows_each_task_with_its_key_facts_and_a_count(client, section, make_task):
    make_task("Chọn tạo giống lúa chịu mặn", code="HG.2025.07", budget=Decimal("1250.5"))
    make_task("Chuyển đổi số trong nông nghiệp", field=TECH, level=TaskLevel.NATIONAL,
              status=TaskStatus.SUSPENDED)
    make_task("Bản nháp chưa đăng", live=False)
    page = html(client, "/nhiem-vu-khcn/")
    assert "2 mục" in page and "Bản nháp chưa đăng" not in page
    assert "Chọn tạo giống lúa chịu mặn" in page and "HG.2025.07" in page
    assert "Cấp quốc gia" in page and "Cấp tỉnh" in page and AGRI in page
    assert '<span class="status status-pending">Tạm dừng</span>' in page
    assert "Chủ trì: Trường Đại học Cần Thơ" in page


@pytest.mark.parametrize("query,expected", [
    ({"cap": "quoc-gia"}, {"Quốc gia"}),
    ({"cap": "co-so"}, {"Cơ sở, đã nghiệm thu"}),
    ({"linh_vuc": "khoa-hoc-ky-thuat-va-cong-nghe"}, {"Quốc gia"}),
    ({"tinh_trang": "da-nghiem-thu"}, {"Cơ sở, đã nghiệm thu"}),
    ({"tinh_trang": "dang-thuc-hien", "cap": "tinh"}, {"Tỉnh"}),
])
def test_each_filter_keeps_the_matching_tasks(client, make_task, query, expected):
    make_task("Quốc gia", level=TaskLevel.NATIONAL, field=TECH)
    make_task("Tỉnh")
    make_task("Cơ sở, đã nghiệm thu", level=TaskLevel.GRASSROOTS, status=TaskStatus.ACCEPTED,
              acceptance_date=date(2026, 1, 5))
    page = html(client, "/nhiem-vu-khcn/", query)
    shown = {title for title in ("Quốc gia", "Tỉnh", "Cơ sở, đã nghiệm thu")
             if f">{title}</a></h2>" in page}
    assert shown == expected
    assert f"{len(expected)} mục" in page


def test_a_task_belongs_to_every_year_it_runs(client, make_task, monkeypatch):
    make_task("Hai năm trước", start_date=date(2023, 1, 1), end_date=date(2024, 12, 31))
    make_task("Ba năm tới", start_date=date(2025, 3, 1), end_date=date(2028, 2, 29))
    make_task("Chưa có ngày kết thúc", start_date=date(2024, 6, 1), end_date=None)
    make_task("Trong năm 2026", start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))

    def titles(year):
        page = html(client, "/nhiem-vu-khcn/", {"nam": year})
        return {title for title in ("Hai năm trước", "Ba năm tới", "Chưa có ngày kết thúc",
                                    "Trong năm 2026") if f">{title}</a></h2>" in page}

    assert titles(2025) == {"Ba năm tới", "Chưa có ngày kết thúc"}
    assert titles(2024) == {"Hai năm trước", "Chưa có ngày kết thúc"}
    assert titles(2023) == {"Hai năm trước"}
    assert titles(2027) == {"Ba năm tới", "Chưa có ngày kết thúc"}
    page = html(client, "/nhiem-vu-khcn/")
    years = [year for year in range(2020, 2031) if f'<option value="{year}">' in page]
    assert years == list(range(2023, 2029))  # every year spanned, nothing outside


@pytest.mark.parametrize("query", [{"cap": "huyen"}, {"linh_vuc": "khong-co"},
                                   {"tinh_trang": "xong"}, {"nam": "1899"}, {"nam": "abc"},
                                   {"q": "x" * 201}])
def test_bad_filter_values_are_a_vietnamese_400(client, make_task, query):
    make_task()
    page = html(client, "/nhiem-vu-khcn/", query, status=400)
    assert "Vui lòng sửa bộ lọc" in page and "Hãy chọn một lựa chọn hợp lệ" in page or \
        "quá dài" in page
    response = client.get("/nhiem-vu-khcn/rss/", query)
    assert response.status_code == 400
    assert "Bộ lọc của kênh tin không hợp lệ" in response.content.decode()


@pytest.mark.parametrize("number", ["abc", "0", "999"])
def test_a_page_number_that_is_no_page_is_a_404(client, make_task, number):
    make_task()
    assert client.get("/nhiem-vu-khcn/", {"trang": number}).status_code == 404


def test_the_keywords_find_tasks_of_the_section(client, make_task):
    make_task("Nghiên cứu chọn tạo giống lúa chịu mặn")
    make_task("Bảo tồn nghệ thuật Đờn ca tài tử")
    page = html(client, "/nhiem-vu-khcn/", {"q": "lua chiu man"})
    assert "giống lúa chịu mặn" in page and "Đờn ca tài tử" not in page


def test_the_feed_holds_the_filtered_list_dated_by_the_start(client, make_task):
    make_task("Đang làm", start_date=date(2025, 3, 1), goals="Mục tiêu chọn giống.")
    make_task("Tạm dừng", status=TaskStatus.SUSPENDED)
    page = html(client, "/nhiem-vu-khcn/", {"tinh_trang": "dang-thuc-hien"})
    assert 'href="/nhiem-vu-khcn/rss/?tinh_trang=dang-thuc-hien"' in page
    response = client.get("/nhiem-vu-khcn/rss/", {"tinh_trang": "dang-thuc-hien"})
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Đang làm"]
    link = items[0].findtext("link")
    assert link.startswith("http://") and link.endswith("/nhiem-vu-khcn/dang-lam/")
    assert items[0].findtext("description") == "Mục tiêu chọn giống."
    assert items[0].findtext("pubDate") == "Sat, 01 Mar 2025 00:00:00 +0700"
    assert channel.findtext("title") == "Nhiệm vụ KH&CN (đã lọc)"


def test_the_list_query_count_does_not_grow_with_the_number_of_tasks(client, make_task, settings):
    settings.PAGE_CACHE_SECONDS = 0  # what rendering costs, each time
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/nhiem-vu-khcn/", {"nam": "2025"}).status_code == 200
        return len(captured)

    for _ in range(3):
        make_task()
    queries()  # the first request of a site makes its settings
    few = queries()
    for n in range(9):
        make_task(field=TECH if n % 2 else AGRI)
    queries()  # what a change of content empties (the placed portlets), made again once
    assert queries() == few


# --- the detail page ------------------------------------------------------------------------

def test_the_detail_page_shows_what_the_circular_asks_to_publish(client, make_task):
    task = make_task("Chọn tạo giống lúa chịu mặn", code="HG.2025.07", budget=Decimal("1250.5"),
                     content="Thu thập nguồn gen.\nLai tạo.", method="Chọn lọc phả hệ.",
                     expected_results="Hai giống lúa.", results_summary="Chưa được hiện.")
    page = html(client, task.url)
    for expected in ["<h1>Chọn tạo giống lúa chịu mặn</h1>", "<dt>Mã số</dt><dd>HG.2025.07</dd>",
                     "<dt>Cấp quản lý</dt><dd>Tỉnh</dd>", f"<dd>{AGRI}</dd>",
                     "<dd>Trường Đại học Cần Thơ</dd>", "<dd>TS. Trần Văn Khánh</dd>",
                     "<dd>01/03/2025 – 31/12/2026</dd>", "<dd>1.250,5 triệu đồng</dd>",
                     '<span class="status status-active">Đang thực hiện</span>',
                     "<h2>Mục tiêu</h2>", "<p>Thu thập nguồn gen.<br>Lai tạo.</p>",
                     "<h2>Phương pháp</h2>", "<h2>Kết quả dự kiến</h2>"]:
        assert expected in page, expected
    assert "Nghiệm thu và kết quả" not in page and "Chưa được hiện." not in page


def test_an_accepted_task_shows_its_results_and_report(client, make_task, report):
    task = make_task("Khóm Cầu Đúc hữu cơ", status=TaskStatus.ACCEPTED,
                     acceptance_date=date(2024, 8, 15), rating="xuat-sac",
                     results_summary="Năng suất đạt 28 tấn/ha.", start_date=date(2022, 6, 1),
                     end_date=date(2024, 5, 31))
    ScienceTaskAttachment.objects.create(page=task, document=report, title="Báo cáo tổng hợp")
    page = html(client, task.url)
    assert '<h2 id="results-heading">Nghiệm thu và kết quả</h2>' in page
    assert "<dd>15/08/2024</dd>" in page and "<dd>Xuất sắc</dd>" in page
    assert "Năng suất đạt 28 tấn/ha." in page
    assert "Hồ sơ kết quả" in page and ">Báo cáo tổng hợp</a>" in page and "PDF" in page


@pytest.mark.parametrize("amount,shown", [("1250.5", "1.250,5"), ("1250", "1.250"),
                                          ("0.125", "0,125"), ("1234567.80", "1.234.567,8"),
                                          ("0", "0")])
def test_budgets_are_written_the_vietnamese_way(amount, shown):
    from django.utils import translation

    with translation.override("vi"):
        assert format_budget(Decimal(amount)) == f"{shown} triệu đồng"
    assert format_budget(None) == ""


# --- search ---------------------------------------------------------------------------------

def test_the_search_declaration(make_task, report, fields):
    task = make_task(code="HG.2025.07", field=AGRI, start_date=date(2024, 6, 1),
                     end_date=date(2026, 5, 31), status=TaskStatus.ACCEPTED,
                     acceptance_date=date(2026, 6, 20), results_summary="Kết quả tốt.")
    ScienceTaskAttachment.objects.create(page=task, document=report)
    content = task.search_content()
    assert ScienceTaskPage.search_kind == "nhiem-vu"
    assert content["identifiers"] == ["HG.2025.07"]
    assert content["facets"] == {"cap": "tinh", "linh_vuc": "khoa-hoc-nong-nghiep",
                                 "tinh_trang": "da-nghiem-thu", "nam": ["2024", "2025", "2026"]}
    assert content["attachments"] == [report] and "Kết quả tốt." in content["body"]
    facets = {facet.name: facet.get_choices() for facet in ScienceTaskPage.search_facets}
    assert set(facets) == {"cap", "linh_vuc", "tinh_trang", "nam"}
    assert ("2025", "2025") in facets["nam"] and ("tinh", "Tỉnh") in [
        (value, str(label)) for value, label in facets["cap"]]
    task.status = TaskStatus.UNDER_WAY
    assert task.search_content()["attachments"] == []  # results are shown once accepted only


def test_result_files_are_public_only_once_the_task_is_accepted(client, make_task, report):
    task = make_task()
    task.attachments = [ScienceTaskAttachment(document=report)]
    task.save_revision().publish()
    assert client.get(report.url).status_code == 404  # under way: the page does not show it
    task = ScienceTaskPage.objects.get(pk=task.pk)
    task.status, task.acceptance_date = TaskStatus.ACCEPTED, date(2026, 6, 20)
    task.results_summary = "Kết quả tốt."
    task.save_revision().publish()
    assert client.get(report.url).status_code == 200


# --- admin ----------------------------------------------------------------------------------

@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("quantri", "qt@example.invalid", "x" * 12)
    client.force_login(user)
    return client


def task_form(**overrides):
    data = {"title": "Nghiên cứu cá thát lát cườm", "slug": "", "code": "HG.2024.02",
            "level": "tinh", "science_field": "", "host": "Trung tâm Ứng dụng tiến bộ KH&CN",
            "leader": "ThS. Lê Minh Tâm", "start_date": "2024-01-01", "end_date": "2025-12-31",
            "budget": "980", "status": "dang-thuc-hien", "goals": "Làm chủ quy trình.",
            "content": "", "method": "", "expected_results": "", "acceptance_date": "",
            "rating": "", "results_summary": "", "attachments": inline_formset([]),
            "comments": inline_formset([]), "portlet_assignments": inline_formset([]),
            "portlet_blocks": inline_formset([])}
    data.update(overrides)
    return nested_form_data(data)


def test_an_editor_creates_and_edits_a_task_in_the_admin(admin_client, client, section, fields,
                                                         report):
    url = f"/admin/pages/add/science/sciencetaskpage/{section.pk}/"
    form = admin_client.get(url).content.decode()
    for label in ["Mã số", "Cấp quản lý", "Tổ chức chủ trì", "Kinh phí (triệu đồng)",
                  "Nghiệm thu và kết quả"]:
        assert label.lower() in form.lower(), label
    data = task_form(science_field=fields[AGRI].pk)
    response = admin_client.post(url, {**data, "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    task = ScienceTaskPage.objects.get(code="HG.2024.02")
    assert task.live and task.budget == Decimal("980") and task.science_field == fields[AGRI]
    assert task.slug == "nghien-cuu-ca-that-lat-cuom"

    edit = task_form(status="da-nghiem-thu", acceptance_date="2026-02-10", rating="kha",
                     results_summary="Sản xuất được 200.000 con giống.",
                     attachments=inline_formset([{"document": report.pk, "title": "",
                                                  "ORDER": "1"}]))
    response = admin_client.post(f"/admin/pages/{task.pk}/edit/",
                                 {**edit, "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    page = html(client, task.url)
    assert "Sản xuất được 200.000 con giống." in page and "bao-cao" in page


@pytest.mark.parametrize("overrides,message", [
    ({"end_date": "2023-12-31"}, "Thời gian kết thúc không được trước thời gian bắt đầu."),
    ({"code": "hg.2025.07"}, "Đã có nhiệm vụ khác mang mã số này."),
    ({"code": "HG.2025.07"}, "Đã có nhiệm vụ khác mang mã số này."),
    ({"status": "da-nghiem-thu"}, "Nhiệm vụ đã nghiệm thu cần có ngày nghiệm thu."),
    ({"budget": "-5"}, "Kinh phí không được là số âm."),
    ({"start_date": ""}, "Trường này là bắt buộc."),
])
def test_the_admin_refuses_bad_tasks_in_vietnamese(admin_client, make_task, section, overrides,
                                                   message):
    make_task(code="HG.2025.07")
    response = admin_client.post(f"/admin/pages/add/science/sciencetaskpage/{section.pk}/",
                                 {**task_form(**overrides), "action-publish": "publish"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ScienceTaskPage.objects.count() == 1


def test_a_task_cannot_be_copied_since_its_code_is_its_own(admin_client, make_task, section):
    assert_copies_refused(admin_client, make_task(), section)


# --- import ---------------------------------------------------------------------------------

ROW = {"Mã số": "HG.2025.07", "Tên nhiệm vụ": "Chọn tạo giống lúa chịu mặn",
       "Cấp quản lý": "Cấp tỉnh", "Lĩnh vực": "khoa hoc nong nghiep",
       "Tổ chức chủ trì": "Viện Lúa Đồng bằng sông Cửu Long", "Chủ nhiệm": "TS. Trần Văn Khánh",
       "Mục tiêu": "Chọn tạo 2 giống lúa.", "Nội dung chính": "Thu thập nguồn gen.\nLai tạo.",
       "Phương pháp": "Lai đơn.", "Kết quả dự kiến": "2 giống lúa.",
       "Thời gian bắt đầu": "01/03/2025", "Thời gian kết thúc": "02/2028",
       "Kinh phí": "1.250,5", "Tình trạng": "Đang thực hiện"}

ONE_LINE = {**ROW, "Nội dung chính": "Thu thập nguồn gen."}  # a file line per row


def sheet(tmp_path, rows, name="nhiem-vu.csv", encoding="utf-8-sig", headers=HEADERS):
    return write_sheet(tmp_path / name, [[row.get(header, "") for header in headers]
                                         for row in rows], headers, encoding)


def run_import(path, publish=True):
    return import_sheet("nhiem-vu", path, *(["--publish"] if publish else []))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8"])
def test_import_creates_then_updates_tasks(tmp_path, section, fields, encoding):
    rows = [ROW, {**ROW, "Mã số": "CS.2024.01", "Tên nhiệm vụ": "Biogas quy mô nông hộ",
                  "Cấp quản lý": "Cơ sở", "Lĩnh vực": TECH, "Kinh phí": "1250.5",
                  "Thời gian kết thúc": "", "Tình trạng": "đã hủy"},
            {**ROW, "Mã số": "QG.2024.11", "Tên nhiệm vụ": "Quản lý nguồn nước",
             "Cấp quản lý": "Nhà nước", "Lĩnh vực": "", "Kinh phí": "1 250",
             "Tình trạng": "Chờ nghiệm thu"}]
    out, _err = run_import(sheet(tmp_path, rows, encoding=encoding))
    assert "3 mục mới" in out
    rice = ScienceTaskPage.objects.get(code="HG.2025.07")
    assert rice.live and rice.get_parent().specific == section
    assert (rice.level, rice.science_field, rice.budget) == ("tinh", fields[AGRI],
                                                             Decimal("1250.5"))
    assert (rice.start_date, rice.end_date) == (date(2025, 3, 1), date(2028, 2, 29))
    assert rice.content == "Thu thập nguồn gen.\nLai tạo."
    biogas = ScienceTaskPage.objects.get(code="CS.2024.01")
    assert (biogas.level, biogas.status, biogas.end_date) == ("co-so", "cham-dut", None)
    water = ScienceTaskPage.objects.get(code="QG.2024.11")
    assert (water.level, water.budget, water.science_field) == ("quoc-gia", Decimal("1250"), None)

    rows[0] = {**ROW, "Mã số": "hg.2025.07", "Tình trạng": "Tạm dừng", "Kinh phí": "2.850"}
    out, _err = run_import(sheet(tmp_path, rows, encoding=encoding))
    assert "0 mục mới" in out and ScienceTaskPage.objects.count() == 3
    rice.refresh_from_db()
    assert (rice.status, rice.budget, rice.code) == ("tam-dung", Decimal("2850"), "hg.2025.07")


def test_import_reads_xlsx_with_date_and_number_cells(tmp_path, section, fields):
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.append(HEADERS)
    worksheet.append([ROW[header] for header in HEADERS[:10]]
                     + [datetime(2025, 3, 1), datetime(2027, 2, 28), 1250.5, "Đã nghiệm thu"])
    path = tmp_path / "nhiem-vu.xlsx"
    workbook.save(path)
    run_import(path, publish=False)
    task = ScienceTaskPage.objects.get()
    assert not task.live and task.has_unpublished_changes
    assert (task.start_date, task.end_date, task.budget, task.status) == (
        date(2025, 3, 1), date(2027, 2, 28), Decimal("1250.5"), "da-nghiem-thu")


@pytest.mark.parametrize("changes,where,reason", [
    ({"Thời gian bắt đầu": "31/02/2025"}, "cột “Thời gian bắt đầu”", "dd/mm/yyyy"),
    ({"Mã số": ""}, "cột “Mã số”", "Phải có giá trị"),
    ({"Kinh phí": "-5"}, "cột “Kinh phí”", "Kinh phí không được là số âm."),
    ({"Kinh phí": "nhiều"}, "cột “Kinh phí”", "không phải là số"),
    ({"Cấp quản lý": "Huyện"}, "cột “Cấp quản lý”", "Quốc gia, Tỉnh, Cơ sở"),
    ({"Tình trạng": "Xong"}, "cột “Tình trạng”", "Đang thực hiện"),
    ({"Lĩnh vực": "Khoa học vũ trụ"}, "cột “Lĩnh vực”", "không thuộc các lĩnh vực"),
    ({"Thời gian kết thúc": "01/01/2024"}, "cột “Thời gian kết thúc”",
     "không được trước thời gian bắt đầu"),
    ({"Tên nhiệm vụ": "x" * 300}, "cột “Tên nhiệm vụ”", "255"),
])
def test_a_bad_row_writes_nothing_and_is_named_in_vietnamese(tmp_path, section, fields, changes,
                                                             where, reason):
    good = {**ONE_LINE, "Mã số": "HG.2025.01"}
    path = sheet(tmp_path, [good, {**ONE_LINE, **changes}])
    err = io.StringIO()
    with pytest.raises(CommandError, match="Không nhập gì"):
        call_command("import_sheet", "nhiem-vu", str(path), "--publish", stderr=err)
    lines = err.getvalue().splitlines()
    assert any(line.startswith(f"dòng 3, {where}:") and reason in line for line in lines), lines
    assert not ScienceTaskPage.objects.exists()


def test_a_code_twice_in_the_file_is_named_with_both_lines(tmp_path, section, fields):
    path = sheet(tmp_path, [ONE_LINE, {**ONE_LINE, "Mã số": "hg.2025.07"}], encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_sheet", "nhiem-vu", str(path), stderr=(err := io.StringIO()))
    assert "dòng 3, cột “Mã số”: “hg.2025.07” đã có ở dòng 2" in err.getvalue()
    assert not ScienceTaskPage.objects.exists()


def test_the_bench_sheet_imports(tmp_path, section, fields):
    path = write_csv(tmp_path, 12)
    out, _err = run_import(path)
    assert "12 mục mới" in out
    assert ScienceTaskPage.objects.live().count() == 12


# --- demo and portlet -----------------------------------------------------------------------

def test_the_demo_is_built_once(home):
    publish_child(home, StandardPage(title="Nhiệm vụ KH&CN", slug="nhiem-vu-khcn"))
    section = demo.build_section(home)
    assert demo.build_section(home) == section and section.url == "/nhiem-vu-khcn/"
    assert section.show_in_menus and not StandardPage.objects.filter(slug="nhiem-vu-khcn")
    assert demo.build_items(section) >= 10
    assert demo.build_items(section) == 0
    tasks = ScienceTaskPage.objects.live()
    assert {task.level for task in tasks} == {"quoc-gia", "tinh", "co-so"}
    accepted = tasks.filter(status=TaskStatus.ACCEPTED)
    assert accepted.count() == 2
    assert all(task.attachments.count() == 1 and task.results_summary for task in accepted)
    assert tasks.filter(code="HG.2025.07").exists()


def test_the_latest_items_portlet_shows_the_newest_tasks(client, home, section, make_task):
    for year in (2022, 2023, 2024, 2025):
        make_task(f"Nhiệm vụ bắt đầu năm {year}", start_date=date(year, 1, 1))
    portlet = Portlet.objects.create(title="Nhiệm vụ KH&CN mới", content=[
        {"type": "latest_items", "value": {"section": section.pk, "count": 3}}])
    PortletAssignment.objects.create(page=home, portlet=portlet, region="right")
    page = html(client, "/")
    assert "Nhiệm vụ bắt đầu năm 2025" in page and "Nhiệm vụ bắt đầu năm 2023" in page
    assert "Nhiệm vụ bắt đầu năm 2022" not in page
    assert 'href="/nhiem-vu-khcn/"' in page


def test_the_pages_are_valid_html(client, make_task, report, tmp_path):
    import json
    import shutil
    import subprocess

    from .test_html_valid import VNU_JAR

    if not shutil.which("java") or not VNU_JAR.is_file():
        pytest.skip("the Nu HTML Checker (Java and vnu-jar) is not installed")
    accepted = make_task("Khóm Cầu Đúc", status=TaskStatus.ACCEPTED, rating="kha",
                         acceptance_date=date(2026, 5, 1), results_summary="Đạt.\nTốt.",
                         content="Một.\n\nHai.", budget=Decimal("12.5"))
    ScienceTaskAttachment.objects.create(page=accepted, document=report)
    make_task("Không lĩnh vực", field=None, end_date=None, host="", leader="")
    pages = {"list": ("/nhiem-vu-khcn/", 200), "filtered": ("/nhiem-vu-khcn/?cap=tinh", 200),
             "bad": ("/nhiem-vu-khcn/?nam=abc", 400), "task": (accepted.url, 200)}
    files = []
    for name, (url, status) in pages.items():
        response = client.get(url)
        assert response.status_code == status, url
        (tmp_path / f"{name}.html").write_bytes(response.content)
        files.append(str(tmp_path / f"{name}.html"))
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", *files],
                            capture_output=True, text=True, timeout=120)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    assert [(m.get("url", "")[-20:], m.get("lastLine"), m["message"]) for m in messages
            if m["type"] == "error" or m.get("subType") == "warning"] == []
