"""The statistics dashboard of the admin: visits per day as a chart, most read pages, totals,
and the same figures as CSV. Other apps add their own parts below (the satisfaction ratings)
with the hook "statistics_dashboard_sections": `function(request)` returning HTML."""

import csv
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page

from .counters import get_counter, local_day
from .portlet_types import shown_site_id, site_home_paths
from .models import DailyCount, SiteDailyCount

PERIODS = {"30": 30, "365": 365}
CHART_WIDTH, CHART_HEIGHT = 720, 220


def _days(site_id):
    """The request's site's days, or the install's when no site answers its host."""
    return SiteDailyCount.objects.filter(site_id=site_id) if site_id else DailyCount.objects


def _daily_series(start, end, site_id=None):
    counted = {row.day: row for row in _days(site_id).filter(day__gte=start, day__lte=end)}
    series, day = [], start
    while day <= end:
        row = counted.get(day)
        series.append((day, row.visits if row else 0, row.page_views if row else 0))
        day += timedelta(days=1)
    return series


def _bars(series):
    """Bar geometry for a server-drawn SVG chart (no script, no CDN)."""
    peak = max([visits for _day, visits, _views in series] + [1])
    width = CHART_WIDTH / len(series)
    return [{"x": round(index * width, 2), "width": round(max(width - 1, 1), 2),
             "height": round(visits / peak * (CHART_HEIGHT - 20), 2),
             "y": round(CHART_HEIGHT - visits / peak * (CHART_HEIGHT - 20), 2),
             "day": day, "visits": visits}
            for index, (day, visits, _views) in enumerate(series)], peak


def dashboard(request):
    if not request.user.has_perm("visits.view_dailycount"):
        raise PermissionDenied
    period = request.GET.get("ky", "30")
    if period not in PERIODS:
        period = "30"
    now = timezone.now()
    end = local_day(now)
    start = end - timedelta(days=PERIODS[period] - 1)
    # the figures of the site whose address the admin was opened on
    site_id = shown_site_id(request)
    series = _daily_series(start, end, site_id)
    if request.GET.get("dinh_dang") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="thong-ke-{start}-{end}.csv"'
        response.write("\ufeff")  # so that Excel reads Vietnamese correctly
        writer = csv.writer(response)
        writer.writerow([_("Day"), _("Visits"), _("Page views")])
        for day, visits, views in series:
            writer.writerow([day.isoformat(), visits, views])
        return response
    counter = get_counter()
    ranked = counter.most_read(now, PERIODS[period], 20,
                               under=site_home_paths({"request": request}))
    pages = Page.objects.in_bulk([pk for pk, _views in ranked])
    bars, peak = _bars(series)
    totals = _days(site_id).filter(day__gte=start).aggregate(visits=Sum("visits"),
                                                                 views=Sum("page_views"))
    return TemplateResponse(request, "visits/dashboard.html", {
        "period": period, "periods": [("30", _("30 days")), ("365", _("365 days"))],
        "online": counter.online(now, site_id), "today": counter.today(now, site_id),
        "total": counter.total(site_id),
        "period_visits": totals["visits"] or 0, "period_views": totals["views"] or 0,
        "bars": bars, "peak": peak, "chart_width": CHART_WIDTH, "chart_height": CHART_HEIGHT,
        "start": start, "end": end,
        "top": [(pages[pk], views) for pk, views in ranked if pk in pages],
        "sections": [mark_safe(section(request))
                     for section in hooks.get_hooks("statistics_dashboard_sections")],
    })
