"""A real server for tests that need one: the demo site under gunicorn, DEBUG off."""

import atexit
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
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


# --- An installed site, copied from one built once per test run ------------------------------
# `migrate` and `load_demo` take about a minute on this machine, and a dozen servers of the
# suite need a migrated site or the demo: each gets a copy of a snapshot built by the first.
# Under pytest-xdist the workers share the snapshots through SNAPSHOTS_VARIABLE's folder (the
# first worker builds, the others wait for it); tests/conftest.py makes and removes that folder.

SNAPSHOTS_VARIABLE = "VNPORTAL_TEST_SNAPSHOTS"
_SNAPSHOTS = {}


def _sqlite_copy(source, target):
    """Copy the SQLite database `source` to `target` through SQLite's backup API."""
    target = Path(target)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(source)) as src, \
            contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _build_snapshot(folder, postgres_server, tag):
    var = folder / "var"
    var.mkdir()
    env = server_env(var)
    if postgres_server:
        empty, demo = f"vnportal_tpl_{tag}_empty", f"vnportal_tpl_{tag}_demo"
        (folder / "databases.json").write_text(json.dumps([postgres_server, [empty, demo]]))
        create_database(postgres_server, empty)
        manage(dict(env, DATABASE_URL=f"{postgres_server}/{empty}"), "migrate", "--no-input")
        _maintenance(postgres_server, f'CREATE DATABASE "{demo}" TEMPLATE "{empty}"')
        manage(dict(env, DATABASE_URL=f"{postgres_server}/{demo}"), "load_demo", timeout=900)
        return {"empty": empty, "demo": demo}
    manage(env, "migrate", "--no-input")
    _sqlite_copy(var / "db.sqlite3", folder / "empty.sqlite3")
    manage(env, "load_demo", timeout=900)
    _sqlite_copy(var / "db.sqlite3", folder / "demo.sqlite3")
    return {"empty": str(folder / "empty.sqlite3"), "demo": str(folder / "demo.sqlite3")}


def _snapshot(postgres_server=None):
    """{"empty": a migrated database, "demo": the same with `load_demo`, "var": the folder
    holding the demo's media and credentials}: SQLite files, or template databases on
    `postgres_server`, built by the first call of the run."""
    key = "sqlite"
    if postgres_server:
        key = "postgres-" + hashlib.sha256(postgres_server.encode()).hexdigest()[:12]
    if key in _SNAPSHOTS:
        return _SNAPSHOTS[key]
    shared = os.environ.get(SNAPSHOTS_VARIABLE)
    if not shared:  # outside the suite's conftest (a script): this process's own
        shared = os.environ[SNAPSHOTS_VARIABLE] = tempfile.mkdtemp(prefix="vnportal-snapshots-")
        atexit.register(remove_snapshots)
    folder = Path(shared) / key
    with open(Path(shared) / f"{key}.lock", "w") as lock:
        deadline = time.monotonic() + 900
        while True:  # another worker, or the prebuild, may be building it
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                assert time.monotonic() < deadline, f"the {key} snapshot took over 15 minutes"
                time.sleep(0.5)
        done = folder / "snapshot.json"
        if not done.exists():
            _drop_templates(folder)  # what a failed build left
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            built = _build_snapshot(folder, postgres_server, uuid.uuid4().hex[:8])
            done.write_text(json.dumps(built))
        snapshot = json.loads(done.read_text())
    snapshot["var"] = folder / "var"
    _SNAPSHOTS[key] = snapshot
    return snapshot


def prebuild_snapshots():
    """Build the snapshots that the run's servers will ask for: the SQLite one (the browser
    tests' server always runs on SQLite) and, on a PostgreSQL run, the PostgreSQL one."""
    _snapshot()
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith("postgres"):
        _snapshot(base.rsplit("/", 1)[0])


def _drop_templates(folder):
    databases = Path(folder) / "databases.json"
    if databases.exists():
        server, names = json.loads(databases.read_text())
        for name in names:
            drop_database(server, name)


def remove_snapshots():
    """Remove the run's snapshots: their folder and their template databases."""
    shared = os.environ.get(SNAPSHOTS_VARIABLE)
    if not shared or not Path(shared).is_dir():
        return
    for folder in Path(shared).glob("postgres-*"):
        _drop_templates(folder)
    shutil.rmtree(shared, ignore_errors=True)


