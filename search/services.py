"""Writes to the public search index. A page type takes part by defining `search_content()`,
which returns a dict: kind (what the result list calls it), title, summary, body (plain text)
and date. Published pages are indexed and unpublished or deleted ones removed by the signals
in `signals.py`; `reindex_all()` rebuilds everything (`manage.py reindex_search`)."""

from django.db import connection, transaction
from wagtail.models import Page

from core.vietnamese import nfc

from .backends import get_index
from .models import SearchDocument


def is_searchable(page):
    return callable(getattr(page, "search_content", None))


def index_page(page):
    """Index one page (its published content) or, if it is not live or not searchable,
    remove it."""
    page = page.specific
    if not page.live or not is_searchable(page):
        remove_page(page.pk)
        return
    content = page.search_content()
    title = nfc(content["title"])
    summary = nfc(content.get("summary") or "")
    body = nfc(content.get("body") or "")
    with transaction.atomic():
        SearchDocument.objects.update_or_create(page_id=page.pk, defaults={
            "path": page.path,
            "kind": str(content.get("kind") or page._meta.verbose_name)[:100],
            "title": title, "summary": summary, "body": body,
            "published_at": content.get("date")})
        with connection.cursor() as cursor:
            get_index().write(cursor, page.pk, title, summary, body)


def follow_move(page):
    """After `page` moved, its documents and those below it take their new tree paths."""
    paths = dict(Page.objects.filter(path__startswith=page.path).values_list("pk", "path"))
    for document in SearchDocument.objects.filter(page_id__in=paths).only("page_id", "path"):
        if document.path != paths[document.page_id]:
            SearchDocument.objects.filter(pk=document.pk).update(path=paths[document.page_id])


def remove_page(page_id):
    for document in SearchDocument.objects.filter(page_id=page_id):
        document.delete()  # post_delete removes the index entry


def remove_index_entry(page_id):
    with connection.cursor() as cursor:
        get_index().delete(cursor, page_id)


def reindex_all():
    """Index every live searchable page and drop entries of pages no longer live; the number
    of pages indexed."""
    count = 0
    live_ids = set()
    for page in Page.objects.live().specific().iterator(chunk_size=200):
        if is_searchable(page):
            index_page(page)
            live_ids.add(page.pk)
            count += 1
    for page_id in SearchDocument.objects.exclude(page_id__in=live_ids).values_list("page_id",
                                                                                  flat=True):
        remove_page(page_id)
    return count
