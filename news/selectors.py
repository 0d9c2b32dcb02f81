"""Reads of news for pages and lists. Every list costs a constant number of queries, whatever
its length: featured photos are joined and their renditions prefetched, bodies deferred.

Functions that a page calls several times take `restricted`, the paths under a view
restriction (`restricted_paths()`), so that one page asks for them once."""

from django.apps import apps
from django.db.models import Prefetch, prefetch_related_objects

from core.listing import public as _public
from core.selectors import restricted_paths  # noqa: F401 (news pages call it from here)


def _model(name):
    return apps.get_model(*name.split("."))


def renditions():
    return Prefetch("featured_image__renditions",
                    queryset=_model("wagtailimages.Rendition").objects.all())


def live_articles(root=None, restricted=None, photos=True):
    """Published, publicly viewable articles under `root` (all when None), newest first."""
    queryset = _public(_model("news.NewsArticlePage").objects.live(), restricted)
    if root is not None:
        queryset = queryset.descendant_of(root)
    queryset = queryset.defer_streamfields().select_related("featured_image")
    if photos:
        queryset = queryset.prefetch_related(renditions())
    return queryset.order_by("-published_at", "-pk")


def site_home(request):
    """The home page of the request's site in the address's language: what lists that are not
    below a page of the tree (a tag's articles, related articles) keep to. None: no site."""
    from wagtail.models import Site

    from core.tree import root_page

    site = Site.find_for_request(request) if request is not None else None
    return root_page(site) if site is not None else None


def latest_articles(root, limit=6, exclude=None, restricted=None):
    queryset = live_articles(root, restricted)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    return list(queryset[:limit])


def featured_article(root, restricted=None):
    """The newest article marked as featured, else the newest article."""
    featured = live_articles(root, restricted).filter(is_featured=True).first()
    return featured or live_articles(root, restricted).first()


def categories_at(depth, under, restricted=None):
    """The live, public news categories at `depth` of the tree below the page `under`. The
    pages are chosen in the tree first (by its (depth, path) index): joined to the categories
    at once, PostgreSQL would read the whole tree of a large site by id instead."""
    from wagtail.models import Page

    in_tree = Page.objects.filter(depth=depth, path__startswith=under.path).values("pk")
    return list(_public(_model("news.NewsCategoryPage").objects.live().filter(pk__in=in_tree),
                        restricted).order_by("path"))


def subcategories(category, restricted=None):
    return categories_at(category.depth + 1, category, restricted)


def latest_by_category(home, per_category=4, restricted=None, most=12):
    """[(category, [articles…]), …] for the news sections of the home page: each sub-category
    of a top-level category (or the top-level category itself when it has none), with its
    newest articles. A few queries however many categories and articles: the top-level ones,
    their sub-categories, the ids of the newest articles of them all (three times as many as
    shown, read newest first along the date's index, so a site of 100,000 articles reads a few
    hundred), the articles shown and their photos. Only a category short of its number among
    those, when they were not all its articles (a quiet category on a busy site), costs one
    query more, for all of them at once where the database allows it. At `most` categories,
    in the tree's order (which editors set): a home page of fifty blocks is no use on a phone,
    and would cost fifty times a block to draw; the news section and the menu lead to the
    others."""
    from django.db import connection
    from django.db.models import Case, CharField, Q, Value, When

    restricted = restricted_paths() if restricted is None else restricted
    tops = subcategories(home, restricted)
    subs = categories_at(home.depth + 2, home, restricted)
    categories = []
    for top in tops:
        categories += [sub for sub in subs if sub.path.startswith(top.path)] or [top]
    categories = categories[:most]
    if not categories:
        return []

    def under(category):
        return Q(path__startswith=category.path, depth__gt=category.depth)

    block = Case(*[When(path__startswith=category.path, then=Value(category.path))
                   for category in categories], output_field=CharField())
    anywhere = Q()
    for category in categories:
        anywhere |= under(category)
    limit = per_category * len(categories) * 3
    # ids first (a site of 100,000 articles reads hundreds of them), the articles shown after
    newest = list(live_articles(photos=False, restricted=restricted).filter(anywhere)
                  .annotate(block=block).values_list("pk", "block")[:limit])
    by_block = {}
    for pk, path in newest:
        by_block.setdefault(path, []).append(pk)
    short = [category for category in categories
             if len(by_block.get(category.path, [])) < per_category]
    if short and len(newest) == limit:  # not every article was read: theirs are older
        each = [live_articles(photos=False, restricted=restricted).filter(under(category))
                .annotate(block=Value(category.path, output_field=CharField()))
                .values_list("pk", "block")[:per_category] for category in short]
        if connection.features.supports_slicing_ordering_in_compound:
            older = list(each[0].union(*each[1:], all=True)) if len(each) > 1 else list(each[0])
        else:
            older = [row for queryset in each for row in queryset]
        for category in short:
            by_block[category.path] = []
        for pk, path in older:
            by_block[path].append(pk)
    shown = {pk for pks in by_block.values() for pk in pks[:per_category]}
    articles = live_articles(photos=False, restricted=restricted).in_bulk(shown)
    blocks = [(category, sorted([articles[pk] for pk in by_block[category.path] if pk in articles],
                                key=lambda article: (article.published_at, article.pk),
                                reverse=True)[:per_category])
              for category in categories if by_block.get(category.path)]
    prefetch_related_objects([article for _, articles in blocks for article in articles],
                             renditions())
    return blocks


