"""A new generation of cached portlet HTML whenever what portlets show may have changed:
published pages, page moves and privacy, photos and documents. A portlet's own edits change
its key by themselves. The generation is a random token, not a counter: if the cache loses it,
the next one cannot meet HTML stored under an old value."""

import uuid

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import GENERATION_KEY


def new_generation(**kwargs):
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        new_generation()


page_published.connect(new_generation, dispatch_uid="portlets-published")
page_unpublished.connect(new_generation, dispatch_uid="portlets-unpublished")
post_page_move.connect(new_generation, dispatch_uid="portlets-moved")
post_delete.connect(page_deleted, dispatch_uid="portlets-page-deleted")
# privacy of a section changes what anonymous visitors may be shown; photos and documents
# appear in banners and notices
for model in (PageViewRestriction, get_image_model(), get_document_model()):
    post_save.connect(new_generation, sender=model, dispatch_uid=f"portlets-{model._meta.label}")
    post_delete.connect(new_generation, sender=model,
                        dispatch_uid=f"portlets-deleted-{model._meta.label}")
