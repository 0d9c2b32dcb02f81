"""Relevance and speed of the public search.

Usage: python bench/search.py [--docs 100000] [--rebuild] [--skip-latency]

1. Relevance: builds the demo site on SQLite (a temporary file) and on PostgreSQL (database
   `vnportal_bench_search`), runs the queries of bench/search_relevance.json on each and
   prints MRR and recall@10, then times a full reindex of the demo (attached files' text
   already kept) and the extraction of text from attached PDF and DOCX files like the demo's.
2. Latency: on PostgreSQL (database `vnportal_bench_search_<docs>`, kept between runs; --rebuild
   makes it again), generates `--docs` articles from the demo's sentences, then times the whole
   search call the page makes (count, ten results, their snippets) for the relevance queries
   and random queries of one to three words, and prints p50/p95.

PostgreSQL is reached at PGHOST/PGUSER (default 127.0.0.1, postgres)."""

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import (  # noqa: E402
    create_database, database_exists, drop_database, manage, server_env)

PG = (f"postgres://{os.environ.get('PGUSER', 'postgres')}@"
      f"{os.environ.get('PGHOST', '127.0.0.1')}:5432")


def child(mode, env, *args):
    """Run this script's `mode` inside Django with `env`; its last output line is JSON."""
    out = subprocess.run([sys.executable, __file__, "--child", mode, *args], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# --- inside Django ---------------------------------------------------------------------------

def generate(count):
    """`count` articles under one category, written straight into the page and search tables
    (making them one by one through Wagtail would take hours); their text is drawn from the
    demo's sentences, so word frequencies look like the agency's news."""
    from django.db import connection, transaction
    from wagtail.models import Page

    from bench.tree_rows import copy_pages, step
    from demo import content
    from news.models import NewsCategoryPage
    from search.backends import PostgresIndex

    rng = random.Random(20261129)
    sentences = [sapo for _c, _t, sapo, _tags in content.ARTICLES]
    sentences += [title for _c, title, _s, _tags in content.ARTICLES]
    sentences += [p.format(topic=title.lower()) for p in content.PARAGRAPHS
                  for _c, title, _s, _t in content.ARTICLES[:8]]
    sentences += content.CAPTIONS + [intro for _t, _s, intro, _b in content.STANDARD_PAGES]
    words = " ".join(sentences).split()
    category = NewsCategoryPage.objects.live().order_by("path").last()
    template = Page.objects.filter(depth=category.depth + 1).first()
    columns = [f.column for f in Page._meta.local_fields if f.column not in (
        "id", "path", "depth", "numchild", "title", "draft_title", "slug", "url_path",
        "translation_key")]
    base = category.path

    start_time = time.perf_counter()
    batch = 2000
    with connection.cursor() as cursor:
        for first in range(0, count, batch):
            rows, docs = [], []
            for n in range(first, min(first + batch, count)):
                window = rng.randint(6, 14)
                at = rng.randrange(len(words) - window)
                title = " ".join(words[at:at + window]).strip(",.:;").capitalize()
                summary = rng.choice(sentences)
                body = " ".join(rng.sample(sentences, rng.randint(4, 8)) +
                                [" ".join(rng.choices(words, k=20)) + "."])
                rows.append((base + step(n + 1000), f"bai-{n}", title,
                             f"{category.url_path}bai-{n}/"))
                docs.append((title, summary, body))
            with transaction.atomic():
                id_of = copy_pages(cursor, category.depth + 1, rows, template.pk, columns)
                paths = [r[0] for r in rows]
                ids = [id_of[path] for path in paths]
                cursor.executemany(
                    "INSERT INTO portal_search_searchdocument (page_id, path, kind, title, "
                    "summary, body, identifiers, attachments, published_at, indexed_at) VALUES "
                    "(%s, %s, 'Tin tức', %s, %s, %s, '', '[]', "
                    "now() - make_interval(days => %s), now())",
                    [(page_id, path, title, summary, body, rng.randint(0, 2500))
                     for page_id, path, (title, summary, body) in zip(ids, paths, docs)])
                cursor.executemany(PostgresIndex.WRITE, [
                    PostgresIndex.write_params(page_id, title, summary, body)
                    for page_id, (title, summary, body) in zip(ids, docs)])
        # each row was written twice (the row, then its vectors): compact it as autovacuum
        # would over time, so the figures are those of a settled table
        cursor.execute("VACUUM (FULL, ANALYZE) portal_search_searchdocument")
        cursor.execute("ANALYZE wagtailcore_page")
    return time.perf_counter() - start_time


def measure_latency(count, rebuild_seconds):
    from django.db import connection

    from demo import content
    from search.models import SearchDocument
    from search.relevance import relevance_queries
    from search.selectors import search

    rng = random.Random(7)
    vocabulary = sorted({w.strip(",.:;()").lower() for _c, t, s, _g in content.ARTICLES
                         for w in (t + " " + s).split() if len(w.strip(",.:;()")) > 1})
    queries = [q for q, _e in relevance_queries()]
    queries += [" ".join(rng.sample(vocabulary, rng.randint(1, 3))) for _ in range(100)]
    for query in queries:  # one untimed pass: a running server's caches are warm
        search(query)
    timings = {"relevance": [], "date": []}
    for order in timings:
        for query in queries:
            start = time.perf_counter()
            search(query, order=order)
            timings[order].append((time.perf_counter() - start) * 1000)

    def pct(values, p):
        return statistics.quantiles(values, n=100)[p - 1]

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    result = {"docs": SearchDocument.objects.count(), "queries": len(queries),
              "generated_seconds": rebuild_seconds, "server": version}
    for order, values in timings.items():
        result[order] = {"p50": pct(values, 50), "p95": pct(values, 95), "max": max(values)}
    return result


def measure_extraction():
    """Seconds to extract the text of PDFs of 1, 8 and 30 pages drawn as the demo draws its
    files, and of a DOCX of 300 paragraphs (each the best of three)."""
    import docx

    from pages.demo import make_pdf
    from search.attachments import EXTRACTORS

    sentence = ("Điều {n}. Quy định về quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh, trình tự "
                "xét duyệt, nghiệm thu, thanh lý hợp đồng và công bố kết quả.")
    files = {f"PDF, {pages} page(s)": (".pdf", make_pdf("QUYẾT ĐỊNH", [
        sentence.format(n=n) for n in range(pages * 30 if pages > 1 else 5)]))
        for pages in (1, 8, 30)}
    document = docx.Document()
    for n in range(300):
        document.add_paragraph(sentence.format(n=n))
    buffer = io.BytesIO()
    document.save(buffer)
    files["DOCX, 300 paragraphs"] = (".docx", buffer.getvalue())
    result = {}
    for name, (suffix, data) in files.items():
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            text = EXTRACTORS[suffix](data, time.monotonic() + 60)
            timings.append(time.perf_counter() - start)
        result[name] = {"kb": len(data) // 1024, "seconds": min(timings), "chars": len(text)}
    return result


def measure_reindex():
    from search.services import reindex_all

    start = time.perf_counter()
    indexed, failed = reindex_all()
    return {"pages": indexed, "failed": failed, "seconds": time.perf_counter() - start}


def run_child(mode, args):
    import logging

    import django

    django.setup()
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # fpdf's font subsetting
    from search.relevance import evaluate, relevance_queries

    if mode == "relevance":
        result = evaluate(relevance_queries())
    elif mode == "reindex":
        result = measure_reindex()
    elif mode == "extraction":
        result = measure_extraction()
    elif mode == "generate":
        result = {"seconds": generate(args.docs)}
    else:
        result = measure_latency(args.docs, args.generated)
    print(json.dumps(result))


# --- the driver ------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--generated", type=float, default=None)
    args = parser.parse_args()
    if args.child:
        return run_child(args.child, args)

    print("Relevance on the demo site (bench/search_relevance.json)")
    with tempfile.TemporaryDirectory() as var:
        backends = [("SQLite FTS5", server_env(var)),
                    ("PostgreSQL", server_env(var, DATABASE_URL=f"{PG}/vnportal_bench_search"))]
        create_database(PG, "vnportal_bench_search")
        for name, env in backends:
            manage(env, "migrate", "--no-input")
            manage(env, "load_demo")
            result = child("relevance", env)
            print(f"  {name:12} {result['queries']} queries  MRR {result['mrr']:.3f}  "
                  f"recall@10 {result['recall10']:.3f}")
            for miss in result["misses"]:
                print(f"      not first: {miss}")
            result = child("reindex", env)
            print(f"  {'':12} reindex of the demo: {result['pages']} pages in "
                  f"{result['seconds']:.1f} s ({result['failed']} failed)")
        drop_database(PG, "vnportal_bench_search")
        print("Text of attached files (one process):")
        for name, result in child("extraction", backends[0][1]).items():
            print(f"  {name:22} {result['kb']:4} KB  {result['seconds'] * 1000:7.1f} ms  "
                  f"{result['chars']} characters")

    if args.skip_latency:
        return
    database = f"vnportal_bench_search_{args.docs}"
    with tempfile.TemporaryDirectory() as var:
        env = server_env(var, DATABASE_URL=f"{PG}/{database}")
        generated = None
        if args.rebuild or not database_exists(PG, database):
            print(f"Generating {args.docs} articles in PostgreSQL database {database} …")
            create_database(PG, database)
            manage(env, "migrate", "--no-input")
            manage(env, "load_demo")
            generated = child("generate", env, "--docs", str(args.docs))["seconds"]
            print(f"  generated in {generated:.0f} s")
        args_out = ["--docs", str(args.docs)]
        result = child("latency", env, *args_out)
        print(f"Latency of one search (count + 10 results + snippets), {result['docs']} documents,"
              f" {result['server']}, {result['queries']} queries, one process:")
        for order in ("relevance", "date"):
            r = result[order]
            print(f"  sorted by {order:9}  p50 {r['p50']:6.1f} ms  p95 {r['p95']:6.1f} ms  "
                  f"max {r['max']:6.1f} ms")


if __name__ == "__main__":
    main()
