"""The public search for the government sections: numbers and codes however they are typed,
abbreviations both ways (and the editors' own), the text of attached PDF and DOCX files, the
"what" filter and each kind's facets. Pages here are plain pages whose `search_content()` is
given identifiers, facets and files by the test (the section apps' own pages are tested at the
end when they are installed). Runs on SQLite and on PostgreSQL alike."""

import html
import io
import logging

import pytest
from django.core.files.base import ContentFile

from pages.demo import demo_document, make_pdf
from pages.models import StandardPage
from search import abbreviations, attachments, selectors, services
from search.facets import Facet, search_kinds
from search.models import Abbreviation, AttachmentText, SearchDocument, SearchFacet
from search.query import parse_query


def para(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def titles(query, **kwargs):
    return [html.unescape(item.title.replace("<mark>", "").replace("</mark>", ""))
            for item in selectors.search(query, **kwargs).items]


FIELDS = [("nong-nghiep", "Nông nghiệp"), ("y-te", "Y tế")]


@pytest.fixture
def make_page(home, monkeypatch):
    """make_page(title, text="", **extra): a published plain page of the kind "trang-thu"
    (facets linh_vuc and nam) whose search_content() also returns `extra` (identifiers,
    facets, attachments…)."""
    extras = {}
    original = StandardPage.search_content

    def search_content(self):
        content = original(self)
        for key, value in extras.get(self.pk, {}).items():
            content[key] = value(self) if callable(value) else value
        return content

    monkeypatch.setattr(StandardPage, "search_content", search_content)
    monkeypatch.setattr(StandardPage, "search_kind", "trang-thu", raising=False)
    monkeypatch.setattr(StandardPage, "search_facets", [
        Facet("linh_vuc", "Lĩnh vực", FIELDS),
        Facet("nam", "Năm", lambda: [(str(year), str(year)) for year in (2024, 2025, 2026)]),
    ], raising=False)

    def make(title, text="", publish=True, body=None, **extra):
        page = StandardPage(title=title, intro="", body=body or (para(text) if text else []))
        home.add_child(instance=page)
        extras[page.pk] = extra
        if publish:
            page.save_revision().publish()
            page.refresh_from_db()
        return page

    make.extras = extras
    return make


def republish(page):
    page.save_revision().publish()


# --- numbers and codes -------------------------------------------------------------------

@pytest.fixture
def numbered(make_page):
    return {
        "exact": make_page("Ban hành quy chế quản lý đề tài khoa học",
                           "Quy chế gồm năm chương.", identifiers=["1234/QĐ-UBND"]),
        "mentions": make_page("Báo cáo năm 1234 về các QĐ khen thưởng",
                              "Năm 1234 có nhiều QĐ; UBND ghi nhận."),
        "replaces": make_page("Sửa đổi quy chế quản lý đề tài",
                              "Thay thế Quyết định số 1234/QĐ-UBND ngày 5/6/2020.",
                              identifiers=["77/QĐ-UBND"]),
        "cites": make_page("Bãi bỏ một phần Quyết định 1234/QĐ-UBND", "Nội dung bãi bỏ.",
                           identifiers=["80/QĐ-UBND"]),
        "procedure": make_page("Cấp giấy phép tiến hành công việc bức xạ", "Trình tự thực hiện.",
                               identifiers=["1.009876"]),
        "procedure_news": make_page("Hướng dẫn nộp hồ sơ trực tuyến",
                                    "Thủ tục 1.009876 nay nộp được trực tuyến."),
        "task": make_page("Nghiên cứu giống lúa chịu mặn", "Đề tài cấp tỉnh.",
                          identifiers=["HG.2025.07"]),
        "other_task": make_page("Nghiên cứu nuôi lươn", "Đề tài cấp tỉnh.",
                                identifiers=["HG.2025.08"]),
    }


@pytest.mark.parametrize("query", [
    "1234/QĐ-UBND", "1234/QD-UBND", "1234/qđ-ubnd", "1234 qđ ubnd", "1234 QD UBND",
    "1234-QĐ-UBND", "1234qdubnd", "số 1234/QĐ-UBND", '"1234/QĐ-UBND"', "1234/QĐ",
])
def test_a_number_however_typed_finds_its_document_first(numbered, query):
    found = titles(query)
    assert found[0] == numbered["exact"].title, found


def test_words_of_a_number_in_any_order_find_it_above_mere_mentions(numbered):
    found = titles("qd 1234")
    assert numbered["exact"].title in found
    assert found.index(numbered["exact"].title) < found.index(numbered["mentions"].title)
    assert found.index(numbered["exact"].title) < found.index(numbered["replaces"].title)


@pytest.mark.parametrize("query", ["1.009876", "1009876", "1 009876", "1,009876"])
def test_a_procedure_code_however_typed_finds_it_first(numbered, query):
    found = titles(query)
    assert found[0] == numbered["procedure"].title, found
    if query in ("1.009876", "1009876"):  # a code written in a text is one key too
        assert numbered["procedure_news"].title in found


def test_the_pieces_of_a_code_stay_searchable(numbered):
    assert titles("009876")[0] == numbered["procedure"].title
    assert numbered["task"].title in titles("2025")


@pytest.mark.parametrize("query", ["HG.2025.07", "hg.2025.07", "HG 2025 07", "hg202507",
                                   "HG-2025-07", "hg2025.07"])
def test_a_task_code_however_typed_finds_it_first(numbered, query):
    found = titles(query)
    assert found[0] == numbered["task"].title, found
    assert numbered["other_task"].title not in found[:1]


def test_the_result_shows_the_number(numbered):
    item = selectors.search("1234/QĐ-UBND").items[0]
    assert "1234" in item.identifiers and "UBND" in item.identifiers


def test_compact_keys_of_codes():
    from core.vietnamese import compact_key, joined_codes

    assert compact_key("1234/QĐ-UBND") == compact_key("1234 qđ ubnd") == "1234qdubnd"
    assert compact_key("HG.2025.07") == "hg202507" and compact_key("x" * 61) == ""
    assert joined_codes("Theo 42/2022/NĐ-CP, mã 1.009876, v.v. và COVID-19.") == [
        "422022ndcp", "1009876", "covid19"]


def test_compact_keys_of_a_query():
    assert "1234qdubnd" in parse_query("1234/QĐ-UBND").compacts
    assert "1234qdubnd" in parse_query("quyết định 1234 qđ ubnd").compacts
    assert "hg202507" in parse_query("HG 2025 07").compacts
    assert parse_query("hậu giang").compacts == []  # no digit, no identifier
    assert len(parse_query(" ".join(str(n) for n in range(40))).compacts) <= 24


# --- abbreviations -----------------------------------------------------------------------

PAIRS = [
    ("UBND", "ủy ban nhân dân"), ("HĐND", "hội đồng nhân dân"),
    ("KH&CN", "khoa học và công nghệ"), ("TTHC", "thủ tục hành chính"),
    ("DVC", "dịch vụ công"), ("QĐ", "quyết định"), ("NĐ", "nghị định"), ("TT", "thông tư"),
    ("CV", "công văn"), ("ĐBSCL", "đồng bằng sông cửu long"), ("CĐS", "chuyển đổi số"),
]


def test_the_default_abbreviations_are_in_the_list(db):
    known = set(Abbreviation.objects.values_list("short", "long"))
    assert set(PAIRS) <= known
    assert ("KHCN", "khoa học và công nghệ") in known


def test_each_abbreviation_finds_its_long_form_and_back(make_page):
    pages = {}
    for n, (short, long) in enumerate(PAIRS):
        pages[short] = make_page(f"Tin số {n} về {short} năm nay", "Nội dung.")
        pages[long] = make_page(f"Tin số {n} về {long.capitalize()} năm nay", "Nội dung.")
    for short, long in PAIRS:
        assert pages[long].title in titles(short), short
        assert pages[short].title in titles(long), long
        assert pages[short].title in titles(short.lower())
    # the form typed ranks first
    assert titles("UBND")[0] == pages["UBND"].title
    assert titles("ủy ban nhân dân")[0] == pages["ủy ban nhân dân"].title


def test_abbreviations_inside_a_phrase_and_beside_other_words(make_page):
    long = make_page("Ủy ban nhân dân tỉnh Hậu Giang họp phiên thường kỳ")
    short = make_page("UBND tỉnh Hậu Giang ban hành kế hoạch")
    apart = make_page("Ủy ban mặt trận và nhân dân tỉnh")
    assert set(titles('"ubnd tỉnh hậu giang"')) == {long.title, short.title}
    assert set(titles('"ủy ban nhân dân tỉnh"')) == {long.title, short.title}
    found = titles("ủy ban nhân dân tỉnh")  # unquoted: the words as before, or the short form
    assert {long.title, short.title, apart.title} <= set(found)
    assert titles("KHCN") == titles("KH&CN") == []


def test_short_forms_are_whole_words_and_keep_their_other_meanings(make_page):
    letter = make_page("Công văn về lịch tiếp công dân")
    title = make_page("Danh sách CVC được nâng ngạch")
    centre = make_page("TT Y tế huyện Phụng Hiệp tiêm chủng")
    circular = make_page("Thông tư hướng dẫn tiêm chủng")
    assert title.title not in titles("công văn")
    assert titles("cv") == [letter.title]
    found = titles("tt tiêm chủng")
    assert found[0] == centre.title and circular.title in found


def test_shorts_of_one_long_form_find_each_other(make_page):
    amp = make_page("Sở KH&CN tổ chức hội thảo")
    joined = make_page("Báo cáo của SKHCN")
    assert set(titles("KHCN")) >= {amp.title}
    assert joined.title in titles("sở khoa học và công nghệ")
    assert amp.title in titles("sở khoa học và công nghệ")


def test_abbreviations_unit():
    known = abbreviations.Abbreviations.from_pairs(
        [("KH", "kế hoạch"), ("KH&CN", "khoa học và công nghệ"), ("KHCN", "khoa học và công nghệ"),
         ("TT", "thông tư"), ("TT", "trung tâm"), ("x", "x"), ("!", "dấu")])
    parsed = parse_query("KH&CN", known)
    assert len(parsed.groups) == 1  # the longest form wins over "kh"
    alternatives = [[[key[0] for key in phrase] for phrase in alt] for alt in parsed.groups[0]]
    assert alternatives == [[["kh"], ["cn"]], [["khoa", "hoc", "va", "cong", "nghe"]],
                            [["khcn"]]]
    # an ambiguous short form gives both long forms; the long forms never give each other
    assert len(parse_query("tt", known).groups[0]) == 3
    assert len(parse_query("thông tư", known).groups[0]) == 2
    assert ("x",) not in known.alternatives and ("dau",) not in known.alternatives
    assert len(known.variants([("kh", "kh"), ("tt", "tt")])) == 5  # 2 × 3 - the phrase itself


def test_an_editor_added_abbreviation_takes_effect_at_once(make_page):
    board = make_page("Ban quản lý dự án đầu tư xây dựng")
    assert titles("BQLDA") == []
    entry = Abbreviation.objects.create(short="BQLDA", long="ban quản lý dự án")
    assert titles("BQLDA") == [board.title]
    entry.delete()
    assert titles("BQLDA") == []


def test_abbreviations_are_kept_in_the_admin(admin_client, make_page):
    board = make_page("Ban quản lý khu công nghiệp tỉnh")
    url = "/admin/snippets/portal_search/abbreviation/"
    listing = admin_client.get(url)
    assert listing.status_code == 200 and "BHXH" in listing.content.decode()
    response = admin_client.post(url + "add/", {"short": " BQL ", "long": "ban  quản lý"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Abbreviation.objects.filter(short="BQL", long="ban quản lý").exists()
    assert titles("bql") == [board.title]
    for bad in ({"short": "123", "long": "ban quản lý"}, {"short": "BQL", "long": "  "},
                {"short": "bql", "long": "Ban Quản Lý"}, {"short": "Ban quan ly",
                                                          "long": "ban quản lý"}):
        response = admin_client.post(url + "add/", bad)
        assert response.status_code == 200, bad  # the form again, with its error
    assert Abbreviation.objects.filter(short__iexact="bql").count() == 1


# --- attached files ----------------------------------------------------------------------

def pdf_file(title, text):
    return demo_document(title, "tep.pdf", make_pdf(title.upper(), [text]))


def docx_file(title, text):
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Ô trong bảng"
    table.rows[0].cells[1].text = "thanh long ruột đỏ"
    buffer = io.BytesIO()
    document.save(buffer)
    return demo_document(title, "tep.docx", buffer.getvalue())


def test_a_phrase_only_in_an_attached_pdf_finds_the_page_and_says_so(make_page, client):
    file = pdf_file("Quy chế chi tiêu nội bộ",
                    "Công chức đi công tác được thanh toán phụ cấp lưu trú theo quy định.")
    page = make_page("Quyết định ban hành quy chế", "Xem tệp đính kèm.", attachments=[file])
    results = selectors.search('"phụ cấp lưu trú"')
    assert [item.url for item in results.items] == [page.url]
    item = results.items[0]
    assert item.attachment == "Quy chế chi tiêu nội bộ"
    assert "<mark>phụ</mark> <mark>cấp</mark> <mark>lưu</mark> <mark>trú</mark>" in item.snippet
    html = client.get("/tim-kiem/", {"q": "phụ cấp lưu trú"}).content.decode()
    assert "Trong tệp đính kèm “Quy chế chi tiêu nội bộ”" in html
    # a query found in the page's own text shows that text
    assert selectors.search("xem tệp đính kèm").items[0].attachment == ""


def test_docx_text_and_tables_are_indexed(make_page):
    file = docx_file("Mẫu tờ khai", "Tờ khai đăng ký mã số mã vạch.")
    page = make_page("Mẫu đơn", attachments=[file])
    assert titles("mã số mã vạch") == [page.title]
    assert titles("thanh long ruột đỏ") == [page.title]


def test_a_file_no_longer_attached_drops_out(make_page):
    file = pdf_file("Phụ lục", "Danh mục thiết bị quan trắc độ mặn.")
    page = make_page("Kế hoạch quan trắc", attachments=[file])
    assert titles('"thiết bị quan trắc"') == [page.title]
    make_page.extras[page.pk] = {"attachments": []}
    republish(page)
    assert titles('"thiết bị quan trắc"') == []


def test_extracted_text_is_kept_by_file_hash(make_page, monkeypatch):
    calls = []
    real = attachments.EXTRACTORS[".pdf"]
    monkeypatch.setitem(attachments.EXTRACTORS, ".pdf",
                        lambda data, deadline: calls.append(1) or real(data, deadline))
    file = pdf_file("Báo cáo", "Sản lượng cá thát lát tăng mạnh.")
    make_page("Báo cáo thủy sản", attachments=[file])
    make_page("Báo cáo thủy sản bản sao", attachments=[file])
    assert services.reindex_all()[1] == 0
    assert len(calls) == 1
    assert AttachmentText.objects.get(file_hash=file.file_hash).text.count("thát lát") == 1


def test_attached_text_respects_the_text_limit(make_page, monkeypatch):
    monkeypatch.setattr(services, "MAX_TEXT", 60)
    file = pdf_file("Dài", "Mở đầu tệp. " + "Chữ lấp chỗ. " * 50 + "Câu cuối cùng ở rất xa.")
    page = make_page("Trang ngắn", "Mười chữ của trang.", attachments=[file])
    document = SearchDocument.objects.get(page=page)
    assert len(document.body) + sum(len(f["text"]) for f in document.attachments) <= 60
    assert titles("mở đầu tệp") == [page.title]
    assert titles("câu cuối cùng") == []


def encrypted_pdf():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf("MẬT", ["Nội dung mật."]))))
    writer.encrypt(user_password="matkhau", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("data, name", [
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "hong.pdf"),
    (b"", "rong.pdf"),
    (None, "mat.pdf"),
    (b"PK\x03\x04 not a zip", "hong.docx"),
])
def test_a_broken_or_encrypted_file_is_skipped_not_fatal(make_page, caplog, data, name):
    data = encrypted_pdf() if data is None else data
    file = demo_document("Tệp hỏng", name, data)
    caplog.set_level(logging.WARNING, logger="search.attachments")
    page = make_page("Văn bản có tệp hỏng", "Nội dung chính.", attachments=[file])
    page.refresh_from_db()
    assert page.live
    assert titles("tệp hỏng nội dung chính") == [page.title]
    assert "not indexed" in caplog.text
    kept = AttachmentText.objects.get(file_hash=file.file_hash)
    assert kept.text == "" and kept.skipped


