from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request):
    """Browsers and crawlers ask for /favicon.ico; the icon is an SVG among the static files.
    Resolved per request: the hashed name exists only after collectstatic."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def robots_txt(request):
    """Crawlers may read everything public; the admin is not for them; the sitemap lists pages."""
    lines = ["User-agent: *", f"Disallow: /{settings.ADMIN_PATH}",
             f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
