"""manage.py oldurls_import FILE.csv [--site HOST]: old addresses' mappings from a CSV file
(columns Old URL, New URL, Status; see oldurls.csvfile). Bad rows are listed with their line
numbers and refused, good rows are written; the command exits non-zero if any row was bad."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from oldurls.csvfile import import_csv, max_bytes

from ._site import site_for


class Command(BaseCommand):
    help = "Import old addresses' mappings (CSV: Old URL, New URL, Status)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--site", default="", help="the site's hostname (default site)")

    def handle(self, file, site, **options):
        site = site_for(site)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        if path.stat().st_size > max_bytes():
            raise CommandError(f"{file}: larger than {max_bytes() // (1024 * 1024)} MB")
        result = import_csv(site, path.read_bytes())
        if result.refused_file:
            raise CommandError(f"{file}: {result.refused_file}")
        for line, reason in result.errors:
            self.stderr.write(f"{file}:{line}: {reason}")
        self.stdout.write(f"{result.written} mappings written for {site.hostname}, "
                          f"{len(result.errors)} rows refused")
        if result.errors:
            raise CommandError(f"{len(result.errors)} rows refused (listed above)")
