"""How fast `manage.py import_old_site` imports whole old portals (issue 16's goal: 20,000
old pages in under 10 minutes on this machine).

Usage: python bench/import_old_site.py [--pages 20000] [--database-url postgres://…]

Generates `--pages` synthetic old pages (`oldportals.fake`: Liferay, NukeViet, SharePoint and
the text form, a quarter each, with list pages to skip, photos and legacy encodings) into a
temporary folder, migrates a fresh database (a temporary SQLite file, or the PostgreSQL
database given, dropped and made again) with no demo, imports each old portal with the
command as an operator runs it, and prints the pages read, the time and the rate; then runs
the import again (everything unchanged) and prints that time too."""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import create_database, drop_database, manage, server_env  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        env = server_env(var)
        if args.database_url:
            server, name = args.database_url.rsplit("/", 1)
            create_database(server, name)
            env["DATABASE_URL"] = args.database_url
        manage(env, "migrate", "--no-input")
        sys.path.insert(0, str(ROOT))
        from oldportals import fake

        started = time.monotonic()
        roots = fake.generate(Path(var) / "crawl", args.pages // len(fake.SHAPES))
        generated = time.monotonic() - started
        label = "PostgreSQL" if args.database_url else "SQLite"
        print(f"import_old_site, {args.pages} generated old pages ({generated:.1f} s to "
              f"generate), {label}, no demo:")
        for run in ("first run", "second run (all unchanged)"):
            started = time.monotonic()
            cpu = os.times()
            for shape, root in roots.items():
                done = subprocess.run([sys.executable, "manage.py", "import_old_site",
                                       str(root), "--host", fake.HOSTS[shape]], cwd=ROOT,
                                      env=env, capture_output=True, text=True, timeout=3600)
                if done.returncode:
                    sys.exit(f"import_old_site failed on {shape}:\n{done.stdout[-3000:]}\n"
                             f"{done.stderr[-3000:]}")
            seconds = time.monotonic() - started
            used = os.times()
            child_cpu = (used.children_user - cpu.children_user
                         + used.children_system - cpu.children_system)
            print(f"  {run:28} {seconds:7.1f} s  {args.pages / seconds:6.0f} pages/s  "
                  f"(CPU {child_cpu:.1f} s)")
        if args.database_url:
            drop_database(*args.database_url.rsplit("/", 1))


if __name__ == "__main__":
    main()
