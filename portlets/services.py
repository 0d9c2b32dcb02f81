"""Which portlets a page shows in each region, and rendering them safely for one visitor."""

import logging
import pickle

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.page_cache import (host_of, in_changed_transaction, kept, live, made_live,
                             register_live)
from core.selectors import any_public

from .models import (DENIED_MESSAGE, REGIONS, DeniedDisplay, Portlet, PortletAssignment,
                     PortletBlock)

logger = logging.getLogger(__name__)
# How long a rendered portlet is kept in the shared cache (each process also keeps it until the
# next change of content); 0 keeps it nowhere. It is keyed by the shared content generation, so
# a change reaches every process and app server at once.
CACHE_SECONDS = getattr(settings, "PORTLET_CACHE_SECONDS", 3600)
REGION_NAMES = [name for name, _label in REGIONS]


def _ancestor_paths(page):
    step = page.steplen
    return [page.path[:end] for end in range(step * 2, len(page.path), step)]


def _arrange(rows, blocked):
    """{region: [portlet, …]} from `rows` of (depth, region, portlet) in the order of the tree
    then of each page's placements, and the (depth, region) pairs `blocked`: walking down to
    the page, a block on a region empties what came from above, then that level's portlets are
    added. A portlet placed twice shows once."""
    regions = {name: [] for name in REGION_NAMES}
    for depth in sorted({row[0] for row in rows} | {depth for depth, _region in blocked}):
        for region in REGION_NAMES:
            if (depth, region) in blocked:
                regions[region] = []
            regions[region] += [p for d, r, p in rows if d == depth and r == region]
    seen = set()
    return {region: [p for p in portlets if not (p.pk in seen or seen.add(p.pk))]
            for region, portlets in regions.items()}


def _order(sort_order):
    """The sort key of a placement: an unnumbered one (made by a script) after the numbered,
    whatever the database (SQLite would put it first, PostgreSQL last)."""
    return (sort_order is None, sort_order or 0)


def page_portlets(page):
    """{region: [portlet, …]} for `page` (see `_arrange`), read from the database. Ancestors'
    placements cost two queries; the page's own come from its (in a preview, unsaved) child
    relations."""
    paths = _ancestor_paths(page)
    above = sorted(PortletAssignment.objects.filter(page__path__in=paths, inherit=True)
                   .annotate(depth=F("page__depth")).select_related("portlet")
                   .prefetch_related("portlet__groups"),
                   key=lambda a: (a.depth, _order(a.sort_order)))
    rows = [(a.depth, a.region, a.portlet) for a in above]
    # the page's own: from its child relations, so that a preview shows unsaved changes; their
    # portlets (and groups) in one query whatever their number
    own = sorted((a for a in page.portlet_assignments.all() if a.portlet_id),
                 key=lambda a: _order(a.sort_order))
    by_id = Portlet.objects.prefetch_related("groups").in_bulk({a.portlet_id for a in own})
    rows += [(page.depth, a.region, by_id[a.portlet_id]) for a in own if a.portlet_id in by_id]
    blocked = set(PortletBlock.objects.filter(page__path__in=paths)
                  .values_list("page__depth", "region"))
    blocked |= {(page.depth, block.region) for block in page.portlet_blocks.all()}
    return _arrange(rows, blocked)


def site_placements():
    """Every placement and every blocked region of every page, and every placed portlet
    (pickled, with its groups): read in three queries, kept per content generation in each
    process (core.page_cache.kept), so that a page's portlets cost none, however many pages
    there are. Placements: {path: [(depth, sort order, region, portlet id, inherit), …]}."""
    def make():
        placed, blocked = {}, {}
        for path, *row in (PortletAssignment.objects.filter(portlet__isnull=False)
                           .values_list("page__path", "page__depth", "sort_order", "region",
                                        "portlet_id", "inherit")):
            row[1] = _order(row[1])
            placed.setdefault(path, []).append(tuple(row))
        for path, depth, region in PortletBlock.objects.values_list("page__path", "page__depth",
                                                                    "region"):
            blocked.setdefault(path, set()).add((depth, region))
        ids = {row[3] for rows in placed.values() for row in rows}
        portlets = {portlet.pk: pickle.dumps(portlet) for portlet in
                    Portlet.objects.prefetch_related("groups").filter(pk__in=ids)}
        return placed, blocked, portlets
    return kept("portlets-placed", make)


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


