"""Counting visits and page views: one small interface, implemented on the database (SQLite or
PostgreSQL, the same SQL). Every write is an atomic upsert, never a read-modify-write, so N
concurrent requests add exactly N.

Definitions (also in the README):
- a *visit* begins when a visitor not seen for VISIT_GAP (30 minutes) arrives;
- *online* = distinct visitors with a request in the last ONLINE_WINDOW (5 minutes);
- *today* = visits since 00:00 Asia/Ho_Chi_Minh; *total* = all visits plus the old portal's
  figure (CounterSettings.total_offset).
Visitors are known by a hash of (a secret, the day, address, browser) that changes daily: no
address is stored.

On an install of several sites, each hit names its site (`site_id`): each site has its own
online, today and total figures (a visitor of two sites counts on each), and the install's
figures are their sum (DailyCount). Reads given no site give the install's."""

import atexit
import hashlib
import logging
import random
import threading
import time
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from .models import CounterSettings, DailyCount, PageViewCount, RecentVisitor, SiteDailyCount

logger = logging.getLogger(__name__)
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
VISIT_GAP = timedelta(minutes=getattr(settings, "VISITS_GAP_MINUTES", 30))
ONLINE_WINDOW = timedelta(minutes=getattr(settings, "VISITS_ONLINE_MINUTES", 5))
FORGET_AFTER = timedelta(days=1)
FORGET_PROBABILITY = 0.01  # about one new visit in a hundred also clears old hashes


def local_day(moment):
    return moment.astimezone(VN_TZ).date()


def visitor_hash(address, user_agent, moment):
    """Salted with the secret key and the local day: the same visitor gets another hash
    tomorrow, and nobody can turn a hash back into an address."""
    material = f"{settings.SECRET_KEY}|{local_day(moment).isoformat()}|{address}|{user_agent}"
    return hashlib.sha256(material.encode()).hexdigest()


def _same_instant(value, moment):
    """Whether a datetime read back from the database is `moment` (SQLite gives it naive, in
    UTC, or as text; PostgreSQL aware)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt_timezone.utc)
    return value == moment


def split_hit(hit):
    """(visitor, moment, page id, site id) of a hit, given with or without its site."""
    visitor, now, page_id, *rest = hit
    return visitor, now, page_id, (rest[0] if rest else None)


def site_visitor(visitor, site_id):
    """The key of a visitor of one site: the same person reading two sites is two visitors."""
    if not site_id:
        return visitor
    return hashlib.sha256(f"{visitor}|{site_id}".encode()).hexdigest()


def add_counts(cursor, day, visits, page_views, pages, site_id=None):
    """Add to a day's counts (the install's, and the site's when given) and to its pages'
    views, as atomic upserts (never read-modify-write): what every page view does with the
    database counter, and every Redis flush."""
    cursor.execute(
        "INSERT INTO visits_dailycount (day, visits, page_views) VALUES (%s, %s, %s) "
        "ON CONFLICT (day) DO UPDATE SET "
        "visits = visits_dailycount.visits + excluded.visits, "
        "page_views = visits_dailycount.page_views + excluded.page_views",
        [day, visits, page_views])
    if site_id:
        cursor.execute(
            "INSERT INTO visits_sitedailycount (site_id, day, visits, page_views) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT (site_id, day) DO UPDATE SET "
            "visits = visits_sitedailycount.visits + excluded.visits, "
            "page_views = visits_sitedailycount.page_views + excluded.page_views",
            [site_id, day, visits, page_views])
    for page_id, views in pages.items():
        cursor.execute(
            "INSERT INTO visits_pageviewcount (page_id, day, views) VALUES (%s, %s, %s) "
            "ON CONFLICT (page_id, day) DO UPDATE SET "
            "views = visits_pageviewcount.views + excluded.views", [page_id, day, views])


def _offset(site_id):
    """The old portal's figure: the install's, and the default site's."""
    from core.tree import site_rows

    if site_id and not any(row["pk"] == site_id and row["is_default_site"]
                           for row in site_rows()):
        return 0
    return CounterSettings.objects.values_list("total_offset", flat=True).first() or 0


