from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visitor statistics")

    def ready(self):
        from .templatetags import visit_tags  # noqa: F401  (the page cache's live view counts)
