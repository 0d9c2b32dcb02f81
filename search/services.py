"""Writes to the public search index. A page type takes part by defining `search_content()`,
which returns a dict: kind (what the result list calls it), title, summary, body (plain text)
and date, and optionally facets, identifiers and attachments (see `facets.py`). Published pages
are indexed and unpublished or deleted ones removed by the signals in `signals.py`;
`reindex_all()` rebuilds everything (`manage.py reindex_search`)."""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone, translation
from wagtail.models import Page

from core import page_cache
from core.vietnamese import nfc

from . import attachments as attached_files
from .backends import get_index
from .facets import KIND_FACET
from .models import SearchDocument, SearchFacet

logger = logging.getLogger(__name__)
_deferred = ContextVar("search_indexing_deferred", default=False)


@contextmanager
def deferred_indexing():
    """Within, a publication indexes nothing: the caller indexes what it wrote, once and in
    bulk (the spreadsheet importer's `update_indexes`)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def indexing_deferred():
    return _deferred.get()
# the text indexed (and shown in snippets) of a page is cut here: a whole book pasted into
# one page must not exceed what a database's full-text structures hold
MAX_TEXT = 100_000
MAX_IDENTIFIERS = 20


def is_searchable(page):
    return callable(getattr(page, "search_content", None))


def _texts(value):
    """A value or a list of values as distinct, non-empty NFC strings."""
    values = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
    texts = (" ".join(nfc(str(item)).split()) for item in values if item is not None)
    return list(dict.fromkeys(text for text in texts if text))


def _facets(page, content):
    """(name, value) rows: the page type's `search_kind`, then `content["facets"]`."""
    rows = []
    if getattr(type(page), "search_kind", ""):
        rows.append((KIND_FACET, str(type(page).search_kind)))
    for name, value in (content.get("facets") or {}).items():
        rows += [(str(name)[:50], text[:255]) for text in _texts(value)]
    return list(dict.fromkeys(rows))


def _attachments(items, budget):
    """[{"id", "title", "text"}] of the attached files that hold text, `budget` characters of
    text in all (what the page's own text left of MAX_TEXT)."""
    found, seen = [], set()
    for item in items or ():
        document = getattr(item, "document", item)  # a Wagtail document or an attachment row
        if document is None or document.pk in seen or budget <= 0:
            continue
        seen.add(document.pk)
        text = attached_files.extract(document)[:budget]
        if text:
            found.append({"id": document.pk, "title": nfc(document.title), "text": text})
            budget -= len(text)
    return found


def _prepared(page):
    """(the document's fields, its facets, the arguments of the index write) of a live,
    searchable page: all the reading, before any writing."""
    with translation.override(settings.LANGUAGE_CODE):  # the public site's language, always
        content = page.search_content()
        kind = str(content.get("kind") or page._meta.verbose_name)[:100]
    title = nfc(content["title"])
    summary = nfc(content.get("summary") or "")
    body = nfc(content.get("body") or "")[:MAX_TEXT]
    identifiers = [text[:255] for text in _texts(content.get("identifiers"))][:MAX_IDENTIFIERS]
    facets = _facets(page, content)
    # read before writing: a slow file must not hold the index's write lock
    files = _attachments(content.get("attachments"), MAX_TEXT - len(body))
    indexed_body = "\n".join([body, *(f"{file['title']}\n{file['text']}" for file in files)])
    fields = {"path": page.path, "kind": kind, "title": title, "summary": summary, "body": body,
              "identifiers": "\n".join(identifiers), "attachments": files,
              "published_at": (content.get("date") or page.last_published_at
                               or page.first_published_at or timezone.now())}
    return fields, facets, (page.pk, title, summary, indexed_body, identifiers)


