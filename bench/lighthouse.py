"""Lighthouse scores of the public pages (issue 13's target: 100 in all four categories on the
home, a category, an article and the search page; the page of a search's results too).

Usage: python bench/lighthouse.py [--runs 3]

Builds the demo in a temporary folder, serves it with gunicorn (DEBUG off, as `make serve`)
and runs Lighthouse (npm's `lighthouse`, which `make bench` installs into .venv/lighthouse)
with Debian's chromium, as a phone on a throttled mobile network (Lighthouse's default), the
pages already in the page cache. Prints each page's four scores, its First and Largest
Contentful Paint, the median of `--runs` runs, and the audits below full marks."""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import gunicorn, manage, server_env  # noqa: E402

PAGES = {"home": "/", "category": "/tin-tuc/tin-hoat-dong/",
         "article": "/tin-tuc/tin-hoat-dong/"
                    "hau-giang-hoc-tap-quan-triet-nghi-quyet-dai-hoi-dang-bo-tinh-lan-thu-xiv/",
         "search": "/tim-kiem/",
         # issue 15: the organisation, the leaders' week, English, the accessibility page
         "organisation": "/gioi-thieu/", "schedule": "/lich-cong-tac/", "english": "/en/",
         "accessibility": "/tro-giup-tiep-can/",
         "results": "/tim-kiem/?q=khoa+h%E1%BB%8Dc"}
# result pages for any words are `noindex` on purpose (an endless space of thin pages search
# engines ask sites to keep out of their index): Lighthouse's is-crawlable counts that against
# their SEO score, which is printed all the same
DELIBERATE = {"results": {"is-crawlable"}}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


def lighthouse_binary():
    found = ROOT / ".venv" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
    return str(found) if found.exists() else shutil.which("lighthouse")


def audit(binary, url, var):
    report = Path(var) / "report.json"
    for attempt in (1, 2):  # chromium now and then fails to start on a loaded machine
        done = subprocess.run([binary, url, "--quiet", "--output=json",
                               f"--output-path={report}",
                               f"--only-categories={','.join(CATEGORIES)}",
                               f"--chrome-flags={CHROME_FLAGS}"],
                              env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
                              capture_output=True, text=True, timeout=300)
        if done.returncode == 0:
            break
        if attempt == 2:
            sys.exit(f"Lighthouse failed on {url}:\n{done.stderr[-3000:]}")
    data = json.loads(report.read_text())
    scores = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    lcp = data["audits"]["largest-contentful-paint"]["numericValue"]
    fcp = data["audits"]["first-contentful-paint"]["numericValue"]
    failing = sorted({audit_id for name in CATEGORIES
                      for ref in data["categories"][name]["auditRefs"]
                      if ref["weight"] and (audit_id := ref["id"])
                      and (data["audits"][audit_id]["score"] or 0) < 1
                      and data["audits"][audit_id]["scoreDisplayMode"] not in (
                          "notApplicable", "informative", "manual")})
    return scores, (fcp, lcp), failing


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = lighthouse_binary()
    if not binary or not Path("/usr/bin/chromium").exists():
        print("Lighthouse: skipped (needs npm's lighthouse, which `make bench` installs, and "
              "/usr/bin/chromium)")
        return
    with tempfile.TemporaryDirectory() as var:
        env = server_env(var)
        for command in (["migrate", "--no-input"], ["load_demo"],
                        ["collectstatic", "--no-input", "--verbosity", "0"]):
            manage(env, *command)
        print(f"Lighthouse (mobile, simulated throttling; median of {args.runs} runs), "
              "demo under gunicorn:")
        print(f"  {'page':10} " + " ".join(f"{name:>15}" for name in CATEGORIES)
              + "     FCP     LCP")
        with gunicorn(env, var, workers=2) as url:
            for path in PAGES.values():  # stored in the page cache, as a visited site's are
                for _ in range(2):
                    urllib.request.urlopen(url + path).read()
            for name, path in PAGES.items():
                runs = [audit(binary, url + path, var) for _ in range(args.runs)]
                scores = {category: statistics.median(run[0][category] for run in runs)
                          for category in CATEGORIES}
                fcp = statistics.median(run[1][0] for run in runs)
                lcp = statistics.median(run[1][1] for run in runs)
                print(f"  {name:10} " + " ".join(f"{scores[c]:15.0f}" for c in CATEGORIES)
                      + f" {fcp / 1000:5.2f} s {lcp / 1000:5.2f} s")
                failing = sorted({audit_id for run in runs for audit_id in run[2]})
                if failing:
                    print(f"  {'':10} below full marks: {', '.join(failing)}"
                          + (" (deliberate: " + ", ".join(sorted(DELIBERATE[name])) + ")"
                             if name in DELIBERATE else ""))


if __name__ == "__main__":
    main()
