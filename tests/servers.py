"""A real server for tests that need one: the demo site under gunicorn, DEBUG off."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(var, **extra):
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update({"DJANGO_SETTINGS_MODULE": "vnportal.settings.dev", "DEBUG": "0",
                "VNPORTAL_VAR_DIR": str(var), **extra})
    return env


def manage(env, *args, timeout=300):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True, timeout=timeout)


def _maintenance(server_url, sql):
    """Run one statement on a PostgreSQL server (`postgres://user@host:port`) outside any
    database of ours; its rows."""
    import psycopg

    with psycopg.connect(server_url + "/postgres", autocommit=True) as connection:
        cursor = connection.execute(sql)
        return cursor.fetchall() if cursor.description else []


def create_database(server_url, name):
    """A new, empty database `name`, replacing any of that name."""
    drop_database(server_url, name)
    _maintenance(server_url, f'CREATE DATABASE "{name}"')


def drop_database(server_url, name):
    _maintenance(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_exists(server_url, name):
    return bool(_maintenance(server_url,
                             f"SELECT 1 FROM pg_database WHERE datname = '{name}'"))


def server_command(name, port, workers):
    """How to start the app server `name` ("gunicorn" or "granian") on `port`."""
    binary = str(Path(sys.executable).parent / name)
    if name == "granian":
        return [binary, "--interface", "wsgi", "vnportal.wsgi:application", "--host",
                "127.0.0.1", "--port", str(port), "--workers", str(workers),
                "--blocking-threads", "1", "--no-access-log"]
    return [binary, "vnportal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]


@contextlib.contextmanager
def gunicorn(env, var, workers=2, server_name="gunicorn", port=None):
    """Serve with gunicorn (or `server_name`) on a free port; yield the base URL; stop it
    afterwards."""
    port = port or free_port()
    log_path = Path(var) / f"{server_name}-{port}.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            server_command(server_name, port, workers),
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(150):
                try:
                    urllib.request.urlopen(url + "/healthz", timeout=2)
                    break
                except OSError:
                    if server.poll() is not None:
                        raise RuntimeError(log_path.read_text())
                    time.sleep(0.2)
            yield url
        finally:
            if server.poll() is None:
                server.terminate()
                server.wait(timeout=10)
