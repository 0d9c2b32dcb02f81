"""Throughput and latency of the public pages under gunicorn, on the demo site.

Usage: python bench/pages.py [--requests 600] [--concurrency 8] [--workers 2]
Builds the demo site in a temporary SQLite file (DATABASE_URL is honoured when set), serves it
with gunicorn (DEBUG off), fires requests from threads on this machine and prints, per page,
requests per second, median and 95th-percentile latency and the response size."""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "home": "/",
    "category": "/tin-tuc/",
    "article": "/tin-tuc/tin-hoat-dong/hau-giang-hoc-tap-quan-triet-nghi-quyet-dai-hoi-dang-bo-tinh-lan-thu-xiv/",
    "tag": "/the/nong-nghiep/",
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vnportal.settings.dev", "DEBUG": "0",
           "VNPORTAL_VAR_DIR": str(var)}
    python = sys.executable
    for command in (["migrate", "--no-input"], ["load_demo"],
                    ["collectstatic", "--no-input", "--verbosity", "0"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [str(Path(python).parent / "gunicorn"), "vnportal.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--log-level", "warning"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                fetch(base + "/")
                break
            except OSError:
                time.sleep(0.2)
        print(f"gunicorn, {args.workers} workers, {args.concurrency} concurrent clients, "
              f"{args.requests} requests per page, database: "
              f"{'DATABASE_URL' if os.environ.get('DATABASE_URL') else 'SQLite'}")
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
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
