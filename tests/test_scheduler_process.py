"""The scheduler as `make run` and production start it: a process of its own that publishes a
page when its time comes and withdraws it at expiry, with nobody running a command. Two copies
at once do not publish twice.

Runs on the database of the run: SQLite (a file) in the plain run; PostgreSQL (a fresh database
beside DATABASE_URL's, where the advisory lock is what keeps two copies apart) in the other."""

import json
import subprocess
import sys
import time

import pytest

from .servers import ROOT, fresh_database, install_site, manage, server_env

SCHEDULE = """
from datetime import timedelta
from django.utils import timezone
from news.models import NewsArticlePage, NewsCategoryPage
category = NewsCategoryPage.objects.get(slug="tin-hoat-dong")
now = timezone.now()
article = NewsArticlePage(title="Thông báo hẹn giờ", published_at=now,
                          go_live_at=now + timedelta(seconds=4),
                          expire_at=now + timedelta(seconds=9))
category.add_child(instance=article)
article.save_revision().publish()  # scheduled: approved, waiting for go_live_at
print(article.pk)
"""
STATE = """
import json
from wagtail.models import PageLogEntry
from news.models import NewsArticlePage
from search.models import SearchDocument
page = NewsArticlePage.objects.get(pk={pk})
print(json.dumps({{"live": page.live, "expired": page.expired,
                  "indexed": SearchDocument.objects.filter(page=page).exists(),
                  "actions": list(PageLogEntry.objects.filter(page=page).order_by("pk")
                                  .values_list("action", flat=True))}}))
"""


@pytest.fixture
def env(tmp_path):
    with fresh_database(tmp_path, "vnportal_sched") as database:
        env = server_env(tmp_path, DATABASE_URL=database)
        install_site(env, demo=False)
        manage(env, "shell", "-c", "from news.models import HomePage, NewsCategoryPage; "
               "home = HomePage.objects.get(); "
               "root = home.add_child(instance=NewsCategoryPage(title='Tin tức', "
               "slug='tin-tuc')); root.save_revision().publish(); "
               "c = root.add_child(instance=NewsCategoryPage(title='Tin hoạt động', "
               "slug='tin-hoat-dong')); c.save_revision().publish()")
        yield env


def state(env, pk):
    out = manage(env, "shell", "-c", STATE.format(pk=pk)).stdout.strip().splitlines()[-1]
    return json.loads(out)


def test_the_scheduler_process_publishes_and_expires_on_time(env):
    pk = int(manage(env, "shell", "-c", SCHEDULE).stdout.strip().splitlines()[-1])
    assert state(env, pk)["live"] is False
    # two copies, as when every app server starts one
    schedulers = [subprocess.Popen([sys.executable, "manage.py", "run_scheduler", "--interval",
                                    "0.5"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            current = state(env, pk)  # each look takes a few seconds: the log tells the rest
            if current["expired"]:
                break
            time.sleep(0.5)
        assert current["expired"] and not current["live"], current
        assert not current["indexed"]  # withdrawn from the search too
        # published once and withdrawn once, though two schedulers were running
        assert current["actions"] == ["wagtail.create", "wagtail.publish.schedule",
                                      "wagtail.publish.scheduled",
                                      "wagtail.unpublish.scheduled"], current["actions"]
    finally:
        for process in schedulers:
            process.terminate()
        outputs = [process.communicate(timeout=30)[0] for process in schedulers]
    assert all(process.returncode == 0 for process in schedulers), outputs  # a clean stop
    assert not any("Traceback" in output for output in outputs), outputs
