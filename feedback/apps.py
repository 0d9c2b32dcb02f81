from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """"Thông tin này có hữu ích không?": the satisfaction box at the end of every content
    page, its anonymous ratings, and their figures on the statistics dashboard."""

    name = "feedback"
    verbose_name = _("Satisfaction ratings")
    default_auto_field = "django.db.models.BigAutoField"
