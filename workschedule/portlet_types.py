"""The "today" portlet: today's published items of the work schedule (time, content, place)
with a link to the week.

What it shows changes at local midnight with no change of content. Pages are stored by the
page cache under a key holding the local day (core.page_cache.key_for), and a rendered
portlet under a key holding it too (portlets.models.Portlet.cache_key): the first request
after midnight renders the page and this portlet anew, so no stored page shows yesterday's
items. Kept as a stored part, not a live one: a live part would cost a query on every stored
page read, for a box that changes once a day."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class TodayPortlet(blocks.StructBlock):
    section = blocks.PageChooserBlock(
        page_type="workschedule.WorkScheduleIndexPage", required=False, label=_("Schedule"),
        help_text=_("Leave empty for the site's work schedule."))

    def get_context(self, value, parent_context=None):
        from .selectors import schedule_section, todays_entries

        context = super().get_context(value, parent_context)
        chosen = value.get("section")
        section = schedule_section(chosen.specific if chosen is not None else None)
        context["section"] = section
        context["today"] = timezone.localdate()
        context["entries"] = todays_entries(section) if section is not None else []
        return context

    class Meta:
        icon = "date"
        label = _("Today's work schedule")
        template = "workschedule/portlets/today.html"


PORTLET_TYPES = [("work_schedule_today", TodayPortlet())]
