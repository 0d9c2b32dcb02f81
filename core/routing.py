"""Finding the page of an address in two queries instead of two per level of the tree.

Wagtail's `Page.route` walks down from the site's root page: for each part of the path it asks
for the child with that slug, then for its specific row. `FastRouteMixin`, on the root page,
asks for every page whose `url_path` is a prefix of the address at once, then for the specific
row of the deepest. It answers as Wagtail's walk would: where a page on the way has routes of
its own (RoutablePageMixin) that take the rest of the path, or a `route` of another kind, it
leaves the walk to Wagtail."""

from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

MAX_LEVELS = 16


def _takes(page_class, live, rest):
    """Whether a page of `page_class` (live or not) would route `rest` itself rather than to
    one of its children."""
    route = page_class.route
    if route in (Page.route, FastRouteMixin.route):
        return False
    if issubclass(page_class, RoutablePageMixin) and route is RoutablePageMixin.route:
        if not live:
            return False
        try:
            page_class.get_resolver().resolve("/" + "".join(part + "/" for part in rest))
        except Resolver404:
            return False
    return True  # a route of its own: Wagtail's walk decides


class FastRouteMixin:
    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        # a made-up address of thousands of parts must not make a query of thousands of
        # prefixes: past MAX_LEVELS the deepest page found walks on by itself, as in Wagtail
        prefixes = [self.url_path + "".join(part + "/" for part in path_components[:length])
                    for length in range(1, min(len(path_components), MAX_LEVELS) + 1)]
        # by slug too: redundant (an address ends with its page's slug), but slugs are
        # indexed where url_path is not, and a site of 100,000 pages would be read whole
        found = {page.url_path: page for page in Page.objects.filter(
            slug__in=path_components[:MAX_LEVELS], url_path__in=prefixes,
            path__startswith=self.path, depth__gt=self.depth)}
        chain = []
        for prefix in prefixes:
            if prefix not in found:
                break
            chain.append(found[prefix])
        owners = [(type(self), self.live)] + [(page.specific_class or Page, page.live)
                                             for page in chain[:-1]]
        if not chain or any(_takes(page_class, live, path_components[depth:])
                            for depth, (page_class, live) in enumerate(owners)):
            return super().route(request, path_components)
        page = chain[-1].specific
        parent = chain[-2] if len(chain) > 1 else self
        page._cached_parent_obj = parent
        request.route_chain = [self, *chain[:-1], page]  # the breadcrumb's pages
        return page.route(request, path_components[len(chain):])
