from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicFormsConfig(AppConfig):
    name = "publicforms"
    verbose_name = _("Public forms")
    default_auto_field = "django.db.models.BigAutoField"
