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
    """The page's live ancestors under the site's root (core.tree.breadcrumb_ancestors)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    ancestors = tree.breadcrumb_ancestors(request, page)
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


def _title_block(context):
    """The text of the template's `{% block title %}` (the page's <title> without the agency):
    what a view that is no page, or a route of a page, calls itself."""
    import html

    from django.template.loader_tags import BLOCK_CONTEXT_KEY
    from django.utils.html import strip_tags

    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    node = block_context.get_block("title") if block_context else None
    if node is None:
        return ""
    with context.push():
        text = node.nodelist.render(context)
    return " ".join(html.unescape(strip_tags(text)).split())


def metadata_for(context, title=""):
    """The pages.metadata.Metadata of what the template shows (kept on the request: the head
    and the print tools both ask), or None without a request."""
    from urllib.parse import urlsplit

    from pages.metadata import site_metadata

    request = context.get("request")
    if request is None:
        return None
    page = context.get("page")
    key = (getattr(page, "pk", None), title)
    kept_here = getattr(request, "_page_metadata", None)
    if kept_here and kept_here[0] == key:
        return kept_here[1]
    if hasattr(page, "metadata"):
        meta = page.metadata(request)
        if not title and urlsplit(page.get_url(request) or "").path != request.path \
                and not getattr(request, "is_preview", False):
            title = _title_block(context)  # a route of the page ("Đặt câu hỏi – Hỏi đáp")
    else:
        meta = site_metadata(request)
        title = title or _title_block(context)
    if title:
        meta.title = title
    request._page_metadata = (key, meta)
    return meta


@register.inclusion_tag("core/includes/metadata.html", takes_context=True)
def page_metadata(context, title=""):
    """The head's description, canonical link, OpenGraph, Twitter, Dublin Core and JSON-LD of
    the page (`BasePage.metadata` and `structured_data`) or of a view that is no page; `title`
    replaces the page's own."""
    from pages.metadata import json_ld_script

    meta = metadata_for(context, title)
    if meta is None:
        return {}
    page = context.get("page")
    structured = (page.structured_data(context["request"], meta)
                  if hasattr(page, "structured_data") else [])
    return {"meta": meta, "image": meta.share_image(), "dublin_core": meta.dublin_core(),
            "json_ld": [json_ld_script(data) for data in structured]}


@register.inclusion_tag("core/includes/print_tools.html", takes_context=True)
def print_tools(context):
    """On a page that can be printed (`BasePage.printable`): the "In trang" button (shown by
    static/js/print.js) and the lines only the printout shows: the agency, the page's address
    and the date it was last updated."""
    page = context.get("page")
    if not getattr(page, "printable", False):
        return {}
    meta = metadata_for(context)
    if meta is None:
        return {}
    return {"meta": meta, "printable": True}
