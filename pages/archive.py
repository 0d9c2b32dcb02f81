"""A section's archive (`<section>/luu-tru/`): the years and months its items were published in,
with how many each holds, and the items of a year or a month, paginated.

Everything comes from `SectionIndexPage.item_months()` (one grouped query, kept per content
generation): the index reads no item, and a year's or a month's list is paged by
`core.listing.MonthPaginator` over its own months, so a page costs the same few queries
however many items the section holds."""

from datetime import date, datetime

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.listing import paginate_or_404
from core.page_cache import uses_query


def archive_months(section):
    """(date field, ((first day of the month, count), …) newest first), or Http404 when the
    section has no archive."""
    months = section.item_months() if section.has_archive else None
    if months is None:
        raise Http404(_("This section has no archive."))
    return months


def month_start(value):
    """(year, month) of a `month_counts` month (a date, or a date-time in the site's zone)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.year, value.month


def period_bounds(field, year, month=None):
    """[start, end) of a year or a month, as values of `field` (date or aware date-time)."""
    from django.db.models import DateTimeField

    start = (year, month or 1)
    end = (year + 1, 1) if month in (None, 12) else (year, month + 1)

    def make(pair):
        if isinstance(field, DateTimeField):
            return timezone.make_aware(datetime(pair[0], pair[1], 1))
        return date(pair[0], pair[1], 1)
    return make(start), make(end)


def years_of(months):
    """[{"year", "count", "months": [{"month", "count"}, …]}, …], newest first."""
    years = []
    for value, count in months:
        year, month = month_start(value)
        if not years or years[-1]["year"] != year:
            years.append({"year": year, "count": 0, "months": []})
        years[-1]["count"] += count
        years[-1]["months"].append({"month": month, "count": count})
    return years


def archive_response(request, section, year=None, month=None):
    """The archive's index (no year), a year's or a month's items; a period with no item, a
    month that is no month, is a 404."""
    field_name, months = archive_months(section)
    field = section.get_item_model()._meta.get_field(field_name)
    base = section.get_url(request) + section.reverse_subpage("archive")
    years = years_of(months)
    for entry in years:
        entry["url"] = f"{base}{entry['year']}/"
        for each in entry["months"]:
            each["url"] = f"{entry['url']}{each['month']}/"
    # one address per period: /luu-tru/2026/3/, never /luu-tru/02026/03/ (the route's <int>
    # takes both), and no page 2 of the index, which is one page
    own = base + (f"{year}/" if year is not None else "") + (f"{month}/" if month else "")
    if request.path != own or (year is None and "trang" in request.GET):
        raise Http404(_("Nothing was published in this period."))
    context = section.chrome_context(request)
    context.update({"archive_url": base, "years": years, "year": year, "month": month,
                    "feed_url": section.feed_url(request)})
    if year is None:
        context["heading"] = _("Archive: %(section)s") % {"section": section.title}
        return TemplateResponse(request, "pages/section_archive.html", context)
    shown = next((entry for entry in years if entry["year"] == year), None)
    if shown is None or (month is not None and not any(
            each["month"] == month for each in shown["months"])):
        raise Http404(_("Nothing was published in this period."))
    uses_query(request, "trang")
    period = [(value, count) for value, count in months
              if month_start(value)[0] == year and month in (None, month_start(value)[1])]
    start, end = period_bounds(field, year, month)
    items = section.items().filter(**{f"{field_name}__gte": start, f"{field_name}__lt": end})
    context["items"] = paginate_or_404(items, request.GET.get("trang"), section.per_page,
                                       months=(field_name, tuple(period)))
    context["shown_year"] = shown
    if month is None:
        context["heading"] = _("%(section)s: archive of %(year)s") % {
            "section": section.title, "year": year}
    else:
        context["heading"] = _("%(section)s: archive of %(month)s/%(year)s") % {
            "section": section.title, "month": month, "year": year}
    return TemplateResponse(request, "pages/section_archive.html", context)
