"""What looking up an old address costs as the mappings grow (oldurls): 1,000 then 100,000
mappings, on SQLite (a temporary file) and PostgreSQL (`vnportal_bench_oldurls`, made anew
each run on 127.0.0.1:5432; skipped when it cannot be reached, or with --sqlite-only).

For each database and size it prints the time to record the mappings (`record_many`, in
batches of 1,000), then the lookup: microseconds per `oldurls.selectors.find` (an exact hit,
a miss, and an address 8 segments deep under a prefix rule, mixed; outside a request it also
reads the content generation from the page cache's store each time) and queries per lookup,
the indexed query alone (`selectors.best`, what the middleware runs), and microseconds per
request through the whole middleware stack on the old host (the test client: a 301). The lookup cost should stay flat from 1,000 to 100,000:
one query on the indexed hash, whatever the number of mappings.

Usage: python bench/oldurls.py [--sqlite-only] [--lookups 3000]"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import create_database, manage, server_env  # noqa: E402

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "vnportal_bench_oldurls"

MEASURE = r"""
import random, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site
from oldurls import selectors, services
from oldurls.models import OldHost, OldUrl

LOOKUPS = {lookups}
site = Site.objects.get(is_default_site=True)
host, _ = OldHost.objects.get_or_create(hostname="sotttt.example.gov.vn", defaults={{"site": site}})
page = site.root_page
services.record(site, host, "/web/guest/tin-tuc/", page, is_prefix=True)
made = 0
for size in (1000, 100000):
    started = time.perf_counter()
    services.record_many(site, host, ((f"/web/guest/tin-tuc/-/asset_publisher/x/content/bai-{{n}}"
                                       f"?p_p_id=101&_101_WAR_x=1", page)
                                      for n in range(made, size)))
    recorded = time.perf_counter() - started
    made = size
    count = OldUrl.objects.count()
    urls = []
    for n in range(LOOKUPS):
        kind = n % 3
        if kind == 0:
            urls.append(f"/web/guest/tin-tuc/-/asset_publisher/x/content/bai-{{random.randrange(size)}}")
        elif kind == 1:
            urls.append(f"/khong-co/{{n}}/trang-{{n}}.html")
        else:
            urls.append(f"/web/guest/tin-tuc/a/b/c/d/e/f/bai-{{n}}")
    selectors.find(host.hostname, urls[0])  # the old hosts, kept per generation
    started = time.perf_counter()
    for url in urls:
        selectors.find(host.hostname, url)
    per_lookup = (time.perf_counter() - started) / LOOKUPS * 1e6
    with CaptureQueriesContext(connection) as queries:
        for url in urls[:300]:
            selectors.find(host.hostname, url)
    per_query = len(queries) / len(urls[:300])  # read now: a request empties the log
    from oldurls import normalise
    forms = [normalise.normalise(url)[1] for url in urls]
    started = time.perf_counter()
    for form in forms:
        selectors.best(site.pk, form, host.pk)
    per_best = (time.perf_counter() - started) / LOOKUPS * 1e6
    client = Client()
    started = time.perf_counter()
    for url in urls[:1000:3]:
        assert client.get(url, HTTP_HOST=host.hostname).status_code == 301
    per_request = (time.perf_counter() - started) / len(urls[:1000:3]) * 1e6
    print(f"  {{count:>7,}} mappings: recorded in {{recorded:5.1f}} s; find() {{per_lookup:5.0f}} µs "
          f"({{per_query:.2f}} queries), of which the query {{per_best:5.0f}} µs; "
          f"a 301 through the middleware {{per_request:5.0f}} µs")
"""


def run(label, env, lookups):
    print(f"oldurls lookup, {label}")
    manage(env, "migrate", "--no-input", timeout=900)
    result = manage(env, "shell", "-c", MEASURE.format(lookups=lookups), timeout=3600)
    print(result.stdout.rstrip())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--lookups", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vnportal-bench-oldurls-") as var:
        run("SQLite", server_env(var, PAGE_CACHE_SECONDS="0", LOG_LEVEL="WARNING"),
            args.lookups)
        if args.sqlite_only:
            return
        try:
            create_database(PG_SERVER, PG_NAME)
        except Exception as error:  # no PostgreSQL here: say so, do not fail the bench
            print(f"oldurls lookup, PostgreSQL: skipped ({error.__class__.__name__}: {error})")
            return
        run("PostgreSQL", server_env(var, PAGE_CACHE_SECONDS="0", LOG_LEVEL="WARNING",
                                     DATABASE_URL=f"{PG_SERVER}/{PG_NAME}"), args.lookups)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