def test_a_too_large_or_missing_file_is_skipped(make_page, monkeypatch, caplog):
    monkeypatch.setattr(attachments, "MAX_FILE_SIZE", 100)
    big = pdf_file("Lớn", "Nội dung lớn.")
    gone = pdf_file("Mất", "Nội dung mất.")
    gone.file.storage.delete(gone.file.name)
    page = make_page("Trang có tệp lớn", attachments=[big, gone])
    assert titles("trang có tệp lớn") == [page.title]
    assert "larger than" in caplog.text and "Could not read" in caplog.text


def test_a_replaced_file_reindexes_its_pages(make_page, django_capture_on_commit_callbacks):
    file = pdf_file("Biểu mẫu", "Phiên bản cũ của biểu mẫu.")
    # the page links the file in its body: Wagtail's reference index knows it uses the file
    page = make_page("Trang biểu mẫu", body=[
        {"type": "document", "value": {"document": file.pk, "title": ""}}],
        attachments=lambda page: [block.value["document"] for block in page.body
                                  if block.block_type == "document"])
    assert titles('"phiên bản cũ"') == [page.title]
    with django_capture_on_commit_callbacks(execute=True):
        data = make_pdf("BIỂU MẪU", ["Phiên bản mới nhất."])
        file.file.save("moi.pdf", ContentFile(data), save=False)
        file.file_hash = __import__("hashlib").sha1(data).hexdigest()
        file.save()
    assert titles('"phiên bản cũ"') == []
    assert titles('"phiên bản mới nhất"') == [page.title]
    with django_capture_on_commit_callbacks(execute=True):
        file.delete()
    assert titles('"phiên bản mới nhất"') == []
    assert titles("trang biểu mẫu") == [page.title]


