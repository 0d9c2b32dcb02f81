from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from . import two_factor, views


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/setup/", views.setup, name="accounts_two_factor_setup"),
        path("two-factor/verify/", views.verify, name="accounts_two_factor_verify"),
        path("two-factor/disable/", views.disable, name="accounts_two_factor_disable"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    """Under Tài khoản › More actions: set up two-step verification, or turn it off."""
    if two_factor.confirmed_device(request.user) is not None:
        return {
            "url": reverse("accounts_two_factor_disable"),
            "label": _("Turn off two-step verification"),
            "help_text": _("Two-step verification is on. To move it to a new phone, turn it off "
                           "and set it up again."),
        }
    return {
        "url": reverse("accounts_two_factor_setup"),
        "label": _("Set up two-step verification"),
        "help_text": _("After your password, ask for a 6-digit code from an authenticator app "
                       "on your phone."),
    }
