from django import template
from django.template.loader import render_to_string

from django.utils.safestring import mark_safe

from core.page_cache import live, made_live, register_live

from ..counters import get_counter

register = template.Library()


@register.simple_tag
def page_views(page):
    """"Lượt xem: N", how many times the page has been read: a live part of a stored page (a
    preview of a page not yet saved has none)."""
    if page.pk is None:
        return render_to_string("visits/page_views.html", {"views": 0}).strip()
    return mark_safe(made_live("page-views", page.pk, lambda: page_views_html(page.pk)))


@register_live("page-views")
def page_views_html(page_id, request=None):
    views = get_counter().page_views(page_id)
    return live("page-views", page_id,
                render_to_string("visits/page_views.html", {"views": views}).strip())
