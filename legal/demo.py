"""The demo's Văn bản section: national laws and decrees the Sở applies (cited by their real
numbers) and invented provincial and Sở documents, each with its signed text as a PDF drawn
locally. Every PDF holds a phrase found nowhere else on the page (`phrase`), so that a search
for it shows that attached files are searched too."""

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone, translation

from core.vietnamese import slugify_vi

from pages.sheets import Row, SheetError

from .models import (DocumentType, LegalDocumentIndexPage, LegalDocumentPage,
                     LegalDocumentRelation, RelationKind, number_key)
from .sheets import LegalDocumentImporter

SLUG = "van-ban"
TITLE = "Văn bản"
INTRO = "Văn bản quy phạm pháp luật, văn bản chỉ đạo điều hành của Sở."

QH, CP, BO = "Quốc hội", "Chính phủ", "Bộ Khoa học và Công nghệ"
HDND, UBND = "Hội đồng nhân dân tỉnh Hậu Giang", "Ủy ban nhân dân tỉnh Hậu Giang"
SO = "Sở Khoa học và Công nghệ tỉnh Hậu Giang"
KHCN, TDC = "Khoa học và công nghệ", "Tiêu chuẩn - Đo lường - Chất lượng"
CGCN, CDS, TCBM = "Chuyển giao công nghệ", "Chuyển đổi số", "Tổ chức bộ máy"

