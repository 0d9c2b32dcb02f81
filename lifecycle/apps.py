from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    name = "lifecycle"
    verbose_name = _("Change history and retirement")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from .services import publish_change_notes

        page_published.connect(publish_change_notes, dispatch_uid="lifecycle_change_notes")
