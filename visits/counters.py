"""Counting visits and page views: one small interface, implemented on the database (SQLite or
PostgreSQL, the same SQL). Every write is an atomic upsert, never a read-modify-write, so N
concurrent requests add exactly N.

Definitions (also in the README):
- a *visit* begins when a visitor not seen for VISIT_GAP (30 minutes) arrives;
- *online* = distinct visitors with a request in the last ONLINE_WINDOW (5 minutes);
- *today* = visits since 00:00 Asia/Ho_Chi_Minh; *total* = all visits plus the old portal's
  figure (CounterSettings.total_offset).
Visitors are known by a hash of (a secret, the day, address, browser) that changes daily: no
address is stored."""

import hashlib
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Sum

from .models import CounterSettings, DailyCount, PageViewCount, RecentVisitor

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
VISIT_GAP = timedelta(minutes=getattr(settings, "VISITS_GAP_MINUTES", 30))
ONLINE_WINDOW = timedelta(minutes=getattr(settings, "VISITS_ONLINE_MINUTES", 5))
FORGET_AFTER = timedelta(days=1)


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


class DatabaseCounter:
    """The embedded and PostgreSQL implementation."""

    def hit(self, visitor, now, page_id=None):
        """Count one page view by `visitor` at `now`; return True if it began a visit."""
        ops = connection.ops
        stamp = ops.adapt_datetimefield_value(now)
        cutoff = ops.adapt_datetimefield_value(now - VISIT_GAP)
        day = ops.adapt_datefield_value(local_day(now))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO visits_recentvisitor (visitor_hash, last_seen, visit_started) "
                "VALUES (%s, %s, %s) ON CONFLICT (visitor_hash) DO UPDATE SET "
                "visit_started = CASE WHEN visits_recentvisitor.last_seen < %s "
                "THEN excluded.visit_started ELSE visits_recentvisitor.visit_started END, "
                "last_seen = excluded.last_seen RETURNING visit_started",
                [visitor, stamp, stamp, cutoff])
            new_visit = _same_instant(cursor.fetchone()[0], now)
            cursor.execute(
                "INSERT INTO visits_dailycount (day, visits, page_views) VALUES (%s, %s, 1) "
                "ON CONFLICT (day) DO UPDATE SET "
                "visits = visits_dailycount.visits + excluded.visits, "
                "page_views = visits_dailycount.page_views + 1",
                [day, 1 if new_visit else 0])
            if page_id is not None:
                cursor.execute(
                    "INSERT INTO visits_pageviewcount (page_id, day, views) VALUES (%s, %s, 1) "
                    "ON CONFLICT (page_id, day) DO UPDATE SET "
                    "views = visits_pageviewcount.views + 1", [page_id, day])
        return new_visit

    def online(self, now):
        return RecentVisitor.objects.filter(last_seen__gte=now - ONLINE_WINDOW).count()

    def today(self, now):
        row = DailyCount.objects.filter(day=local_day(now)).first()
        return row.visits if row else 0

    def total(self):
        offset = CounterSettings.objects.values_list("total_offset", flat=True)
        counted = DailyCount.objects.aggregate(total=Sum("visits"))["total"] or 0
        return (offset.first() or 0) + counted

    def page_views(self, page_id):
        return (PageViewCount.objects.filter(page_id=page_id)
                .aggregate(total=Sum("views"))["total"] or 0)

    def most_read(self, now, days, limit):
        """[(page_id, views), …] of the last `days` days, most read first."""
        start = local_day(now) - timedelta(days=days - 1)
        return list(PageViewCount.objects.filter(day__gte=start).values("page_id")
                    .annotate(total=Sum("views")).order_by("-total", "page_id")
                    .values_list("page_id", "total")[:limit])

    def forget_old_visitors(self, now):
        """Hashes older than a day can no longer continue a visit: delete them."""
        return RecentVisitor.objects.filter(last_seen__lt=now - FORGET_AFTER).delete()[0]


def get_counter():
    return DatabaseCounter()
