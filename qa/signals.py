"""The answer page's workflow moves its question along (qa.services)."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, workflow_submitted

from .models import QuestionPage
from . import services


@receiver(workflow_submitted)
def _submitted(sender, instance, user=None, **kwargs):
    page = getattr(instance, "content_object", None)
    page = getattr(page, "specific", page)
    if isinstance(page, QuestionPage):
        services.answer_submitted(page)


@receiver(page_published, sender=QuestionPage)
def _published(sender, instance, **kwargs):
    services.answer_published(instance)


@receiver(page_unpublished, sender=QuestionPage)
def _unpublished(sender, instance, **kwargs):
    services.answer_unpublished(instance)
