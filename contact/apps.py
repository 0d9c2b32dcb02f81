from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    """Liên hệ: the agency's contacts and a form whose messages are kept, then e-mailed to the
    unit the visitor chose."""

    name = "contact"
    verbose_name = _("Contact")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from publicforms.personal_data import PersonalDataHolder, register

        register(PersonalDataHolder(
            model="contact.contactmessage", email_field="email",
            fields=("name", "email", "phone", "subject", "message"),
            keep={"handled": False},  # an unanswered message is kept until it is handled
            label="contact messages"))
