"""Lịch công tác: the section page (`/lich-cong-tac/`, which shows a week by day and answers
every week's address itself), one page per ISO week holding its entries, and the entries.

A week is a page so that Wagtail gives it revisions, scheduled publishing, the page history
and (for those who must use it) the approval workflow; its entries are rows edited inline.
An entry changed or added after the week was first published carries `adjusted_at`, set on
publication (services.mark_adjustments), shown as "điều chỉnh". A cancelled entry stays,
struck through with "Đã hủy"; one removed after publication is shown the same way, from the
last publication that had it (WeekSchedulePage.removed_entries)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Orderable, Page, PagePermissionTester

from core.models import NFCModelMixin
from core.page_cache import PAGE_HEADER
from pages.models import BasePage

from . import weeks


SECRETARY_GROUP = "Thư ký lịch công tác"


class SectionPermissionTester(PagePermissionTester):
    """What a user may do on a schedule section. The secretaries' group holds its rights on the
    section so that they reach the weeks below it (add, edit, publish them), not the section:
    on the section itself only the rights of the user's other groups count. So a user whose
    rights come only from the secretaries' group may not edit, publish, unpublish, delete, move,
    copy, lock, restrict, reorder or retire it (lifecycle asks `can_publish`), nor place
    portlets on it (they are placed in its edit form); adding and publishing weeks is
    unchanged. `permissions` holds the rights on the section itself (editorial's review step
    reads it), `subpage_permissions` the rights its children inherit."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser:
            self.subpage_permissions = self.permissions
            secretaries = _secretary_group_ids(user)
            self.permissions = {
                perm.permission.codename.rsplit("_", maxsplit=1)[0]
                for perm in self.permission_policy.get_cached_permissions_for_user(user)
                if page.path.startswith(perm.page.path) and perm.group_id not in secretaries}

    def _for_subpages(self, check):
        if self.user.is_superuser or not self.user.is_active:
            return check()
        own, self.permissions = self.permissions, self.subpage_permissions
        try:
            return check()
        finally:
            self.permissions = own

    def can_add_subpage(self):
        return self._for_subpages(super().can_add_subpage)

    def can_publish_subpage(self):
        return self._for_subpages(super().can_publish_subpage)


def _secretary_group_ids(user):
    """The ids of the secretaries' groups the user is in, kept on the user for the request
    (as Wagtail keeps the user's page permissions)."""
    cached = getattr(user, "_workschedule_secretary_groups", None)
    if cached is None:
        cached = set(user.groups.filter(name=SECRETARY_GROUP).values_list("pk", flat=True))
        user._workschedule_secretary_groups = cached
    return cached


