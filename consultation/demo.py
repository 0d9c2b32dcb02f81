"""Demo content of Góp ý dự thảo: two drafts of Sở Khoa học và Công nghệ tỉnh Hậu Giang
(invented but plausible). One is open for comments, its period placed around today each time
the demo is built so that it stays open, with the draft as a PDF, approved comments and one
awaiting moderation; the other is closed, with its comments and the report on how they were
taken into account. Both functions are idempotent."""

from datetime import timedelta

from django.utils import timezone

from .models import CommentStatus, DraftAttachment, DraftComment, DraftIndexPage, DraftPage

SLUG = "gop-y-du-thao"
TITLE = "Góp ý dự thảo"
INTRO = ("Dự thảo văn bản quy phạm pháp luật, chính sách do Sở Khoa học và Công nghệ tỉnh Hậu "
         "Giang chủ trì soạn thảo, đăng tải để lấy ý kiến góp ý của cơ quan, tổ chức, cá nhân "
         "theo Nghị định 42/2022/NĐ-CP. Ý kiến được công khai sau khi kiểm duyệt.")
UNIT = "Phòng Quản lý khoa học, Sở Khoa học và Công nghệ tỉnh Hậu Giang"

OPEN_SLUG = "du-thao-quy-dinh-ho-tro-doi-moi-sang-tao"
OPEN_TITLE = ("Dự thảo Nghị quyết quy định chính sách hỗ trợ phát triển hệ sinh thái khởi "
              "nghiệp đổi mới sáng tạo tỉnh Hậu Giang giai đoạn 2026–2030")
OPEN_SUMMARY = ("Dự thảo quy định nội dung, mức hỗ trợ và điều kiện hỗ trợ cho cá nhân, nhóm "
                "cá nhân và doanh nghiệp khởi nghiệp đổi mới sáng tạo trên địa bàn tỉnh. Sở đề "
                "nghị góp ý đặc biệt về mức hỗ trợ tại Điều 5 và hồ sơ đề nghị tại Điều 8.")
OPEN_BODY = [
    "<h2>Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng</h2>",
    "<p>Nghị quyết này quy định chính sách hỗ trợ phát triển hệ sinh thái khởi nghiệp đổi mới "
    "sáng tạo trên địa bàn tỉnh Hậu Giang giai đoạn 2026–2030; áp dụng đối với cá nhân, nhóm "
    "cá nhân có dự án khởi nghiệp, doanh nghiệp khởi nghiệp đổi mới sáng tạo và tổ chức hỗ "
    "trợ khởi nghiệp.</p>",
    "<h2>Điều 5. Nội dung và mức hỗ trợ</h2>",
    "<p>1. Hỗ trợ 50% chi phí thuê mặt bằng tại cơ sở ươm tạo, tối đa 5 triệu đồng/tháng và "
    "không quá 24 tháng.</p><p>2. Hỗ trợ 70% chi phí tư vấn sở hữu trí tuệ, tiêu chuẩn, đo "
    "lường, chất lượng, tối đa 100 triệu đồng/dự án.</p>",
    "<h2>Điều 8. Hồ sơ đề nghị hỗ trợ</h2>",
    "<p>Hồ sơ gồm đơn đề nghị theo mẫu, thuyết minh dự án và bản sao giấy tờ chứng minh tư "
    "cách pháp lý của tổ chức, cá nhân đề nghị hỗ trợ.</p>",
]
OPEN_PDF = ("Dự thảo Nghị quyết quy định chính sách hỗ trợ khởi nghiệp đổi mới sáng tạo", [
    "HỘI ĐỒNG NHÂN DÂN TỈNH HẬU GIANG – DỰ THẢO",
    "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng.",
    "Điều 5. Nội dung và mức hỗ trợ: hỗ trợ 50% chi phí thuê mặt bằng, tối đa 5 triệu "
    "đồng/tháng; hỗ trợ 70% chi phí tư vấn sở hữu trí tuệ, tối đa 100 triệu đồng/dự án.",
    "Điều 8. Hồ sơ đề nghị hỗ trợ."])
OPEN_COMMENTS = [
    dict(name="Nguyễn Thanh Bình", organisation="Công ty TNHH Nông sản số Mekong",
         content="Đề nghị nâng thời gian hỗ trợ thuê mặt bằng tại khoản 1 Điều 5 lên 36 tháng, "
                 "vì dự án nông nghiệp công nghệ cao cần thời gian dài để có doanh thu.",
         status=CommentStatus.APPROVED),
    dict(name="Trần Thị Mỹ Linh", organisation="", show_name=False,
         content="Hồ sơ tại Điều 8 nên cho phép nộp trực tuyến qua Cổng dịch vụ công của tỉnh "
                 "để giảm chi phí đi lại cho nhóm khởi nghiệp ở các huyện.",
         status=CommentStatus.APPROVED),
    dict(name="Lê Hoàng Phúc", organisation="Trường Đại học Cần Thơ",
         content="Cần làm rõ tiêu chí xác định “doanh nghiệp khởi nghiệp đổi mới sáng tạo” tại "
                 "Điều 1, có thể dẫn chiếu Nghị định 38/2018/NĐ-CP.",
         status=CommentStatus.PENDING),
]

