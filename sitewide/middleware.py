"""Pages stored by a shared cache (core.page_cache, nginx) until the content changes must still
show a maintenance banner on its first day and drop it when the maintenance is over, with no
content change in between: a page made while a banner's appearance or end is ahead says so by
`Cache-Control: s-maxage` (seconds until then), which every shared cache obeys, the site's
own included (core.page_cache.lifetime). No scheduler needs to run for it."""

import math
import re

from django.utils import timezone
from django.utils.cache import patch_cache_control

from .selectors import next_change


class MaintenanceBannerLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        control = response.get("Cache-Control", "").lower()
        if not response.get("Content-Type", "").startswith("text/html") or \
                any(word in control for word in ("private", "no-store", "no-cache")):
            return response  # a file, a feed, a signed-in reader's page: no banner in it
        try:
            moment = next_change()
        except Exception:  # the database unreachable: the page answers as it can
            return response
        if moment is not None:
            left = max(0, math.floor((moment - timezone.now()).total_seconds()))
            known = [int(value) for value in
                     re.findall(r"s-maxage=(\d+)", control)]
            patch_cache_control(response, s_maxage=min([left, *known]))
        return response
