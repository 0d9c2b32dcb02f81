from django import template
from django.utils.html import format_html

from ..access_keys import ACCESS_KEYS_BY_NAME
from .. import selectors

register = template.Library()


@register.simple_tag
def access_key(name):
    """` accesskey="…"` for the element `name` of sitewide.access_keys (an unknown name fails
    loudly: the list on the accessibility page and the attributes come from one table)."""
    return format_html(' accesskey="{}"', ACCESS_KEYS_BY_NAME[name].key)


@register.inclusion_tag("sitewide/includes/maintenance_banner.html")
def maintenance_banner():
    return {"notices": selectors.current_notices()}


@register.inclusion_tag("sitewide/includes/emc_tracking.html", takes_context=True)
def emc_tracking(context):
    return {"tracking": selectors.tracking_for(context.get("request"))}


@register.simple_tag(takes_context=True)
def accessibility_page_url(context):
    return selectors.accessibility_page_url(context.get("request"))
