"""A flood of one public form from one address, and what readers meet meanwhile.

One machine sends 1,000 questions to /hoi-dap/dat-cau-hoi/ as fast as 4 connections allow,
from one address: the first ones with CAPTCHA solutions found beforehand at the production
difficulty (a robot that pays for them), the rest replaying those solutions or sending none
(what a robot sends for free). Meanwhile 4 readers fetch an article and the Q&A list. Printed:
how many questions were stored (at most the per-address limit), the answers the flood got, the
server's CPU per flood request, and the readers' latency with and without the flood.

Usage: python bench/forms_flood.py [--flood 1000] [--solved 40] [--seconds 8] [--redis]
Uses a temporary SQLite file, or the database of DATABASE_URL (a fresh one beside it); with
--redis the limits count in Redis (REDIS_URL or redis://127.0.0.1:6379/8)."""

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import create_database, gunicorn, manage, server_env  # noqa: E402

ARTICLE = "/tin-tuc/tin-hoat-dong/hau-giang-hoc-tap-quan-triet-nghi-quyet-dai-hoi-dang-bo-tinh-lan-thu-xiv/"
READ_PATHS = [ARTICLE, "/hoi-dap/"]


def solve(challenge):
    import altcha

    made = altcha.Challenge.from_dict(challenge)
    return altcha.Payload(made, altcha.solve_challenge(made)).to_base64()


def get(url, agent="bench-reader"):
    request = urllib.request.Request(url, headers={"User-Agent": agent})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def post(url, fields):
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=body, headers={"User-Agent": "bench-flood"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def server_cpu(port):
    """Seconds of CPU used so far by the processes serving `port`."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if f"127.0.0.1:{port}".encode() not in cmdline:
                continue
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except OSError:
            continue
    return total


def read_while(url, stop, latencies, agent):
    n = 0
    while not stop.is_set():
        started = time.perf_counter()
        get(url + READ_PATHS[n % len(READ_PATHS)], agent)
        latencies.append(time.perf_counter() - started)
        n += 1


def readers(url, seconds, count=4):
    stop, latencies = threading.Event(), []
    threads = [threading.Thread(target=read_while, args=(url, stop, latencies, f"reader-{n}"))
               for n in range(count)]
    for thread in threads:
        thread.start()
    return stop, threads, latencies


def summary(latencies):
    ordered = sorted(latencies)
    return (len(ordered), statistics.median(ordered) * 1000,
            ordered[int(len(ordered) * 0.95)] * 1000)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--flood", type=int, default=1000)
    parser.add_argument("--solved", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--redis", action="store_true")
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="vnportal-bench-flood-"))
    env = server_env(var)
    if os.environ.get("DATABASE_URL"):  # a fresh database beside the one named
        server, _slash, _name = os.environ["DATABASE_URL"].rpartition("/")
        create_database(server, "vnportal_bench_flood")
        env["DATABASE_URL"] = f"{server}/vnportal_bench_flood"
    if args.redis:
        env["REDIS_URL"] = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/8")
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    for command in (["migrate", "--no-input"], ["load_demo"],
                    ["collectstatic", "--no-input", "--verbosity", "0"]):
        manage(env, *command)
    section = json.loads(manage(env, "shell", "-c", (
        "import json; from qa.models import QuestionIndexPage; "
        "print(json.dumps(QuestionIndexPage.objects.get().pk))")).stdout.strip().splitlines()[-1])
    store = "Redis" if args.redis else ("PostgreSQL" if env.get("DATABASE_URL") else "SQLite")

    with gunicorn(env, var, workers=2) as url:
        port = url.rsplit(":", 1)[1]
        for path in READ_PATHS:
            get(url + path)
        started = time.perf_counter()
        challenges = [json.loads(get(url + "/bieu-mau/thu-thach/")) for _ in range(args.solved)]
        with ProcessPoolExecutor() as pool:
            solutions = list(pool.map(solve, challenges))
        solving = time.perf_counter() - started

        stop, threads, idle = readers(url, args.seconds)
        time.sleep(args.seconds)
        stop.set()
        for thread in threads:
            thread.join()

        fields = {"name": "Máy gửi tự động", "phone": "", "address": "", "name_shown": "none",
                  "field": "khac", "title": "Flood", "body": "Câu hỏi lặp lại.",
                  "consent": "on"}

        def flood(n):
            payload = solutions[n % len(solutions)] if n % 3 else ""
            return post(url + f"/bieu-mau/{section}/dat-cau-hoi/",
                        {**fields, "email": f"may{n}@example.vn", "altcha": payload})

        stop, threads, during = readers(url, 0)
        cpu, wall = server_cpu(port), time.perf_counter()
        with ThreadPoolExecutor(4) as pool:
            statuses = Counter(pool.map(flood, range(args.flood)))
        flood_seconds, flood_cpu = time.perf_counter() - wall, server_cpu(port) - cpu
        stop.set()
        for thread in threads:
            thread.join()
    stored = manage(env, "shell", "-c", (
        "from qa.models import Question; "
        "print(Question.objects.filter(title='Flood').count())")).stdout.strip().splitlines()[-1]

    print(f"public form flood, {store} limits, gunicorn 2 workers")
    print(f"  {args.solved} CAPTCHA solutions found beforehand at the production difficulty in "
          f"{solving:.1f} s ({os.cpu_count()} processes)")
    print(f"  {args.flood} questions from one address in {flood_seconds:.1f} s "
          f"({args.flood / flood_seconds:.0f}/s): answers {dict(sorted(statuses.items()))}; "
          f"stored {stored}")
    print(f"  server CPU per flood request (readers' requests included): "
          f"{flood_cpu / args.flood * 1000:.2f} ms")
    for label, latencies in (("readers, no flood ", idle), ("readers, the flood", during)):
        count, p50, p95 = summary(latencies)
        print(f"  {label}: {count} pages, p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
