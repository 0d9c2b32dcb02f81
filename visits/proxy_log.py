"""Counting the pages a proxy answered from its own cache (the nginx recipe, deploy/nginx/):
Django never saw those requests, so nginx writes one JSON line for each to a log of its own,
and `manage.py count_proxy_reads` adds them to the counters, as the middleware would have.

Each batch of lines is counted in one database transaction with the position reached in the
log (visits.models.ProxyLogPosition), so a line is counted once even if the counting is killed
at any moment. A log rotated away (renamed, then reopened by nginx) is read to its end first."""

import json
import os
import socket
from datetime import datetime
from datetime import timezone as dt_timezone

from django.db import transaction

from .counters import BufferedCounter, get_counter, visitor_hash
from .middleware import address_from, is_read
from .models import ProxyLogPosition

# what nginx's $upstream_cache_status says of an answer from its cache (the others reached the
# app, which counted them)
FROM_CACHE = {"HIT", "STALE", "UPDATING"}
BATCH = 5000


def read_of(line):
    """(visitor hash, moment, page id or None) of one log line, or None when it is not a read
    the site counts (a bot, a feed, an answer the app gave) or not a line of ours."""
    try:
        entry = json.loads(line)
        moment = datetime.fromtimestamp(float(entry["t"]), dt_timezone.utc)
        agent, path = entry["ua"], entry["uri"]
        # as the app reads it from what nginx passes on (X-Forwarded-For, nginx's address)
        address = address_from({"REMOTE_ADDR": entry["addr"],
                                "HTTP_X_FORWARDED_FOR": entry.get("xff", "")})
    except (ValueError, KeyError, TypeError, OverflowError):
        return None
    if (entry.get("cache") not in FROM_CACHE or entry.get("method") != "GET"
            or entry.get("status") != "200"
            or not str(entry.get("type", "")).startswith("text/html")
            or not is_read(path, agent)):
        return None
    page = str(entry.get("page", ""))
    return visitor_hash(address, agent, moment), moment, int(page) if page.isdigit() else None


class Moved(Exception):
    """Another reader of the same log moved the position meanwhile."""


def _counter():
    counter = get_counter()
    return counter.counter if isinstance(counter, BufferedCounter) else counter


def _count(position, lines, end):
    """Count `lines` (from the position to `end` in the log) and move the position to `end`,
    only if nobody moved it meanwhile: two readers of one log never count a line twice. With the
    database counter both are one transaction; with Redis the counts go to Redis first, so a
    crash between the two would count that batch again (never lose it)."""
    from wagtail.models import Page

    from core.tree import site_id_of_path

    reads = [read for read in map(read_of, lines) if read is not None]
    pages = {page for _v, _m, page in reads if page is not None}
    known = dict(Page.objects.filter(pk__in=pages).values_list("pk", "path")) if pages else {}
    # a page deleted since counts as no page; the site is the page's (nginx's log names none)
    reads = [(visitor, moment, page if page in known else None,
              site_id_of_path(known[page]) if page in known else None)
             for visitor, moment, page in reads]
    counter = _counter()
    with transaction.atomic():
        _move(position, position.inode, end)
        if reads:
            counter.hit_many(reads)
    return len(reads)


def _move(position, inode, offset):
    """Move the position to (inode, offset), only from where it was read: Moved when another
    reader of the log moved it meanwhile."""
    if not ProxyLogPosition.objects.filter(pk=position.pk, inode=position.inode,
                                           offset=position.offset).update(inode=inode,
                                                                          offset=offset):
        raise Moved()
    position.inode, position.offset = inode, offset


def _read_from(position, path):
    """Count the complete lines of `path` after the position; how many reads."""
    counted = 0
    with open(path, "rb") as log:
        log.seek(position.offset)
        while True:
            chunk = log.readlines(BATCH * 400)
            if not chunk:
                return counted
            if not chunk[-1].endswith(b"\n"):  # a line nginx is still writing
                chunk.pop()
                if not chunk:
                    return counted
            end = position.offset + sum(len(line) for line in chunk)
            # latin-1: a User-Agent's bytes as the WSGI server gives them to the app, so that
            # a reader's hash is the same whoever answered
            counted += _count(position, [line.decode("latin-1") for line in chunk], end)
            log.seek(end)


def count_new_reads(path, host=None):
    """Count what the proxy's log at `path` holds beyond the last position; how many reads.
    `host` names the log's machine (its host name by default; give a stable one in a
    container)."""
    host = host or socket.gethostname()
    position, _created = ProxyLogPosition.objects.get_or_create(host=host, path=str(path))
    try:
        inode = os.stat(path).st_ino
    except FileNotFoundError:
        return 0
    counted = 0
    try:
        if position.inode and position.inode != inode:  # rotated: finish the old file first
            rotated = f"{path}.1"
            if os.path.exists(rotated) and os.stat(rotated).st_ino == position.inode:
                counted += _read_from(position, rotated)
                if os.path.getsize(path) == 0:  # nginx may still write to the old one
                    return counted
            _move(position, inode, 0)
        elif not position.inode or position.offset > os.path.getsize(path):  # new, truncated
            _move(position, inode, 0)
        return counted + _read_from(position, path)
    except Moved:  # another reader is at it: the next reading starts from where it got
        return counted
