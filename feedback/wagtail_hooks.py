"""The ratings' part of the statistics dashboard (visits), for whoever may see it."""

from django.template.loader import render_to_string
from wagtail import hooks

from . import services


@hooks.register("statistics_dashboard_sections")
def ratings_section(request):
    return render_to_string("feedback/dashboard_section.html", {
        "days": services.RECENT_DAYS, "sections": services.figures_by_section(),
        "comments": services.latest_comments()}, request=request)
