"""Responses made for a signed-in user are private: a shared cache (a proxy, a CDN, the page
cache of a later issue) must never store them and serve them to someone else."""

from django.utils.cache import patch_cache_control


class PrivateForSignedInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
