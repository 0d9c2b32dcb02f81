"""Reads of news for pages and lists. Every list costs a constant number of queries, whatever
its length: featured photos are joined and their renditions prefetched, bodies deferred."""

from django.apps import apps
from django.db.models import Prefetch


def _article_model():
    return apps.get_model("news", "NewsArticlePage")


def _with_photos(queryset):
    Rendition = apps.get_model("wagtailimages", "Rendition")
    return queryset.select_related("featured_image").prefetch_related(
        Prefetch("featured_image__renditions", queryset=Rendition.objects.all())
    )


def live_articles(root=None):
    """Published, publicly viewable articles under `root` (all when None), newest first."""
    queryset = _article_model().objects.live().public()
    if root is not None:
        queryset = queryset.descendant_of(root)
    return _with_photos(queryset.defer_streamfields()).order_by("-published_at", "-pk")


def latest_articles(root, limit=6, exclude=None):
    queryset = live_articles(root)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    return list(queryset[:limit])


def featured_article(root):
    """The newest article marked as featured, else the newest article."""
    featured = live_articles(root).filter(is_featured=True).first()
    return featured or live_articles(root).first()


def subcategories(category):
    NewsCategoryPage = apps.get_model("news", "NewsCategoryPage")
    return list(NewsCategoryPage.objects.child_of(category).live().public().order_by("path"))


def latest_by_category(home, per_category=4):
    """[(category, [articles…]), …] for the news sections of the home page: each sub-category
    of a top-level category (or the top-level category itself when it has none), with its
    newest articles. One query per category (a handful), none per article."""
    blocks = []
    for top in subcategories(home):
        for category in subcategories(top) or [top]:
            articles = latest_articles(category, limit=per_category)
            if articles:
                blocks.append((category, articles))
    return blocks


def other_articles_in_category(article, limit=6):
    """Other articles of the article's category, newest first."""
    parent = article.get_parent()
    return list(live_articles().child_of(parent).exclude(pk=article.pk)[:limit])


def related_articles(article, limit=5):
    """The articles an editor chose, else those sharing the most tags with this one."""
    chosen = [link.article_id for link in article.related_links.all()]
    if chosen:
        found = {item.pk: item for item in live_articles().filter(pk__in=chosen)}
        return [found[pk] for pk in chosen if pk in found][:limit]
    tag_ids = list(article.tags.values_list("pk", flat=True))
    if not tag_ids:
        return []
    return list(
        live_articles().filter(tagged_items__tag_id__in=tag_ids).exclude(pk=article.pk)
        .distinct()[:limit]
    )
