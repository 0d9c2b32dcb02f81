from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="lock")
class SecuritySettings(BaseGenericSetting):
    """Site-wide security choices made by the site's administrators in the admin (Cài đặt)."""

    require_two_factor = models.BooleanField(
        _("require two-step verification for all staff"), default=False,
        help_text=_("Everyone who signs in to the admin must then set up an authenticator app "
                    "and enter its 6-digit code after the password."))

    panels = [FieldPanel("require_two_factor")]

    class Meta:
        verbose_name = _("security settings")
        verbose_name_plural = _("security settings")


class PasswordFailure(models.Model):
    """Wrong passwords given to one page's or one document collection's password form from one
    address (accounts/page_password.py). The address is kept only as a keyed hash; a row stops
    counting LOGIN_LOCKOUT_MINUTES after its last failure and is deleted some time later."""

    PAGE = "page"
    COLLECTION = "collection"
    KIND_CHOICES = [(PAGE, "page"), (COLLECTION, "collection")]

    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    restriction_id = models.BigIntegerField()
    address_hash = models.CharField(max_length=64)
    failures = models.PositiveIntegerField(default=0)
    last_failure = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "restriction_id", "address_hash"],
                                    name="accounts_passwordfailure_unique"),
        ]
