from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Sign-in security: lockout after repeated failures (django-axes), password rules, optional
    or required two-step verification in the admin (django-otp TOTP), idle session expiry."""

    name = "accounts"
    verbose_name = _("Accounts and security")
    default_auto_field = "django.db.models.BigAutoField"
