from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request):
    """Browsers and crawlers ask for /favicon.ico; the icon is an SVG among the static files.
    Resolved per request: the hashed name exists only after collectstatic."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def robots_txt(request):
    """Crawlers may read everything public; the admin is not for them; the sitemap lists pages.
    A custom ADMIN_PATH is not named here: that would tell everyone where it is (the admin
    pages carry `noindex` themselves)."""
    lines = ["User-agent: *"]
    if settings.ADMIN_PATH == "admin/":
        lines.append("Disallow: /admin/")
    lines += [f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def healthz(request):
    """For load balancers: 200 "ok" when the database and the cache answer, else 503.

    Never cached, no cookie, no page rendering: cheap enough to poll every few seconds."""
    from django.core.cache import cache
    from django.db import DatabaseError, connection

    problems = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        problems.append("database")
    try:
        cache.set("healthz", "1", 10)
        if cache.get("healthz") != "1":
            problems.append("cache")
    except Exception:  # a Redis outage raises the client's own errors
        problems.append("cache")
    response = HttpResponse("ok\n" if not problems else f"unavailable: {', '.join(problems)}\n",
                            content_type="text/plain; charset=utf-8",
                            status=503 if problems else 200)
    response["Cache-Control"] = "no-store"
    return response


class LoginView(auth_views.LoginView):
    """Django's sign-in, in the site's layout; a `next` pointing back to the sign-in page (a
    second tab, the back button) sends a signed-in user home instead of looping."""

    redirect_authenticated_user = True

    def get_redirect_url(self):
        url = super().get_redirect_url()
        return "" if url.split("?")[0] == self.request.path else url


def security_txt(request):
    """/.well-known/security.txt (RFC 9116): where to report a security problem, from the site's
    settings (its security contact, else its e-mail). Made afresh from the settings each time,
    so its Expires is always half a year ahead; 404 when the site names no contact."""
    from datetime import timedelta

    from django.http import Http404
    from django.utils import timezone

    from .models import SiteSettings

    contact = SiteSettings.for_request(request).security_contact_uri
    if not contact:
        raise Http404
    expires = (timezone.now() + timedelta(days=182)).replace(microsecond=0)
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: vi, en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "max-age=86400"
    return response
