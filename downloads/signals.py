"""A deleted document or photo takes its public mark with it (ids may be reused on SQLite)."""

from django.contrib.contenttypes.models import ContentType


def forget_public_mark(sender, instance, **kwargs):
    from .models import PublicFile

    PublicFile.objects.filter(content_type=ContentType.objects.get_for_model(sender),
                              object_id=instance.pk).delete()
