"""Statistics portlets: the visitor counter ("Đang online / Hôm nay / Đã truy cập") and the
most-read articles ("Tin đọc nhiều"). Both change with every visit: never cached."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class VisitCounterPortlet(blocks.StructBlock):
    cacheable = False

    def get_context(self, value, parent_context=None):
        from .counters import get_counter

        context = super().get_context(value, parent_context)
        counter, now = get_counter(), timezone.now()
        context.update(online=counter.online(now), today=counter.today(now),
                       total=counter.total())
        return context

    class Meta:
        icon = "view"
        label = _("Visitor counter")
        template = "visits/portlets/counter.html"


class MostReadPortlet(blocks.StructBlock):
    cacheable = False
    days = blocks.ChoiceBlock(choices=[("7", _("Last 7 days")), ("30", _("Last 30 days"))],
                              default="7", label=_("Period"))
    count = blocks.IntegerBlock(min_value=1, max_value=20, default=5, label=_("Number of pages"))

    def get_context(self, value, parent_context=None):
        from wagtail.models import Page

        from .counters import get_counter

        context = super().get_context(value, parent_context)
        ranked = get_counter().most_read(timezone.now(), int(value["days"]), value["count"] * 3)
        pages = Page.objects.live().public().specific().in_bulk([pk for pk, _v in ranked])
        context["pages"] = [(pages[pk], views) for pk, views in ranked
                            if pk in pages][: value["count"]]
        return context

    class Meta:
        icon = "pick"
        label = _("Most read")
        template = "visits/portlets/most_read.html"


PORTLET_TYPES = [("visit_counter", VisitCounterPortlet()), ("most_read", MostReadPortlet())]
