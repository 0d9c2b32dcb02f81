"""Two app servers sharing one database and one Redis, each with its own var directory and its
own scheduler, as README's deployment runs them (issue 13): the scheduler publishes and
withdraws a page once, not once per server; the flush of view counts from Redis runs once per
cluster (a Redis lock), and every read on either server is counted exactly once; a
publication on one server shows on the other at the next request (the page cache is shared).

Runs on the database of the run: one SQLite file for both (one machine), or a fresh
PostgreSQL database beside DATABASE_URL's."""

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from .servers import ROOT, fresh_database, gunicorn, install_site, manage, server_env
from .test_counting_server import redis_available
from .test_scheduler_process import SCHEDULE, STATE

REDIS_DB = 12
ARTICLE = "/tin-tuc/tin-hoat-dong/tin-doc-o-hai-may/"
SETUP = (
    "from news.models import HomePage, NewsArticlePage, NewsCategoryPage; "
    "home = HomePage.objects.get(); "
    "root = home.add_child(instance=NewsCategoryPage(title='Tin tức', slug='tin-tuc')); "
    "root.save_revision().publish(); "
    "c = root.add_child(instance=NewsCategoryPage(title='Tin hoạt động', slug='tin-hoat-dong')); "
    "c.save_revision().publish(); "
    "a = c.add_child(instance=NewsArticlePage(title='Tin đọc ở hai máy', "
    "slug='tin-doc-o-hai-may')); a.save_revision().publish(); print(a.pk)")
COUNTS = ("import json; from django.db.models import Sum; "
          "from visits.models import PageViewCount; "
          "print(json.dumps(PageViewCount.objects.filter(page_id={pk})"
          ".aggregate(s=Sum('views'))['s'] or 0))")
FLUSHED = re.compile(r"visit counts flushed from Redis: (\d+) page views")


@pytest.fixture
def shared(tmp_path):
    """(environment of server A, of server B): one database, one Redis, two var folders."""
    if not redis_available():
        pytest.skip("no Redis on 127.0.0.1:6379")
    import redis

    with fresh_database(tmp_path, "vnportal_cluster") as database:
        client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
        client.flushdb()
        common = {"DATABASE_URL": database, "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
                  "VISITS_FLUSH_SECONDS": "1", "CACHE_KEY_PREFIX": "cluster-test"}
        envs = []
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            envs.append(server_env(tmp_path / name, **common))
        install_site(envs[0], demo=False)
        yield envs, tmp_path
        client.flushdb()


def get(url, agent):
    try:
        with urllib.request.urlopen(urllib.request.Request(
                url, headers={"User-Agent": agent}), timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_two_app_servers_share_the_scheduler_the_flush_and_the_page_cache(shared):
    (env_a, env_b), var = shared
    article_pk = int(manage(env_a, "shell", "-c", SETUP).stdout.strip().splitlines()[-1])
    reads, seen_on, schedulers = 0, {}, []
    listing = "/tin-tuc/tin-hoat-dong/"
    try:
        with gunicorn(env_a, var / "a") as url_a, gunicorn(env_b, var / "b") as url_b:
            # live from 6 s to 24 s from now (a round of reads takes seconds on a loaded
            # machine: a shorter window can pass unseen); each server runs a scheduler
            scheduled_pk = int(manage(env_a, "shell", "-c", SCHEDULE.replace(
                "seconds=4", "seconds=6").replace("seconds=9", "seconds=24"))
                .stdout.strip().splitlines()[-1])
            schedulers = [subprocess.Popen(
                [sys.executable, "manage.py", "run_scheduler", "--interval", "0.5"], cwd=ROOT,
                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                for env in (env_a, env_b)]

            def listed():
                return ["Thông báo hẹn giờ" in get(url + listing, "curl/8")[1]
                        for url in (url_a, url_b)]

            started = time.monotonic()
            with ThreadPoolExecutor(8) as pool:  # readers on both servers meanwhile
                while "gone" not in seen_on and time.monotonic() - started < 60:
                    agents = [f"Mozilla/5.0 Chrome/126 reader-{n % 5}" for n in range(40)]
                    urls = [(url_a if n % 2 else url_b) + ARTICLE for n in range(40)]
                    assert [status for status, _html in pool.map(get, urls, agents)] == \
                        [200] * 40
                    reads += 40
                    # the listing, on both servers: the same at the same moment
                    shown = listed()
                    if any(shown) and not all(shown):
                        # the scheduled moment may have come between the two reads: a server
                        # that keeps an old listing would still show it when asked again
                        shown = listed()
                    if any(shown):
                        assert all(shown), "a publication shows on one server only"
                        seen_on.setdefault("live", time.monotonic() - started)
                    elif "live" in seen_on:
                        seen_on["gone"] = time.monotonic() - started
            elapsed = time.monotonic() - started
            assert set(seen_on) == {"live", "gone"}, seen_on
            time.sleep(1.2)  # past the flush lock: the next read flushes what waits
            assert get(url_b + ARTICLE, "Mozilla/5.0 Chrome/126 last")[0] == 200
            reads += 1
        logs = [log.read_text() for folder in (var / "a", var / "b")
                for log in folder.glob("gunicorn-*.log")]
    finally:
        for process in schedulers:
            process.terminate()
        outputs = [process.communicate(timeout=30)[0] for process in schedulers]
    # the scheduler: published once and withdrawn once, though each server ran one
    current = json.loads(manage(env_b, "shell", "-c", STATE.format(pk=scheduled_pk))
                         .stdout.strip().splitlines()[-1])
    assert current["expired"] and not current["live"], (current, outputs)
    assert current["actions"] == ["wagtail.create", "wagtail.publish.schedule",
                                  "wagtail.publish.scheduled",
                                  "wagtail.unpublish.scheduled"], current["actions"]
    assert not any("Traceback" in output for output in outputs), outputs
    # the flush: every read counted once, moved by at most one flush a second for the whole
    # cluster (each server flushing on its own would make about twice as many)
    flushes = [int(moved) for log in logs for moved in FLUSHED.findall(log)]
    assert 2 <= len(flushes) <= elapsed + 3, (flushes, elapsed)
    assert not any("Traceback" in log for log in logs), logs
    counted = json.loads(manage(env_a, "shell", "-c", COUNTS.format(pk=article_pk))
                         .stdout.strip().splitlines()[-1])
    assert counted == sum(flushes) == reads, (counted, flushes, reads)
