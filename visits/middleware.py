"""Counts every page a person reads, after the response is made: it does not depend on
rendering. A page answered from the page cache is counted by the same `count()`, which the
cache calls for each of its answers (core.page_cache.register_hit_counter)."""

import logging
import random
import re

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from redis.exceptions import RedisError

from core import addresses
from core.page_cache import PAGE_HEADER, register_hit_counter
from core.tree import site_id_from_meta

from .counters import FORGET_PROBABILITY, get_counter, visitor_hash

logger = logging.getLogger(__name__)
BOT_RE = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|zalo.*(preview|crawler)|curl|wget|"
    r"python-requests|python-urllib|httpx|aiohttp|go-http-client|java/|okhttp|headless|"
    r"lighthouse|pingdom|uptime|monitor|scrapy|feedfetcher|preview", re.IGNORECASE)
SKIPPED_PREFIXES = ("/static/", "/media/", "/portlet/", "/healthz", "/favicon", "/robots.txt",
                    "/sitemap.xml", "/tai-lieu/", "/dang-nhap/", "/dang-xuat/")


# the visitor's address (core.addresses), also found here by AXES_CLIENT_IP_CALLABLE and others
client_address = addresses.client_address
address_from = addresses.address_from


def is_bot(user_agent):
    return not user_agent or bool(BOT_RE.search(user_agent))


def should_count(request, response):
    return (request.method == "GET" and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(request, "is_preview", False))


def is_read(path, user_agent):
    """Whether a page at `path` sent to `user_agent` is a read the site counts."""
    return (getattr(settings, "VISITS_ENABLED", True) and not path.startswith(SKIPPED_PREFIXES)
            and not path.startswith(f"/{settings.ADMIN_PATH}") and not is_bot(user_agent))


def count(meta, path, page_id=None):
    """Count one page read by the visitor of `meta` (a request's META or WSGI environment) at
    `path`, unless the site does not count, the path is not a page or the visitor is a bot."""
    if not is_read(path, meta.get("HTTP_USER_AGENT", "")):
        return
    now = timezone.now()
    counter = get_counter()
    try:
        new_visit = counter.hit(
            visitor_hash(address_from(meta), meta.get("HTTP_USER_AGENT", ""), now),
            now, page_id=page_id, site_id=site_id_from_meta(meta))  # each site its own count
        if new_visit and random.random() < FORGET_PROBABILITY:
            counter.forget_old_visitors(now)  # hashes of earlier days, now and then
        if hasattr(counter, "flush_if_due"):
            counter.flush_if_due()
    except (DatabaseError, RedisError):  # a counter must never cost a reader the page
        logger.exception("visit not counted")
        connection.close()  # outside Django's handler nobody else would drop a broken one


@register_hit_counter
def count_stored(meta, page_id, content_type):
    """A page answered from the page cache: counted as when it was rendered."""
    if meta.get("REQUEST_METHOD") == "GET" and content_type.startswith("text/html"):
        count(meta, meta.get("SCRIPT_NAME", "") + meta.get("PATH_INFO", ""), page_id)


class VisitCounterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page_id = response.get(PAGE_HEADER)
        if page_id:  # kept for the page cache, which sits outside: not sent to the reader
            response.page_id = int(page_id) if page_id.isdigit() else None
            del response[PAGE_HEADER]
        if should_count(request, response):
            count(request.META, request.path, getattr(response, "page_id", None))
        return response