def install_site(env, demo=True, static=False):
    """Give the server environment `env` what `manage.py migrate` (and `load_demo`, if `demo`)
    would: its database (DATABASE_URL, else db.sqlite3 in its var folder) replaced by a copy
    of this run's snapshot, and the demo's media and credentials in its var folder. With
    `static`, its static files are collected too (for each server's settings: production's
    storage names them by their content)."""
    url = env.get("DATABASE_URL", "")
    var = Path(env["VNPORTAL_VAR_DIR"])
    kind = "demo" if demo else "empty"
    if url.startswith("postgres"):
        server, name = url.rsplit("/", 1)
        snapshot = _snapshot(server)
        drop_database(server, name)
        _maintenance(server, f'CREATE DATABASE "{name}" TEMPLATE "{snapshot[kind]}"')
    else:
        snapshot = _snapshot()
        _sqlite_copy(snapshot[kind], url[len("sqlite:///"):] if url else var / "db.sqlite3")
    if demo:
        shutil.copytree(snapshot["var"] / "media", env.get("MEDIA_ROOT") or var / "media",
                        dirs_exist_ok=True)
        shutil.copy(snapshot["var"] / "demo-credentials.json", var)
    if static:
        manage(env, "collectstatic", "--no-input", "--verbosity", "0")


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
                    # as from nginx: production settings redirect plain HTTP otherwise
                    urllib.request.urlopen(urllib.request.Request(
                        url + "/healthz", headers={"X-Forwarded-Proto": "https"}), timeout=2)
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


# --- The demo under production settings behind the nginx recipe (issue 17, security check) ---

def production_env(var, https_url, **extra):
    """server_env under vnportal.settings.production, for a site answering at `https_url`: a
    fresh random key, its host alone allowed, HTTPS redirects and Secure cookies on, files sent
    by nginx after the app's check (X-Accel-Redirect), as README's "Deploying" has it."""
    import secrets

    host = https_url.split("//", 1)[1].rsplit(":", 1)[0]
    return server_env(var, DJANGO_SETTINGS_MODULE="vnportal.settings.production",
                      SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS=host,
                      CSRF_TRUSTED_ORIGINS=https_url, SITE_URL=https_url,
                      MEDIA_ACCEL_REDIRECT="/_protected_media/", SERVE_MEDIA="0",
                      VISITS_TRUST_X_FORWARDED_FOR="1", **extra)


def https_get(url, **headers):
    """(status, headers, body) of a GET, redirects not followed, a self-signed certificate
    accepted; `headers` an http.client.HTTPMessage (get_all("Set-Cookie"))."""
    import ssl
    import urllib.error

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=ssl._create_unverified_context()), NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@contextlib.contextmanager
def production_site(var, database_url=None, workers=2, **extra):
    """The demo (loaded into `database_url`, or an SQLite file in `var`) under gunicorn with
    production settings, behind deploy/nginx/vnportal.conf with a self-signed certificate.
    Yields {"url": https base, "http": plain-HTTP base, "env", "var", "app": gunicorn's base};
    stops both afterwards."""
    var = Path(var)
    os.chmod(var, 0o755)  # nginx's workers read the static files
    http_port, https_port = free_port(), free_port()
    url = f"https://127.0.0.1:{https_port}"
    env = production_env(var, url, **extra)
    if database_url:
        env["DATABASE_URL"] = database_url
    install_site(env, static=True)
    with gunicorn(env, var, workers=workers) as app:
        # the recipe as written, but for its general log: each request with the moment it
        # ended to the millisecond, written at once (the security scan counts from it)
        conf = nginx_recipe(var, [app], http_port, https_port).replace(
            "http {\n", "http {\n    log_format vnportal_timed '$msec $status $request_method "
            "\"$request_uri\"';\n", 1).replace("combined buffer=64k flush=2s", "vnportal_timed")
        with nginx_serving(var, conf, url):
            yield {"url": url, "http": f"http://127.0.0.1:{http_port}", "env": env, "var": var,
                   "app": app}
