"""Throughput and latency of the public pages under gunicorn, on the demo site.

Usage: python bench/pages.py [--requests 600] [--concurrency 8] [--workers 2]
Builds the demo site in a temporary SQLite file (DATABASE_URL is honoured when set), serves it
with gunicorn (DEBUG off), fires requests from threads on this machine and prints, per page,
requests per second, median and 95th-percentile latency and the response size."""

import argparse
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import gunicorn, manage, server_env  # noqa: E402

PAGES = {
    "home": "/",
    "category": "/tin-tuc/",
    "article": "/tin-tuc/tin-hoat-dong/hau-giang-hoc-tap-quan-triet-nghi-quyet-dai-hoi-dang-bo-tinh-lan-thu-xiv/",
    "tag": "/the/nong-nghiep/",
}


def fetch(url):
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read()
        assert response.status == 200, (url, response.status)
    return time.perf_counter() - start, len(body)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="vnportal-bench-"))
    env = server_env(var)
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    for command in (["migrate", "--no-input"], ["load_demo"],
                    ["collectstatic", "--no-input", "--verbosity", "0"]):
        manage(env, *command)
    with gunicorn(env, var, workers=args.workers) as base:
        print(f"gunicorn, {args.workers} workers, {args.concurrency} concurrent clients, "
              f"{args.requests} requests per page, database: "
              f"{'DATABASE_URL' if env.get('DATABASE_URL') else 'SQLite'}")
        print(f"{'page':10} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'KiB':>6}")
        for name, path in PAGES.items():
            for _ in range(20):  # warm up: renditions, caches, connections
                fetch(base + path)
            start = time.perf_counter()
            with ThreadPoolExecutor(args.concurrency) as pool:
                results = list(pool.map(fetch, [base + path] * args.requests))
            elapsed = time.perf_counter() - start
            latencies = sorted(seconds * 1000 for seconds, _ in results)
            p95 = latencies[int(len(latencies) * 0.95) - 1]
            print(f"{name:10} {args.requests / elapsed:8.1f} {statistics.median(latencies):8.1f} "
                  f"{p95:8.1f} {results[0][1] / 1024:6.1f}")


if __name__ == "__main__":
    main()
