from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MultisiteConfig(AppConfig):
    """Several agencies' sites on one install: more host names of a live site (aliases, answered
    with a 301 to its main host name), `manage.py create_site`, and each site's own groups and
    media collection. (Not named `sites`, which is Django's.)"""

    name = "multisite"
    verbose_name = _("Several sites")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals

        post_migrate.connect(signals.after_migrate, sender=self,
                             dispatch_uid="multisite_after_migrate")
