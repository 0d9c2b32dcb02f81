from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import signin_report, two_factor, views


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/setup/", views.setup, name="accounts_two_factor_setup"),
        path("two-factor/verify/", views.verify, name="accounts_two_factor_verify"),
        path("two-factor/disable/", views.disable, name="accounts_two_factor_disable"),
        path("sign-ins/", signin_report.sign_ins, name="accounts_sign_ins"),
    ]


class SignInsMenuItem(MenuItem):
    def is_shown(self, request):
        return signin_report.may_manage_sign_ins(request.user)


@hooks.register("register_settings_menu_item")
def sign_ins_menu_item():
    return SignInsMenuItem(gettext_lazy("Sign-ins and lockouts"), reverse("accounts_sign_ins"),
                           name="sign-ins", icon_name="lock", order=610)


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
