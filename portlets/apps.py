from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortletsConfig(AppConfig):
    name = "portlets"
    verbose_name = _("Portlets")

    def ready(self):
        from . import services  # noqa: F401  (live portlets)
