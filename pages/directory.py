"""What the site holds, read from the page tree for the pages that show it whole: the list of
every section's feed (`/rss/`), the human site map (`/so-do-cong/`) and `sitemap.xml`.

All three are driven by the tree and the page classes, never by a list of sections: a new
`SectionIndexPage` subclass has its feed listed, a new page type its place in the site map (an
item type, the `item_model` of a section, is left out of the human map, as is a type that says
`show_in_site_map = False`). Each reads the live, public pages of the request's site in one
query."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site, get_page_models

from core.listing import public

SITE_MAP_LEVELS = 4  # levels below the home page shown by the site map


def site_root(request):
    site = Site.find_for_request(request)
    return site.root_page if site is not None else None


def section_classes():
    from .models import SectionIndexPage

    return [model for model in get_page_models() if issubclass(model, SectionIndexPage)]


def item_classes():
    """Page types that are items of a section, or that ask to stay out of the site map."""
    items = {section.get_item_model() for section in section_classes()} - {None}
    return items | {model for model in get_page_models()
                    if not getattr(model, "show_in_site_map", True)}


def nest(pages, root, gaps=False):
    """[{"page", "children": […]}, …]: `pages` (ordered by path) as a tree below `root`. A
    page whose parent is not among them (a draft, a private page, an item, too deep) is left
    out with all below it; with `gaps`, it is put under its nearest ancestor among them."""
    nodes = {root.path: {"children": []}}
    for page in pages:
        step = page.steplen
        if gaps:
            ends = range(len(page.path) - step, len(root.path) - 1, -step)
            parent = next((nodes[page.path[:end]] for end in ends if page.path[:end] in nodes),
                          None)
        else:
            parent = nodes.get(page.path[:-step])
        if parent is None:
            continue
        nodes[page.path] = node = {"page": page, "children": []}
        parent["children"].append(node)
    return nodes[root.path]["children"]


def site_map(request, levels=SITE_MAP_LEVELS):
    """(the home page, its tree of sections and plain pages, `levels` deep)."""
    root = site_root(request)
    if root is None:
        return None, []
    excluded = ContentType.objects.get_for_models(*item_classes()).values()
    pages = public(Page.objects.live().descendant_of(root).filter(depth__lte=root.depth + levels)
                   .exclude(content_type__in=[each.pk for each in excluded]).order_by("path"))
    tree = nest(pages, root)
    _add_urls(tree, request)
    return root, tree


def feeds(request):
    """The tree of the site's sections (live, public `SectionIndexPage`s), each with the
    address of its feed ("feed_url")."""
    root = site_root(request)
    if root is None:
        return []
    pages = public(Page.objects.live().descendant_of(root).type(*section_classes())
                   .order_by("path"))
    # a section inside another (a news category in a category) is nested under it
    tree = nest(pages, root, gaps=True)
    _add_urls(tree, request, feed=True)
    return tree


def _add_urls(nodes, request, feed=False):
    for node in nodes:
        node["url"] = node["page"].get_url(request)
        if feed:
            node["feed_url"] = request.build_absolute_uri(
                node["url"] + node["page"].specific_class.feed_path())
        _add_urls(node["children"], request, feed)


def flatten(nodes):
    for node in nodes:
        yield node
        yield from flatten(node["children"])
