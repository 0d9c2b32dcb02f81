"""Which portlets a page shows in each region, and rendering them safely for one visitor."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.page_cache import live, made_live, register_live
from core.selectors import any_public

from .models import (DENIED_MESSAGE, REGIONS, DeniedDisplay, Portlet, PortletAssignment,
                     PortletBlock)

logger = logging.getLogger(__name__)
# How long a rendered portlet is kept. Several app servers must share one cache (REDIS_URL):
# with a per-process cache, an invalidation reaches only the process that made it.
CACHE_SECONDS = getattr(settings, "PORTLET_CACHE_SECONDS", 3600)
REGION_NAMES = [name for name, _label in REGIONS]


def _ancestor_paths(page):
    step = page.steplen
    return [page.path[:end] for end in range(step * 2, len(page.path), step)]


def page_portlets(page):
    """{region: [portlet, …]} for `page`: walking from the top of the tree down to the page, a
    block on a region empties what came from above, then that level's portlets are added.
    Ancestors' placements cost two queries; the page's own come from its (in a preview,
    unsaved) child relations. A portlet placed twice shows once."""
    paths = _ancestor_paths(page)
    rows = [(a.depth, a.region, a.portlet) for a in
            PortletAssignment.objects.filter(page__path__in=paths, inherit=True)
            .annotate(depth=F("page__depth")).select_related("portlet")
            .prefetch_related("portlet__groups").order_by("depth", "sort_order")]
    # the page's own: from its child relations, so that a preview shows unsaved changes; their
    # portlets (and groups) in one query whatever their number
    own = [a for a in page.portlet_assignments.all() if a.portlet_id]
    by_id = Portlet.objects.prefetch_related("groups").in_bulk({a.portlet_id for a in own})
    rows += [(page.depth, a.region, by_id[a.portlet_id]) for a in own if a.portlet_id in by_id]
    blocked = set(PortletBlock.objects.filter(page__path__in=paths)
                  .values_list("page__depth", "region"))
    blocked |= {(page.depth, block.region) for block in page.portlet_blocks.all()}
    regions = {name: [] for name in REGION_NAMES}
    for depth in sorted({row[0] for row in rows} | {depth for depth, _region in blocked}):
        for region in REGION_NAMES:
            if (depth, region) in blocked:
                regions[region] = []
            regions[region] += [p for d, r, p in rows if d == depth and r == region]
    seen = set()
    return {region: [p for p in portlets if not (p.pk in seen or seen.add(p.pk))]
            for region, portlets in regions.items()}


def is_placed_publicly(portlet):
    """Whether the portlet is placed on a live page that anonymous visitors may open: only
    then may `/portlet/<id>/` serve it (ids are sequential; a portlet kept for a private
    section or not placed at all is nobody's business)."""
    return any_public(PortletAssignment.objects.filter(portlet=portlet, page__live=True)
                      .values_list("page__path", flat=True))


def user_group_ids(request):
    """The visitor's group ids, read once per request."""
    if not hasattr(request, "_portlet_group_ids"):
        user = getattr(request, "user", None)
        request._portlet_group_ids = (set(user.groups.values_list("pk", flat=True))
                                      if user is not None and user.is_authenticated else set())
    return request._portlet_group_ids


def render_portlet(portlet, request):
    """The HTML of one portlet for this visitor: its content when allowed, else the denial
    message (or nothing); a small notice when it fails. The content never depends on who
    views it, so it is cached once for every allowed viewer."""
    if not portlet.can_view(getattr(request, "user", None), user_group_ids(request)):
        if portlet.denied_display == DeniedDisplay.NOTHING:
            return ""
        return render_to_string("portlets/denied.html",
                                {"portlet": portlet, "message": DENIED_MESSAGE})
    # the kind of its first block, from the stored data: making the blocks' values would read
    # what they point to (pages, photos), needed only when the portlet is made
    raw = portlet.content.raw_data
    kind = portlet.content.stream_block.child_blocks.get(raw[0]["type"]) if len(raw) else None
    if kind is not None and not getattr(kind, "cacheable", True):
        # live figures (counters): made for each reader, or a reader of the last seconds
        return mark_safe(made_live("portlet", portlet.pk,
                                   lambda: _render(portlet, request, portlet.content[0])))
    key = portlet.cache_key()
    html = cache.get(key) if key is not None else None
    if html is None:
        try:
            block = portlet.content[0]
            body = block.render(context={"request": request, "portlet": portlet})
            html = render_to_string("portlets/portlet.html",
                                    {"portlet": portlet, "body": body,
                                     "type_name": block.block_type})
        except Exception:
            logger.exception("portlet %s (%s) failed to render", portlet.pk, portlet)
            return render_to_string("portlets/failed.html", {"portlet": portlet})
        if key is not None:
            cache.set(key, html, CACHE_SECONDS)
    return html


@register_live("portlet")
def live_portlet(portlet_id, request):
    """A live portlet (the visitor counter, the most read) made again for a reader of a stored
    page: an anonymous one, who never holds a session."""
    portlet = Portlet.objects.filter(pk=portlet_id).first()
    return render_portlet(portlet, request) if portlet is not None else ""


def _render(portlet, request, block):
    """A live portlet's marked HTML, made now."""
    try:
        body = block.render(context={"request": request, "portlet": portlet})
        html = render_to_string("portlets/portlet.html", {"portlet": portlet, "body": body,
                                                          "type_name": block.block_type})
    except Exception:
        logger.exception("portlet %s (%s) failed to render", portlet.pk, portlet)
        return render_to_string("portlets/failed.html", {"portlet": portlet})
    return live("portlet", portlet.pk, html)


def placed_portlets(page, request):
    """`page_portlets(page)`, kept under the content generation for pages as published (a
    preview shows its unsaved placements, never kept): what every render of a page asked."""
    from core.page_cache import generation

    if getattr(request, "is_preview", False) or page.pk is None:
        return page_portlets(page)
    try:
        key = f"portlets:placed:{page.pk}:{generation()}"
    except Exception:  # an unreadable store: logged where the page cache reads it
        return page_portlets(page)
    placed = cache.get(key)
    if placed is None:
        placed = page_portlets(page)
        cache.set(key, placed, CACHE_SECONDS)
    return placed


def render_regions(page, request):
    """{region: [html, …]} with empty strings dropped, for the page template."""
    rendered = {}
    for region, portlets in placed_portlets(page, request).items():
        rendered[region] = [html for html in (render_portlet(p, request) for p in portlets) if html]
    return rendered
