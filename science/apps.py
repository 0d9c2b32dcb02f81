from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScienceConfig(AppConfig):
    """Nhiệm vụ KH&CN: the science and technology tasks the agency manages."""

    name = "science"
    verbose_name = _("Science and technology tasks")
    default_auto_field = "django.db.models.BigAutoField"
