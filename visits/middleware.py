"""Counts every page a person reads, after the response is made: it does not depend on
rendering, so a page served whole from a cache that sits after this middleware still counts."""

import ipaddress
import logging
import random
import re

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from redis.exceptions import RedisError

from core.page_cache import PAGE_HEADER

from .counters import get_counter, visitor_hash

logger = logging.getLogger(__name__)
FORGET_PROBABILITY = 0.01  # about one new visit in a hundred also clears old hashes
BOT_RE = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|zalo.*(preview|crawler)|curl|wget|"
    r"python-requests|python-urllib|httpx|aiohttp|go-http-client|java/|okhttp|headless|"
    r"lighthouse|pingdom|uptime|monitor|scrapy|feedfetcher|preview", re.IGNORECASE)
SKIPPED_PREFIXES = ("/static/", "/media/", "/portlet/", "/healthz", "/favicon", "/robots.txt",
                    "/sitemap.xml", "/tai-lieu/", "/dang-nhap/", "/dang-xuat/")


def is_bot(user_agent):
    return not user_agent or bool(BOT_RE.search(user_agent))


def client_address(request):
    """The visitor's address. Behind trusted proxies, the one the nearest of them saw: each
    proxy appends the address it received from, so with N proxies it is the N-th entry from the
    right; anything left of it was written by the client and may be made up."""
    if getattr(settings, "VISITS_TRUST_X_FORWARDED_FOR", False):
        entries = [entry.strip() for entry in
                   request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
        proxies = max(1, getattr(settings, "TRUSTED_PROXY_COUNT", 1))
        if entries:
            address = _ip(entries[-min(proxies, len(entries))])
            if address:
                return address
    return request.META.get("REMOTE_ADDR", "")


def _ip(entry):
    """The IP address in an X-Forwarded-For entry ("1.2.3.4", "1.2.3.4:5555", "[::1]:80"),
    or "" for anything else ("unknown", a made-up name): never stored, never queried."""
    if entry.startswith("["):
        entry = entry[1:].split("]", 1)[0]
    elif entry.count(":") == 1:
        entry = entry.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(entry))
    except ValueError:
        return ""


def should_count(request, response):
    path = request.path
    return (request.method == "GET" and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and not path.startswith(SKIPPED_PREFIXES)
            and not path.startswith(f"/{settings.ADMIN_PATH}")
            and not getattr(request, "is_preview", False)
            and not is_bot(request.META.get("HTTP_USER_AGENT", "")))


class VisitCounterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(settings, "VISITS_ENABLED", True) and should_count(request, response):
            now = timezone.now()
            page_id = response.get(PAGE_HEADER)
            counter = get_counter()
            try:
                new_visit = counter.hit(
                    visitor_hash(client_address(request),
                                 request.META.get("HTTP_USER_AGENT", ""), now),
                    now, page_id=int(page_id) if page_id and page_id.isdigit() else None)
                if new_visit and random.random() < FORGET_PROBABILITY:
                    counter.forget_old_visitors(now)  # hashes of earlier days, now and then
                if hasattr(counter, "flush_if_due"):
                    counter.flush_if_due()
            except (DatabaseError, RedisError):  # a counter must never cost a reader the page
                logger.exception("visit not counted")
        if PAGE_HEADER in response:
            del response[PAGE_HEADER]
        return response
