from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One thing that happened that the audit keeps: who did it (`user`, and `username` as it
    was then, or the name a failed sign-in tried), when, from where (`address`, the client's IP
    as the trusted proxies saw it; empty for the server's own processes, named in
    `data["command"]`), to whom or what (`target`), and what exactly (`action`, `detail`).

    `action` is one of audit.actions' codes or a Wagtail log action (wagtail.publish…) whose
    entry this one mirrors; it is shown in the reader's language, never stored as text."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("Sign-in")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        SIGN_OUT = "sign_out", _("Sign-out")
        LOCKOUT = "lockout", _("Lockout")
        UNLOCK = "unlock", _("Unlock")
        ACCOUNT = "account", _("Account change")
        ROLE = "role", _("Role change")
        PERMISSION = "permission", _("Permission change")
        TWO_FACTOR = "two_factor", _("Two-step verification")
        PUBLISH = "publish", _("Publishing")
        UNPUBLISH = "unpublish", _("Unpublishing")
        DELETE = "delete", _("Deletion")
        SETTINGS = "settings", _("Settings change")

    timestamp = models.DateTimeField(_("time"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    action = models.CharField(_("action"), max_length=100)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(_("user name"), max_length=150, blank=True, db_index=True)
    address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    target = models.CharField(_("concerns"), max_length=255, blank=True, db_index=True)
    detail = models.TextField(_("detail"), blank=True)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-timestamp", "-pk"]
        default_permissions = ("view",)  # written by the application only, never by hand

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M:%S} {self.action} {self.username}"
