"""`<schedule>/lich.ics`: the published entries of this week and the next four as an
iCalendar file, or of one week with `?tuan=2026-W49`."""

import re

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from core.listing import public
from core.page_cache import PAGE_HEADER, uses_query

from . import selectors, services, weeks
from .models import WorkScheduleIndexPage

# ASCII digits only: `\d` would take any script's digits (`٢٠٢٦-W49`)
WEEK_PARAMETER = re.compile(r"(?P<year>[0-9]{4})-[wW](?P<week>[0-9]{1,2})")


def calendar_file(request, path):
    index = next((page for page in public(WorkScheduleIndexPage.objects.live()).order_by("path")
                  if page.get_url(request) == f"/{path}"), None)
    if index is None:
        raise Http404(_("There is no work schedule at this address."))
    uses_query(request, "tuan")
    asked = request.GET.get("tuan")
    if asked is not None:
        found = WEEK_PARAMETER.fullmatch(asked.strip())
        monday = found and weeks.from_slug(found["year"], found["week"])
        if not monday:
            return HttpResponseBadRequest(
                _("The week must be written as year-Wweek, for example 2026-W49.") + "\n",
                content_type="text/plain; charset=utf-8")
        mondays = [monday]
    else:
        mondays = services.window()
    entries = selectors.published_entries(index, mondays)
    response = HttpResponse(services.calendar_bytes(entries, request, index.title),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-cong-tac.ics"'
    response[PAGE_HEADER] = str(index.pk)  # a page of the site: stored, invalidated, named
    return response
