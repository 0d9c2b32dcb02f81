from django import template

from ..counters import get_counter

register = template.Library()


@register.simple_tag
def page_views(page):
    """How many times the page has been read ("Lượt xem")."""
    return get_counter().page_views(page.pk)
