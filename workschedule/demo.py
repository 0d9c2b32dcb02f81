"""Demo content of the work schedule: the section, this week's and next week's schedules
(relative to the day the demo is loaded, so `make run` always shows something) with one item
adjusted and one cancelled after publication, and the "today" portlet on the home page. Idempotent: a week that
has a page is left alone, so loading the demo a week later adds the new next week only.
The leaders are named by their titles only: the people are fictional."""

from datetime import time, timedelta

from django.utils import timezone

from .models import ScheduleEntry, WeekSchedulePage, WorkScheduleIndexPage
from .weeks import monday_of

SLUG = "lich-cong-tac"
TITLE = "Lịch công tác"
INTRO = ("Lịch công tác hằng tuần của lãnh đạo Sở Khoa học và Công nghệ. Lịch có thể thay đổi; "
         "nội dung điều chỉnh sau khi công bố được ghi rõ.")
NOTE = "Mọi thay đổi về lịch công tác xin liên hệ Văn phòng Sở."
PORTLET_TITLE = "Lịch công tác hôm nay"

# (day of the week 0-6, start, end, content, chaired by, attendees, place)
WEEK = [
    (0, time(7, 30), time(9, 0), "Giao ban lãnh đạo Sở đầu tuần", "Giám đốc Sở",
     "Các Phó Giám đốc Sở; Chánh Văn phòng; Trưởng các phòng, đơn vị trực thuộc",
     "Phòng họp số 1, trụ sở Sở"),
    (0, time(14, 0), time(16, 30), "Làm việc với Ủy ban nhân dân huyện Phụng Hiệp về triển khai "
     "mô hình ứng dụng tiến bộ kỹ thuật trong sản xuất khóm", "Phó Giám đốc phụ trách khoa học",
     "Phòng Quản lý khoa học; Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
     "Ủy ban nhân dân huyện Phụng Hiệp"),
    (1, time(8, 0), time(11, 0), "Hội đồng nghiệm thu đề tài \"Nghiên cứu quy trình nhân giống "
     "sen Nhật bằng phương pháp nuôi cấy mô\"", "Phó Giám đốc phụ trách khoa học",
     "Thành viên Hội đồng theo quyết định; chủ nhiệm đề tài", "Hội trường Sở"),
    (2, time(8, 0), None, "Kiểm tra đo lường, chất lượng xăng dầu tại các cửa hàng trên địa bàn "
     "thành phố Vị Thanh", "Phó Giám đốc phụ trách tiêu chuẩn, đo lường, chất lượng",
     "Chi cục Tiêu chuẩn Đo lường Chất lượng", "Thành phố Vị Thanh"),
    (2, time(14, 0), time(17, 0), "Dự họp Ủy ban nhân dân tỉnh thông qua kế hoạch chuyển đổi số "
     "năm tới", "Giám đốc Sở", "Trưởng phòng Quản lý công nghệ và Sở hữu trí tuệ",
     "Phòng họp Ủy ban nhân dân tỉnh"),
    (3, time(8, 0), time(10, 0), "Tiếp công dân định kỳ", "Giám đốc Sở",
     "Thanh tra Sở; Văn phòng Sở", "Phòng tiếp công dân"),
    (4, time(8, 0), time(11, 30), "Hội thảo khoa học về ứng dụng công nghệ sinh học trong bảo "
     "quản nông sản sau thu hoạch", "Phó Giám đốc phụ trách khoa học",
     "Các nhà khoa học, doanh nghiệp, hợp tác xã được mời", "Hội trường Sở"),
    (4, time(14, 0), time(16, 0), "Họp Hội đồng tư vấn xác định nhiệm vụ khoa học và công nghệ "
     "cấp tỉnh", "Giám đốc Sở", "Thành viên Hội đồng theo quyết định", "Phòng họp số 1"),
]


def build_section(home):
    from pages.demo import section_page

    return section_page(home, WorkScheduleIndexPage, SLUG, title=TITLE, intro=INTRO)


def build_week(section, monday, entries=WEEK):
    """The published schedule of the week of `monday` under `section`, made from `entries`
    when the week has none; (page, created)."""
    page = WeekSchedulePage.objects.child_of(section).filter(week_start=monday).first()
    if page is not None:
        return page, False
    page = WeekSchedulePage(week_start=monday, note=NOTE)
    page.entries = [ScheduleEntry(date=monday + timedelta(days=day), start_time=start,
                                  end_time=end, content=content, leads=leads,
                                  attendees=attendees, place=place)
                    for day, start, end, content, leads, attendees, place in entries]
    section.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def build_items(section, today=None):
    """This week's and next week's schedules; this week's, when new, is adjusted once after
    its publication (a meeting moved, a seminar cancelled), so the demo shows the "điều chỉnh"
    and "đã hủy" marks."""
    monday = monday_of(today or timezone.localdate())
    created = 0
    for number, start in enumerate((monday, monday + timedelta(days=7))):
        page, new = build_week(section, start)
        created += new
        if new and number == 0:
            page = WeekSchedulePage.objects.get(pk=page.pk)
            rows = list(page.entries.all())
            entry = next(row for row in rows if (row.date, row.start_time) == (start, time(14)))
            entry.start_time, entry.end_time = time(15, 0), time(17, 0)
            entry.place = "Phòng họp Ủy ban nhân dân huyện Phụng Hiệp"
            # and a seminar called off: shown struck through, "Đã hủy"
            next(row for row in rows if row.content.startswith("Hội thảo")).cancelled = True
            page.entries = rows
            page.save_revision().publish()
    return created


def build_portlet(home):
    """The "today" portlet at the top of the home page's right column (and so of every page's),
    once."""
    from portlets.models import Portlet, PortletAssignment

    portlet = Portlet.objects.filter(title=PORTLET_TITLE).first() or Portlet.objects.create(
        title=PORTLET_TITLE, content=[{"type": "work_schedule_today", "value": {"section": None}}])
    if not PortletAssignment.objects.filter(page=home, portlet=portlet).exists():
        PortletAssignment.objects.create(page=home, portlet=portlet, region="right",
                                         sort_order=-1)
    return portlet