CLOSED_SLUG = "du-thao-quy-che-quan-ly-nhiem-vu-khcn"
CLOSED_TITLE = ("Dự thảo Quyết định ban hành Quy chế quản lý nhiệm vụ khoa học và công nghệ "
                "cấp tỉnh sử dụng ngân sách nhà nước tỉnh Hậu Giang")
CLOSED_SUMMARY = ("Dự thảo quy chế thay thế quy chế ban hành năm 2020, quy định việc đề xuất, "
                  "tuyển chọn, giao trực tiếp, kiểm tra, đánh giá nghiệm thu nhiệm vụ khoa học "
                  "và công nghệ cấp tỉnh.")
CLOSED_BODY = [
    "<p>Quy chế gồm 6 chương, 32 điều, quy định trình tự, thủ tục từ khâu đề xuất đặt hàng đến "
    "đánh giá, nghiệm thu và ứng dụng kết quả nhiệm vụ khoa học và công nghệ cấp tỉnh.</p>",
]
CLOSED_COMMENTS = [
    dict(name="Võ Minh Tuấn", organisation="Trung tâm Khuyến nông tỉnh Hậu Giang",
         content="Đề nghị rút ngắn thời hạn thẩm định kinh phí từ 30 ngày xuống 20 ngày làm "
                 "việc.", status=CommentStatus.APPROVED),
    dict(name="Phạm Thị Hồng", organisation="Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
         content="Bổ sung quy định công bố công khai kết quả nghiệm thu trên Cổng thông tin "
                 "điện tử của Sở.", status=CommentStatus.APPROVED),
]
CLOSED_REPORT = [
    "<p>Trong thời gian lấy ý kiến, Sở Khoa học và Công nghệ nhận được 2 ý kiến góp ý qua "
    "Cổng thông tin điện tử và 5 văn bản góp ý của các sở, ban, ngành.</p>",
    "<p><b>Tiếp thu:</b> bổ sung khoản 3 Điều 28 về công bố công khai kết quả nghiệm thu trên "
    "Cổng thông tin điện tử của Sở trong 15 ngày kể từ ngày nghiệm thu.</p>",
    "<p><b>Giải trình:</b> thời hạn thẩm định kinh phí giữ 30 ngày theo Thông tư "
    "03/2023/TT-BKHCN; Sở sẽ rà soát rút ngắn thời gian trong hướng dẫn thực hiện.</p>",
]


def build_section(home):
    """The Góp ý dự thảo list under the home page (replacing a plain placeholder page)."""
    from pages.demo import section_page

    return section_page(home, DraftIndexPage, SLUG, title=TITLE, intro=INTRO)


def _paragraphs(html_parts):
    return [{"type": "paragraph", "value": html} for html in html_parts]


def _comments(page, specs, start):
    for number, spec in enumerate(specs):
        sent = start + timedelta(days=number, hours=2 * number)
        DraftComment.objects.create(
            page=page, name=spec["name"], email=f"gopy{page.pk}.{number}@example.vn",
            organisation=spec["organisation"], show_name=spec.get("show_name", True),
            content=spec["content"], status=spec["status"], consented_at=sent, created_at=sent,
            moderated_at=None if spec["status"] == CommentStatus.PENDING else sent)


def build_items(section):
    """The demo drafts not there yet (found by address), published, with their comments;
    returns how many were made. The open draft's period runs from ten days before the day it
    is made to fifty days after; a draft already there is left as it is (an editor's)."""
    from pages.demo import demo_document, make_pdf

    today = timezone.localdate()
    created = 0
    if not DraftPage.objects.child_of(section).filter(slug=OPEN_SLUG).exists():
        draft = DraftPage(title=OPEN_TITLE, slug=OPEN_SLUG, summary=OPEN_SUMMARY,
                          drafting_unit=UNIT, body=_paragraphs(OPEN_BODY),
                          opens_at=today - timedelta(days=10),
                          closes_at=today + timedelta(days=50))
        title, paragraphs = OPEN_PDF
        document = demo_document(title, "du-thao-nghi-quyet-khoi-nghiep.pdf",
                                 make_pdf(title, paragraphs))
        draft.attachments.add(DraftAttachment(document=document, title="Toàn văn dự thảo"))
        section.add_child(instance=draft)
        draft.save_revision().publish()
        _comments(draft, OPEN_COMMENTS, timezone.now() - timedelta(days=8))
        created += 1
    if not DraftPage.objects.child_of(section).filter(slug=CLOSED_SLUG).exists():
        draft = DraftPage(title=CLOSED_TITLE, slug=CLOSED_SLUG, summary=CLOSED_SUMMARY,
                          drafting_unit=UNIT, body=_paragraphs(CLOSED_BODY),
                          opens_at=today - timedelta(days=120),
                          closes_at=today - timedelta(days=60),
                          comment_report=_paragraphs(CLOSED_REPORT))
        section.add_child(instance=draft)
        draft.save_revision().publish()
        _comments(draft, CLOSED_COMMENTS, timezone.now() - timedelta(days=110))
        created += 1
    return created
