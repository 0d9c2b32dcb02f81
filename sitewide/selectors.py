"""Reads of what every page shows, kept per content generation (core.page_cache.kept): a page
render asks for them without a query."""

from django.utils import timezone

from core.page_cache import kept


def _notice_rows():
    from .models import MaintenanceNotice

    return [(notice.shows_at, notice.starts_at, notice.ends_at, notice.message, notice.pk)
            for notice in MaintenanceNotice.objects.filter(ends_at__gt=timezone.now())
            .order_by("starts_at", "pk")]


def notices():
    """[(shows_at, starts_at, ends_at, message, id), …] of the maintenance not yet over."""
    return kept("maintenance-notices", _notice_rows)


def current_notices(now=None):
    """The maintenance notices whose banner is up at `now`: from their first day to their end."""
    now = now or timezone.now()
    return [{"starts_at": starts_at, "ends_at": ends_at, "message": message, "id": pk}
            for shows_at, starts_at, ends_at, message, pk in notices()
            if shows_at <= now < ends_at]


def next_change(now=None):
    """The next moment a banner appears or goes (None when none will): until then a page may
    be kept as it is."""
    now = now or timezone.now()
    moments = [moment for shows_at, _start, ends_at, _message, _pk in notices()
               for moment in (shows_at, ends_at) if moment > now]
    return min(moments, default=None)


def accessibility_page_url(request):
    """The address of the site's live, public accessibility page, or "" when it has none."""
    from wagtail.models import Site

    from .models import AccessibilityPage

    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return ""

    def find():
        page = (AccessibilityPage.objects.live().public().descendant_of(site.root_page)
                .order_by("path").first())
        return page.get_url(request=None, current_site=site) if page else ""
    return kept(("accessibility-page", site.pk), find)


def tracking_for(request):
    """The EMC settings of the site answering `request`; None when no site does (a 404 for an
    unknown host)."""
    from wagtail.models import Site

    from .models import TrackingSettings

    if request is None or Site.find_for_request(request) is None:
        return None
    return TrackingSettings.for_request(request)


def emc_script_sources(request=None):
    """The origin of the EMC tag on the site answering `request` (of every site without one),
    for the Content-Security-Policy's script-src (core.csp)."""
    from .models import TrackingSettings

    if request is not None:
        tracking = tracking_for(request)
        return [tracking.emc_origin] if tracking and tracking.emc_origin else []
    return sorted({setting.emc_origin for setting in TrackingSettings.objects.all()} - {""})
