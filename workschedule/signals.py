"""A week's publication sets the "điều chỉnh" marks of its entries; a new schedule section
gives the secretaries their rights on it."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from . import services
from .models import WeekSchedulePage, WorkScheduleIndexPage


@receiver(page_published, sender=WeekSchedulePage)
def week_published(sender, instance, revision=None, **kwargs):
    services.mark_adjustments(instance, revision)


@receiver(post_save, sender=WorkScheduleIndexPage)
def section_created(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        transaction.on_commit(services.ensure_secretary_group)
