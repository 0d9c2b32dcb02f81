from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def after_migrate(sender, **kwargs):
    from .services import ensure_fields, ensure_handler_group

    ensure_fields()
    ensure_handler_group()


class QAConfig(AppConfig):
    """Hỏi đáp: questions from citizens and firms, handled by staff, answered in public."""

    name = "qa"
    verbose_name = _("Questions and answers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from publicforms.personal_data import PersonalDataHolder, register

        from . import signals  # noqa: F401  (connects the workflow signals)

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="qa_after_migrate")
        register(PersonalDataHolder(
            "qa.Question", fields=("name", "email", "phone", "address"), files=("attachment",),
            date_field="created_at", keep={"status__in": ("received", "handling", "answered")},
            label="questions"))
