"""The process that publishes and expires pages on time: `make run` starts it beside the
development server, production runs it as a service of its own (see README).

Every --interval seconds it runs Wagtail's `publish_scheduled`. Several copies may run (one per
app server, say): a lock makes one of them do each round, on PostgreSQL an advisory lock, on
SQLite (one machine) a lock on a file beside the database. A failed round (the database down,
say) is logged and retried at the next one."""

import contextlib
import fcntl
import logging
import signal
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from editorial.services import publish_due_pages

logger = logging.getLogger("editorial.scheduler")
ADVISORY_LOCK_ID = 7_420_226  # any constant shared by every copy of the scheduler


def lock_file_path():
    """Beside the SQLite database file: every process that writes to it, whatever its var
    directory (two app servers of one machine may each have their own), takes the same lock."""
    name = str(settings.DATABASES["default"].get("NAME") or "")
    if connection.vendor == "sqlite" and name and name != ":memory:" and \
            not name.startswith("file:"):
        return Path(name + ".scheduler-lock")
    return Path(settings.VAR_DIR) / "scheduler.lock"


class Command(BaseCommand):
    help = "Publish and expire scheduled pages every --interval seconds (or once, with --once)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0,
                            help="Seconds between two rounds (default 60).")
        parser.add_argument("--once", action="store_true", help="Run one round and stop.")

    def handle(self, *args, interval, once, **options):
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
            logger.info("scheduler started: a round every %s s", interval)
        while True:
            started = time.monotonic()
            if not once:  # a long-lived process: drop a connection the database closed
                close_old_connections()
            run_round()
            if once or stop.wait(max(0.0, interval - (time.monotonic() - started))):
                break
        if not once:
            logger.info("scheduler stopped")


@contextlib.contextmanager
def _round_lock():
    """True inside when this process holds the lock for one round, False when another does."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_ID])
            if not cursor.fetchone()[0]:
                yield False
                return
            try:
                yield True
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_ID])
        return
    path = lock_file_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# when each periodic job last ran in this process (time.monotonic())
_last_run = {}


def _due(job, seconds, now=None):
    """True, and noted, when `job` has not run in this process for `seconds`."""
    now = now or time.monotonic()
    if job in _last_run and now - _last_run[job] < seconds:
        return False
    _last_run[job] = now
    return True


def anonymise_if_due(now=None):
    """Anonymise what visitors gave that is older than PERSONAL_DATA_RETENTION_DAYS, once an
    hour at most (publicforms.personal_data)."""
    from publicforms.personal_data import anonymise_expired

    if _due("anonymise", 3600, now):
        counts = anonymise_expired()
        if any(counts.values()):
            logger.info("personal data past its retention period anonymised: %s", counts)


def prune_audit_if_due(now=None):
    """Delete audit events and sign-in logs older than AUDIT_RETENTION_DAYS, once a day at most
    (audit.services.prune; it logs what it deleted)."""
    from audit.services import prune

    if _due("prune_audit", 24 * 3600, now):
        prune()


def run_round():
    """One round under the lock; False when another scheduler held it or the round failed."""
    try:
        with _round_lock() as mine:
            if mine:
                publish_due_pages()
                anonymise_if_due()
                prune_audit_if_due()
            return mine
    except Exception:  # a database that went away, a failing signal handler: log, go on
        logger.exception("scheduler round failed; retrying at the next round")
        return False
