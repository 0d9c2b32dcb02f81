"""Reads of the work schedule: a week by day, today's entries, the entries of a few weeks.
Each is a fixed number of queries whatever the number of entries."""

from datetime import timedelta

from django.utils import timezone

from core.listing import public
from core.vietnamese import WEEKDAYS

from . import weeks
from .models import ScheduleEntry, WeekSchedulePage, WorkScheduleIndexPage


def published_weeks(index):
    """The live, public week pages of `index`."""
    return public(WeekSchedulePage.objects.live().child_of(index))


def in_time_order(entries):
    return sorted(entries, key=lambda entry: (entry.date, entry.start_time,
                                              entry.sort_order or 0, entry.pk or 0))


def with_removed(pages, entries):
    """`entries` of `pages` (each given its page) and the items removed from those pages after
    publication (shown cancelled), in time order."""
    by_id = {page.pk: page for page in pages}
    for entry in entries:
        entry.page = by_id[entry.page_id]
    return in_time_order([*entries, *(item for page in pages for item in page.removed_items())])


def published_entries(index, mondays):
    """The entries of the published weeks of `index` starting on `mondays`, and the items
    removed from them after publication, in time order, with their page (two queries)."""
    pages = list(published_weeks(index).filter(week_start__in=list(mondays)))
    return with_removed(pages, list(ScheduleEntry.objects.filter(page__in=pages)))


def week_context(index, monday, request, week_page=None):
    """What the week's template shows: the week's seven days with their entries, the links to
    the weeks before and after and to this week. `week_page`: a preview of that page's own
    (unsaved) entries instead of what is published."""
    today = timezone.localdate()
    if week_page is None:
        week_page = published_weeks(index).filter(week_start=monday).first()
        entries = with_removed([week_page], list(ScheduleEntry.objects.filter(page=week_page))) \
            if week_page is not None else []
    else:
        entries = in_time_order([*(entry for entry in week_page.entries.all()
                                   if entry.date and entry.start_time),
                                 *week_page.removed_items()])
    days = []
    by_date = {}
    for day in weeks.days_of(monday):
        by_date[day] = []
        days.append({"date": day, "name": WEEKDAYS[day.weekday()], "entries": by_date[day],
                     "is_today": day == today})
    for entry in entries:
        if entry.date in by_date:
            by_date[entry.date].append(entry)
    previous, following = monday - timedelta(days=7), monday + timedelta(days=7)
    index_url = index.get_url(request)
    year, number = weeks.number_of(monday)
    return {
        "schedule": index, "week_page": week_page, "days": days,
        "week_start": monday, "week_end": monday + timedelta(days=6),
        "week_year": year, "week_number": number,
        "is_this_week": monday == weeks.monday_of(today),
        "has_entries": bool(entries),
        "this_week_url": index_url,
        "previous_url": week_url(index, previous, index_url),
        "next_url": week_url(index, following, index_url),
        "ics_url": f"{index_url}lich.ics",
    }


def week_url(index, monday, index_url=None):
    """The address of the week of `monday` on `index`, or None outside the site's years."""
    year, number = weeks.number_of(monday)
    if weeks.from_slug(year, number) is None:
        return None
    return (index_url or index.url) + index.reverse_subpage(
        "week", kwargs={"year": f"{year:04d}", "week": f"{number:02d}"})


def schedule_section(section=None):
    """`section` (a chosen schedule page) when live, else the first live public one."""
    if section is not None:
        return section if section.live else None
    return public(WorkScheduleIndexPage.objects.live()).order_by("path").first()


def todays_entries(section):
    """Today's published entries of `section` and those removed after publication, in time
    order (two queries)."""
    today = timezone.localdate()
    pages = list(published_weeks(section).filter(week_start=weeks.monday_of(today)))
    entries = with_removed(pages, list(ScheduleEntry.objects.filter(page__in=pages, date=today)))
    return [entry for entry in entries if entry.date == today]
