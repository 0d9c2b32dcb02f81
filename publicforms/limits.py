"""Rate limits of the public forms, on a store every app server shares: the database on the
embedded default (SQLite or PostgreSQL), Redis when the site has it. One contract, two
implementations: `hit(scope, key, limit, seconds)` counts one more use of `key` in `scope` in
the current fixed window of `seconds` and says whether it is still within `limit`.

A count is one atomic step (an upsert returning the new count; Redis's INCR), never a read
followed by a write, so a thousand requests at the same moment cannot all slip in under the
limit. Keys are stored only as keyed hashes (HMAC with the secret key): the throttle table
holds no address and no e-mail."""

import math
import random
import time

from django.conf import settings
from django.db import connection
from django.utils.crypto import salted_hmac

# about one count in fifty also deletes the rows of ended windows
CLEANUP_PROBABILITY = 0.02


def key_hash(value):
    return salted_hmac("publicforms.limits", str(value).strip().lower(),
                       algorithm="sha256").hexdigest()


class Verdict:
    """The outcome of a count: `allowed`, and when not, `retry_after` seconds."""

    def __init__(self, count, limit, window_end, now):
        self.count, self.limit = count, limit
        self.allowed = count <= limit
        self.retry_after = 0 if self.allowed else max(1, math.ceil(window_end - now))


class DatabaseLimiter:
    """Counts in the table publicforms_throttle (the same SQL on SQLite and PostgreSQL)."""

    def hit(self, scope, key, limit, seconds, now=None):
        from .models import Throttle

        now = time.time() if now is None else now
        start = int(now // seconds * seconds)
        end = start + seconds
        ops = connection.ops
        table = ops.quote_name(Throttle._meta.db_table)
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
        from .models import Throttle

        now = time.time() if now is None else now
        Throttle.objects.filter(window_end__lt=int(now)).delete()


class RedisLimiter:
    """Counts in Redis: INCR and EXPIRE of one key per scope, key and window."""

    def __init__(self, client=None):
        if client is None:
            from django_redis import get_redis_connection

            client = get_redis_connection("default")
        self.client = client

    def hit(self, scope, key, limit, seconds, now=None):
        now = time.time() if now is None else now
        start = int(now // seconds * seconds)
        end = start + seconds
        name = f"vnportal:throttle:{scope}:{key_hash(key)}:{start}"
        pipe = self.client.pipeline()
        pipe.incr(name)
        pipe.expireat(name, end + 1)
        count = pipe.execute()[0]
        return Verdict(int(count), limit, end, now)

    def forget_old(self, now=None):
        """Redis forgets on its own (every key expires with its window)."""


def get_limiter():
    """The limiter the settings choose: PUBLIC_FORMS_LIMIT_BACKEND ("redis" when the site has
    Redis, else "database")."""
    backend = getattr(settings, "PUBLIC_FORMS_LIMIT_BACKEND", "database")
    if backend == "redis":
        return RedisLimiter()
    return DatabaseLimiter()
