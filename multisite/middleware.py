"""A request to a site's alias answers 301 to the same path and query on the site's own host
name: every page has one address."""

from django.http import HttpResponsePermanentRedirect
from django.http.request import split_domain_port

from .selectors import alias_target


class SiteAliasMiddleware:
    """Before core.middleware.SiteMiddleware. No query: the aliases are kept per content
    generation. The port the reader used is kept (a development server's :8000)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hostname, port = split_domain_port(request._get_raw_host())
        target = alias_target(hostname) if hostname else None
        if target is None:
            return self.get_response(request)
        host = target[0] + (f":{port}" if port else "")
        return HttpResponsePermanentRedirect(
            f"{request.scheme}://{host}{request.get_full_path()}")
