"""The site at scale (issue 13): 100,000 articles in 50 categories on PostgreSQL, beside the
demo site on PostgreSQL, measured in one run.

Usage: python bench/scale.py [--articles 100000] [--categories 50] [--rebuild]

1. The demo site (database `vnportal_bench_scale_demo`, made anew) and the large site
   (database `vnportal_bench_scale_<articles>`: the demo plus `--categories` news categories
   holding `--articles` articles, written straight into the tables; kept between runs,
   --rebuild makes it again).
2. On each: the cold render (page cache off, and a new content generation before each render,
   as after a publication, so nothing kept per generation helps) of the home page, a category
   and the news section that lists every article: CPU ms (median) and queries.
3. On the large site: a list deep in its pages (`?trang=`), at the first, a middle and the last
   page of a category and of the section of every article.
4. On the large site: the admin's page explorer of a category of 2,000 articles and of the
   news section, the dashboard and the search of the admin's page chooser, for a superuser.

PostgreSQL is reached at PGHOST/PGUSER (default 127.0.0.1, postgres)."""

import argparse
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

from tests.servers import create_database, database_exists, manage, server_env  # noqa: E402

PG = (f"postgres://{os.environ.get('PGUSER', 'postgres')}@"
      f"{os.environ.get('PGHOST', '127.0.0.1')}:5432")
NEWS = "/tin-tuc/"


