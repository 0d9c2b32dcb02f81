"""The demo's Hỗ trợ tiếp cận page (its access keys are listed by its template)."""

from wagtail.models import Page

from .models import AccessibilityPage

SLUG = "tro-giup-tiep-can"
TITLE = "Hỗ trợ tiếp cận"
INTRO = ("Cổng thông tin được xây dựng để mọi người, kể cả người khuyết tật và người cao tuổi, "
         "đều có thể đọc và sử dụng.")
STATEMENT = [
    {"type": "paragraph", "value": (
        "<p>Sở Khoa học và Công nghệ tỉnh Hậu Giang cam kết cổng thông tin đáp ứng mức AA của "
        "Hướng dẫn về khả năng tiếp cận nội dung web (WCAG) 2.1: nội dung đọc được bằng trình "
        "đọc màn hình, dùng được hoàn toàn bằng bàn phím, hiển thị đúng trên màn hình rộng "
        "320 điểm ảnh và có độ tương phản màu đủ lớn.</p>"
        "<p>Nếu gặp khó khăn khi sử dụng trang nào, xin báo cho Văn phòng Sở qua trang Liên hệ; "
        "chúng tôi sẽ trả lời trong 5 ngày làm việc.</p>")},
]


def build_page(home):
    """The accessibility page below `home`, made once; left alone when anything is there."""
    existing = Page.objects.child_of(home).filter(slug=SLUG).first()
    if existing is not None:
        return existing.specific if isinstance(existing.specific, AccessibilityPage) else None
    page = AccessibilityPage(title=TITLE, slug=SLUG, intro=INTRO, body=STATEMENT,
                             show_in_menus=False)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page
