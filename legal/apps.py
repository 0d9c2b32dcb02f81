from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    """Văn bản: legal and administrative documents, their status, files and relations."""

    name = "legal"
    verbose_name = _("Legal documents")
    default_auto_field = "django.db.models.BigAutoField"
