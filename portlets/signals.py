"""A new generation of cached portlet HTML whenever published content changes, so that lists
such as "latest news" are never stale; a portlet's own edits change its key by themselves."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from .models import GENERATION_KEY


def new_generation(**kwargs):
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(GENERATION_KEY, 2, None)


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        new_generation()


def media_changed(sender, instance, **kwargs):
    new_generation()  # a banner's photo or a notice's document may have changed


page_published.connect(new_generation, dispatch_uid="portlets-published")
for model in (get_image_model(), get_document_model()):
    post_save.connect(media_changed, sender=model, dispatch_uid=f"portlets-{model._meta.label}")
    post_delete.connect(media_changed, sender=model,
                        dispatch_uid=f"portlets-deleted-{model._meta.label}")
page_unpublished.connect(new_generation, dispatch_uid="portlets-unpublished")
post_delete.connect(page_deleted, dispatch_uid="portlets-page-deleted")
