"""A removed page's address answers 410 Gone with the explanation, instead of the 404 of an
unpublished page (GOV.UK's "gone" unpublishing)."""

from django.shortcuts import render

from .selectors import gone_at


class GoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        if "\x00" in request.path:  # no page has such an address (PostgreSQL refuses NUL)
            return response
        from wagtail.models import Site

        record = gone_at(request.path, Site.find_for_request(request))
        if record is None:
            return response
        return render(request, "lifecycle/gone.html", {"gone": record}, status=410)
