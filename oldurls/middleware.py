"""Every old link goes through here (README, "Old links").

On an **old host** (an `OldHost`), the request is answered here, before any page of the new
site is looked for: 301 to the mapping's target (an absolute address on the target's site,
https in production), 410 with an explanation, or a helpful 404 ("this page has moved", a
search box, the new home page) after counting the address as unmapped; never the new home
page for everything. Static files pass (the explanation pages use them).

On a **site's own host**, only a GET or HEAD the rest of the stack answered 404 (or its
APPEND_SLASH redirect, which only a 404 gets) is looked up (any mapping of the site, host-less or of one of its old hosts): 301 or 410. A 404 whose address
looks like an old portal's is counted as unmapped and gets the helpful page.

Place: right after LanguageFromPathMiddleware, before SecurityMiddleware. The page cache and
core.front come first: they never hold an old host's answer (nothing shareable is made for
one) nor a 404, so they cannot hide a mapping. Before SecurityMiddleware, an old link written
`http://old-host/…` gets one redirect straight to `https://new-host/…` (with
SECURE_SSL_REDIRECT, Django would first send it to `https://old-host/…`, which needs a
certificate for a host that only redirects). Everything else (Wagtail's redirects, lifecycle's
410s) runs inside, so their answers come first for the site's own addresses and cost no lookup
here. An old host need not be in ALLOWED_HOSTS: only hostnames recorded as old hosts are
answered this way, and nothing here builds an address from the Host header.

Answers: a 301 says `Cache-Control: max-age=3600`, so browsers and proxies keep it an hour
(an editor's correction reaches everyone within the hour; a 301 without it is kept for ever by
some browsers); the page cache does not store it (one indexed query costs about what a stored
answer would). A 410 may be kept an hour too; a 404 is not kept (it may be mapped any time)."""

import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from . import hits, normalise, selectors
from .models import OldUrl

logger = logging.getLogger(__name__)
KEEP_SECONDS = 3600


class OldUrlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hostname = selectors.request_hostname(request)
        old = selectors.old_host_of(hostname)
        if old is not None and not request.path.startswith(settings.STATIC_URL):
            return self.on_old_host(request, hostname, old)
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and (response.status_code == 404
                                                  or _is_slash_redirect(request, response)):
            return self.on_site_host(request, response) or response
        return response

    def on_old_host(self, request, hostname, old):
        host_id, site_id = old
        if not hasattr(request, "user"):  # answered before the session and sign-in
            request.user = AnonymousUser()
        normalised = _normalised(request)
        mapping = None
        if normalised is not None and request.method in ("GET", "HEAD"):
            mapping = _best(site_id, normalised, host_id)
        if mapping is not None:
            answer = answer_for(request, mapping, hostname)
            if answer is not None:
                return answer
        elif normalised is not None and request.method in ("GET", "HEAD"):
            _count(site_id, hostname, request, normalised)
        return moved_page(request, site_id, hostname)

    def on_site_host(self, request, response):
        from wagtail.models import Site

        if request.path.startswith((settings.STATIC_URL, settings.MEDIA_URL,
                                    f"/{settings.ADMIN_PATH}")):
            return None
        site = Site.find_for_request(request)
        normalised = _normalised(request) if site is not None else None
        if normalised is None:
            return None
        mapping = _best(site.pk, normalised, None)
        hostname = selectors.request_hostname(request)
        if mapping is not None:
            return answer_for(request, mapping, hostname)
        if normalise.looks_old(request.path, request.META.get("QUERY_STRING", "")):
            _count(site.pk, hostname, request, normalised)
            return moved_page(request, site.pk, hostname)
        return None


def _is_slash_redirect(request, response):
    """Whether `response` is CommonMiddleware's APPEND_SLASH answer to a 404 (`/a` → `/a/`):
    an old address mapped is answered at once instead of after that hop."""
    return (response.status_code == 301 and not request.path.endswith("/")
            and response.get("Location", "") == request.get_full_path(force_append_slash=True))


def _normalised(request):
    try:
        return normalise.normalise_request(request.path, request.META.get("QUERY_STRING", ""))
    except normalise.BadUrl:  # too long, a NUL…: no old address
        return None


def _best(site_id, normalised, host_id):
    try:
        return selectors.best(site_id, normalised, host_id)
    except DatabaseError:  # never a 500 for an old link: the helpful 404 instead
        logger.exception("Old address lookup failed")
        return None


def _count(site_id, hostname, request, normalised):
    query = request.META.get("QUERY_STRING", "")
    asked = request.path + (f"?{query}" if query else "")
    hits.count(site_id, hostname, asked, normalise.key(site_id, normalise.EXACT, normalised))


def answer_for(request, mapping, hostname):
    """The 301 or 410 of `mapping`, or None when its target is gone (a deleted page)."""
    if mapping.status == OldUrl.GONE:
        response = render(request, "oldurls/gone.html", {
            "old_host": hostname, "home_url": selectors.home_url(mapping.site_id, request),
        }, status=410)
        patch_cache_control(response, max_age=KEEP_SECONDS)
        return response
    target = selectors.target_of(mapping, request)
    if target is None:
        return None
    response = HttpResponsePermanentRedirect(target)
    patch_cache_control(response, max_age=KEEP_SECONDS)
    return response


def moved_page(request, site_id, hostname):
    """The helpful 404 of an old address that maps to nothing."""
    response = render(request, "oldurls/not_found.html", {
        "old_host": hostname, "home_url": selectors.home_url(site_id, request),
    }, status=404)
    patch_cache_control(response, no_cache=True)
    return response
