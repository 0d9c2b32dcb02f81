from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_fields_after_migrate(sender, **kwargs):
    from .models import ensure_fields

    ensure_fields()


class ScienceConfig(AppConfig):
    """Nhiệm vụ KH&CN: the science and technology tasks the agency manages."""

    name = "science"
    verbose_name = _("Science and technology tasks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # the standard fields of science are the vocabulary editors choose from: kept after
        # every migrate (and flush), not by a data migration
        post_migrate.connect(ensure_fields_after_migrate, sender=self,
                             dispatch_uid="science_ensure_fields")
