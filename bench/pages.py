"""How fast the public pages are served, beside nginx serving the same HTML as a static file,
measured in one run (machines here are noisy: only ratios from the same run mean much).

Usage: python bench/pages.py [--seconds 5] [--connections 16] [--workers 2]

1. In-process, on the demo site: CPU and SQL queries of the article page rendered without the
   page cache (the first render of a process, then a warm one), and CPU of a stored page
   answered by core.front (counted as a browser's read, and as a bot's, which is not counted).
2. Under load: the demo served by gunicorn and by granian (2 workers each, DEBUG off), page
   cache warm, readers sending a browser's User-Agent so that every view is counted (with the
   count written before each answer, and with VISITS_BUFFER_SECONDS=1), against nginx serving
   the article's HTML from a file, all driven by wrk (Debian's package; threads of this
   process stand in when it is missing, and measure much less)."""

import argparse
import json
import os
import re
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import free_port, gunicorn, manage, server_env  # noqa: E402

ARTICLE = "/tin-tuc/tin-hoat-dong/hau-giang-hoc-tap-quan-triet-nghi-quyet-dai-hoi-dang-bo-tinh-lan-thu-xiv/"
PAGES = {"article": ARTICLE, "home": "/", "category": "/tin-tuc/", "tag": "/the/nong-nghiep/"}
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36"
NGINX_CONF = """
worker_processes {workers};
pid {var}/nginx.pid;
error_log {var}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {var}/nginx-tmp; proxy_temp_path {var}/nginx-tmp;
  fastcgi_temp_path {var}/nginx-tmp; uwsgi_temp_path {var}/nginx-tmp;
  scgi_temp_path {var}/nginx-tmp;
  server {{
    listen 127.0.0.1:{port};
    root {var}/static-page;
    location / {{ default_type "text/html; charset=utf-8"; try_files /index.html =404; }}
  }}
}}
"""


def in_process(repeat):
    """Figures of one process (run in a child with the bench's environment): printed as JSON."""
    import io

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client

    from vnportal.wsgi import application


    def environ(agent):
        return {"REQUEST_METHOD": "GET", "PATH_INFO": ARTICLE, "QUERY_STRING": "",
                "SCRIPT_NAME": "", "HTTP_HOST": "127.0.0.1", "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
                "REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": agent}

    def cpu_ms(function, times):
        start = time.process_time()
        for _ in range(times):
            function()
        return (time.process_time() - start) / times * 1000

    def queries(function):
        """How many queries `function` makes (with DEBUG on only for it: it costs time)."""
        settings.DEBUG = True
        reset_queries()
        function()
        settings.DEBUG = False
        return len(connection.queries)

    figures, client = {}, Client(HTTP_USER_AGENT=BROWSER, HTTP_HOST="127.0.0.1")
    settings.PAGE_CACHE_SECONDS = 0
    figures["render_cold_ms"] = cpu_ms(lambda: client.get(ARTICLE), 1)
    figures["render_warm_queries"] = queries(lambda: client.get(ARTICLE))
    figures["render_warm_ms"] = cpu_ms(lambda: client.get(ARTICLE), max(repeat // 50, 20))
    # every other article of the demo once, in the same content generation: what a render
    # costs when only what the site's pages share is kept (the site, menu, portlets, cards).
    # Their photos' renditions are made by a first pass (a one-off cost of each new photo)
    from core.page_cache import new_generation
    from news.models import NewsArticlePage
    others = [page.url for page in NewsArticlePage.objects.live() if page.url != ARTICLE]
    for url in others:
        client.get(url)
    new_generation()
    client.get(ARTICLE)
    start = time.process_time()
    for url in others:
        client.get(url)
    figures["render_first_ms"] = (time.process_time() - start) / len(others) * 1000
    figures["render_first_count"] = len(others)
    # and after each a new generation, as after a publication: nothing kept
    spent = 0.0
    for url in others[:10]:
        new_generation()
        start = time.process_time()
        client.get(url)
        spent += time.process_time() - start
    figures["render_new_generation_ms"] = spent / len(others[:10]) * 1000
    settings.PAGE_CACHE_SECONDS = 300

    def hit(agent):
        answered = {}
        body = b"".join(application(environ(agent), lambda s, h: answered.update(s=s, h=h)))
        assert answered["s"].startswith("200") and dict(answered["h"])["X-Page-Cache"] == "hit"
        return body
    client.get(ARTICLE)  # stored
    for name, agent in (("hit_counted", BROWSER), ("hit_bot", "curl/8")):
        hit(agent)
        figures[f"{name}_ms"] = cpu_ms(lambda: hit(agent), repeat)
        figures[f"{name}_queries"] = queries(lambda: hit(agent))
    print(json.dumps(figures))


def rate(url, seconds, connections, agent):
    """(requests/s, p50 latency ms) for GETs of `url`: wrk when installed, else threads."""
    wrk = shutil.which("wrk")
    if wrk:
        out = subprocess.run([wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
                              "-H", f"User-Agent: {agent}", url],
                             capture_output=True, text=True, check=True).stdout
        if "Non-2xx" in out:
            raise RuntimeError(out)
        latency = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)
        scale = {"us": 0.001, "ms": 1, "s": 1000}[latency.group(2)]
        return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), \
            float(latency.group(1)) * scale

    def fetch(_n):
        start = time.perf_counter()
        request = urllib.request.Request(url, headers={"User-Agent": agent})
        context = ssl._create_unverified_context() if url.startswith("https") else None
        with urllib.request.urlopen(request, timeout=30, context=context) as response:
            response.read()
        return time.perf_counter() - start
    count, start = 0, time.perf_counter()
    latencies = []
    with ThreadPoolExecutor(connections) as pool:
        while time.perf_counter() - start < seconds:
            latencies += pool.map(fetch, range(connections * 10))
            count += connections * 10
    return count / (time.perf_counter() - start), statistics.median(latencies) * 1000


