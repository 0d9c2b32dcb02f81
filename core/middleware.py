"""Responses made for a signed-in user are private: a shared cache (a proxy, a CDN, the page
cache) must never store them and serve them to someone else. HTML and feeds are compressed.
The request's site is found from what the process keeps per content generation."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control

from . import tree
from .languages import language_of
from .page_cache import COMPRESSIBLE


class SiteMiddleware:
    """Finds the request's Wagtail site (and its root page) from what this process keeps per
    content generation (core.tree), where `Site.find_for_request` would ask the database for
    every request, then the root page again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._wagtail_site = tree.site_for(request)
        return self.get_response(request)


class LanguageFromPathMiddleware:
    """The request's language from its address alone (core.languages): English under /en/,
    Vietnamese elsewhere. Unlike Django's LocaleMiddleware it reads no cookie and no
    Accept-Language and adds no `Vary: Accept-Language`, so every reader of an address gets
    the same page and the page cache and nginx keep one copy. The admin sets each user's own
    language in its views (Wagtail's `require_admin_access`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_of(request.path_info)
        request.LANGUAGE_CODE = language
        with translation.override(language):
            return self.get_response(request)


class PrivateForSignedInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        return response


class NoCookieVaryForAnonymousMiddleware:
    """An answer to a request without a session, which sets no cookie and is not private, is
    the same for everyone: Django's sessions add `Vary: Cookie` as soon as a template asks who
    the user is, and that would make shared caches keep one copy per visitor's cookies (or none).
    Answers that depend on a cookie set one (a form's CSRF token) or are private (signed in), and
    keep their `Vary: Cookie`. Placed above SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES or response.cookies or \
                "private" in response.get("Cache-Control", "").lower():
            return response
        vary = [value.strip() for value in response.get("Vary", "").split(",") if value.strip()]
        kept = [value for value in vary if value.lower() != "cookie"]
        if kept != vary:
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response


class CompressPagesMiddleware(GZipMiddleware):
    """Django's gzip (with its BREACH padding) for text only: photos, documents and downloads
    are compressed already, and static files come precompressed from WhiteNoise. Off with
    COMPRESS_PAGES=0, where a proxy in front compresses."""

    def process_response(self, request, response):
        if not getattr(settings, "COMPRESS_PAGES", True) or \
                not response.get("Content-Type", "").startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