class DatabaseCounter:
    """The embedded and PostgreSQL implementation."""

    def hit(self, visitor, now, page_id=None, site_id=None):
        """Count one page view by `visitor` at `now` (of the site `site_id`); return True if it
        began a visit."""
        return self.hit_many([(visitor, now, page_id, site_id)]) == 1

    def hit_many(self, hits):
        """Count page views [(visitor, moment, page_id or None[, site_id]), …] in one
        transaction (a process's buffer, BufferedCounter); return how many began a visit."""
        ops = connection.ops
        days, new_visits, seen = {}, 0, {}
        with transaction.atomic(), connection.cursor() as cursor:
            for hit in hits:
                visitor, now, page_id, site_id = split_hit(hit)
                visitor = site_visitor(visitor, site_id)
                stamp = ops.adapt_datetimefield_value(now)
                cursor.execute(
                    "INSERT INTO visits_recentvisitor (visitor_hash, last_seen, visit_started, "
                    "site_id) VALUES (%s, %s, %s, %s) ON CONFLICT (visitor_hash) DO UPDATE SET "
                    "visit_started = CASE WHEN visits_recentvisitor.last_seen < %s "
                    "THEN excluded.visit_started ELSE visits_recentvisitor.visit_started END, "
                    # a log read late (visits.proxy_log) never moves it back
                    "last_seen = CASE WHEN visits_recentvisitor.last_seen > excluded.last_seen "
                    "THEN visits_recentvisitor.last_seen ELSE excluded.last_seen END "
                    "RETURNING visit_started",
                    [visitor, stamp, stamp, site_id or 0,
                     ops.adapt_datetimefield_value(now - VISIT_GAP)])
                new = _same_instant(cursor.fetchone()[0], now)
                # the same visitor twice at the same instant (a log's milliseconds): one visit
                if visitor in seen and now - seen[visitor] < VISIT_GAP:
                    new = False
                seen[visitor] = now
                new_visits += new
                day = days.setdefault((local_day(now), site_id), [0, 0, {}])
                day[0], day[1] = day[0] + new, day[1] + 1
                if page_id is not None:
                    day[2][page_id] = day[2].get(page_id, 0) + 1
            for (day, site_id), (visits, views, pages) in days.items():
                add_counts(cursor, ops.adapt_datefield_value(day), visits, views, pages,
                           site_id)
        return new_visits

    def online(self, now, site_id=None):
        seen = RecentVisitor.objects.filter(last_seen__gte=now - ONLINE_WINDOW)
        return (seen.filter(site_id=site_id) if site_id else seen).count()

    def _days(self, site_id):
        return SiteDailyCount.objects.filter(site_id=site_id) if site_id else DailyCount.objects

    def today(self, now, site_id=None):
        row = self._days(site_id).filter(day=local_day(now)).first()
        return row.visits if row else 0

    def total(self, site_id=None):
        """The visits counted, and the old portal's figure (CounterSettings): the install's,
        or the site's (the figure is the default site's)."""
        counted = self._days(site_id).aggregate(total=Sum("visits"))["total"] or 0
        return _offset(site_id) + counted

    def page_views(self, page_id):
        return (PageViewCount.objects.filter(page_id=page_id)
                .aggregate(total=Sum("views"))["total"] or 0)

    def most_read(self, now, days, limit, under=()):
        """[(page_id, views), …] of the last `days` days, most read first; of the pages under
        the tree paths `under` (a site's home pages) when given."""
        start = local_day(now) - timedelta(days=days - 1)
        counts = PageViewCount.objects.filter(day__gte=start)
        if under:
            below = Q()
            for path in under:
                below |= Q(page__path__startswith=path)
            counts = counts.filter(below)
        return list(counts.values("page_id")
                    .annotate(total=Sum("views")).order_by("-total", "page_id")
                    .values_list("page_id", "total")[:limit])

    def forget_old_visitors(self, now):
        """Hashes older than a day can no longer continue a visit: delete them."""
        return RecentVisitor.objects.filter(last_seen__lt=now - FORGET_AFTER).delete()[0]


FLUSH_SECONDS = getattr(settings, "VISITS_FLUSH_SECONDS", 10)