T = DocumentType
# (number, type, issuer, signer, issued, effective, expires, field, summary, phrase in the PDF,
#  [(relation, number of an earlier document)]); a date None: the issue date (effective) or
#  none (expires); "soon": a document not yet in force, issued days ago
DOCUMENTS = [
    ("29/2013/QH13", T.LAW, QH, "Nguyễn Sinh Hùng", date(2013, 6, 18), date(2014, 1, 1), None,
     KHCN, "Luật Khoa học và Công nghệ", "quỹ phát triển khoa học của doanh nghiệp", []),
    ("93/2025/QH15", T.LAW, QH, "Trần Thanh Mẫn", date(2025, 6, 27), date(2025, 10, 1), None,
     KHCN, "Luật Khoa học, công nghệ và đổi mới sáng tạo",
     "cơ chế thử nghiệm có kiểm soát", [(RelationKind.REPLACES, "29/2013/QH13")]),
    ("68/2006/QH11", T.LAW, QH, "Nguyễn Phú Trọng", date(2006, 6, 29), date(2007, 1, 1), None,
     TDC, "Luật Tiêu chuẩn và quy chuẩn kỹ thuật", "công bố hợp quy", []),
    ("05/2007/QH12", T.LAW, QH, "Nguyễn Phú Trọng", date(2007, 11, 21), date(2008, 7, 1), None,
     TDC, "Luật Chất lượng sản phẩm, hàng hóa", "hàng hóa nhóm hai", []),
    ("07/2017/QH14", T.LAW, QH, "Nguyễn Thị Kim Ngân", date(2017, 6, 19), date(2018, 7, 1),
     None, CGCN, "Luật Chuyển giao công nghệ", "công nghệ hạn chế chuyển giao", []),
    ("08/2014/NĐ-CP", T.DECREE, CP, "Nguyễn Tấn Dũng", date(2014, 1, 27), date(2014, 3, 15),
     None, KHCN, "Quy định chi tiết và hướng dẫn thi hành một số điều của Luật Khoa học và "
     "Công nghệ", "hội đồng tư vấn xác định nhiệm vụ",
     [(RelationKind.GUIDES, "29/2013/QH13")]),
    ("43/2011/NĐ-CP", T.DECREE, CP, "Nguyễn Tấn Dũng", date(2011, 6, 13), date(2011, 8, 1),
     None, CDS, "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến trên trang "
     "thông tin điện tử hoặc cổng thông tin điện tử của cơ quan nhà nước",
     "chuyên mục hỏi đáp trực tuyến", []),
    ("42/2022/NĐ-CP", T.DECREE, CP, "Vũ Đức Đam", date(2022, 6, 24), date(2022, 8, 1), None,
     CDS, "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước "
     "trên môi trường mạng", "giao diện lập trình ứng dụng mở",
     [(RelationKind.REPLACES, "43/2011/NĐ-CP")]),
    ("14/2014/TT-BKHCN", T.CIRCULAR, BO, "", date(2014, 6, 11), date(2014, 7, 25), None, KHCN,
     "Quy định việc thu thập, báo cáo, lưu giữ, công bố và sử dụng thông tin về nhiệm vụ khoa "
     "học và công nghệ", "phiếu thông tin nhiệm vụ đang tiến hành", []),
    ("567/QĐ-UBND", T.DECISION, UBND, "Nguyễn Văn Hòa", date(2016, 4, 14), None, None, KHCN,
     "Về việc ban hành Quy chế quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh",
     "hồ sơ lưu tại Phòng Quản lý khoa học", []),
    ("1234/QĐ-UBND", T.DECISION, UBND, "Trần Quốc Bảo", date(2021, 7, 15), date(2021, 8, 1),
     None, KHCN, "Về việc ban hành Quy chế quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh "
     "trên địa bàn tỉnh Hậu Giang", "kinh phí đối ứng tối thiểu ba mươi phần trăm",
     [(RelationKind.REPLACES, "567/QĐ-UBND")]),
    ("15/2022/NQ-HĐND", T.RESOLUTION, HDND, "Phạm Văn Lộc", date(2022, 12, 8),
     date(2022, 12, 18), None, KHCN, "Quy định nội dung chi, mức chi cho nhiệm vụ khoa học và "
     "công nghệ có sử dụng ngân sách nhà nước trên địa bàn tỉnh Hậu Giang",
     "định mức thù lao chuyên gia tư vấn độc lập", []),
    ("25/2023/QĐ-UBND", T.DECISION, UBND, "Trần Quốc Bảo", date(2023, 9, 20), date(2023, 10, 1),
     None, TCBM, "Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Khoa học và "
     "Công nghệ tỉnh Hậu Giang", "trung tâm ứng dụng tiến bộ khoa học trực thuộc", []),
    ("08/CT-UBND", T.DIRECTIVE, UBND, "Trần Quốc Bảo", date(2024, 3, 12), None, None, KHCN,
     "Về tăng cường ứng dụng tiến bộ khoa học và công nghệ trong sản xuất nông nghiệp",
     "mô hình cánh đồng lớn ứng dụng cơ giới hóa", []),
    ("45/KH-UBND", T.PLAN, UBND, "Nguyễn Văn Hòa", date(2025, 2, 10), None, date(2026, 1, 1),
     CDS, "Triển khai chuyển đổi số trong lĩnh vực khoa học và công nghệ tỉnh Hậu Giang năm "
     "2025", "bản đồ số dùng chung của tỉnh", []),
    ("78/KH-SKHCN", T.PLAN, SO, "Lê Thị Mỹ Hạnh", date(2026, 1, 12), None, date(2027, 1, 1), TDC,
     "Kiểm tra nhà nước về đo lường, chất lượng sản phẩm, hàng hóa năm 2026",
     "cân kiểm tra tại chợ đầu mối", [(RelationKind.IMPLEMENTS, "05/2007/QH12")]),
    ("12/HD-SKHCN", T.GUIDANCE, SO, "Lê Thị Mỹ Hạnh", date(2026, 3, 3), None, None, KHCN,
     "Xây dựng đề xuất đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2027",
     "phiếu đề xuất đặt hàng theo mẫu", []),
    ("530/SKHCN-QLCN", T.LETTER, SO, "Lê Thị Mỹ Hạnh", date(2026, 8, 20), None, None, KHCN,
     "Về việc hướng dẫn đăng ký, lưu giữ kết quả thực hiện nhiệm vụ khoa học và công nghệ",
     "báo cáo tóm tắt kết quả bản điện tử", [(RelationKind.GUIDES, "14/2014/TT-BKHCN")]),
    ("112/TB-SKHCN", T.NOTICE, SO, "Nguyễn Thanh Tùng", date(2026, 11, 5), None, None, KHCN,
     "Về việc tuyển chọn tổ chức, cá nhân chủ trì thực hiện nhiệm vụ khoa học và công nghệ cấp "
     "tỉnh năm 2027", "hạn chót nộp hồ sơ tuyển chọn", []),
    ("201/BC-SKHCN", T.REPORT, SO, "Nguyễn Thanh Tùng", date(2025, 12, 15), None, None, KHCN,
     "Tổng kết công tác khoa học và công nghệ năm 2025, phương hướng nhiệm vụ năm 2026",
     "chỉ số đổi mới sáng tạo cấp địa phương", []),
    ("48/QĐ-SKHCN", T.DECISION, SO, "Nguyễn Thanh Tùng", date(2019, 4, 22), None, None, KHCN,
     "Về việc ban hành Quy chế quản lý nhiệm vụ khoa học và công nghệ cấp cơ sở",
     "hội đồng nghiệm thu cấp cơ sở gồm năm thành viên", []),
    ("152/QĐ-SKHCN", T.DECISION, SO, "Nguyễn Thanh Tùng", "soon", "soon", None, KHCN,
     "Về việc ban hành Quy chế quản lý nhiệm vụ khoa học và công nghệ cấp cơ sở của Sở Khoa học "
     "và Công nghệ tỉnh Hậu Giang (thay thế Quy chế năm 2019)",
     "nhiệm vụ cấp cơ sở do lãnh đạo phòng chủ trì", [(RelationKind.REPLACES, "48/QĐ-SKHCN")]),
]
PHRASES = {spec[0]: spec[9] for spec in DOCUMENTS}