def nginx(var, html, workers):
    """Start nginx serving `html` as a static file; its URL, and how to stop it."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        return None, lambda: None
    (var / "static-page").mkdir()
    (var / "nginx-tmp").mkdir()
    (var / "static-page" / "index.html").write_bytes(html)
    for path in (var, var / "static-page", var / "static-page" / "index.html"):
        path.chmod(0o755)  # nginx's workers run as another user when started by root
    port = free_port()
    conf = var / "nginx-static.conf"
    conf.write_text(NGINX_CONF.format(var=var, port=port, workers=workers))
    subprocess.run([binary, "-c", str(conf)], check=True)
    time.sleep(0.5)
    return f"http://127.0.0.1:{port}", lambda: subprocess.run([binary, "-c", str(conf), "-s",
                                                                "stop"], check=False)


def behind_recipe(env, var, args):
    """The article behind deploy/nginx/vnportal.conf (TLS, two app servers, the micro-cache),
    and, from the same nginx over the same TLS, the article's HTML as a static file."""
    from tests.servers import nginx_recipe

    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists() or not shutil.which("openssl"):
        return []
    recipe_var = var / "recipe"
    recipe_var.mkdir()
    os.symlink(var / "static", recipe_var / "static")
    os.symlink(var / "media", recipe_var / "media")
    extra = {"PROXY_CACHE_SECONDS": "1", "VISITS_TRUST_X_FORWARDED_FOR": "1"}
    results = []
    with gunicorn({**env, **extra}, var, workers=1, server_name="granian") as first, \
            gunicorn({**env, **extra}, var, workers=1, server_name="granian") as second:
        html = urllib.request.urlopen(first + ARTICLE).read()
        (var / "static" / "article.html").write_bytes(html)
        conf = recipe_var / "nginx.conf"
        https_port = free_port()
        conf.write_text(nginx_recipe(recipe_var, [first, second], free_port(), https_port,
                                     workers=args.workers))
        server = subprocess.Popen([binary, "-c", str(conf), "-p", str(recipe_var)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        try:
            time.sleep(1)
            url = f"https://127.0.0.1:{https_port}"
            static = rate(url + "/static/article.html", args.seconds, args.connections, BROWSER)
            page = rate(url + ARTICLE, args.seconds, args.connections, BROWSER)
        finally:
            server.terminate()
            server.wait(timeout=10)
    results.append(("nginx recipe, TLS: the article as a static file", static[0], static[1]))
    results.append(("nginx recipe, TLS: the article (2 granian)", page[0], page[1]))
    print(f"  behind the recipe the article runs at {page[0] / static[0]:.1%} of the same nginx "
          "serving it as a static file over the same TLS")
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process:
        return in_process(args.repeat)

    var = Path(tempfile.mkdtemp(prefix="vnportal-bench-"))
    env = server_env(var)
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    for command in (["migrate", "--no-input"], ["load_demo"],
                    ["collectstatic", "--no-input", "--verbosity", "0"]):
        manage(env, *command)
    database = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"

    child = subprocess.run([sys.executable, __file__, "--in-process", "--repeat",
                            str(args.repeat)], cwd=ROOT, env=env, capture_output=True, text=True)
    if child.returncode:
        raise RuntimeError(child.stderr)
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"In-process, demo article, {database} (CPU time of this process):")
    print(f"  rendered without the page cache: first in a new process "
          f"{figures['render_cold_ms']:.1f} ms; then {figures['render_warm_ms']:.1f} ms and "
          f"{figures['render_warm_queries']} queries")
    print(f"  each of the {figures['render_first_count']} other articles rendered once "
          f"(what pages share kept): {figures['render_first_ms']:.1f} ms; after a new "
          f"content generation each (nothing kept): {figures['render_new_generation_ms']:.1f} ms")
    print(f"  answered from the page cache by core.front: {figures['hit_counted_ms']:.3f} ms "
          f"counted ({figures['hit_counted_queries']:.0f} queries, the count's), "
          f"{figures['hit_bot_ms']:.3f} ms for a bot (not counted)")
    print(f"  so counting a view costs {figures['hit_counted_ms'] - figures['hit_bot_ms']:.3f} ms")

    tool = "wrk" if shutil.which("wrk") else "Python threads (no wrk: far below the servers)"
    print(f"\nUnder load: {tool}, {args.connections} connections, {args.seconds} s each, "
          f"{args.workers} workers, readers counted as browsers, page cache warm")
    results = []
    base_rate = None
    with gunicorn(env, var, workers=args.workers) as url:
        html = urllib.request.urlopen(url + ARTICLE).read()
    static_url, stop_nginx = nginx(var, html, args.workers)
    try:
        if static_url:
            base_rate = rate(static_url + ARTICLE, args.seconds, args.connections, BROWSER)[0]
            results.append(("nginx, the article as a static file", base_rate, None))
        for server in ("gunicorn", "granian"):
            for buffered in (False, True):
                extra = {"VISITS_BUFFER_SECONDS": "1"} if buffered else {}
                with gunicorn({**env, **extra}, var, workers=args.workers,
                              server_name=server) as url:
                    pages = list(PAGES.items()) if not buffered else [("article", ARTICLE)]
                    for name, path in pages:
                        for _ in range(3):
                            urllib.request.urlopen(url + path).read()
                        per_second, p50 = rate(url + path, args.seconds, args.connections,
                                               BROWSER)
                        label = f"{server}, {name}" + (", views buffered 1 s" if buffered
                                                       else "")
                        results.append((label, per_second, p50))
        results += behind_recipe(env, var, args)
        if static_url:  # again at the end: the machine may have changed meanwhile
            again = rate(static_url + ARTICLE, args.seconds, args.connections, BROWSER)[0]
            results.append(("nginx again, at the end", again, None))
    finally:
        stop_nginx()
    print(f"{'':46} {'req/s':>9} {'p50 ms':>7} {'of nginx':>9}")
    for label, per_second, p50 in results:
        share = f"{per_second / base_rate:9.1%}" if base_rate else ""
        latency = f"{p50:7.2f}" if p50 is not None else f"{'':7}"
        print(f"{label:46} {per_second:9.0f} {latency} {share}")


if __name__ == "__main__":
    main()