# --- kinds and facets --------------------------------------------------------------------

@pytest.fixture
def faceted(make_page, make_article):
    return {
        "farm": make_page("Hội thảo nông nghiệp công nghệ cao",
                          facets={"linh_vuc": "nong-nghiep", "nam": ["2024", "2025"]}),
        "health": make_page("Hội thảo y tế cơ sở", facets={"linh_vuc": "y-te", "nam": 2026}),
        "none": make_page("Hội thảo không lĩnh vực", facets={"linh_vuc": None}),
        "news": make_article(title="Hội thảo trên trang tin", body=para("x")),
    }


def test_facets_are_stored_with_the_kind(faceted):
    rows = set(SearchFacet.objects.filter(document_id=faceted["farm"].pk)
               .values_list("name", "value"))
    assert rows == {("loai_trang", "trang-thu"), ("linh_vuc", "nong-nghiep"), ("nam", "2024"),
                    ("nam", "2025")}
    assert set(SearchFacet.objects.filter(document_id=faceted["none"].pk)
               .values_list("name", "value")) == {("loai_trang", "trang-thu")}


def test_kind_and_facet_filters(faceted):
    everything = set(titles("hội thảo"))
    assert len(everything) == 4
    pages = {faceted[key].title for key in ("farm", "health", "none")}
    assert set(titles("hội thảo", kind="trang-thu")) == pages
    assert titles("hội thảo", kind="trang-thu", facets=[("linh_vuc", "y-te")]) == \
        [faceted["health"].title]
    assert titles("hội thảo", kind="trang-thu", facets=[("nam", "2025")]) == \
        [faceted["farm"].title]
    assert titles("hội thảo", kind="trang-thu",
                  facets=[("nam", "2025"), ("linh_vuc", "y-te")]) == []
    assert titles("hội thảo", kind="van-ban-khong-co") == []
    assert titles("hội thảo", kind="trang-thu", facets=[("nam'; --", "' OR 1=1 --")]) == []
    assert titles("hội thảo", kind="trang-thu", order="date")  # both orders filter
    assert set(titles("hội thảo", kind="trang-thu", order="date")) == pages


