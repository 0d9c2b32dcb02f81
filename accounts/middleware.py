"""Two-step verification in the admin. Placed after AuthenticationMiddleware and django-otp's
OTPMiddleware (which sets `request.user.is_verified()`); only pages under ADMIN_PATH are
concerned, public pages never are."""

from django.conf import settings
from django.shortcuts import redirect

from . import two_factor
from .views import with_next

# Reachable before the code is entered: signing in and out, the verification pages themselves,
# and what those pages load (icons, the JavaScript translations).
EXEMPT_URL_NAMES = {
    "wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog", "accounts_two_factor_verify", "accounts_two_factor_setup",
}


class TwoFactorMiddleware:
    """An admin user with a confirmed device must enter its code once per session; when the
    security settings require it, an admin user without a device must first set one up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(f"/{settings.ADMIN_PATH}"):
            return None
        match = request.resolver_match
        if match is None or match.url_name in EXEMPT_URL_NAMES:
            return None
        user = request.user
        if not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
            return None  # Wagtail sends them to the sign-in page itself
        if user.is_verified():
            return None
        if two_factor.confirmed_device(user) is not None:
            return redirect(with_next("accounts_two_factor_verify", request.get_full_path()))
        if two_factor.is_required(request):
            return redirect(with_next("accounts_two_factor_setup", request.get_full_path()))
        return None
