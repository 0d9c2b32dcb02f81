from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """Who may write, edit, approve and administer: roles as groups, per-category rights, the
    approval workflow and the scheduler that publishes and expires pages on time."""

    name = "editorial"
    verbose_name = _("Editorial workflow")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import admin_denied, signals  # noqa: F401

        admin_denied.install()