def test_the_search_page_offers_kinds_and_their_facets(client, faceted):
    html = client.get("/tim-kiem/", {"q": "hội thảo"}).content.decode()
    assert 'name="loai_trang"' in html and 'value="trang-thu"' in html
    assert 'name="linh_vuc"' not in html  # facets come with a kind
    response = client.get("/tim-kiem/", {"q": "hội thảo", "loai_trang": "trang-thu",
                                         "linh_vuc": "y-te"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="linh_vuc"' in html and '<option value="y-te" selected>Y tế</option>' in html
    assert "y tế cơ sở" in html and "nông nghiệp công nghệ cao" not in html
    assert 'class="search-filters" open' in html
    # a facet without its kind is no filter
    response = client.get("/tim-kiem/", {"q": "hội thảo", "linh_vuc": "y-te"})
    assert response.status_code == 200
    assert "nông nghiệp công nghệ cao" in response.content.decode()


@pytest.mark.parametrize("params", [
    {"q": "hội thảo", "loai_trang": "khong-co"},
    {"q": "hội thảo", "loai_trang": "trang-thu", "linh_vuc": "khong-co"},
    {"q": "hội thảo", "loai_trang": "trang-thu", "nam": "1999"},
    {"q": "hội thảo", "loai_trang": "trang-thu", "nam": "'; DROP TABLE x; --"},
])
def test_bad_kind_or_facet_values_get_a_clear_400(client, faceted, params):
    response = client.get("/tim-kiem/", params)
    assert response.status_code == 400
    assert "lựa chọn hợp lệ" in response.content.decode()


def test_results_show_their_kind(client, faceted):
    html = client.get("/tim-kiem/", {"q": "hội thảo"}).content.decode()
    assert '<span class="result-kind">Tin tức</span>' in html
    assert '<span class="result-kind">Trang</span>' in html


def test_kinds_are_the_page_types_that_declare_one(make_page):
    from django.utils import translation

    kinds = search_kinds()
    with translation.override("vi"):
        assert str(kinds["trang-thu"].label) == "Trang nội dung"
    assert [facet.name for facet in kinds["trang-thu"].facets] == ["linh_vuc", "nam"]


def test_odd_input_with_filters_is_answered(client, faceted):
    for query in ['"', "1234/", "/-.", "1.", ".1", "qđ-", "-1", "x" * 199, "&&", "KH&&CN",
                  "1/2/3/4/5/6/7/8/9/10/11/12/13/14", "hg..2025..07", "ubnd " * 30]:
        response = client.get("/tim-kiem/", {"q": query, "loai_trang": "trang-thu"})
        assert response.status_code == 200, query


def test_query_count_stays_constant_with_facets_and_files(client, make_page,
                                                          django_assert_max_num_queries):
    file = pdf_file("Tệp chung", "Hội nghị tổng kết trong tệp.")

    def make(first, last):
        for n in range(first, last):
            make_page(f"Hội nghị tổng kết số {n}", identifiers=[f"{n}/KH-SKHCN"],
                      facets={"linh_vuc": "y-te", "nam": "2025"}, attachments=[file])

    params = {"q": "hội nghị tổng kết", "loai_trang": "trang-thu", "linh_vuc": "y-te"}
    make(0, 3)
    with django_assert_max_num_queries(40) as few:
        client.get("/tim-kiem/", params)
    make(3, 15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/tim-kiem/", params)
    assert response.content.decode().count('class="result-kind"') == 10


def test_section_list_text_filter_knows_abbreviations_and_numbers(make_page):
    page = make_page("Ủy ban nhân dân tỉnh ban hành kế hoạch", identifiers=["55/KH-UBND"])
    assert selectors.matching_page_ids("ubnd") == [page.pk]
    assert selectors.matching_page_ids("55/kh-ubnd") == [page.pk]


# --- the section apps' own pages -----------------------------------------------------------

@pytest.fixture
def sections(home):
    """Văn bản, thủ tục and nhiệm vụ as the demo builds them (with their PDFs)."""
    from demo.services import SECTIONS

    for module in SECTIONS:
        module.build_items(module.build_section(home))


LEGAL = ("Quyết định 1234/QĐ-UBND về việc ban hành Quy chế quản lý nhiệm vụ khoa học và công "
         "nghệ cấp tỉnh trên địa bàn tỉnh Hậu Giang")
DECREE = ("Nghị định 42/2022/NĐ-CP quy định về việc cung cấp thông tin và dịch vụ công trực "
          "tuyến của cơ quan nhà nước trên môi trường mạng")
PROCEDURE = ("Thủ tục đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ không sử dụng "
             "ngân sách nhà nước")
TASK = "Nghiên cứu chọn tạo giống lúa chịu mặn thích ứng biến đổi khí hậu tại tỉnh Hậu Giang"
DIRECTIVE = ("Chỉ thị 08/CT-UBND về tăng cường ứng dụng tiến bộ khoa học và công nghệ trong "
             "sản xuất nông nghiệp")


def test_the_sections_pages_are_found_by_number_code_abbreviation_and_file(sections, client):
    for query, expected in [
        ("1234/QĐ-UBND", LEGAL), ("1234/QD-UBND", LEGAL), ("1234 qđ ubnd", LEGAL),
        ("qd 1234", LEGAL), ("42/2022/NĐ-CP", DECREE), ("nghị định 42/2022", DECREE),
        ("nđ 42/2022", DECREE), ("1.009876", PROCEDURE), ("1009876", PROCEDURE),
        ("HG.2025.07", TASK), ("hg 2025 07", TASK), ("hg202507", TASK),
        ("cánh đồng lớn ứng dụng cơ giới hóa", DIRECTIVE),  # only in the attached PDF
    ]:
        assert titles(query)[:1] == [expected], query
    item = selectors.search("cánh đồng lớn ứng dụng cơ giới hóa").items[0]
    assert item.source.startswith("Trong tệp đính kèm “")
    # kinds and facets through the page
    kinds = search_kinds()
    assert {"van-ban", "thu-tuc", "nhiem-vu"} <= set(kinds)
    response = client.get("/tim-kiem/", {"q": "khoa học", "loai_trang": "van-ban",
                                         "loai": "quyet-dinh"})
    assert response.status_code == 200
    html_text = html.unescape(response.content.decode())
    assert 'name="co_quan"' in html_text
    listed = html_text.split('<ol class="search-results">', 1)[1].split("</ol>", 1)[0]
    assert "Quyết định 1234/QĐ-UBND" in listed.replace("<mark>", "").replace("</mark>", "")
    assert listed.count('<span class="result-kind">Văn bản</span>') == listed.count("<li>")
    assert "Nghị định" not in listed
    assert client.get("/tim-kiem/", {"q": "khoa học", "loai_trang": "van-ban",
                                     "loai": "khong-co"}).status_code == 400
    for kind in ("thu-tuc", "nhiem-vu"):
        found = selectors.search("khoa học", kind=kind).items
        assert found and all(item.kind == found[0].kind for item in found)
    assert titles("giống lúa chịu mặn", kind="nhiem-vu", facets=[("nam", "2025")]) == [TASK]
