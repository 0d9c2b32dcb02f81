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
                       "uri": uri, "type": content_type}, ensure_ascii=False) + "\n"


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


def test_two_readers_of_one_log_never_count_a_line_twice(tmp_path, make_article, monkeypatch):
    from visits import proxy_log

    article = make_article()
    log = tmp_path / "reads.log"
    log.write_text(line(article.pk) * 4)
    real = proxy_log._count

    def raced(position, lines, end):  # another reader counts the same lines first
        ProxyLogPosition.objects.filter(pk=position.pk).update(offset=end)
        return real(position, lines, end)
    monkeypatch.setattr(proxy_log, "_count", raced)
    assert count_new_reads(log, host="web1") == 0
    monkeypatch.undo()
    assert count_new_reads(log, host="web1") == 0 and views() == 0


def test_the_old_log_is_read_until_nginx_writes_the_new_one(tmp_path, make_article):
    article = make_article()
    log = tmp_path / "reads.log"
    log.write_text(line(article.pk))
    assert count_new_reads(log, host="web1") == 1
    os.rename(log, f"{log}.1")
    log.write_text("")  # logrotate's `create`; nginx still writes to the old file
    assert count_new_reads(log, host="web1") == 0
    with open(f"{log}.1", "a") as old:
        old.write(line(article.pk))
    assert count_new_reads(log, host="web1") == 1
    log.write_text(line(article.pk))  # nginx reopened its log
    assert count_new_reads(log, host="web1") == 1 and views() == 3


def test_a_reader_is_the_same_visitor_through_nginx_and_through_the_app(settings, tmp_path,
                                                                          make_article):
    from django.utils import timezone

    from visits.counters import visitor_hash
    from visits.middleware import address_from
    from visits.proxy_log import read_of

    settings.VISITS_TRUST_X_FORWARDED_FOR = True
    agent = "Mozilla/5.0 Cốc Cốc/120"  # as nginx writes it: its bytes, UTF-8
    raw = line(1, agent=agent, addr="10.0.0.2").replace('"xff": ""',
                                                        '"xff": "198.51.100.4, 10.0.0.2"')
    seen = read_of(raw.encode().decode("latin-1"))
    moment = seen[1]
    as_the_app = visitor_hash(address_from({"HTTP_X_FORWARDED_FOR": "198.51.100.4, 10.0.0.2",
                                            "REMOTE_ADDR": "10.0.0.9"}),
                              agent.encode().decode("latin-1"), moment)
    assert seen[0] == as_the_app and timezone.is_aware(moment)
