"""Reads of the public search index: the results page for what a citizen typed."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import Page, get_page_models

from core.selectors import is_restricted, restricted_paths

from . import abbreviations
from .backends import MAX_COUNT, Filters, get_index
from .facets import KIND_FACET
from .highlight import best_snippet, highlight
from .models import SearchDocument
from .query import ParsedQuery, parse_query

PER_PAGE = 10
MAX_PAGE = MAX_COUNT // PER_PAGE


@dataclass
class Result:
    url: str
    title: str        # safe HTML, matches in <mark>
    snippet: str      # safe HTML
    kind: str
    date: object
    identifiers: str = ""  # safe HTML, the numbers or codes naming the item
    attachment: str = ""   # the title of the attached file the snippet comes from

    @property
    def source(self):
        """Where the snippet was found, when not in the page's own text."""
        if not self.attachment:
            return ""
        return gettext("In the attached file “%(title)s”:") % {"title": self.attachment}


@dataclass
class SearchResults:
    query: ParsedQuery
    total: int = 0                # at most MAX_COUNT + 1 (then shown as "more than")
    items: list = field(default_factory=list)
    page: object = None           # a Django paginator page, for the page links
    all_words: bool = True        # False: nothing held every word; results hold some of them
    more: bool = False            # more than MAX_COUNT matches


def section_pages(site_root=None):
    """The sections a search can be narrowed to: live, public pages of the types that say
    `search_section = True` (news categories), in tree order."""
    models = [model for model in get_page_models() if getattr(model, "search_section", False)]
    if not models:
        return []
    queryset = Page.objects.live().type(*models).order_by("path")
    if site_root is not None:
        queryset = queryset.descendant_of(site_root)
    restricted = restricted_paths()
    return [page for page in queryset.only("id", "title", "path", "depth")
            if not is_restricted(page.path, restricted)]


def _local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def search(text, *, site_root=None, section=None, date_from=None, date_to=None, kind="",
           facets=(), order="relevance", page_number=1, request=None):
    """The `page_number`-th page of results for `text`. Results must hold every word (and
    quoted phrase), each word in any of its forms (abbreviations); when no page holds them all,
    pages holding some are given instead (`all_words` False). Only live, public pages under
    `site_root` are found, of the `kind` (a `search_kind`) and with the `facets` ((name, value)
    pairs) given."""
    parsed = parse_query(text, abbreviations.current())
    facets = ([(KIND_FACET, kind)] if kind else []) + list(facets)
    results = SearchResults(parsed)
    if not parsed:
        return results
    filters = Filters(
        root_path=site_root.path if site_root is not None else "",
        section_path=section.path if section is not None else "",
        restricted=tuple(restricted_paths()),
        date_from=_local_midnight(date_from) if date_from else None,
        date_to=_local_midnight(date_to + timedelta(days=1)) if date_to else None,
        facets=tuple(facets))
    index = get_index()
    offset = (page_number - 1) * PER_PAGE
    ids, total = index.search(parsed, True, filters, order, offset, PER_PAGE)
    if not total and len(parsed.groups) > 1:
        ids, total = index.search(parsed, False, filters, order, offset, PER_PAGE)
        results.all_words = False
    results.total = total
    results.more = total > MAX_COUNT
    paginator = Paginator(range(min(total, MAX_COUNT)), PER_PAGE)
    if total and page_number <= paginator.num_pages:
        results.page = paginator.page(page_number)
    documents = SearchDocument.objects.in_bulk(ids)
    # live=True: a page unpublished by other means than Wagtail's is never shown
    pages = (Page.objects.filter(live=True).only("id", "url_path", "path", "depth", "locale_id")
             .in_bulk(ids))
    words = parsed.folded_words
    for page_id in ids:
        document, page = documents.get(page_id), pages.get(page_id)
        # the page's own path decides, whatever the document's copy says
        if document is None or page is None or is_restricted(page.path, filters.restricted):
            continue
        texts = [f"{document.summary}\n{document.body}",
                 *(file.get("text", "") for file in document.attachments)]
        chosen, html = best_snippet(texts, words)
        results.items.append(Result(
            url=page.get_url(request),
            title=highlight(document.title, words),
            snippet=html,
            kind=document.kind, date=document.published_at,
            identifiers=highlight(" · ".join(document.identifiers.splitlines()), words),
            attachment=document.attachments[chosen - 1].get("title", "") if chosen else ""))
    return results


def matching_page_ids(text, under=None):
    """The ids of the live, public pages under the page `under` (all when None) that hold every
    word of `text`, best first, at most MAX_COUNT: a section list's text filter."""
    parsed = parse_query(text, abbreviations.current())
    if not parsed:
        return []
    filters = Filters(root_path=under.path if under is not None else "",
                      restricted=tuple(restricted_paths()))
    ids, _total = get_index().search(parsed, True, filters, "relevance", 0, MAX_COUNT)
    return ids