def article_cards(pks, request):
    """The cards (HTML) of the articles `pks`, in that order (a missing one left out): each
    made once per content generation in each process (core.page_cache.kept_many) and shared by
    every list of articles that shows it; those not made yet are read in one query. The caller
    has chosen the articles, public ones: a card is the same for everybody."""
    from django.template.loader import render_to_string
    from django.utils import translation
    from wagtail.models import Site

    from core.page_cache import kept_many

    site = Site.find_for_request(request)
    names = [("card", pk, site.pk if site else None, translation.get_language()) for pk in pks]

    def make(missing):
        found = live_articles(restricted=()).in_bulk([name[1] for name in missing])
        return {name: (render_to_string("news/includes/article_card.html",
                                        {"article": found[name[1]], "request": request})
                       if name[1] in found else None) for name in missing}
    cards = kept_many(names, make, many=True)
    return [cards[name] for name in names if cards[name] is not None]


def other_news_cards(article, request, limit=6):
    """The cards of the other articles of the article's category, newest first: which they
    are is read once per category and content generation in each process (core.page_cache.kept),
    which every article of the category shares, and the cards are shared with every list."""
    from core.page_cache import kept

    parent = article.get_parent()
    pks = kept(("other-news", parent.pk),
               lambda: tuple(live_articles(photos=False).child_of(parent)
                             .values_list("pk", flat=True)[:limit + 1]))
    return article_cards([pk for pk in pks if pk != article.pk][:limit], request)


def related_articles(article, request, limit=5, restricted=None, tags=None):
    """The cards of the articles an editor chose, else of those sharing a tag with this one
    (`tags`, when the caller has read them already), newest first."""
    chosen = [link.article_id for link in article.related_links.all()]
    if chosen:
        public = set(live_articles(photos=False, restricted=restricted).filter(pk__in=chosen)
                     .values_list("pk", flat=True))
        return article_cards([pk for pk in chosen if pk in public][:limit], request)
    # the tags as the page holds them: in the database for a stored page, in memory for one
    # built from a form or a revision (a preview), where a query on them would fail
    tag_ids = [tag.pk for tag in (article.tags.all() if tags is None else tags) if tag.pk]
    if not tag_ids:
        return []
    pks = [pk for pk in live_articles(site_home(request), photos=False, restricted=restricted)
           .filter(tagged_items__tag_id__in=tag_ids).exclude(pk=article.pk)
           .values_list("pk", flat=True).distinct()[:limit]]
    return article_cards(pks, request)
