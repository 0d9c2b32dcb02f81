"""Template filters of the organisation pages."""

import re

from django import template

register = template.Library()


@register.filter
def localized_in(page, links):
    """The page to link for `page`: its translation in the active language from `links` (see
    organisation.selectors.localize), else the page itself."""
    return links.get(getattr(page, "pk", None), page) if links else page


@register.filter
def tel_href(phone):
    """"tel:+842933870000" from a number as written ("(0293) 3 870 000")."""
    return "tel:" + re.sub(r"[^\d+]", "", phone or "")
