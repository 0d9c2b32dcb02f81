"""What every render asks of the site and its page tree, read once per content generation in
each process instead of once per request (issue 13, the query budget): the sites, which pages
are restricted or aliases, the main menu, the agency's settings.

All of it is content: a change to any of it draws a new generation (core.page_cache), so what
is kept here is as exact as the page cache. What is kept is plain data (or pickled bytes, made
into fresh objects for each request): nothing a request could change is shared between
requests or threads."""

import pickle

from django.http.request import split_domain_port

from .page_cache import kept

# Wagtail's order of preference (wagtail.models.sites.get_site_for_hostname)
MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT, MATCH_DEFAULT, MATCH_HOSTNAME = range(4)


def _site_rows():
    from wagtail.models import Site

    return tuple(Site.objects.order_by("pk").values(
        "pk", "hostname", "port", "is_default_site", "root_page_id",
        "root_page__translation_key"))


def site_rows():
    return kept("sites", _site_rows)


def site_id_for(hostname, port):
    """The id of the site Wagtail's `Site.find_for_request` would choose, or None."""
    port = str(port)  # a request's is text, a site's a number

    def match(row):
        if row["hostname"] == hostname and str(row["port"]) == port:
            return MATCH_HOSTNAME_PORT
        if row["hostname"] == hostname and row["is_default_site"]:
            return MATCH_HOSTNAME_DEFAULT
        return MATCH_DEFAULT if row["is_default_site"] else MATCH_HOSTNAME

    found = sorted((match(row), row["pk"]) for row in site_rows()
                   if row["hostname"] == hostname or row["is_default_site"])
    if not found:
        return None
    if len(found) == 1 or found[0][0] in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return found[0][1]
    if found[0][0] == MATCH_DEFAULT:
        return found[len(found) == 2][1]
    return None


def _home_paths():
    from wagtail.models import Page

    keys = {row["root_page__translation_key"]: row["pk"] for row in site_rows()}
    return {path: keys[key] for path, key in Page.objects.filter(translation_key__in=keys)
            .values_list("path", "translation_key")}


def site_id_of_path(path):
    """The id of the site whose home page (in any language) is the page of tree path `path`
    or an ancestor of it, or None; no query (kept per content generation)."""
    homes = kept("site-home-paths", _home_paths)
    for end in range(4, len(path) + 1, 4):  # Wagtail's steplen
        if path[:end] in homes:
            return homes[path[:end]]
    return None


def site_id_from_meta(meta):
    """The id of the site a request (its META, or a WSGI environment) is for, as
    `site_for` finds it: from its Host header, else the server's name and port."""
    hostname = split_domain_port(meta.get("HTTP_HOST") or meta.get("SERVER_NAME", ""))[0]
    return site_id_for(hostname, meta.get("SERVER_PORT", ""))  # as request.get_port()


def _pickled_site(pk):
    from wagtail.models import Site

    site = Site.objects.select_related("root_page").filter(pk=pk).first()
    if site is not None:
        site.root_page = site.root_page.specific  # what routing starts from
    return pickle.dumps(site)


def site_for(request):
    """The request's site, its root page (as its own type) loaded: a fresh copy for each
    request, made from what this process keeps for the generation."""
    hostname = split_domain_port(request._get_raw_host())[0]
    pk = site_id_for(hostname, request.get_port())
    return None if pk is None else pickle.loads(kept(("site", pk), lambda: _pickled_site(pk)))


def breadcrumb_ancestors(request, page):
    """The page's live ancestors under the site's root, the root first: those its address was
    found through (core.routing keeps them), else read. The breadcrumb shows them, and the
    page's BreadcrumbList (pages.metadata) lists them."""
    from wagtail.models import Site

    kept_here = getattr(request, "_breadcrumb_ancestors", None)
    if page is not None and kept_here and kept_here[0] == page.pk:
        return kept_here[1]  # the breadcrumb and the metadata both ask
    site = Site.find_for_request(request) if request else None
    chain = getattr(request, "route_chain", None)
    if page and chain and chain[-1].pk == page.pk:
        ancestors = [p for p in chain[:-1] if p.live and p.depth > 1]
    else:
        ancestors = list(page.get_ancestors().live().filter(depth__gt=1)) if page else []
    root = root_page(site) if site else None  # the site's root in the page's language
    if root:
        ancestors = [p for p in ancestors if p.path.startswith(root.path)]
    if request is not None and page is not None:
        request._breadcrumb_ancestors = (page.pk, ancestors)
    return ancestors


