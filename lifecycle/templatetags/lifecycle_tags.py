from django import template

from ..selectors import page_life

register = template.Library()


@register.simple_tag
def life_of(page):
    """The page's change notes and withdrawal (lifecycle.selectors.page_life), or None."""
    return page_life(page)
