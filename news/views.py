"""Public views of news that are not pages of the tree: the list of articles with one tag,
and its feed (each site's articles only: a tag is shared by every site of the install)."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from core.listing import paginate_or_404
from core.page_cache import shared, uses_query

from . import selectors
from .models import ARTICLES_PER_PAGE, ArticleTag


@shared
def tag_articles(request, slug):
    tag = get_object_or_404(ArticleTag, slug=slug)
    uses_query(request, "trang")
    queryset = selectors.live_articles(selectors.site_home(request)).filter(tagged_items__tag=tag)
    # allow_empty_first_page=False: a tag used only on drafts or private pages is no page
    articles = paginate_or_404(queryset, request.GET.get("trang"), ARTICLES_PER_PAGE,
                               allow_empty_first_page=False)
    return TemplateResponse(request, "news/tag_articles.html", {
        "tag": tag, "articles": articles,
        "feed_url": reverse("news_tag_feed", kwargs={"slug": tag.slug})})


FEED_SIZE = 30


@shared
def tag_feed(request, slug):
    """RSS 2.0 feed of the newest articles with a tag (`/the/<slug>/rss/`)."""
    from pages.feeds import pages_feed

    tag = get_object_or_404(ArticleTag, slug=slug)
    articles = list(selectors.live_articles(selectors.site_home(request), photos=False)
                    .filter(tagged_items__tag=tag)[:FEED_SIZE])
    title = _("Tag: %(name)s") % {"name": tag.name}
    return pages_feed(request, title, reverse("news_tag", kwargs={"slug": slug}), title,
                      articles)