def _shown_on(portlet, request):
    """The site a shared portlet is shown on, when the install has several."""
    from core.tree import site_id_from_meta, site_rows

    if portlet.site_id is not None or len(site_rows()) < 2:
        return None
    return site_id_from_meta(request.META)


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
        return mark_safe(made_live("portlet", portlet.pk, lambda: _render(portlet, request),
                                   host=host_of(request.META)))
    key = portlet.cache_key(_shown_on(portlet, request))
    if key is None or CACHE_SECONDS <= 0:
        html = _made(portlet, request)
        return html if html is not None else render_to_string("portlets/failed.html",
                                                              {"portlet": portlet})

    def shared():
        """From the cache every process shares, else made and stored there (unless made from
        a transaction's uncommitted rows)."""
        changing = in_changed_transaction()
        html = None if changing else cache.get(key)
        if html is None:
            html = _made(portlet, request)
            if html is None:
                raise _Failed
            if not changing:
                cache.set(key, html, CACHE_SECONDS)
        return html
    try:  # and kept in this process for the generation, which the key holds
        return kept(("portlet-html", key), shared)
    except _Failed:
        return render_to_string("portlets/failed.html", {"portlet": portlet})


class _Failed(Exception):
    """A portlet that failed to render: shown as such, kept nowhere."""


def _made(portlet, request):
    """A cacheable portlet's HTML, or None when it fails (logged)."""
    try:
        block = portlet.content[0]
        body = block.render(context={"request": request, "portlet": portlet})
        return render_to_string("portlets/portlet.html",
                                {"portlet": portlet, "body": body, "type_name": block.block_type})
    except Exception:
        logger.exception("portlet %s (%s) failed to render", portlet.pk, portlet)
        return None


@register_live("portlet", per_host=True)
def live_portlet(portlet_id, request):
    """A live portlet (the visitor counter, the most read) made again for a reader of a stored
    page: an anonymous one, who never holds a session."""
    portlet = Portlet.objects.filter(pk=portlet_id).first()
    return render_portlet(portlet, request) if portlet is not None else ""


def _render(portlet, request):
    """A live portlet's marked HTML, made now."""
    html = _made(portlet, request)
    if html is None:
        return render_to_string("portlets/failed.html", {"portlet": portlet})
    return live("portlet", portlet.pk, html)


def placed_portlets(page, request):
    """`page_portlets(page)` for pages as published, from `site_placements()`; a preview shows
    its unsaved placements, read from the page."""
    if getattr(request, "is_preview", False) or page.pk is None:
        return page_portlets(page)
    placed, blocked, portlets = site_placements()
    ancestors = _ancestor_paths(page)
    rows = sorted((depth, order, region, portlet_id)
                  for path in ancestors for depth, order, region, portlet_id, inherit
                  in placed.get(path, ()) if inherit)
    rows += sorted((depth, order, region, portlet_id)
                   for depth, order, region, portlet_id, _inherit in placed.get(page.path, ()))
    made = {portlet_id: pickle.loads(portlets[portlet_id])
            for portlet_id in {row[3] for row in rows} if portlet_id in portlets}
    return _arrange([(depth, region, made[portlet_id])
                     for depth, _sort, region, portlet_id in rows if portlet_id in made],
                    {pair for path in [*ancestors, page.path] for pair in blocked.get(path, ())})


def render_regions(page, request):
    """{region: [html, …]} with empty strings dropped, for the page template."""
    rendered = {}
    for region, portlets in placed_portlets(page, request).items():
        rendered[region] = [html for html in (render_portlet(p, request) for p in portlets) if html]
    return rendered
