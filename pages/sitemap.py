"""`sitemap.xml`: Wagtail's sitemap, with the addresses on the host and port the request used
(Wagtail writes the Site's configured host name, often `localhost`), a `<lastmod>` on every
address, and the live, public pages of the site read in one query (Wagtail reads every page as
its own type: a query per type, and every page's row)."""

from django.apps import apps
from django.db.models import Max
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from core.listing import public
from core.page_cache import shared


class PortalSitemap(Sitemap):
    def items(self):
        """The live, public pages below the site's home page in every language (/en/…)."""
        from django.db.models import Q
        from wagtail.models import Page

        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        below = Q()
        for path in homes.values_list("path", flat=True):
            below |= Q(path__startswith=path)
        pages = public(Page.objects.filter(below).live().order_by("path"))
        if apps.is_installed("lifecycle"):
            # a withdrawn page stays online but says `noindex`: not offered to search engines
            pages = pages.exclude(retirement__kind="withdrawn")
        return pages

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        # a page never published through a revision (the home page the migrations made) is
        # dated by the newest publication of the site, which it shows
        newest = self.items().aggregate(newest=Max("last_published_at"))["newest"] if any(
            not (page.last_published_at or page.latest_revision_created_at)
            for page in pages) else None
        urls = []
        for item in pages:
            urls.append({"item": item,
                         "location": self.request.build_absolute_uri(item.get_url(self.request)),
                         "lastmod": (item.last_published_at or item.latest_revision_created_at
                                     or item.first_published_at or newest)})
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


@shared
def sitemap(request):
    """The page cache keeps it per host (core.page_cache.key_for), until content changes."""
    return wagtail_sitemap(request, {"pages": PortalSitemap})
