"""Template tags shared by every public page: Vietnamese dates, the main menu, breadcrumbs."""

import logging

from django import template
from django.utils.html import format_html
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page, Site

from core import tree
from core.selectors import is_restricted
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


def _in_english_words(value, with_time=False):
    """A date outside Vietnamese pages: "Monday, 28 December 2020" (", 08:30"), in the active
    language's month and day names (Django's)."""
    from django.utils import timezone
    from django.utils.formats import date_format

    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "l, j F Y, H:i" if with_time else "l, j F Y")


def _vietnamese():
    return translation.get_language() in (None, settings.LANGUAGE_CODE)


@register.filter
def vi_date(value):
    """ "Thứ Hai, 28/12/2020"; on an English page "Monday, 28 December 2020"."""
    if value is None or value == "":
        return ""
    return format_date_vi(value) if _vietnamese() else _in_english_words(value)


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
    with_time = (local.hour, local.minute) != (0, 0)
    return format_date_vi(local, with_time=with_time) if _vietnamese() \
        else _in_english_words(local, with_time)


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
    root = tree.root_page(site) if site else None
    return {"ancestors": ancestors, "page": page, "request": request,
            "root_id": root.pk if root else None}


@register.simple_tag(takes_context=True)
def site_root(context):
    """The site's home page in the language of the page shown."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return tree.root_page(site) if site else Page.objects.none()


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


# each language's name in itself: the same on every page, whatever the page's language
AUTONYMS = {"vi": "Tiếng Việt", "en": "English"}


@register.simple_tag(takes_context=True)
def language_versions(context):
    """[{code, name, url (absolute), translated, current, alternate}, …], one per content language the site
    has a home page in: the shown page's live, public translation, else that language's home
    page (`translated` False). For the language switch and the hreflang links; made once per
    request."""
    request, page = context.get("request"), context.get("page")
    if request is None:
        return []
    memo = getattr(request, "_language_versions", None)
    if memo is not None and memo[0] is page:
        return memo[1]
    site = Site.find_for_request(request)
    versions = []
    if site is not None:
        found = {}
        if isinstance(page, Page) and page.pk and page.live and tree.has_translations(page):
            restricted = tree.restricted_paths()
            found = {tree.language_of_page(other): other for other in
                     page.get_translations(inclusive=True).live().only("path", "url_path",
                                                                         "locale_id")
                     if not is_restricted(other.path, restricted)}
        current = tree.language_of_page(page) if isinstance(page, Page) and page.pk \
            else translation.get_language()
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            target = found.get(code) or tree.root_translation(site.root_page, code)
            url = target.get_url(request) if target is not None else None
            if url:
                versions.append({"code": code, "name": AUTONYMS.get(code, code),
                                 "url": request.build_absolute_uri(url),
                                 "translated": code in found, "current": code == current})
    several = sum(version["translated"] for version in versions) > 1
    for version in versions:  # hreflang links: only where the page has another version
        version["alternate"] = several and version["translated"]
    request._language_versions = (page, versions)
    return versions


@register.simple_tag
def head_script():
    """The head's inline script, allowed by its hash in the Content-Security-Policy (core.csp)."""
    from core.csp import head_script as script

    return script()


@register.simple_tag
def csp_nonce():
    """` nonce="…"` for an inline script of the admin (core.csp.nonce_attribute)."""
    from core.csp import nonce_attribute

    return nonce_attribute()
