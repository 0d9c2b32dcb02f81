"""Statistics portlets: the visitor counter ("Đang online / Hôm nay / Đã truy cập") and the
most-read articles ("Tin đọc nhiều"). Both change with every visit: never cached."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks


def shown_site_id(request):
    """The site whose figures a reader of `request` is shown: its own on an install of several
    sites; the install's (None) on an install of one, which are the same."""
    from core.tree import site_id_from_meta, site_rows

    if request is None or len(site_rows()) < 2:
        return None
    return site_id_from_meta(request.META)


def _site_id(context):
    return shown_site_id((context or {}).get("request"))


def site_home_paths(context):
    """The tree paths of the request's site's home pages (every language): its pages only."""
    from wagtail.models import Page, Site

    site_id = _site_id(context)
    site = Site.objects.filter(pk=site_id).select_related("root_page").first() if site_id else None
    if site is None:
        return ()
    return tuple(Page.objects.filter(translation_key=site.root_page.translation_key)
                 .values_list("path", flat=True))


class VisitCounterPortlet(blocks.StructBlock):
    cacheable = False

    def get_context(self, value, parent_context=None):
        from .counters import get_counter

        context = super().get_context(value, parent_context)
        counter, now = get_counter(), timezone.now()
        site = _site_id(parent_context)  # each site's own figures
        context.update(online=counter.online(now, site), today=counter.today(now, site),
                       total=counter.total(site))
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
        ranked = get_counter().most_read(timezone.now(), int(value["days"]), value["count"] * 3,
                                         under=site_home_paths(parent_context))
        pages = Page.objects.live().public().specific().in_bulk([pk for pk, _v in ranked])
        context["pages"] = [(pages[pk], views) for pk, views in ranked
                            if pk in pages][: value["count"]]
        return context

    class Meta:
        icon = "pick"
        label = _("Most read")
        template = "visits/portlets/most_read.html"


PORTLET_TYPES = [("visit_counter", VisitCounterPortlet()), ("most_read", MostReadPortlet())]
