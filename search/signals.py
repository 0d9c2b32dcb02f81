"""Keep the public search index in step with what is published and where it sits in the tree.
View restrictions need nothing here: each search skips the restricted paths."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import services
from .models import SearchDocument


@receiver(page_published)
def index_published(sender, instance, **kwargs):
    # a search index that fails must not stop a publication: the failure is logged, the old
    # entry removed, and `reindex_search` catches up (index_page writes inside a savepoint)
    if not services.indexing_deferred():
        services.index_page_safely(instance)


@receiver(page_unpublished)
def remove_unpublished(sender, instance, **kwargs):
    services.remove_page(instance.pk)


@receiver(post_page_move)
def follow_move(sender, instance, **kwargs):
    services.follow_moves()


@receiver(post_delete, sender=SearchDocument)
def remove_index_entry(sender, instance, **kwargs):
    services.remove_index_entry(instance.page_id)



@receiver(post_save, sender=get_document_model())
def follow_changed_file(sender, instance, created, **kwargs):
    # a replaced file changes the text of the pages attaching it: index them again once the
    # change is committed
    if not created:
        transaction.on_commit(lambda: services.reindex_pages(services.pages_using([instance.pk])))


@receiver(pre_delete, sender=get_document_model())
def follow_deleted_file(sender, instance, **kwargs):
    # the pages attaching a deleted file are found before its references go with it
    page_ids = services.pages_using([instance.pk])
    transaction.on_commit(lambda: services.reindex_pages(page_ids))
