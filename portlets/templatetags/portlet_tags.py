from django import template
from wagtail.models import Site

from core import tree

from ..services import render_regions

register = template.Library()


@register.simple_tag(takes_context=True)
def portlet_regions(context):
    """{region: [html, …]} of the current page's portlets for this visitor."""
    page, request = context.get("page"), context.get("request")
    if request is None:
        return {}
    if page is None or not hasattr(page, "portlet_assignments"):
        # a view outside the page tree (tag list, 404, sign-in): the site's defaults
        site = Site.find_for_request(request)
        if site is None:
            return {}
        page = tree.root_page(site)  # (in the address's language: /en/ shows the English home's)
    return render_regions(page, request)
