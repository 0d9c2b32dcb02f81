"""Counting old addresses that are asked for but map to nothing, cheaply and within bounds.

Like the visit counter's buffer (visits.counters.BufferedCounter): a request adds to a dict in
this process, and every OLDURLS_HITS_FLUSH_SECONDS (10) the request that finds it due writes
the lot in one transaction of atomic upserts (`hits = hits + n`, never a read-modify-write),
so a flood costs no database write per request. Bounds, so that made-up addresses cannot grow
anything without limit:

- a process holds at most OLDURLS_HITS_BUFFER (1,000) distinct addresses between two writes;
  more new ones are dropped (the ones held keep counting);
- the table holds at most OLDURLS_UNMAPPED_MAX (10,000) rows: when full, the least useful
  rows (asked once, the oldest first) make room, a quarter of the cap at a time, so the
  addresses asked again and again stay while a flood of one-off ones churns among itself;
- an address longer than 2,000 characters, or holding a control character, is not counted.

A process killed outright loses at most its last few seconds of counts (they are diagnostics,
not statistics); the process writes what it holds when it exits normally."""

import atexit
import hashlib
import logging
import re
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from .models import UnmappedHit, max_unmapped

logger = logging.getLogger(__name__)
PATH_MAX = 2000
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

_pending = {}
_lock = threading.Lock()
_state = {"due": 0.0, "dropped": 0}


def flush_seconds():
    return float(getattr(settings, "OLDURLS_HITS_FLUSH_SECONDS", 10))


def buffer_size():
    return int(getattr(settings, "OLDURLS_HITS_BUFFER", 1000))


def hit_key(site_id, host, path):
    return hashlib.sha256(f"{site_id}|{host}|{path}".encode("utf-8", "surrogatepass")
                          ).hexdigest()


def count(site_id, host, path, mapping_key):
    """Count one request for the unmapped old address `path` (path and query as asked) on
    `host`, for the site `site_id`; `mapping_key` is the key an exact mapping of it would
    have (mapping it deletes the row). Written when due (see the module's docstring)."""
    if len(path) > PATH_MAX or CONTROL.search(path) or len(host) > 253:
        return
    key, now = hit_key(site_id, host, path), timezone.now()
    with _lock:
        entry = _pending.get(key)
        if entry is not None:
            entry[3] += 1
            entry[5] = now
        elif len(_pending) < buffer_size():
            _pending[key] = [site_id, host, path, 1, now, now, mapping_key]
        else:
            _state["dropped"] += 1
    if time.monotonic() >= _state["due"]:
        try:
            flush()
        except DatabaseError:  # the counts are kept for the next try, within the bound
            logger.exception("Unmapped old addresses could not be written")


def flush():
    """Write the counts this process holds; return how many addresses were written."""
    with _lock:
        taken = dict(_pending)
        _pending.clear()
        _state["due"] = time.monotonic() + flush_seconds()
        dropped, _state["dropped"] = _state["dropped"], 0
    if dropped:
        logger.warning("unmapped old addresses: %d new ones not counted (buffer full)", dropped)
    if not taken:
        return 0
    try:
        return _write(taken)
    except DatabaseError:
        with _lock:
            for key, entry in taken.items():
                if key not in _pending and len(_pending) < buffer_size():
                    _pending[key] = entry
        raise


def _write(taken):
    ops = connection.ops
    cap = max_unmapped()
    with transaction.atomic():
        known = set(UnmappedHit.objects.filter(key__in=list(taken))
                    .values_list("key", flat=True))
        new = [key for key in taken if key not in known]
        rows = UnmappedHit.objects.count()
        if new and rows + len(new) > cap:
            room_needed = rows + len(new) - cap + cap // 4
            # the least asked go first, the longest unseen among them: never none at all, so
            # a flood asked twice each cannot freeze the list against the addresses to come
            doomed = list(UnmappedHit.objects.exclude(key__in=list(taken))
                          .order_by("hits", "last_seen").values_list("pk", flat=True)
                          [:room_needed])
            UnmappedHit.objects.filter(pk__in=doomed).delete()
            rows -= len(doomed)
            new = new[:max(0, cap - rows)]
        written = 0
        with connection.cursor() as cursor:
            for key in [*known, *new]:
                site_id, host, path, hits, first, last, mapping_key = taken[key]
                cursor.execute(
                    "INSERT INTO oldurls_unmappedhit (site_id, host, path, key, mapping_key, "
                    "hits, first_seen, last_seen) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT (key) DO UPDATE SET "
                    "hits = oldurls_unmappedhit.hits + excluded.hits, "
                    "last_seen = CASE WHEN oldurls_unmappedhit.last_seen > excluded.last_seen "
                    "THEN oldurls_unmappedhit.last_seen ELSE excluded.last_seen END",
                    [site_id, host, path, key, mapping_key, hits, ops.adapt_datetimefield_value(first),
                     ops.adapt_datetimefield_value(last)])
                written += 1
    return written


def forget(mapping_keys):
    """Addresses mapped now are no longer unmapped: their rows go (one query)."""
    mapping_keys = list(mapping_keys)
    if mapping_keys:
        UnmappedHit.objects.filter(mapping_key__in=mapping_keys).delete()


atexit.register(lambda: _pending and _safe_flush())


def _safe_flush():
    try:
        flush()
    except Exception:  # the process is ending: nothing else to do
        logger.exception("Unmapped old addresses lost at exit")
