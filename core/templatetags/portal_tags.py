"""Template tags shared by every public page: Vietnamese dates, the main menu, breadcrumbs."""

import logging

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext
from wagtail.models import Page, Site

from core import tree
from core.vietnamese import format_date_vi

register = template.Library()
logger = logging.getLogger(__name__)


@register.filter
def page_numbers(page_obj):
    """The page numbers a list's pagination shows: the first, the last and two on each side
    of the current one, None for each gap; as many whatever the number of pages."""
    paginator = page_obj.paginator
    return [None if number == paginator.ELLIPSIS else number for number in
            paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)]


@register.filter
def vi_date(value):
    """ "Thứ Hai, 28/12/2020"."""
    return format_date_vi(value)


@register.filter
def machine_date(value):
    """A date or time for a `datetime` attribute, in the local time zone and to the second:
    HTML refuses the six-digit fractions `|date:"c"` gives a time saved with microseconds."""
    if value is None or value == "":
        return ""
    from datetime import datetime

    from django.utils import timezone

    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


@register.filter
def vi_datetime(value):
    """ "Thứ Hai, 28/12/2020, 08:30"; the time is left out when it is exactly midnight (imported
    pages often carry only a date)."""
    if value is None:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_date_vi(local, with_time=(local.hour, local.minute) != (0, 0))


@register.inclusion_tag("core/includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The site's home page, then its public children shown in menus (kept per content
    generation: core.tree), the one the current page is under marked."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    current = context.get("page")
    items = []
    if site:
        items = tree.menu_items(site, request)
        items = [(url, title, bool(current and (current.pk == pk if number == 0
                                                else current.url_path.startswith(url_path))))
                 for number, (pk, title, url_path, url) in enumerate(items)]
    return {"items": items, "request": request}


@register.inclusion_tag("core/includes/breadcrumb.html", takes_context=True)
def breadcrumb(context, page):
    """The page's live ancestors under the site's root: those its address was found through
    (core.routing keeps them), else read."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    chain = getattr(request, "route_chain", None)
    if page and chain and chain[-1].pk == page.pk:
        ancestors = [p for p in chain[:-1] if p.live and p.depth > 1]
    else:
        ancestors = list(page.get_ancestors().live().filter(depth__gt=1)) if page else []
    if site:
        ancestors = [p for p in ancestors if p.path.startswith(site.root_page.path)]
    return {"ancestors": ancestors, "page": page, "request": request,
            "root_id": site.root_page_id if site else None}


@register.simple_tag(takes_context=True)
def site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else Page.objects.none()


@register.simple_tag
def responsive_image(image, widths="480,800,1200", sizes="100vw", alt="", loading="lazy"):
    """An <img> with a srcset of Wagtail renditions, one per distinct width.

    Wagtail does not enlarge photos, so a small original gives several renditions of the same
    width; `{% srcset_image %}` would then list one width twice, which is invalid HTML."""
    specs = [f"width-{width.strip()}" for width in str(widths).split(",")]
    try:
        renditions = image.get_renditions(*specs)
    except Exception:  # a lost or unreadable file must not take the whole page down
        logger.exception("no renditions for image %s", image.pk)
        text = gettext("Photo not available")
        return format_html('<div class="photo-missing" role="img" aria-label="{}">{}</div>',
                           text, text)
    by_width = {}
    for spec in specs:
        by_width.setdefault(renditions[spec].width, renditions[spec])
    ordered = [by_width[width] for width in sorted(by_width)]
    default = ordered[min(1, len(ordered) - 1)]
    srcset = ""
    if len(ordered) > 1:
        srcset = format_html(' srcset="{}" sizes="{}"',
                             ", ".join(f"{r.url} {r.width}w" for r in ordered), sizes)
    return format_html(
        '<img src="{}"{} width="{}" height="{}" alt="{}" loading="{}" decoding="async">',
        default.url, srcset, default.width, default.height, alt, loading)
