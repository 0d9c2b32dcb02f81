from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Portal core")

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        # Titles of uploaded photos and documents are shown to the public too: store them NFC.
        for model in (get_image_model(), get_document_model()):
            pre_save.connect(_normalize, sender=model, dispatch_uid=f"nfc-{model._meta.label}")

        from . import page_cache

        page_cache.connect_signals()

        from .csp import allow_admin_inline_scripts

        allow_admin_inline_scripts()


def _normalize(sender, instance, **kwargs):
    from .models import normalize_text_fields

    normalize_text_fields(instance)
