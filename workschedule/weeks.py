"""ISO weeks as the schedule shows them: Monday to Sunday, numbered as ISO 8601 does (the week
of 30/11/2026 is 2026-W49), written `2026-w49` in addresses."""

from datetime import date, timedelta

FIRST_YEAR, LAST_YEAR = 2000, 2099  # the weeks the site answers (bounded: each is a page)


def monday_of(day):
    return day - timedelta(days=day.weekday())


def from_slug(year, week):
    """The Monday of ISO week `week` of `year`, or None when there is no such week (or the
    year is out of the site's range)."""
    year, week = int(year), int(week)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        return None


def slug_of(monday):
    year, week, _day = monday.isocalendar()
    return f"{year}-w{week:02d}"


def number_of(monday):
    """(ISO year, week number)."""
    year, week, _day = monday.isocalendar()
    return year, week


def days_of(monday):
    return [monday + timedelta(days=n) for n in range(7)]

