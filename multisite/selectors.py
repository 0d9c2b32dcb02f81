"""Reads of the sites: which site an alias names, the groups and collection of a site, the
sites a user administers. What every request asks is kept per content generation
(core.page_cache.kept), so an alias costs no query."""

from core.page_cache import kept


def _aliases():
    from wagtail.models import Site

    from .models import SiteAlias

    # a host name that is also a site's (made so in Cài đặt → Sites afterwards) is the site's
    return {hostname: (site_hostname, port) for hostname, site_hostname, port in
            SiteAlias.objects.exclude(hostname__in=Site.objects.values("hostname"))
            .values_list("hostname", "site__hostname", "site__port")}


def aliases():
    """{alias: (the site's host name, the site's port)}, kept per content generation."""
    return kept("site-aliases", _aliases)


def alias_target(hostname):
    """(host name, port) of the site `hostname` is an alias of, or None."""
    return aliases().get(hostname.lower())


def site_collection(site):
    """The site's own media collection, or None (a site `create_site` did not make)."""
    from .models import SiteCollection

    link = SiteCollection.objects.filter(site=site).select_related("collection").first()
    return link.collection if link is not None else None


def site_of_page(page):
    """The site whose home page (in any language) is `page` or an ancestor of it, or None."""
    from wagtail.models import Page, Site

    for site in Site.objects.select_related("root_page"):
        homes = Page.objects.filter(translation_key=site.root_page.translation_key)
        if any(page.path.startswith(path) for path in homes.values_list("path", flat=True)):
            return site
    return None


def collection_for_page(page):
    """The media collection of the site holding `page` (the per-section groups get their media
    rights there), or None where that site has none of its own."""
    site = site_of_page(page)
    return site_collection(site) if site is not None else None