class RedisCounter(DatabaseCounter):
    """The scale-out implementation: a page view is a few Redis commands, no database write.
    Counts wait in Redis and `flush()` adds them to the database, at most every FLUSH_SECONDS,
    done by whichever request comes first (a Redis lock makes it one at a time). Reads add what
    is still waiting. If Redis itself is lost (it keeps nothing on disk here), at most the last
    FLUSH_SECONDS of counts are lost; an app server's crash loses nothing."""

    prefix = "visits:"

    def __init__(self, client=None):
        if client is None:
            from django_redis import get_redis_connection

            client = get_redis_connection("default")
        self.redis = client

    def _key(self, *parts):
        return self.prefix + ":".join(str(part) for part in parts)

    def hit(self, visitor, now, page_id=None, site_id=None):
        return self.hit_many([(visitor, now, page_id, site_id)]) == 1

    @staticmethod
    def _bucket(day, site_id):
        """A day's counts waiting in Redis, one per site: "2025-07-01" (no site known, as
        before there were several) or "2025-07-01|3"."""
        return f"{day}|{site_id}" if site_id else day

    def hit_many(self, hits):
        pipe = self.redis.pipeline(transaction=True)
        hits = [split_hit(hit) for hit in hits]
        for visitor, now, page_id, site_id in hits:
            bucket = self._bucket(local_day(now).isoformat(), site_id)
            visitor = site_visitor(visitor, site_id)
            # SET … GET returns the old value: nothing means not seen for VISIT_GAP, a new visit
            pipe.set(self._key("seen", visitor), 1, px=int(VISIT_GAP.total_seconds() * 1000),
                     get=True)
            pipe.zadd(self._online_key(site_id), {visitor: now.timestamp()}, gt=True)
            pipe.sadd(self._key("days"), bucket)
            pipe.hincrby(self._key("day", bucket), "page_views", 1)
            if page_id is not None:
                pipe.hincrby(self._key("pages", bucket), page_id, 1)
        results, step, new_visits = pipe.execute(), 0, 0
        for visitor, now, page_id, site_id in hits:
            if results[step] is None:
                self.redis.hincrby(self._key("day", self._bucket(local_day(now).isoformat(),
                                                                 site_id)), "visits", 1)
                new_visits += 1
            step += 5 if page_id is not None else 4
        return new_visits

    def _online_key(self, site_id):
        return self._key("online", site_id) if site_id else self._key("online")

    def _pending(self):
        """{(day, site id or None): (visits, page_views, {page_id: views})} waiting in
        Redis."""
        pending = {}
        for raw in self.redis.smembers(self._key("days")):
            bucket = raw.decode()
            day, _bar, site = bucket.partition("|")
            counts = self.redis.hgetall(self._key("day", bucket))
            pages = self.redis.hgetall(self._key("pages", bucket))
            pending[(day, int(site) if site else None)] = (
                int(counts.get(b"visits", 0)), int(counts.get(b"page_views", 0)),
                {int(page): int(views) for page, views in pages.items()})
        return pending

    def flush(self):
        """Move the waiting counts into the database. Each day's counts are renamed away
        atomically first, so hits arriving meanwhile wait for the next flush."""
        moved = 0
        for raw in self.redis.smembers(self._key("days")):
            bucket = raw.decode()
            day, _bar, site = bucket.partition("|")
            self.redis.srem(self._key("days"), bucket)
            taken = {}
            for kind in ("day", "pages"):
                source, target = self._key(kind, bucket), self._key("flushing", kind, bucket)
                if self.redis.exists(source):
                    self.redis.rename(source, target)
                    taken[kind] = {k.decode(): int(v) for k, v in
                                   self.redis.hgetall(target).items()}
            counts = taken.get("day", {})
            with transaction.atomic(), connection.cursor() as cursor:
                add_counts(cursor, day, counts.get("visits", 0), counts.get("page_views", 0),
                           {int(page): views for page, views in taken.get("pages", {}).items()},
                           int(site) if site else None)
            self.redis.delete(self._key("flushing", "day", bucket),
                              self._key("flushing", "pages", bucket))
            moved += counts.get("page_views", 0)
        return moved

    def flush_if_due(self):
        """Flush, unless any process of any app server sharing this Redis did in the last
        FLUSH_SECONDS: the lock is a Redis key, so the flush runs once per cluster."""
        if self.redis.set(self._key("flush-lock"), 1, nx=True, ex=FLUSH_SECONDS):
            moved = self.flush()
            if moved:
                logger.info("visit counts flushed from Redis: %d page views", moved)

    def online(self, now, site_id=None):
        if site_id is None:  # the install's: every site's visitors (and those of no site)
            from core.tree import site_rows

            return sum(self.online(now, each) for each in [0, *(row["pk"] for row in site_rows())])
        key = self._online_key(site_id)
        self.redis.zremrangebyscore(key, 0, (now - FORGET_AFTER).timestamp())
        return self.redis.zcount(key, (now - ONLINE_WINDOW).timestamp(), "+inf")

    def _waiting(self, site_id, day=None):
        return sum(visits for (each_day, site), (visits, _v, _p) in self._pending().items()
                   if (not site_id or site == site_id) and (day is None or each_day == day))

    def today(self, now, site_id=None):
        waiting = self._waiting(site_id, local_day(now).isoformat())
        return super().today(now, site_id) + waiting

    def total(self, site_id=None):
        return super().total(site_id) + self._waiting(site_id)

    def page_views(self, page_id):
        waiting = sum(pages.get(page_id, 0) for _v, _pv, pages in self._pending().values())
        return super().page_views(page_id) + waiting

    def most_read(self, now, days, limit, under=()):
        self.flush_if_due()
        return super().most_read(now, days, limit, under)

    def forget_old_visitors(self, now):
        return 0  # visitor keys expire by themselves


