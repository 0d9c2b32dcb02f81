from django import template

from core.page_cache import live, register_live

from ..counters import get_counter

register = template.Library()


@register.simple_tag
def page_views(page):
    """How many times the page has been read ("Lượt xem"): a live part of a stored page."""
    return page_views_html(page.pk)


@register_live("page-views")
def page_views_html(page_id, request=None):
    return live("page-views", page_id, get_counter().page_views(page_id))
