"""Public views of news that are not pages of the tree: the list of articles with one tag."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import selectors
from .models import ARTICLES_PER_PAGE, ArticleTag


def tag_articles(request, slug):
    tag = get_object_or_404(ArticleTag, slug=slug)
    queryset = selectors.live_articles().filter(tagged_items__tag=tag)
    try:
        # allow_empty_first_page=False: a tag used only on drafts or private pages is no page
        articles = Paginator(queryset, ARTICLES_PER_PAGE, allow_empty_first_page=False).page(
            request.GET.get("trang") or 1)
    except (PageNotAnInteger, EmptyPage):
        raise Http404(_("This page of the list does not exist."))
    return TemplateResponse(request, "news/tag_articles.html", {"tag": tag, "articles": articles})
