"""Rate limits per address (and per e-mail), on a store every app server shares: the database on
the embedded default (SQLite or PostgreSQL), Redis when the site has it (RATE_LIMIT_BACKEND).
One contract, two implementations: `hit(scope, key, limit, seconds)` counts one more use of
`key` in `scope` in the current fixed window of `seconds` and says whether it is still within
`limit`.

A count is one atomic step (an upsert returning the new count; Redis's INCR), never a read
followed by a write, so a thousand requests at the same moment cannot all slip in under the
limit. Keys are stored only as keyed hashes (HMAC with the secret key): the throttle table
holds no address and no e-mail.

Views are limited by name (`rate_limited("search")` or `refusal(request, "search")`); each
name's (count, seconds) comes from the setting RATE_LIMITS, read at call time, and a count of
0 turns that limit off. The address is the one the sign-in lockout and the visitor counter use
(core.addresses: X-Forwarded-For only from trusted proxies), an IPv6 /64 counting as one.
Past a limit the visitor gets the 429 page (templates/429.html) with Retry-After, never
stored by any cache. Every counted request costs one query (or one Redis round trip); a
request no limit concerns costs none."""

import functools
import logging
import math
import random
import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac

from .addresses import client_address

logger = logging.getLogger(__name__)

# about one count in fifty also deletes the rows of ended windows
CLEANUP_PROBABILITY = 0.02
TEMPLATE = "429.html"


def key_hash(value):
    return salted_hmac("core.ratelimit", str(value).strip().lower(),
                       algorithm="sha256").hexdigest()


class Verdict:
    """The outcome of a count: `allowed`, and when not, `retry_after` seconds."""

    def __init__(self, count, limit, window_end, now):
        self.count, self.limit = count, limit
        self.allowed = count <= limit
        self.retry_after = 0 if self.allowed else max(1, math.ceil(window_end - now))


class DatabaseLimiter:
    """Counts in the table core_throttle (the same SQL on SQLite and PostgreSQL)."""

    def hit(self, scope, key, limit, seconds, now=None):
        from .models import Throttle

        now = time.time() if now is None else now
        start = int(now // seconds * seconds)
        end = start + seconds
        table = connection.ops.quote_name(Throttle._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (scope, key, window_start, window_end, hits) "
                "VALUES (%s, %s, %s, %s, 1) "
                "ON CONFLICT (scope, key, window_start) DO UPDATE SET "
                f"hits = {table}.hits + 1 RETURNING hits",
                [scope, key_hash(key), start, end])
            count = cursor.fetchone()[0]
        if random.random() < CLEANUP_PROBABILITY:
            self.forget_old()  # by the clock: `now` may be a spent challenge's expiry
        return Verdict(count, limit, end, now)

    def forget_old(self, now=None):
        """Delete the rows of ended windows, in one statement (not row by row through the
        ORM's delete signals)."""
        from .models import Throttle

        now = time.time() if now is None else now
        table = connection.ops.quote_name(Throttle._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE window_end < %s", [int(now)])


class RedisLimiter:
    """Counts in Redis: INCR and EXPIRE of one key per scope, key and window, under `prefix`."""

    def __init__(self, client=None, prefix="vnportal:throttle"):
        if client is None:
            from django_redis import get_redis_connection

            client = get_redis_connection("default")
        self.client, self.prefix = client, prefix

    def hit(self, scope, key, limit, seconds, now=None):
        now = time.time() if now is None else now
        start = int(now // seconds * seconds)
        end = start + seconds
        name = f"{self.prefix}:{scope}:{key_hash(key)}:{start}"
        pipe = self.client.pipeline()
        pipe.incr(name)
        pipe.expireat(name, end + 1)
        count = pipe.execute()[0]
        return Verdict(int(count), limit, end, now)

    def forget_old(self, now=None):
        """Redis forgets on its own (every key expires with its window)."""


def get_limiter():
    """The limiter the settings choose: RATE_LIMIT_BACKEND ("redis" when the site has Redis,
    else "database")."""
    if getattr(settings, "RATE_LIMIT_BACKEND", "database") == "redis":
        return RedisLimiter()
    return DatabaseLimiter()


def address_key(address):
    """What the limits of one address count under: the address, or for IPv6 its /64 network
    (one subscriber is given a whole /64, and may use any address in it)."""
    import ipaddress

    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def email_key(email):
    """What the limits of one e-mail count under: lower case, without a "+tag" (most mail
    services deliver name+anything@ to name@), None for none."""
    if not email or not isinstance(email, str) or "@" not in email:
        return None
    local, _at, domain = email.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def limit_of(name):
    """(count, seconds) of the limit `name` in RATE_LIMITS, or None when it is off (0)."""
    limits = getattr(settings, "RATE_LIMITS", {})
    if name not in limits:
        raise ImproperlyConfigured(f"RATE_LIMITS has no limit named {name!r}")
    number, seconds = limits[name]
    return (int(number), int(seconds)) if int(number) > 0 else None


def count(request, name, key=None):
    """Count one use of the limit `name` by `key` (by default the request's client address);
    the Verdict, or None when that limit is off."""
    limit = limit_of(name)
    if limit is None:
        return None
    if key is None:
        key = address_key(client_address(request))
    try:
        return get_limiter().hit(name, key, *limit)
    except Exception:  # the store is down (Redis): serve, and say so, rather than fail
        logger.exception("Rate limit %r cannot be counted: request let through", name)
        return None


def refusal(request, name, email=None):
    """Count this request under the limit `name` per address and, when an `email` is given,
    under "<name>.email" for that e-mail (only if the address was within its limit). The 429
    page when one of them is past its limit, else None."""
    verdict = count(request, name)
    if verdict is None or verdict.allowed:
        key = email_key(email)
        verdict = count(request, f"{name}.email", key) if key is not None else None
    if verdict is not None and not verdict.allowed:
        return too_many_response(request, verdict.retry_after)
    return None


def too_many_response(request, retry_after):
    """The 429 page, in the language of the request's address, with Retry-After; no cache may
    keep it (it is one visitor's)."""
    minutes = max(1, math.ceil(retry_after / 60))
    response = render(request, TEMPLATE, {"retry_after": retry_after, "minutes": minutes},
                      status=429)
    response["Retry-After"] = str(retry_after)
    patch_cache_control(response, private=True, no_store=True)
    return response


def rate_limited(name, *, methods=None, when=None, email_field=None):
    """A view decorator: each request to the view counts under the limit `name` from its
    address; past it, the 429 page instead of the view. Only requests of `methods` (all when
    None) and those `when(request)` says yes to count; with `email_field`, a posted e-mail in
    that field also counts under "<name>.email"."""
    def decorate(view):
        @functools.wraps(view)
        def limited(request, *args, **kwargs):
            if (methods is None or request.method in methods) and (
                    when is None or when(request)):
                email = request.POST.get(email_field) if email_field else None
                refused = refusal(request, name, email=email)
                if refused is not None:
                    return refused
            return view(request, *args, **kwargs)
        return limited
    return decorate
