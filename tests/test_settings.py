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