def index_page(page):
    """Index one page (its published content) or, if it is not live or not searchable,
    remove it."""
    page = page.specific
    if not page.live or not is_searchable(page):
        remove_page(page.pk)
        return
    fields, facets, write = _prepared(page)
    with transaction.atomic():
        document, _created = SearchDocument.objects.update_or_create(page_id=page.pk,
                                                                     defaults=fields)
        document.facets.all().delete()
        SearchFacet.objects.bulk_create(
            [SearchFacet(document=document, name=name, value=value) for name, value in facets])
        with connection.cursor() as cursor:
            get_index().write(cursor, *write)


def index_new_pages(pages):
    """index_page() for pages that have no entry yet (just created by an import), with one
    insert per table for them all. A page that cannot be read is logged and left out, as
    `index_page_safely` does."""
    documents, facets, writes = [], [], []
    indexed = set(SearchDocument.objects.filter(page_id__in=[page.pk for page in pages])
                  .values_list("page_id", flat=True))
    for page in pages:
        if page.pk in indexed:  # indexed meanwhile (published again by the import itself)
            index_page_safely(page)
            continue
        if not page.live or not is_searchable(page):
            continue
        try:
            fields, page_facets, write = _prepared(page)
        except Exception:
            logger.exception("Could not index page %s for search", page.pk)
            continue
        documents.append(SearchDocument(page_id=page.pk, **fields))
        facets += [SearchFacet(document_id=page.pk, name=name, value=value)
                   for name, value in page_facets]
        writes.append(write)
    with transaction.atomic():
        SearchDocument.objects.bulk_create(documents, batch_size=500)
        SearchFacet.objects.bulk_create(facets, batch_size=500)
        with connection.cursor() as cursor:
            get_index().write_many(cursor, writes)


def follow_moves():
    """Give every document its page's current tree path. A move renumbers the moved page's
    subtree and, when it changes the order of siblings, those siblings' subtrees too, so
    documents are compared with their pages rather than only those under the moved page."""
    stale = SearchDocument.objects.exclude(path=F("page__path"))
    stale.update(path=Subquery(Page.objects.filter(pk=OuterRef("page_id")).values("path")[:1]))


def remove_page(page_id):
    for document in SearchDocument.objects.filter(page_id=page_id):
        document.delete()  # post_delete removes the index entry


def remove_index_entry(page_id):
    with connection.cursor() as cursor:
        get_index().delete(cursor, page_id)


def index_page_safely(page):
    """index_page(), but a failure is logged and the page's old entry removed (a withdrawn text
    must not stay findable); True when indexed."""
    try:
        index_page(page)
        return True
    except Exception:
        logger.exception("Could not index page %s for search", page.pk)
        try:
            remove_page(page.pk)
        except Exception:
            logger.exception("Could not remove page %s from search", page.pk)
        return False


def reindex_all():
    """Index every live searchable page and drop entries of pages no longer live; (pages
    indexed, pages that failed)."""
    indexed = failed = 0
    live_ids = set()
    for page in Page.objects.live().specific().iterator(chunk_size=200):
        if is_searchable(page):
            live_ids.add(page.pk)
            if index_page_safely(page):
                indexed += 1
            else:
                failed += 1
    for page_id in SearchDocument.objects.exclude(page_id__in=live_ids).values_list("page_id",
                                                                                  flat=True):
        remove_page(page_id)
    follow_moves()
    attached_files.forget_unused()
    page_cache.content_changed()  # lists searched with ?q= show what the index finds
    return indexed, failed


def pages_using(document_ids):
    """The ids of the pages attaching one of these files, as Wagtail's reference index knows
    them."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.documents import get_document_model
    from wagtail.models import ReferenceIndex

    object_ids = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
        to_object_id__in=[str(pk) for pk in document_ids],
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("object_id", flat=True)
    return sorted({int(pk) for pk in object_ids})


def reindex_pages(page_ids):
    """Index these pages again (a live one is indexed, another removed)."""
    for page in Page.objects.filter(pk__in=page_ids).specific():
        index_page_safely(page)
    page_cache.content_changed()  # after the index: a list searched meanwhile is dropped
