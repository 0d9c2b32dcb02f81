"""Demo content of Hỏi đáp: answered questions in several fields (invented but plausible for
Sở Khoa học và Công nghệ tỉnh Hậu Giang), and a few waiting in the staff's queue. Idempotent:
questions are found again by title."""

from datetime import timedelta

from django.utils import timezone

from pages.models import Term

from .models import (FIELD_VOCABULARY, UNIT_VOCABULARY, NameShown, Question, QuestionIndexPage,
                     QuestionPage, QuestionStatus, initials)
from .services import ensure_fields

SLUG = "hoi-dap"
TITLE = "Hỏi đáp"
INTRO = ("Tiếp nhận và trả lời câu hỏi của người dân, doanh nghiệp về lĩnh vực khoa học và công "
         "nghệ. Câu trả lời được công khai sau khi lãnh đạo Sở phê duyệt.")

# (field, unit, asker, title, question, answer paragraphs, days ago)
ANSWERED = [
    ("Sở hữu trí tuệ", "Phòng Quản lý công nghệ và Sở hữu trí tuệ", "Trần Thị Mai",
     "Thủ tục đăng ký nhãn hiệu cho sản phẩm khóm sấy của hợp tác xã",
     "Hợp tác xã chúng tôi sản xuất khóm sấy dẻo và muốn đăng ký nhãn hiệu. Xin hỏi hồ sơ gồm những "
     "gì, nộp ở đâu và mất bao lâu?",
     ["Hồ sơ đăng ký nhãn hiệu gồm tờ khai theo mẫu, mẫu nhãn hiệu, danh mục sản phẩm mang nhãn "
      "hiệu và chứng từ nộp phí, lệ phí. Hồ sơ nộp trực tuyến hoặc trực tiếp tại Cục Sở hữu trí "
      "tuệ, hoặc qua Văn phòng đại diện tại Thành phố Hồ Chí Minh.",
      "Theo Luật Sở hữu trí tuệ, đơn được thẩm định hình thức trong 1 tháng và thẩm định nội dung "
      "trong 9 tháng kể từ ngày công bố đơn. Sở hỗ trợ miễn phí việc tư vấn lập hồ sơ cho hợp tác "
      "xã trên địa bàn tỉnh."], 40),
    ("Tiêu chuẩn, đo lường, chất lượng", "Chi cục Tiêu chuẩn Đo lường Chất lượng", "Lê Văn Hùng",
     "Chu kỳ kiểm định cột đo xăng dầu",
     "Cửa hàng xăng dầu của tôi có 4 cột đo. Xin hỏi chu kỳ kiểm định là bao lâu và đơn vị nào "
     "được kiểm định?",
     ["Cột đo nhiên liệu thuộc danh mục phương tiện đo nhóm 2, chu kỳ kiểm định là 1 năm. Việc "
      "kiểm định do tổ chức được Tổng cục (nay là Ủy ban) Tiêu chuẩn Đo lường Chất lượng quốc gia "
      "chỉ định thực hiện.",
      "Trên địa bàn tỉnh, Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng đã được chỉ định kiểm "
      "định cột đo nhiên liệu. Cửa hàng cần đăng ký lịch kiểm định trước khi hết hạn tem."], 25),
    ("Khoa học và công nghệ", "Phòng Quản lý khoa học", "Nguyễn Quốc Bảo",
     "Điều kiện đề xuất nhiệm vụ khoa học và công nghệ cấp tỉnh",
     "Doanh nghiệp tư nhân có được đề xuất đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh "
     "không? Thời hạn nhận đề xuất hằng năm là khi nào?",
     ["Tổ chức, cá nhân, trong đó có doanh nghiệp, đều được đề xuất nhiệm vụ khoa học và công nghệ "
      "cấp tỉnh theo mẫu của Sở. Đề xuất cần nêu rõ tính cấp thiết, mục tiêu, kết quả dự kiến và "
      "địa chỉ ứng dụng.",
      "Sở thông báo tiếp nhận đề xuất từ tháng 3 đến hết tháng 5 hằng năm trên Cổng thông tin điện "
      "tử này."], 12),
    ("Chuyển giao, ứng dụng công nghệ", "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
     "Phạm Thị Thu",
     "Hỗ trợ doanh nghiệp nhỏ đổi mới công nghệ",
     "Cơ sở sản xuất bánh tráng của tôi muốn mua máy tráng bánh tự động. Tỉnh có chính sách hỗ "
     "trợ đổi mới công nghệ không?",
     ["Theo chính sách hỗ trợ doanh nghiệp đổi mới công nghệ của tỉnh, cơ sở sản xuất có thể được "
      "hỗ trợ một phần chi phí mua công nghệ, thiết bị khi có dự án được Hội đồng thẩm định thông "
      "qua.",
      "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tư vấn miễn phí việc lập dự án; mời anh, "
      "chị liên hệ Trung tâm trong giờ hành chính."], 5),
]
# (field, name, title, question, status, days ago)
WAITING = [
    ("An toàn bức xạ và hạt nhân", "Võ Minh Tâm", "Giấy phép sử dụng máy X-quang nha khoa",
     "Phòng khám nha khoa mới mở cần giấy phép gì để sử dụng máy X-quang chụp răng?",
     QuestionStatus.RECEIVED, 1),
    ("Khoa học và công nghệ", "Đặng Thanh Nhàn", "Đăng ký kết quả nhiệm vụ khoa học cấp cơ sở",
     "Kết quả nhiệm vụ cấp cơ sở có phải đăng ký tại Sở không?", QuestionStatus.HANDLING, 3),
]


def build_section(home):
    from pages.demo import section_page

    return section_page(home, QuestionIndexPage, SLUG, title=TITLE, intro=INTRO)


def build_items(section):
    ensure_fields()
    terms = {(term.vocabulary, term.name): term for term in Term.objects.filter(
        vocabulary__in=(FIELD_VOCABULARY, UNIT_VOCABULARY))}
    known = set(Question.objects.values_list("title", flat=True))
    now, created = timezone.now(), 0
    for number, (field, unit, asker, title, text, paragraphs, days) in enumerate(ANSWERED):
        if title in known:
            continue
        day = timezone.localdate() - timedelta(days=days)
        page = QuestionPage(title=title, question_text=text, asker=initials(asker),
                            field=terms[(FIELD_VOCABULARY, field)],
                            unit=terms[(UNIT_VOCABULARY, unit)], answered_on=day,
                            answer=[{"type": "paragraph", "value": f"<p>{p}</p>"}
                                    for p in paragraphs])
        section.add_child(instance=page)
        page.save_revision().publish()
        Question.objects.create(
            name=asker, email=f"hoidap{number + 1}@example.invalid", name_shown=NameShown.INITIALS,
            field=terms[(FIELD_VOCABULARY, field)], unit=terms[(UNIT_VOCABULARY, unit)],
            title=title, body=text, consent_at=now - timedelta(days=days + 7),
            created_at=now - timedelta(days=days + 7), status=QuestionStatus.PUBLISHED,
            answer_page=page, published_mail_sent_at=now - timedelta(days=days))
        created += 1
    for field, name, title, text, status, days in WAITING:
        if title in known:
            continue
        Question.objects.create(
            name=name, email=f"cho{days}@example.invalid",
            field=terms[(FIELD_VOCABULARY, field)], title=title, body=text, status=status,
            consent_at=now - timedelta(days=days), created_at=now - timedelta(days=days))
    return created
