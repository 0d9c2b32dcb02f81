from django import template

from ..services import render_regions

register = template.Library()


@register.simple_tag(takes_context=True)
def portlet_regions(context):
    """{region: [html, …]} of the current page's portlets for this visitor ({} off the tree)."""
    page, request = context.get("page"), context.get("request")
    if page is None or request is None or not hasattr(page, "portlet_assignments"):
        return {}
    return render_regions(page, request)
