"""The demo's page life cycle: a change note on an article, a withdrawn notice (the banner)
and a removed one (its address answers 410). Made once: nothing is redone on later runs."""

from pages.models import StandardPage

from . import services
from .models import ChangeNote, Retirement

NOTE = "Bổ sung thời gian, địa điểm tổ chức và danh sách đơn vị tham dự."
WITHDRAWN = ("lich-tiep-cong-dan-thang-10-2026", "Lịch tiếp công dân tháng 10/2026",
             "Lịch tiếp công dân định kỳ của lãnh đạo Sở trong tháng 10/2026.",
             "Lịch này đã hết hiệu lực; lịch tiếp công dân mới được đăng trên trang Giới thiệu.")
GONE = ("thong-bao-tam-ngung-tiep-nhan-ho-so", "Thông báo tạm ngừng tiếp nhận hồ sơ",
        "Thông báo tạm ngừng tiếp nhận hồ sơ trực tiếp tại bộ phận một cửa.",
        "Thông báo được đăng nhầm và đã được gỡ bỏ; việc tiếp nhận hồ sơ vẫn diễn ra bình "
        "thường.")


def _notice(home, slug, title, intro):
    page = StandardPage.objects.child_of(home).filter(slug=slug).first()
    if page is None:
        page = StandardPage(title=title, slug=slug, intro=intro, body=[
            {"type": "paragraph", "value": f"<p>{intro}</p>"}])
        home.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()  # its live revision, which undoing a removal republishes
    return page


def build(home, changed=None, replacement=None):
    """`changed` (an article) gets a public change note; two notices under `home` are
    withdrawn (pointing to `replacement`) and removed."""
    made = 0
    if changed is not None and not ChangeNote.objects.filter(page=changed).exists():
        revision = changed.save_revision()
        services.set_pending_note(changed, NOTE, revision)
        revision.publish()
        made += 1
    for (slug, title, intro, explanation), kind in ((WITHDRAWN, Retirement.WITHDRAWN),
                                                    (GONE, Retirement.GONE)):
        if Retirement.objects.filter(explanation=explanation).exists():
            continue
        page = _notice(home, slug, title, intro)
        services.retire(page, None, kind, explanation,
                        alternative_page=replacement if kind == Retirement.WITHDRAWN else None,
                        alternative_url="" if kind == Retirement.WITHDRAWN else "/")
        made += 1
    return made