def is_site_root(page):
    """Wagtail's `Page.is_site_root`: whether the page (or a translation of it) is a site's
    root page."""
    return any(row["root_page__translation_key"] == page.translation_key
               for row in site_rows())


# --- languages -------------------------------------------------------------------------------

def _locale_ids():
    from wagtail.models import Locale

    return dict(Locale.objects.values_list("language_code", "pk"))


def locale_ids():
    """{language code: Locale id} of the content languages the site has."""
    return kept("locales", _locale_ids)


def _translated_keys():
    from django.db.models import Count
    from wagtail.models import Page

    return frozenset(str(key) for key in Page.objects.order_by().values("translation_key")
                     .annotate(versions=Count("pk")).filter(versions__gt=1)
                     .values_list("translation_key", flat=True))


def has_translations(page):
    """Whether some other page is a translation of `page` (live or not), without a query:
    most pages have none, and the language switch asks on every page."""
    return str(page.translation_key) in kept("translated", _translated_keys)


def language_of_page(page):
    """The language code of `page`'s locale, without a query."""
    from django.conf import settings

    codes = {pk: code for code, pk in locale_ids().items()}
    return codes.get(page.locale_id, settings.LANGUAGE_CODE)


def _pickled_translation(translation_key, locale_id):
    from wagtail.models import Page

    page = Page.objects.filter(translation_key=translation_key, locale_id=locale_id,
                               live=True).first()
    return pickle.dumps(page.specific if page is not None else None)


def root_translation(page, language=None):
    """The live translation of the site root `page` in `language` (the active one by default),
    or None: a fresh copy for each request of what this process keeps per generation."""
    from django.utils import translation

    language = language or translation.get_language()
    locale_id = locale_ids().get(language)
    if locale_id is None:
        return None
    if locale_id == page.locale_id:
        return page
    key = page.translation_key
    return pickle.loads(kept(("root", str(key), locale_id),
                             lambda: _pickled_translation(key, locale_id)))


def root_page(site, language=None):
    """The site's root page in the active language (its home page's translation), or the
    site's own root page when it has none in that language."""
    return root_translation(site.root_page, language) or site.root_page


# --- view restrictions ----------------------------------------------------------------------

def _restriction_facts():
    from wagtail.models import Page, PageViewRestriction

    restrictions = {}
    paths = {}
    for pk, page_id, path in PageViewRestriction.objects.values_list("pk", "page_id",
                                                                     "page__path"):
        restrictions.setdefault(page_id, []).append(pk)
        paths[path] = page_id
    aliases = dict(Page.objects.filter(alias_of__isnull=False).values_list("path", "alias_of_id"))
    return {"by_page": {key: tuple(value) for key, value in restrictions.items()},
            "paths": paths, "aliases": aliases}


def restriction_facts():
    return kept("restrictions", _restriction_facts)


def restricted_paths():
    """Tree paths of the pages with a view restriction: nothing below them is public."""
    return list(restriction_facts()["paths"])


def restriction_ids(page):
    """The ids of the view restrictions that apply to `page`, as Wagtail's
    `Page.get_view_restrictions` finds them: the page's and its ancestors', an alias (the page
    or an ancestor) standing for the page it is an alias of."""
    facts = restriction_facts()
    step = page.steplen
    ids = []
    for end in range(step, len(page.path) + 1, step):
        path = page.path[:end]
        if path == page.path:
            page_id = page.alias_of_id or page.pk
        else:
            page_id = facts["aliases"].get(path) or facts["paths"].get(path)
        ids += facts["by_page"].get(page_id, ())
    return ids


# --- the main menu --------------------------------------------------------------------------

def menu_items(site, request):
    """[(id, title, url_path, url), …]: the site's root page, then its live, public children
    shown in menus."""
    from django.utils import translation

    from .selectors import is_restricted  # (selectors reads the restrictions from here)

    def make():
        root, restricted = root_page(site), restricted_paths()
        children = [page for page in root.get_children().live().in_menu()
                    .only("title", "url_path", "path")
                    if not is_restricted(page.path, restricted)]
        return tuple((page.pk, page.title, page.url_path, page.get_url(request))
                     for page in [root, *children])
    return kept(("menu", site.pk, translation.get_language()), make)