def build_section(home):
    """The Văn bản section at /van-ban/, live and in the menu; it takes the place of the old
    demo's placeholder page (deleted) in the menu."""
    from pages.demo import section_page

    return section_page(home, LegalDocumentIndexPage, SLUG, title=TITLE, intro=INTRO)


def document_pdf(spec):
    """The bytes of the document's signed text: its heading, articles and its phrase."""
    from pages.demo import make_pdf

    number, doc_type, issuer, signer, issued, _start, _end, _field, summary, phrase, _r = spec
    label = DocumentType(doc_type).label
    return make_pdf(f"{str(label).upper()}\n{summary}", [
        f"{issuer.upper()} — Số: {number}",
        "Căn cứ các quy định của pháp luật hiện hành và theo đề nghị của cơ quan chủ trì "
        "soạn thảo.",
        f"Điều 1. Văn bản này quy định {summary[0].lower() + summary[1:]}.",
        f"Điều 2. Nội dung đáng chú ý: {phrase}; các cơ quan, đơn vị liên quan tổ chức thực "
        "hiện.",
        "Điều 3. Văn bản có hiệu lực theo quy định; tổ chức, cá nhân có liên quan chịu trách "
        "nhiệm thi hành.",
        f"Người ký: {signer}" if signer else "Nơi nhận: như Điều 3; lưu: VT.",
    ])


def build_items(section):
    """The demo documents missing from the site, published with their PDF and relations, in
    list order so that related documents exist first; returns how many were created."""
    with translation.override(settings.LANGUAGE_CODE):
        return _build_items(section)


def _build_items(section):
    import tempfile
    from pathlib import Path

    from pages.demo import demo_document

    today = timezone.localdate()
    existing = set(LegalDocumentPage.objects.filter(
        number_key__in=[number_key(spec[0]) for spec in DOCUMENTS])
        .values_list("number_key", flat=True))
    rows = []
    for line, spec in enumerate(DOCUMENTS, start=2):
        number, doc_type, issuer, signer, issued, start, end, field, summary, _p, relations = spec
        if number_key(number) in existing:
            continue
        if issued == "soon":
            issued, start = today - timedelta(days=4), today + timedelta(days=30)
        # made first with its title: the import finds the file again by its content
        label = DocumentType(doc_type).label
        demo_document(f"Toàn văn {label} {number}", f"{slugify_vi(number)}.pdf",
                      document_pdf(spec))
        rows.append(Row(line, {
            "number": number, "doc_type": doc_type, "issuer": issuer, "signer": signer,
            "issued_on": issued, "effective_from": start, "effective_until": end,
            "field": field, "summary": summary, "files": [f"{slugify_vi(number)}.pdf"],
            "replaces": [target for kind, target in relations if kind == RelationKind.REPLACES],
            "other_relations": [(kind, target) for kind, target in relations
                                if kind != RelationKind.REPLACES]}))
    if not rows:
        return 0
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for row in rows:
            spec = next(spec for spec in DOCUMENTS if spec[0] == row["number"])
            (folder / row["files"][0]).write_bytes(document_pdf(spec))
        created, _updated = DemoImporter(section, rows, folder).run()
    return created


class DemoImporter(LegalDocumentImporter):
    """The importer, fed with the demo's rows instead of a sheet (the same checks and
    writing); it also writes the relations a sheet has no column for."""

    def __init__(self, section, rows, folder):
        super().__init__(folder / "van-ban-demo.csv", publish=True)
        self.demo_section, self.demo_rows = section, rows

    def section(self):
        return self.demo_section

    def read(self):
        problems = []
        self.check_rows(self.demo_rows, problems)
        if problems:
            raise SheetError(problems)
        return self.demo_rows

    def after_save(self, page, row):
        super().after_save(page, row)
        others = [(kind, self.pages.get(number_key(target)) or LegalDocumentPage.objects.filter(
            number_key=number_key(target)).values_list("pk", flat=True).first())
            for kind, target in row["other_relations"]]
        if others:
            page.relations = list(page.relations.all()) + [
                LegalDocumentRelation(kind=kind, target_id=target)
                for kind, target in others if target]
            if page.latest_revision_id is None:
                page.relations.commit()
