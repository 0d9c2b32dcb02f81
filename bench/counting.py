"""What counting visits costs: the throughput of the counter alone, and a page view with and
without counting under gunicorn.

Usage: python bench/counting.py [--hits 5000] [--requests 600]
Uses a temporary SQLite file, or the database of DATABASE_URL (a fresh one beside it)."""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import gunicorn, manage, server_env  # noqa: E402

ARTICLE = "/tin-tuc/tin-hoat-dong/hau-giang-hoc-tap-quan-triet-nghi-quyet-dai-hoi-dang-bo-tinh-lan-thu-xiv/"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126 do-dem-{n}"


def counter_alone(env, hits, threads):
    """hits/s of DatabaseCounter.hit in this process, one thread and several."""
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from visits.counters import DatabaseCounter, visitor_hash

    counter, now = DatabaseCounter(), timezone.now()
    visitors = [visitor_hash(f"10.0.0.{n}", BROWSER.format(n=n), now) for n in range(100)]

    start = time.perf_counter()
    for n in range(hits):
        counter.hit(visitors[n % 100], now)
    single = hits / (time.perf_counter() - start)

    def work(offset):
        for n in range(hits // threads):
            counter.hit(visitors[(n + offset) % 100], now)
        connection.close()

    start = time.perf_counter()
    pool = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    parallel = (hits // threads * threads) / (time.perf_counter() - start)
    return single, parallel


def redis_counter_cost(hits):
    """ms of CPU (this process) and of wall time per RedisCounter.hit and per buffered hit,
    or None without a Redis on 127.0.0.1:6379 (uses its database 9, emptied)."""
    import redis

    from django.utils import timezone

    from visits.counters import BufferedCounter, RedisCounter, visitor_hash

    client = redis.Redis(host="127.0.0.1", port=6379, db=9)
    try:
        client.flushdb()
    except redis.RedisError:
        return None
    counter, now = RedisCounter(client), timezone.now()
    visitors = [visitor_hash(f"10.0.0.{n}", BROWSER.format(n=n), now) for n in range(100)]
    figures = []
    for each in (counter, BufferedCounter(counter, 3600)):
        cpu, wall = time.process_time(), time.perf_counter()
        for n in range(hits):
            each.hit(visitors[n % 100], now, page_id=1)
        if isinstance(each, BufferedCounter):
            each.flush_buffer()  # its one pipeline, in the cost
        figures += [(time.process_time() - cpu) / hits * 1000,
                    (time.perf_counter() - wall) / hits * 1000]
    client.flushdb()
    return figures


def page_rate(env, var, requests, clients):
    with gunicorn(env, var, workers=2) as url:
        def fetch(n):
            request = urllib.request.Request(url + ARTICLE,
                                             headers={"User-Agent": BROWSER.format(n=n % 50)})
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
            return time.perf_counter() - started

        for n in range(20):
            fetch(n)
        start = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            latencies = sorted(pool.map(fetch, range(requests)))
        elapsed = time.perf_counter() - start
    return requests / elapsed, statistics.median(latencies) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hits", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="vnportal-bench-counting-"))
    env = server_env(var)
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    database = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"

    with_counting = page_rate(env, var, args.requests, args.clients)
    without = page_rate({**env, "VISITS_ENABLED": "0"}, var, args.requests, args.clients)
    single, parallel = counter_alone(env, args.hits, 4)
    on_redis = redis_counter_cost(args.hits)
    print(f"counting, {database}")
    print(f"  counter alone: {single:8.0f} hits/s in one thread ({1e6 / single:.0f} µs a hit), "
          f"{parallel:.0f} hits/s in 4 threads")
    if on_redis:
        print(f"  Redis counter alone: {on_redis[0]:.3f} ms of CPU ({on_redis[1]:.3f} ms of wall "
              f"time) a hit; buffered: {on_redis[2]:.4f} ms of CPU a hit")
    print(f"  article page, gunicorn 2 workers, {args.clients} clients, {args.requests} requests:")
    print(f"    with counting    {with_counting[0]:7.1f} req/s, p50 {with_counting[1]:6.1f} ms")
    print(f"    without counting {without[0]:7.1f} req/s, p50 {without[1]:6.1f} ms")
    print(f"    counting adds {1000 / with_counting[0] - 1000 / without[0]:+.2f} ms of server "
          f"time per page view ({with_counting[0] / without[0]:.2f}× the throughput)")


if __name__ == "__main__":
    main()
