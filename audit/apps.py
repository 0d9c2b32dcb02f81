from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit trail: who signed in or failed to, who changed whose roles and rights, who
    published, unpublished or changed settings, when and from which address; a report for the
    agency's leaders with CSV/XLSX export; rows kept AUDIT_RETENTION_DAYS."""

    name = "audit"
    verbose_name = _("Audit trail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers

        receivers.connect_models()