class BufferedCounter:
    """Page views kept in this process for up to VISITS_BUFFER_SECONDS, then written together
    (`hit_many`): a read costs a list append instead of a write with its lock, which is what a
    cached page cost most. Reads go to the counter beneath and lag by that much at most. The
    buffer is written when due, by the request that finds it so, and when the process exits;
    a process killed outright loses at most that many seconds of its own counts."""

    def __init__(self, counter, seconds):
        self.counter, self.seconds = counter, seconds
        self.pending, self.lock = [], threading.Lock()
        self.due = time.monotonic() + seconds
        atexit.register(self.flush_buffer)

    def hit(self, visitor, now, page_id=None, site_id=None):
        with self.lock:
            self.pending.append((visitor, now, page_id, site_id))
        if time.monotonic() >= self.due:
            self.flush_buffer()
        return False  # not known until written

    def flush_buffer(self):
        with self.lock:
            taken, self.pending = self.pending, []
            self.due = time.monotonic() + self.seconds
        if not taken:
            return 0
        try:
            new_visits = self.counter.hit_many(taken)
        except Exception:  # kept for the next try, unless the buffer has grown far too big
            with self.lock:
                if len(self.pending) < 100000:
                    self.pending[:0] = taken
            raise
        if new_visits and random.random() < FORGET_PROBABILITY * new_visits:
            self.counter.forget_old_visitors(timezone.now())
        if hasattr(self.counter, "flush_if_due"):
            self.counter.flush_if_due()
        return len(taken)

    def forget_old_visitors(self, now):
        return 0  # done when the buffer is written

    def __getattr__(self, name):  # the reads, and the Redis flush
        return getattr(self.counter, name)


_buffers = {}


def get_counter():
    """Redis when the site has one (REDIS_URL), unless VISITS_BACKEND says "database"; behind
    this process's buffer when VISITS_BUFFER_SECONDS is set."""
    backend = getattr(settings, "VISITS_BACKEND", "database")
    counter = RedisCounter() if backend == "redis" else DatabaseCounter()
    seconds = float(getattr(settings, "VISITS_BUFFER_SECONDS", 0) or 0)
    if not seconds:
        return counter
    buffered = _buffers.get((backend, seconds))
    if buffered is None:
        buffered = _buffers[(backend, seconds)] = BufferedCounter(counter, seconds)
    return buffered
