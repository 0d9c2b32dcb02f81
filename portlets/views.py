"""One portlet alone, for partial refresh: `GET /portlet/<id>/`, with the same permission,
for portlets placed on a public page."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control, patch_vary_headers

from core.ratelimit import rate_limited

from .models import Portlet, Visibility
from .services import is_placed_publicly, render_portlet


@rate_limited("portlet")
def portlet_detail(request, portlet_id):
    portlet = get_object_or_404(Portlet.objects.prefetch_related("groups"), pk=portlet_id)
    if not is_placed_publicly(portlet):
        raise Http404
    allowed = portlet.can_view(request.user)
    html = render_portlet(portlet, request)
    if not allowed and not html:  # "show nothing" to those denied: still a 403, with the reason
        from .models import DENIED_MESSAGE

        html = str(DENIED_MESSAGE)
    response = HttpResponse(html, status=200 if allowed else 403,
                            content_type="text/html; charset=utf-8")
    if portlet.visibility == Visibility.EVERYONE:
        patch_cache_control(response, public=True, max_age=60)
    else:
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
    return response
