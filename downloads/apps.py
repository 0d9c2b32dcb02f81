from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class DownloadsConfig(AppConfig):
    name = "downloads"
    verbose_name = _("Downloads")

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        from .signals import forget_public_mark

        for model in (get_image_model(), get_document_model()):
            post_delete.connect(forget_public_mark, sender=model,
                                dispatch_uid=f"public-mark-{model._meta.label}")
