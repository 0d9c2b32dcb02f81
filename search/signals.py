"""Keep the public search index in step with what is published and where it sits in the tree.
View restrictions need nothing here: each search skips the restricted paths."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import services
from .models import SearchDocument


@receiver(page_published)
def index_published(sender, instance, **kwargs):
    # a search index that fails must not stop a publication: the failure is logged, the old
    # entry removed, and `reindex_search` catches up (index_page writes inside a savepoint)
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
