"""The Redis implementation of the counter: the same rules, and flushing into the database."""

import socket
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest

from visits.counters import RedisCounter, visitor_hash
from visits.models import DailyCount, PageViewCount

UTC = dt_timezone.utc
BROWSER = "Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"


@pytest.fixture
def counter(db):
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=10)
    client.flushdb()
    yield RedisCounter(client)
    client.flushdb()


def test_redis_counts_visits_views_and_flushes_them_into_the_database(counter, make_article):
    article = make_article()
    start = datetime.now(UTC)
    first = visitor_hash("a", BROWSER, start)
    assert counter.hit(first, start, page_id=article.pk) is True
    assert counter.hit(first, start, page_id=article.pk) is False
    assert counter.hit(visitor_hash("b", BROWSER, start), start) is True
    assert not DailyCount.objects.exists()  # nothing written yet
    assert (counter.today(start), counter.total(), counter.page_views(article.pk)) == (2, 2, 2)
    assert counter.online(start) == 2
    assert counter.flush() == 3
    row = DailyCount.objects.get()
    assert (row.visits, row.page_views) == (2, 3)
    assert PageViewCount.objects.get().views == 2
    # after the flush the same figures come from the database, not twice
    assert (counter.today(start), counter.total(), counter.page_views(article.pk)) == (2, 2, 2)
    assert counter.flush() == 0


def test_redis_visit_gap_is_thirty_minutes(counter):
    now = datetime.now(UTC)
    visitor = visitor_hash("c", BROWSER, now)
    assert counter.hit(visitor, now) is True
    key = counter._key("seen", visitor)
    ttl = counter.redis.pttl(key)
    assert 29 * 60 * 1000 < ttl <= 30 * 60 * 1000
    counter.redis.delete(key)  # what 30 minutes of silence does
    assert counter.hit(visitor, now + timedelta(minutes=31)) is True


def test_redis_a_view_counted_late_does_not_move_the_visitor_back(counter):
    now = datetime.now(UTC)
    visitor = visitor_hash("late", BROWSER, now)
    assert counter.hit(visitor, now) is True
    assert counter.hit(visitor, now - timedelta(minutes=40)) is False  # read from nginx's log
    assert counter.online(now + timedelta(minutes=4)) == 1  # still seen at `now`


def test_an_app_crash_loses_nothing_and_losing_redis_loses_only_what_waited(counter):
    now = datetime.now(UTC)
    for n in range(5):
        counter.hit(visitor_hash(f"v{n}", BROWSER, now), now)
    counter.flush()
    for n in range(3):
        counter.hit(visitor_hash(f"w{n}", BROWSER, now), now)
    # an app server dies: a new process, a new counter object, finds every count in Redis
    survivor = RedisCounter(counter.redis)
    assert survivor.total() == 8
    # Redis dies: only what had not been flushed yet is gone
    counter.redis.flushdb()
    assert RedisCounter(counter.redis).total() == 5 and DailyCount.objects.get().visits == 5


def test_redis_counts_a_buffer_of_views_at_once(counter, make_article):
    article = make_article()
    now = datetime.now(UTC)
    first, second = (visitor_hash(name, BROWSER, now) for name in "de")
    hits = [(first, now, article.pk), (second, now, None), (first, now, article.pk)]
    assert counter.hit_many(hits) == 2
    assert (counter.today(now), counter.page_views(article.pk), counter.online(now)) == (2, 2, 2)
    assert counter.flush() == 3