class WorkScheduleIndexPage(RoutablePageMixin, BasePage):
    """`/lich-cong-tac/`: this week's schedule by day; `2026-w49/` any other week (a week with
    no published page shows its days empty); a week that does not exist is a 404."""

    intro = models.TextField(_("introduction"), blank=True)
    summary_fields = ("intro",)
    # the addresses it answers itself (core.forms refuses them as a child's slug): its weeks'
    # (`2026-w49/`, which are also its children's slugs: a week page is shown by the route) and
    # `lich.ics` (vnportal/urls.py: Wagtail's own addresses end in a slash)
    reserved_child_slugs = ("lich-ics",)
    subpage_types = ["workschedule.WeekSchedulePage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    template = "workschedule/work_schedule_index_page.html"

    class Meta:
        verbose_name = _("work schedule section")
        verbose_name_plural = _("work schedule sections")

    def serve(self, request, *args, **kwargs):
        # a route's view answers without Wagtail's serve(): name the page for the visit
        # counter and the page cache all the same (as pages.models.SectionIndexPage does)
        response = super().serve(request, *args, **kwargs)
        response.setdefault(PAGE_HEADER, str(self.pk))
        return response

    @path("")
    def this_week(self, request):
        return self.render_week(request, weeks.monday_of(timezone.localdate()))

    # ASCII digits only (`\d` would take any script's digits: `2026-w٤٩` is no address)
    @re_path(r"^(?P<year>[0-9]{4})-w(?P<week>[0-9]{2})/$", name="week")
    def week(self, request, year, week):
        return self.render_week(request, self.monday_or_404(year, week))

    @re_path(r"^(?P<year>[0-9]{4})-W(?P<week>[0-9]{2})/$")
    def week_upper_case(self, request, year, week):
        """`2026-W49/` (as ISO 8601 writes it): moved for good to `2026-w49/`."""
        self.monday_or_404(year, week)
        return HttpResponsePermanentRedirect(
            self.get_url(request) + self.reverse_subpage("week", kwargs={"year": year,
                                                                        "week": week}))

    @staticmethod
    def monday_or_404(year, week):
        monday = weeks.from_slug(year, week)
        if monday is None:
            raise Http404(_("There is no such week."))
        return monday

    def permissions_for_user(self, user):
        return SectionPermissionTester(user, self)

    def render_week(self, request, monday):
        from .selectors import week_context

        return self.render(request, context_overrides=week_context(self, monday, request))


class WeekScheduleForm(WagtailAdminPageForm):
    """Every entry's date must fall in the page's week: said on the entry's date field, at
    the same save as the entries' other errors (an entry with another error is checked too)."""

    def clean(self):
        cleaned_data = super().clean()
        day = cleaned_data.get("week_start")
        entries = self.formsets.get("entries")
        if day is None or entries is None:
            return cleaned_data
        entries.is_valid()  # cleans every entry's form: each holds the fields that were valid
        monday = weeks.monday_of(day)
        if self.parent_page is not None and WeekSchedulePage.objects.child_of(
                self.parent_page).filter(week_start=monday).exclude(pk=self.instance.pk).exists():
            self.add_error("week_start", week_taken_message())
        for form in entries.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or data.get("date") is None:
                continue
            if weeks.monday_of(data["date"]) != monday:
                form.add_error("date", outside_week_message(monday))
        return cleaned_data


def week_taken_message():
    return _("This week has a schedule already: edit that page.")


def outside_week_message(monday):
    end = weeks.days_of(monday)[-1]
    return _("This date is not in the week of the schedule (%(start)s – %(end)s).") % {
        "start": f"{monday:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}


def week_title(monday):
    """"Lịch công tác tuần 49/2026 (30/11 – 06/12/2026)", in the site's language."""
    year, number = weeks.number_of(monday)
    end = weeks.days_of(monday)[-1]
    with translation.override(settings.LANGUAGE_CODE):
        return str(_("Work schedule, week %(week)s/%(year)s (%(start)s – %(end)s)") % {
            "week": number, "year": year, "start": f"{monday:%d/%m}",
            "end": f"{end:%d/%m/%Y}"})


class WeekSchedulePage(BasePage):
    """The schedule of one ISO week. Its title and address are made from the week."""

    week_start = models.DateField(
        _("week"), help_text=_("Any day of the week: the schedule covers Monday to Sunday."))
    note = models.TextField(_("note"), blank=True,
                            help_text=_("Shown above the week, e.g. who to ask about changes."))
    # the items public in a publication and gone from a later one, as they last were (with
    # "removed_at"): shown cancelled (removed_items). Set on publication by
    # services.mark_adjustments, never by the editor
    removed_entries = models.JSONField(_("removed entries"), default=list, blank=True,
                                       editable=False)

    parent_page_types = ["workschedule.WorkScheduleIndexPage"]
    subpage_types = []
    base_form_class = WeekScheduleForm
    content_panels = [
        FieldPanel("week_start"),
        FieldPanel("note"),
        InlinePanel("entries", label=_("Entries"), heading=_("Entries")),
    ]
    promote_panels = [FieldPanel("search_description")]
    template = "workschedule/week_schedule_page.html"
    summary_fields = ("note",)
    # the section's route renders the week (its own address is never served): withdrawing or
    # removing the page would change nothing the public sees
    retirable = False

    class Meta:
        verbose_name = _("week of the work schedule")
        verbose_name_plural = _("weeks of the work schedule")

    def fill_from_week(self):
        """Monday as the week's day, and the title and address made from it."""
        if self.week_start is None:
            return
        self.week_start = weeks.monday_of(self.week_start)
        self.title = self.draft_title = week_title(self.week_start)
        self.slug = weeks.slug_of(self.week_start)

    def full_clean(self, *args, **kwargs):
        self.fill_from_week()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.fill_from_week()
        return super().save(*args, **kwargs)

    def clean(self):
        if self.week_start is not None:
            if self.pk and WeekSchedulePage.objects.sibling_of(self, inclusive=False).filter(
                    week_start=self.week_start).exists():
                raise ValidationError({"week_start": week_taken_message()})
            outside = [entry for entry in self.entries.all()
                       if entry.date and weeks.monday_of(entry.date) != self.week_start]
            if outside:
                raise ValidationError(outside_week_message(self.week_start))
        super().clean()

    def removed_items(self):
        """The items removed after publication (`removed_entries`) as unsaved entries of this
        page, cancelled, marked adjusted when they were removed."""
        items = []
        for values in self.removed_entries or []:
            fields = {}
            for name in PUBLIC_FIELDS:
                field = ScheduleEntry._meta.get_field(name)
                value = values.get(name, "")
                if isinstance(field, (models.DateField, models.TimeField)):
                    value = field.to_python(value or None)
                fields[name] = value
            if fields["date"] is None or fields["start_time"] is None:
                continue
            fields["cancelled"] = True
            items.append(ScheduleEntry(
                page=self, uid=values.get("uid"), **fields,
                adjusted_at=parse_datetime(values.get("removed_at") or "")))
        return items

    def get_context(self, request, *args, **kwargs):
        # the section answers the week's address (its `week` route): this page is rendered
        # only by Wagtail's own views (preview), as the same week made from this page
        from .selectors import week_context

        context = super().get_context(request, *args, **kwargs)
        parent = self.get_parent().specific
        context.update(week_context(parent, self.week_start, request, week_page=self))
        return context

    def search_content(self):
        """What the public search indexes (see search.services)."""
        body = "\n".join(f"{e.content} {e.leads} {e.attendees} {e.place}"
                         for e in self.entries.all())
        return {"kind": _("Work schedule"), "title": self.title, "summary": self.note,
                "body": body, "date": self.last_published_at}


class ScheduleEntry(NFCModelMixin, Orderable):
    """One item of the schedule: when, what, who leads it, who attends, where."""

    page = ParentalKey(WeekSchedulePage, on_delete=models.CASCADE, related_name="entries")
    # stable across revisions (a draft's new rows have no id yet): the iCalendar UID, and what
    # tells an entry changed from an entry added when the week is published again
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    content = models.TextField(_("content"))
    leads = models.CharField(_("chaired by"), max_length=255, blank=True)
    attendees = models.TextField(_("attendees"), blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    entry_note = models.TextField(_("note"), blank=True)
    cancelled = models.BooleanField(
        _("cancelled"), default=False,
        help_text=_("Mark a published item cancelled instead of deleting it: it stays on the "
                    "schedule, struck through, with “Đã hủy”, so readers learn it was "
                    "cancelled (calendar applications remove it)."))
    # when it was added or last changed after the week's first publication (None: as first
    # published); set on publication by services.mark_adjustments, never by the editor
    adjusted_at = models.DateTimeField(_("adjusted at"), null=True, blank=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("content"),
        FieldPanel("cancelled"),
        MultiFieldPanel([FieldPanel("leads"), FieldPanel("attendees"), FieldPanel("place"),
                         FieldPanel("entry_note")], heading=_("Details")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("schedule entry")
        verbose_name_plural = _("schedule entries")

    def clean(self):
        super().clean()
        if self.end_time is not None and self.start_time is not None and \
                self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The end time must be after the start time.")})

    def public_fields(self):
        """What a reader sees of the entry: a change of any of these is an adjustment."""
        return public_fields(self.__dict__)

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.start_time:%H:%M} {self.content[:60]}"


PUBLIC_FIELDS = ("date", "start_time", "end_time", "content", "leads", "attendees", "place",
                 "entry_note", "cancelled")


def public_fields(values):
    """(field values as text) of an entry from its attributes or its serialized revision row,
    which writes dates and times as strings (a row saved before a field existed lacks it: no
    value, as False, None and "" are)."""
    def text(value):
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        return "" if value is None or value is False else str(value)
    return tuple(text(values.get(name)) for name in PUBLIC_FIELDS)
