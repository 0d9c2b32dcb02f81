"""N concurrent requests to a real gunicorn server raise the counters by exactly N.

Runs on the database of the run: SQLite (a file) in the plain run; PostgreSQL when
DATABASE_URL points to one (a fresh database is made beside it and dropped afterwards)."""

import http.client
import json
import os
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from .servers import (create_database, drop_database, gunicorn, install_site, manage,
                      server_env)

REQUESTS = 2000
CLIENTS = 16
VISITORS = 4  # each browser is used by several clients at once: a visit must still count once
ARTICLE = "/tin-tuc/tin-hoat-dong/hau-giang-hoc-tap-quan-triet-nghi-quyet-dai-hoi-dang-bo-tinh-lan-thu-xiv/"
READ_COUNTS = ("import json; from django.db.models import Sum; "
               "from visits.models import DailyCount, PageViewCount; "
               "print(json.dumps({'visits': DailyCount.objects.aggregate(s=Sum('visits'))['s'] or 0,"
               " 'views': DailyCount.objects.aggregate(s=Sum('page_views'))['s'] or 0,"
               " 'article': PageViewCount.objects.filter(page__url_path__endswith="
               "'hau-giang-hoc-tap-quan-triet-nghi-quyet-dai-hoi-dang-bo-tinh-lan-thu-xiv/')"
               ".aggregate(s=Sum('views'))['s'] or 0}))")


@pytest.fixture(scope="module")
def database_url():
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        yield None  # SQLite: the server makes its own file
        return
    server = base.rsplit("/", 1)[0]
    name = f"vnportal_count_{uuid.uuid4().hex[:8]}"
    create_database(server, name)
    yield f"{server}/{name}"
    drop_database(server, name)


def redis_available():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


# The database pass of CI counts in the database; the SQLite pass also counts through Redis.
BACKENDS = ["database"] + ([] if os.environ.get("DATABASE_URL") else ["redis"])


@pytest.mark.parametrize("backend", BACKENDS)
def test_concurrent_requests_are_all_counted(tmp_path, database_url, backend):
    extra = {"DATABASE_URL": database_url} if database_url else {}
    if backend == "redis":
        if not redis_available():
            pytest.skip("no Redis on 127.0.0.1:6379")
        import redis

        redis.Redis(host="127.0.0.1", port=6379, db=13).flushdb()
        extra.update(REDIS_URL="redis://127.0.0.1:6379/13", VISITS_FLUSH_SECONDS="1")
    env = server_env(tmp_path, **extra)
    install_site(env, static=True)
    before = json.loads(manage(env, "shell", "-c", READ_COUNTS).stdout.strip().splitlines()[-1])
    agents = [f"Mozilla/5.0 (Windows NT 10.0) Chrome/126 kiemthu-{n}" for n in range(VISITORS)]

    with gunicorn(env, tmp_path, workers=2) as url:
        def read(n):
            request = urllib.request.Request(url + ARTICLE,
                                             headers={"User-Agent": agents[n % VISITORS]})
            with urllib.request.urlopen(request, timeout=60) as response:
                assert response.status == 200 and "X-Page-Id" not in response.headers
                return len(response.read())

        with ThreadPoolExecutor(CLIENTS) as pool:
            sizes = list(pool.map(read, range(REQUESTS)))
    assert len(sizes) == REQUESTS and all(sizes)

    if backend == "redis":  # what still waits in Redis goes to the database, as it would later
        manage(env, "shell", "-c", "from visits.counters import get_counter; get_counter().flush()")
    after = json.loads(manage(env, "shell", "-c", READ_COUNTS).stdout.strip().splitlines()[-1])
    assert after["views"] - before["views"] == REQUESTS
    assert after["article"] - before["article"] == REQUESTS
    assert after["visits"] - before["visits"] == VISITORS


def test_a_hard_crash_loses_at_most_the_requests_in_flight(tmp_path):
    """SIGKILL the whole server in the middle of a load: every page a reader received was
    counted (the database implementation commits before answering), and nothing more than was
    asked for."""
    import signal
    import subprocess
    import threading

    env = server_env(tmp_path)
    install_site(env, static=True)
    before = json.loads(manage(env, "shell", "-c", READ_COUNTS).stdout.strip().splitlines()[-1])
    sent, received, lock = [0], [0], threading.Lock()

    with gunicorn(env, tmp_path, workers=2) as url:
        stop = threading.Event()

        def reader(n):
            while not stop.is_set():
                with lock:
                    sent[0] += 1
                try:
                    request = urllib.request.Request(
                        url + ARTICLE, headers={"User-Agent": f"Mozilla/5.0 Chrome/126 r{n}"})
                    with urllib.request.urlopen(request, timeout=10) as response:
                        response.read()
                    with lock:
                        received[0] += 1
                except (OSError, http.client.HTTPException):  # the server was killed mid-page
                    return

        threads = [threading.Thread(target=reader, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 120
        while received[0] < 300:
            assert time.monotonic() < deadline, f"only {received[0]} of 300 pages read in 120 s"
            assert any(thread.is_alive() for thread in threads), (
                f"every reader stopped after {received[0]} pages: {url + ARTICLE} fails")
            time.sleep(0.05)
        pids = subprocess.run(["pgrep", "-f", f"gunicorn vnportal.wsgi --bind {url[7:]}"],
                              capture_output=True, text=True).stdout.split()
        assert len(pids) >= 3  # the master and its two workers
        for pid in pids:
            os.kill(int(pid), signal.SIGKILL)
        stop.set()
        for thread in threads:
            thread.join(timeout=20)

    after = json.loads(manage(env, "shell", "-c", READ_COUNTS).stdout.strip().splitlines()[-1])
    counted = after["views"] - before["views"]
    assert received[0] >= 300
    assert received[0] <= counted <= sent[0], (received[0], counted, sent[0])
