"""The demo's Liên hệ page: the agency's units a visitor may write to (invented addresses of
the example domain, so that no demo mail reaches anyone)."""

from wagtail.models import Page

from .models import ContactPage, ContactUnit

SLUG = "lien-he"
TITLE = "Liên hệ"
INTRO = ("Người dân, doanh nghiệp có thể liên hệ trực tiếp với Sở theo địa chỉ dưới đây hoặc "
         "gửi thư cho đơn vị phụ trách bằng mẫu liên hệ.")
# the placeholder plain page the demo made before there was a contact page
OLD_INTRO = "Thông tin liên hệ của Sở Khoa học và Công nghệ tỉnh Hậu Giang."
UNITS = [
    ("Văn phòng Sở", "vanphong@example.invalid"),
    ("Phòng Quản lý khoa học", "quanlykhoahoc@example.invalid"),
    ("Phòng Quản lý công nghệ và Chuyển đổi số", "congnghe@example.invalid"),
    ("Chi cục Tiêu chuẩn Đo lường Chất lượng", "chicuctdc@example.invalid"),
    ("Thanh tra Sở", "thanhtra@example.invalid"),
]


def build_page(home):
    """The contact page below `home`, made once. The demo's old placeholder page at the same
    address is replaced; a page an editor made there is left alone (returns None)."""
    existing = Page.objects.child_of(home).filter(slug=SLUG).first()
    if existing is not None:
        specific = existing.specific
        if isinstance(specific, ContactPage):
            return specific
        if getattr(specific, "intro", None) != OLD_INTRO:
            return None
        existing.delete()
    page = ContactPage(title=TITLE, slug=SLUG, intro=INTRO, show_in_menus=True)
    for order, (name, email) in enumerate(UNITS):
        page.units.add(ContactUnit(name=name, email=email, sort_order=order))
    home.add_child(instance=page)
    page.save_revision().publish()
    return page
