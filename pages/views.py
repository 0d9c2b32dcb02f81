"""Public pages outside the tree that show the tree: every feed (`/rss/`) and the site map
(`/so-do-cong/`). Both are stored by the page cache like a page (per host)."""

from django.template.response import TemplateResponse

from core.page_cache import shared

from . import directory


@shared
def feed_list(request):
    feeds = directory.feeds(request)
    return TemplateResponse(request, "pages/feed_list.html", {
        "feeds": feeds, "all_feeds": list(directory.flatten(feeds))})


@shared
def site_map(request):
    home, tree = directory.site_map(request)
    return TemplateResponse(request, "pages/site_map.html", {
        "home": home, "tree": tree, "home_url": home.get_url(request) if home else "/"})
