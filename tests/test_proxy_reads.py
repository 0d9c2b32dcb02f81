"""Reads nginx answered from its own cache are counted from its log, each once (visits.proxy_log)."""

import json
import os

import pytest

from visits.counters import DatabaseCounter
from visits.models import DailyCount, ProxyLogPosition
from visits.proxy_log import count_new_reads

BROWSER = "Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"


def line(page=None, cache="HIT", agent=BROWSER, addr="203.0.113.9", uri="/tin-tuc/a/",
         content_type="text/html; charset=utf-8", status="200", method="GET", t=1780000000.5):
    return json.dumps({"t": str(t), "cache": cache, "method": method, "status": status,
                       "page": str(page or ""), "addr": addr, "xff": "", "ua": agent,
                       "uri": uri, "type": content_type}) + "\n"


def views():
    row = DailyCount.objects.first()
    return row.page_views if row else 0


def test_what_nginx_served_from_its_cache_is_counted_once(tmp_path, make_article):
    article = make_article()
    log = tmp_path / "reads.log"
    log.write_text(
        line(article.pk) + line(article.pk, addr="203.0.113.10")
        + line(article.pk, cache="MISS")  # the app answered and counted it
        + line(article.pk, agent="Googlebot/2.1")  # a bot
        + line(content_type="application/rss+xml")  # a feed
        + line(status="304") + "not json\n" + line(uri="/static/x.css")
        + line(article.pk, cache="STALE") + line(article.pk)[:40])  # the last: being written
    assert count_new_reads(log, host="web1") == 3
    assert DatabaseCounter().page_views(article.pk) == 3 and views() == 3
    assert DailyCount.objects.get().visits == 2  # two visitors
    assert count_new_reads(log, host="web1") == 0  # nothing twice
    with open(log, "a") as out:  # the line finished, and one more
        out.write(line(article.pk)[40:] + line(article.pk, addr="203.0.113.11"))
    assert count_new_reads(log, host="web1") == 2 and views() == 5
    assert count_new_reads(log, host="web2") == 5  # another host keeps its own position


def test_a_rotated_log_is_read_to_its_end_and_a_deleted_page_still_counts(tmp_path,
                                                                          make_article):
    article = make_article()
    log = tmp_path / "reads.log"
    log.write_text(line(article.pk))
    assert count_new_reads(log, host="web1") == 1
    with open(log, "a") as out:
        out.write(line(article.pk) + line(999999))  # a page deleted since
    os.rename(log, f"{log}.1")  # logrotate, then nginx reopens its log
    log.write_text(line(article.pk))
    assert count_new_reads(log, host="web1") == 3
    assert DatabaseCounter().page_views(article.pk) == 3 and views() == 4
    position = ProxyLogPosition.objects.get(host="web1")
    assert (position.inode, position.offset) == (os.stat(log).st_ino, log.stat().st_size)


def test_a_failed_count_keeps_its_lines_for_the_next_reading(tmp_path, make_article,
                                                             monkeypatch):
    from django.db import DatabaseError

    article = make_article()
    log = tmp_path / "reads.log"
    log.write_text(line(article.pk) * 3)

    def broken(self, hits):
        raise DatabaseError("database is locked")
    monkeypatch.setattr(DatabaseCounter, "hit_many", broken)
    with pytest.raises(DatabaseError):
        count_new_reads(log, host="web1")
    monkeypatch.undo()
    assert count_new_reads(log, host="web1") == 3 and views() == 3
