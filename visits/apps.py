from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visitor statistics")

    def ready(self):
        # the page cache's live view counts, and its answers counted as reads
        from . import middleware  # noqa: F401
        from .templatetags import visit_tags  # noqa: F401
