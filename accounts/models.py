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
