from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request):
    """Browsers and crawlers ask for /favicon.ico; the icon is an SVG among the static files.
    Resolved per request: the hashed name exists only after collectstatic."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
