"""Public views of news that are not pages of the tree: the list of articles with one tag."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from core.listing import paginate_or_404
from core.page_cache import shared, uses_query

from . import selectors
from .models import ARTICLES_PER_PAGE, ArticleTag


@shared
def tag_articles(request, slug):
    tag = get_object_or_404(ArticleTag, slug=slug)
    uses_query(request, "trang")
    queryset = selectors.live_articles().filter(tagged_items__tag=tag)
    # allow_empty_first_page=False: a tag used only on drafts or private pages is no page
    articles = paginate_or_404(queryset, request.GET.get("trang"), ARTICLES_PER_PAGE,
                               allow_empty_first_page=False)
    return TemplateResponse(request, "news/tag_articles.html", {"tag": tag, "articles": articles})
