"""Production settings refuse unsafe values, and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD_KEY = "k" * 20 + "-production-secret-for-tests-only-0123456789"


def run_manage(*args, **env):
    environment = {key: value for key, value in os.environ.items()
                   if key not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    environment.update({"DJANGO_SETTINGS_MODULE": "vnportal.settings.production", **env})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("env, message", [
    ({}, "SECRET_KEY"),
    ({"SECRET_KEY": "short"}, "SECRET_KEY"),
    ({"SECRET_KEY": "django-insecure-" + "x" * 60}, "SECRET_KEY"),
    ({"SECRET_KEY": GOOD_KEY, "DEBUG": "1"}, "DEBUG"),
    ({"SECRET_KEY": GOOD_KEY, "CAPTCHA_COST": "1"}, "CAPTCHA_COST"),
    ({"SECRET_KEY": GOOD_KEY, "CAPTCHA_KEY_PREFIX": "0"}, "CAPTCHA_KEY_PREFIX"),
    ({"SECRET_KEY": GOOD_KEY, "CAPTCHA_KEY_PREFIX": "ab"}, "CAPTCHA_KEY_PREFIX"),
])
def test_production_refuses_to_start_unsafe(env, message):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_production_passes_the_deployment_checks():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=GOOD_KEY,
                        ALLOWED_HOSTS="portal.example.gov.vn")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_models_and_migrations_agree():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # SystemExit(1) if not


def test_redis_url_puts_the_cache_and_sessions_in_redis():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    script = ("from django.conf import settings; from django.core.cache import caches; "
              "cache = caches['default']; cache.set('vnportal-test', 'Đảng bộ', 5); "
              "print(settings.SESSION_ENGINE, type(cache).__name__, cache.get('vnportal-test'))")
    result = run_manage("shell", "-c", script, SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="x",
                        REDIS_URL="redis://127.0.0.1:6379/15")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.contrib.sessions.backends.cache", "RedisCache", "Đảng", "bộ"]


def test_sqlite_writers_wait_for_each_other_instead_of_failing(tmp_path, django_db_blocker):
    """Two transactions that read then write, on the embedded default: the second waits for
    the first (BEGIN IMMEDIATE, as `atomic` begins them) instead of failing with "database is
    locked" because another writer committed after it read (a backup's counter flush beside an
    editor's save)."""
    import threading
    import time

    from django.conf import settings
    from django.db.backends.sqlite3.base import DatabaseWrapper
    from django.db.utils import ConnectionHandler

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")
    handler = ConnectionHandler({"default": dict(settings.DATABASES["default"],
                                                 NAME=str(tmp_path / "locks.sqlite3"))})
    params = handler.settings["default"]
    params["OPTIONS"] = dict(params["OPTIONS"], timeout=10)

    def transaction(wrapper, statements):
        wrapper.ensure_connection()
        wrapper._start_transaction_under_autocommit()  # what `atomic` does to begin
        cursor = wrapper.connection.cursor()
        for statement in statements:
            statement() if callable(statement) else cursor.execute(statement)
        cursor.execute("COMMIT")

    def scenario():
        # (in a thread of its own: a browser test's event loop may linger in the main thread,
        # where Django then refuses to open connections)
        first = DatabaseWrapper(dict(params))
        try:
            with first.cursor() as cursor:
                cursor.execute("CREATE TABLE t (n integer)")
            failures = []

            def other_writer():
                second = DatabaseWrapper(dict(params))
                try:
                    transaction(second, ["INSERT INTO t VALUES (2)"])
                except Exception as error:  # noqa: BLE001 - reported below
                    failures.append(error)
                finally:
                    second.close()

            writer = threading.Thread(target=other_writer)
            # the other writer commits during the sleep, unless it must wait for this one
            transaction(first, ["SELECT count(*) FROM t", writer.start,
                                lambda: time.sleep(0.5), "INSERT INTO t VALUES (1)"])
            writer.join()
            assert failures == []
            with first.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM t")
                assert cursor.fetchone()[0] == 2
        finally:
            first.close()

    outcome = []

    def run():
        try:
            scenario()
        except BaseException as error:  # noqa: BLE001 - raised again below
            outcome.append(error)

    django_db_blocker.unblock()  # a database of this test's own, outside pytest-django's
    try:
        runner = threading.Thread(target=run)
        runner.start()
        runner.join()
    finally:
        django_db_blocker.restore()
    if outcome:
        raise outcome[0]
