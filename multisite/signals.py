"""A translation of a site's home page gets the site's groups' page rights; the rights of every
site's groups follow the roles table after each migrate."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Page

from . import services


@receiver(post_save)
def home_translation_created(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw and isinstance(instance, Page) and instance.depth == 2:
        services.grant_new_home_translation(instance)


def after_migrate(sender, **kwargs):
    services.ensure_all_site_groups()
