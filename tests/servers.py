"""A real server for tests that need one: the demo site under gunicorn, DEBUG off."""

import contextlib
import os
import re
import shutil
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


@contextlib.contextmanager
def fresh_database(folder, prefix):
    """The URL of a new database for servers a test starts: on the PostgreSQL server of
    DATABASE_URL (named `prefix` and a random part, dropped afterwards) when the run is on
    PostgreSQL, else an SQLite file in `folder`."""
    import uuid

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        yield f"sqlite:///{Path(folder) / (prefix + '.sqlite3')}"
        return
    server = base.rsplit("/", 1)[0]
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    create_database(server, name)
    try:
        yield f"{server}/{name}"
    finally:
        drop_database(server, name)


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


RECIPE = ROOT / "deploy" / "nginx" / "vnportal.conf"
NGINX_MAIN = """
daemon off;
pid {var}/nginx.pid;
error_log {var}/nginx-error.log;
{user}
worker_processes {workers};
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {var}/nginx-body; proxy_temp_path {var}/nginx-proxy;
    fastcgi_temp_path {var}/nginx-fcgi; uwsgi_temp_path {var}/nginx-uwsgi;
    scgi_temp_path {var}/nginx-scgi;
{site}
}}
"""


def self_signed_certificate(var):
    """(certificate, key) paths of a new self-signed certificate for 127.0.0.1."""
    certificate, key = Path(var) / "cert.pem", Path(var) / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(certificate)],
                   check=True, capture_output=True)
    return certificate, key


def nginx_recipe(var, apps, http_port, https_port, workers=1):
    """deploy/nginx/vnportal.conf as an operator would install it, inside a main configuration
    of its own: only what it marks CHANGE, and its log and cache folders, moved to `var`."""
    var = Path(var)
    certificate, key = self_signed_certificate(var)
    site = RECIPE.read_text(encoding="utf-8")
    upstream = "".join(f"    server {app[len('http://'):]};\n" for app in apps)
    site = re.sub(r"(?m)^    server 127\.0\.0\.1:8000;.*\n    server 127\.0\.0\.1:8001;\n",
                  upstream, site)
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "server_name skhcn.haugiang.gov.vn;": "server_name 127.0.0.1;",
        "/etc/ssl/vnportal/fullchain.pem": str(certificate),
        "/etc/ssl/vnportal/privkey.pem": str(key),
        "/var/cache/nginx/vnportal": str(var / "nginx-cache"),
        "/var/log/nginx/": f"{var}/",
        "/srv/vnportal/static/": f"{var}/static/",
        "/srv/vnportal/media/": f"{var}/media/",
    }
    for old, new in replacements.items():
        assert old in site, old
        site = site.replace(old, new)
    site = re.sub(r"(?m)^ *listen \[::\].*\n", "", site)  # IPv4 only here
    assert all(app[len("http://"):] in site for app in apps)
    return NGINX_MAIN.format(var=var, site=site, workers=workers,
                             user="user root;" if os.geteuid() == 0 else "")


@contextlib.contextmanager
def nginx_serving(var, conf_text, url):
    """Run nginx with the configuration `conf_text` (written into `var`) until it answers
    `url` + "/healthz"; yield; stop it afterwards."""
    import ssl

    nginx_binary = shutil.which("nginx") or "/usr/sbin/nginx"
    conf = Path(var) / "nginx.conf"
    conf.write_text(conf_text)
    nginx = subprocess.Popen([nginx_binary, "-c", str(conf), "-p", str(var)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    context = ssl._create_unverified_context()  # the recipe's self-signed certificate
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/healthz", timeout=2, context=context)
                break
            except OSError:
                assert nginx.poll() is None, (Path(var) / "nginx-error.log").read_text()
                assert time.monotonic() < deadline, "nginx did not answer in 30 s"
                time.sleep(0.2)
        yield
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
