from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

RECEIVERS_GROUP = "Cán bộ tiếp nhận thư liên hệ"


def ensure_receivers_group(sender, **kwargs):
    """Staff who read the contact messages and mark them handled."""
    from publicforms.groups import ensure_group

    ensure_group(RECEIVERS_GROUP, ["contact.view_contactmessage", "contact.change_contactmessage"])


class ContactConfig(AppConfig):
    """Liên hệ: the agency's contacts and a form whose messages are kept, then e-mailed to the
    unit the visitor chose."""

    name = "contact"
    verbose_name = _("Contact")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from publicforms.personal_data import PersonalDataHolder, register

        post_migrate.connect(ensure_receivers_group, sender=self,
                             dispatch_uid="contact_receivers_group")
        register(PersonalDataHolder(
            model="contact.contactmessage", email_field="email",
            fields=("name", "email", "phone", "subject", "message"),
            keep={"handled": False},  # an unanswered message is kept until it is handled
            label="contact messages"))
