from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def after_migrate(sender, **kwargs):
    from .services import ensure_secretary_group

    ensure_secretary_group()


class WorkScheduleConfig(AppConfig):
    """Lịch công tác: the leaders' weekly schedule, its iCalendar feed and the "today" portlet.
    (Not named `calendar`, which would shadow Python's own module.)"""

    name = "workschedule"
    verbose_name = _("Work schedule")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401  (the "điều chỉnh" marks and the secretaries' rights)

        post_migrate.connect(after_migrate, sender=self,
                             dispatch_uid="workschedule_after_migrate")
