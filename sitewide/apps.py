from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitewideConfig(AppConfig):
    """What every public page carries besides its content: the EMC measurement tag, the
    planned-maintenance banner, the text size and contrast controls, the access keys and the
    accessibility page."""

    name = "sitewide"
    verbose_name = _("Site-wide layout")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.csp import register_script_sources

        from .selectors import emc_script_sources

        register_script_sources(emc_script_sources)