def child(mode, env, *args):
    """Run this script's `mode` inside Django with `env`; its last output line is JSON."""
    done = subprocess.run([sys.executable, __file__, "--child", mode, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- inside Django ---------------------------------------------------------------------------

def generate(articles, categories):
    """`categories` news categories made through Wagtail under the news section, then
    `articles` articles spread over them, written straight into the page and article tables as
    copies of a demo article with their own title, address and date (making them one by one
    through Wagtail would take hours)."""
    from django.db import connection, transaction

    from bench.tree_rows import copy_pages, step
    from news.models import NewsArticlePage, NewsCategoryPage

    started = time.perf_counter()
    rng = random.Random(20261206)
    news = NewsCategoryPage.objects.get(url_path__endswith="/tin-tuc/", depth=3)
    made = []
    for number in range(1, categories + 1):
        category = NewsCategoryPage(title=f"Chuyên mục {number:02}",
                                    slug=f"chuyen-muc-{number:02}")
        news.add_child(instance=category)
        category.save_revision().publish()
        made.append(NewsCategoryPage.objects.get(pk=category.pk))
    template = NewsArticlePage.objects.live().exclude(featured_image=None).first()
    page_columns = [f.column for f in template._meta.get_field("page_ptr").related_model
                    ._meta.local_fields if f.column not in (
                        "id", "path", "depth", "numchild", "title", "draft_title", "slug",
                        "url_path", "translation_key", "latest_revision_id",
                        "live_revision_id")]
    article_columns = [f.column for f in NewsArticlePage._meta.local_fields
                       if f.column not in ("page_ptr_id", "published_at")]
    words = ("Hội thảo khoa học công nghệ đổi mới sáng tạo chuyển đổi số nông nghiệp tỉnh Hậu "
             "Giang nghiệm thu nhiệm vụ đề tài sở hữu trí tuệ tiêu chuẩn đo lường chất lượng "
             "doanh nghiệp khởi nghiệp ứng dụng kết quả nghiên cứu").split()
    per_category = articles // len(made)
    with connection.cursor() as cursor:
        for category in made:
            for first in range(0, per_category, 2000):
                numbers = range(first, min(first + 2000, per_category))
                rows = [(category.path + step(n + 1), f"bai-{n}",
                         " ".join(rng.choices(words, k=rng.randint(8, 14))).capitalize(),
                         f"{category.url_path}bai-{n}/",
                         f"{rng.randint(0, 5 * 365 * 24 * 3600)} seconds") for n in numbers]
                with transaction.atomic():
                    id_of = copy_pages(cursor, category.depth + 1, rows, template.pk,
                                       page_columns)
                    cursor.execute(
                        f"INSERT INTO news_newsarticlepage (page_ptr_id, published_at, "
                        f"{', '.join(article_columns)}) SELECT v.id, now() - v.age::interval, "
                        f"{', '.join('t.' + c for c in article_columns)} FROM "
                        "news_newsarticlepage t, (SELECT * FROM unnest(%s::int[], %s::text[])"
                        " AS v(id, age)) v WHERE t.page_ptr_id = %s",
                        [[id_of[r[0]] for r in rows], [r[4] for r in rows], template.pk])
            cursor.execute("UPDATE wagtailcore_page SET numchild = %s WHERE id = %s",
                           [per_category, category.pk])
        cursor.execute("ANALYZE")
    return {"seconds": time.perf_counter() - started,
            "articles": NewsArticlePage.objects.count(),
            "categories": NewsCategoryPage.objects.count()}


def measure(repeat):
    """Cold renders and deep pages of the public lists, and the admin's explorer."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client

    from core.page_cache import new_generation
    from news.models import NewsArticlePage, NewsCategoryPage

    settings.PAGE_CACHE_SECONDS = 0

    def timed(client, url, cold=True, times=repeat):
        """(median CPU ms, median wall ms, queries) of `times` GETs of `url`."""
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        cpu, wall = [], []
        for _ in range(times):
            if cold:
                new_generation()
            start, start_wall = time.process_time(), time.perf_counter()
            client.get(url)
            cpu.append((time.process_time() - start) * 1000)
            wall.append((time.perf_counter() - start_wall) * 1000)
        if cold:
            new_generation()
        settings.DEBUG = True
        reset_queries()
        client.get(url)
        settings.DEBUG = False
        return statistics.median(cpu), statistics.median(wall), len(connection.queries)

    reader = Client(HTTP_USER_AGENT="curl/8")  # a bot: not counted, the count is not rendering
    category = (NewsCategoryPage.objects.filter(slug="chuyen-muc-01").first()
                or NewsCategoryPage.objects.filter(depth=4).order_by("path").first())
    result = {"articles": NewsArticlePage.objects.count(),
              "categories": NewsCategoryPage.objects.count(), "cold": {}, "deep": {},
              "admin": {}}
    for name, url in (("home", "/"), ("category", category.url), ("news section", NEWS)):
        result["cold"][name] = timed(reader, url)
    per_page = NewsCategoryPage.per_page
    for name, section in (("category", category), ("news section", category.get_parent())):
        count = NewsArticlePage.objects.live().descendant_of(section).count()
        last = max(1, -(-count // per_page))
        for number in sorted({1, max(1, last // 2), last}):
            result["deep"][f"{name}, ?trang={number} of {last}"] = timed(
                reader, f"{section.specific.url}?trang={number}", times=max(3, repeat // 3))
    admin = get_user_model().objects.filter(is_superuser=True).first() or \
        get_user_model().objects.create_superuser("bench", "bench@example.invalid", "x")
    editor = Client()
    editor.force_login(admin)
    for name, url in (
            ("explorer, a category of its articles", f"/admin/pages/{category.pk}/"),
            ("explorer, the news section", f"/admin/pages/{category.get_parent().pk}/"),
            ("dashboard", "/admin/"),
            ("page chooser search", "/admin/choose-page/search/?q=khoa+h%E1%BB%8Dc")):
        try:
            result["admin"][name] = timed(editor, url, cold=False, times=max(3, repeat // 3))
        except AssertionError as error:
            result["admin"][name] = str(error)
    return result


def run_child(mode, args):
    import django

    django.setup()
    if mode == "generate":
        result = generate(args.articles, args.categories)
    else:
        result = measure(args.repeat)
    print(json.dumps(result))


# --- the driver ------------------------------------------------------------------------------

def show(title, figures):
    print(title)
    for name, value in figures.items():
        if isinstance(value, str):
            print(f"  {name:48} {value}")
        else:
            cpu, wall, queries = value
            print(f"  {name:48} {cpu:7.1f} ms CPU {wall:7.1f} ms wall {queries:4} queries")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--categories", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        return run_child(args.child, args)

    figures = {}
    with tempfile.TemporaryDirectory() as var:
        demo = server_env(var, DATABASE_URL=f"{PG}/vnportal_bench_scale_demo")
        create_database(PG, "vnportal_bench_scale_demo")
        manage(demo, "migrate", "--no-input")
        manage(demo, "load_demo")
        figures["demo"] = child("measure", demo, "--repeat", str(args.repeat))

        name = f"vnportal_bench_scale_{args.articles}"
        large = server_env(var, DATABASE_URL=f"{PG}/{name}")
        if args.rebuild or not database_exists(PG, name):
            create_database(PG, name)
            manage(large, "migrate", "--no-input")
            manage(large, "load_demo")
            made = child("generate", large, "--articles", str(args.articles),
                         "--categories", str(args.categories))
            print(f"Made {made['articles']} articles in {made['categories']} categories in "
                  f"{made['seconds']:.0f} s (database {name}, kept for later runs)")
        figures["large"] = child("measure", large, "--repeat", str(args.repeat))

    demo, large = figures["demo"], figures["large"]
    print(f"\nCold renders on PostgreSQL (page cache off, a new content generation before each; "
          f"median of {args.repeat})")
    print(f"  {'page':16} {'demo (' + str(demo['articles']) + ' articles)':>30} "
          f"{str(large['articles']) + ' articles':>30} {'ratio':>7}")
    for page in demo["cold"]:
        small, big = demo["cold"][page], large["cold"][page]
        print(f"  {page:16} {small[0]:9.1f} ms CPU {small[2]:3} q {'':8}"
              f"{big[0]:9.1f} ms CPU {big[2]:3} q {'':6}{big[0] / small[0]:6.2f}×")
        print(f"  {'':16} {small[1]:9.1f} ms wall {'':12}{big[1]:9.1f} ms wall {'':12}"
              f"{big[1] / small[1]:6.2f}×")
    show(f"\nDeep in the lists of the {large['articles']} articles (median)", large["deep"])
    show("\nThe admin, superuser (median)", large["admin"])


if __name__ == "__main__":
    main()
