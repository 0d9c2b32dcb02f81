"""Writes of the work schedule: the secretaries' group and its rights, the "điều chỉnh"
marks set on publication, and the iCalendar file."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.vietnamese import nfc

from .models import SECRETARY_GROUP, ScheduleEntry, WorkScheduleIndexPage

# page rights the secretaries hold on every schedule section, and on nothing else: they write
# and publish the weeks themselves (the one-step rule, see README "Lịch công tác"). They reach
# the weeks only: on the section page itself they count for nothing
# (models.SectionPermissionTester)
SECRETARY_PAGE_RIGHTS = ("add", "change", "publish")
PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")


def ensure_secretary_group():
    """The group "Thư ký lịch công tác", with the admin's door and the page rights of
    SECRETARY_PAGE_RIGHTS on every schedule section; idempotent (after every migrate and when
    a section is created). Rights are only added."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    from publicforms.groups import ensure_group

    group = ensure_group(SECRETARY_GROUP, [])
    create_permissions(apps.get_app_config("wagtailcore"), verbosity=0)
    rights = list(Permission.objects.filter(
        content_type__app_label="wagtailcore",
        codename__in=[f"{action}_page" for action in SECRETARY_PAGE_RIGHTS]))
    for section in WorkScheduleIndexPage.objects.all():
        for permission in rights:
            GroupPagePermission.objects.get_or_create(group=group, page=section,
                                                      permission=permission)
    return group


def _fingerprint(values):
    return tuple(nfc(value) for value in values)


def _revision_rows(content):
    """{uid: row} of the entries of a page revision's content."""
    return {str(row.get("uid")): row for row in content.get("entries", []) if row.get("uid")}


def mark_adjustments(page, revision=None, now=None):
    """Set `adjusted_at` on the entries of `page`, just published: an entry added, or whose
    public fields (PUBLIC_FIELDS, the "Hủy" mark among them) changed, in a publication after
    the week's first is marked with the time of that publication; it keeps that mark until it
    changes again. An entry public in a publication and gone from a later one is kept in the
    page's `removed_entries` as it last was, with the time of the publication that dropped it,
    so the week shows it cancelled. Worked out from the publications in the page's history
    (each revision published, in order) and the rows now live, so the marks do not depend on
    what a draft carried. Returns how many entries are marked."""
    from wagtail.models import PageLogEntry

    from .models import PUBLIC_FIELDS, WeekSchedulePage, public_fields

    now = now or timezone.now()
    logs = (PageLogEntry.objects.filter(page=page, action__in=PUBLISH_ACTIONS,
                                        revision__isnull=False)
            .select_related("revision").order_by("timestamp", "pk"))
    if revision is not None:
        logs = logs.exclude(revision=revision)
    history = [(log.timestamp, _revision_rows(log.revision.content)) for log in logs]
    rows = list(ScheduleEntry.objects.filter(page=page))
    history.append((now, {str(row.uid): row.__dict__ for row in rows}))
    marks, before, before_prints, removed = {}, None, None, {}
    for when, entries in history:
        prints = {uid: _fingerprint(public_fields(values)) for uid, values in entries.items()}
        marks = {uid: (None if before_prints is None
                       else marks.get(uid) if before_prints.get(uid) == fingerprint else when)
                 for uid, fingerprint in prints.items()}
        if before is not None:
            removed.update({uid: (values, when) for uid, values in before.items()
                            if uid not in entries and uid not in removed})
        for uid in entries:
            removed.pop(uid, None)  # back again (a revision reverted)
        before, before_prints = entries, prints
    changed = []
    for row in rows:
        mark = marks.get(str(row.uid))
        if row.adjusted_at != mark:
            row.adjusted_at = mark
            changed.append(row)
    if changed:
        ScheduleEntry.objects.bulk_update(changed, ["adjusted_at"])
    gone = sorted(({"uid": uid, **dict(zip(PUBLIC_FIELDS, public_fields(values))),
                    "removed_at": when.isoformat()} for uid, (values, when) in removed.items()),
                  key=lambda item: (item["date"], item["start_time"], item["uid"]))
    if gone != (page.removed_entries or []):
        page.removed_entries = gone
        WeekSchedulePage.objects.filter(pk=page.pk).update(removed_entries=gone)
    return sum(1 for row in rows if marks.get(str(row.uid)))


def calendar_bytes(entries, request, name):
    """An iCalendar (RFC 5545) file of `entries` (with their pages): one event each, its UID
    stable across edits, times in the site's zone with its VTIMEZONE; a cancelled entry (or
    one removed after publication) is STATUS:CANCELLED."""
    import icalendar

    zone = ZoneInfo(settings.TIME_ZONE)
    host = request.get_host().split(":")[0] or "localhost"
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//vnportal//Lich cong tac//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    urls = {}
    for entry in entries:
        if entry.page_id not in urls:
            urls[entry.page_id] = request.build_absolute_uri(entry.page.get_url(request))
        event = icalendar.Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", entry.adjusted_at or entry.page.last_published_at or timezone.now())
        start = datetime.combine(entry.date, entry.start_time, tzinfo=zone)
        event.add("dtstart", start)
        if entry.end_time is not None:
            event.add("dtend", datetime.combine(entry.date, entry.end_time, tzinfo=zone))
        if entry.cancelled:  # RFC 5545: calendar applications remove it; the others say so
            event.add("status", "CANCELLED")
            event.add("summary", _("Cancelled: %(content)s") % {"content": entry.content})
        else:
            event.add("summary", entry.content)
        if entry.place:
            event.add("location", entry.place)
        lines = [f"{label}: {value}" for label, value in (
            (_("Chaired by"), entry.leads), (_("Attendees"), entry.attendees),
            (_("Note"), entry.entry_note)) if value]
        if entry.adjusted_at:
            lines.append(_("Adjusted on %(when)s") % {
                "when": timezone.localtime(entry.adjusted_at).strftime("%H:%M %d/%m/%Y")})
        if lines:
            event.add("description", "\n".join(lines))
        event.add("url", urls[entry.page_id])
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def window(today=None, weeks_ahead=4):
    """The Mondays of this week and the `weeks_ahead` weeks after it."""
    from .weeks import monday_of

    monday = monday_of(today or timezone.localdate())
    return [monday + timedelta(days=7 * n) for n in range(weeks_ahead + 1)]

