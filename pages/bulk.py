"""The kit's writing of many new pages at once: `ChildWriter` puts new pages under one parent
in batches, leaving them as `add_child`, `save_revision` and `publish` would (tree position,
address, revision, history) with a few statements per batch instead of three saves per page
and their signals. The spreadsheet importer (`pages.sheets`) and the old-portal importer
(`oldportals.importing`) write with it; the indexes are updated afterwards
(`pages.sheets.update_indexes`)."""

from django.db.models import F
from django.utils import timezone

from core.forms import reserved_slugs
from core.vietnamese import slugify_vi


class ChildWriter:
    """New pages under `parent`: `write(pages)` as many times as needed (a batch each, of
    any page types), then `close()` once, which counts them on the parent."""

    def __init__(self, parent, publish=False, user=None):
        from wagtail.models import Page

        self.parent = Page.objects.get(pk=parent.pk)  # its current number of children
        last = self.parent.get_last_child()
        self.position = self.parent._str2int(last.path[-self.parent.steplen:]) if last else 0
        self.slugs = set(Page.objects.child_of(self.parent).values_list("slug", flat=True))
        self.slugs |= set(reserved_slugs(self.parent))
        self.publish = publish
        self.user = user
        self.written = 0

    def write(self, pages, after_save=None):
        """Write `pages` (new, unsaved) below the parent, in one batch; `after_save(page)`
        runs once each exists, before its revision is made. Returns the pages."""
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection
        from wagtail.models import Page, PageLogEntry, Revision

        if not pages:
            return []
        now = timezone.now()
        parent = self.parent
        for page in pages:
            page.slug = _free_slug(page.slug or slugify_vi(page.title) or "muc", self.slugs)
            self.position += 1
            page.depth = parent.depth + 1
            page.path = parent._get_path(parent.path, page.depth, self.position)
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.draft_title = page.title
            page.live = self.publish
            page.has_unpublished_changes = not self.publish
            page.latest_revision_created_at = now
            if page.locale_id is None:
                page.locale_id = parent.locale_id
            if self.publish:
                page.first_published_at = page.first_published_at or now
                page.last_published_at = now
        Page.objects.bulk_create(pages)  # the shared page rows; ids set on each page
        by_model = {}
        for page in pages:
            page.page_ptr_id = page.id
            page._state.adding = False
            by_model.setdefault(type(page), []).append(page)
        for model, group in by_model.items():  # the rows of each page type's own table
            fields = model._meta.local_concrete_fields
            size = connection.ops.bulk_batch_size(fields, group) or len(group)
            for start in range(0, len(group), size):
                model._base_manager._insert(group[start:start + size], fields=fields, raw=True)
        if after_save is not None:
            for page in pages:
                after_save(page)
        for group in by_model.values():
            write_new_children(group)
        base_type = ContentType.objects.get_for_model(Page)
        revisions = Revision.objects.bulk_create([Revision(
            content_type=ContentType.objects.get_for_model(type(page)),
            base_content_type=base_type, object_id=str(page.pk), user=self.user,
            content=page.serializable_data(), object_str=str(page), created_at=now)
            for page in pages])
        for page, revision in zip(pages, revisions):
            page.latest_revision = revision
            page.live_revision = revision if self.publish else None
        # one statement run for every page (bulk_update's CASE over hundreds of ids is slower)
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {quote(Page._meta.db_table)} SET {quote('latest_revision_id')} = %s, "
                f"{quote('live_revision_id')} = %s WHERE {quote('id')} = %s",
                [(page.latest_revision_id, page.live_revision_id, page.pk) for page in pages])
        actions = ["wagtail.create"] + (["wagtail.publish"] if self.publish else [])
        PageLogEntry.objects.bulk_create([PageLogEntry(
            page_id=page.pk, content_type=ContentType.objects.get_for_model(type(page)),
            label=page.title, action=action, timestamp=now, data={}, user=self.user,
            content_changed=True, revision=revision if action == "wagtail.publish" else None)
            for page, revision in zip(pages, revisions) for action in actions])
        self.written += len(pages)
        return pages

    def close(self):
        """Count the pages written on the parent (treebeard's numchild)."""
        from wagtail.models import Page

        if self.written:
            Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + self.written)
            self.parent.numchild += self.written
            self.written = 0


def _free_slug(slug, taken):
    """`slug`, or `slug-2`, `slug-3`… when a sibling has it; the one chosen is added to
    `taken`."""
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate


def write_new_children(pages):
    """Write the child rows (attachments, links…) that `fill` or `after_save` set in memory on
    new pages, one insert per kind for the batch; a relation nobody set is known to be empty
    (the pages are new). Every relation is left in memory, so that the revision written next
    reads none of them back."""
    from modelcluster.models import get_all_child_relations

    if not pages:
        return
    for relation in get_all_child_relations(type(pages[0])):
        name, rows = relation.get_accessor_name(), []
        for page in pages:
            manager = getattr(page, name)
            if not manager.is_deferring:
                setattr(page, name, [])
                continue
            for position, item in enumerate(manager.get_object_list()):
                setattr(item, relation.field.name, page)
                if getattr(item, "sort_order", 0) is None:  # an Orderable keeps its order
                    item.sort_order = position
                rows.append(item)
        relation.related_model._base_manager.bulk_create(rows, batch_size=500)


