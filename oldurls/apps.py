from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OldUrlsConfig(AppConfig):
    name = "oldurls"
    verbose_name = _("Old links")
    default_auto_field = "django.db.models.BigAutoField"
