"""Two-step verification in the admin, and the idle timeout of signed-in sessions.

TwoFactorMiddleware is placed after AuthenticationMiddleware and django-otp's OTPMiddleware
(which sets `request.user.is_verified()`); only pages under ADMIN_PATH are concerned, public
pages never are."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

from . import two_factor
from .views import with_next

# Reachable before the code is entered: signing in and out, the verification pages themselves,
# and what those pages load (icons, the JavaScript translations).
EXEMPT_URL_NAMES = {
    "wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog", "accounts_two_factor_verify", "accounts_two_factor_setup",
}


LAST_ACTIVE_KEY = "accounts_last_active"


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


class IdleTimeoutMiddleware:
    """Signs out a user idle for SESSION_IDLE_MINUTES. The session cookie's own age is pushed
    back by every request, including the pings an open page editor sends every few seconds;
    this counts only what the user does, so an editor left open on an unattended screen still
    ends the session."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.background = (f"/{settings.ADMIN_PATH}editing-sessions/",)

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:  # a visitor: nothing to look up
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVE_KEY, now)
            if now - last > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
            elif not request.path_info.startswith(self.background):
                request.session[LAST_ACTIVE_KEY] = now
        return self.get_response(request)
