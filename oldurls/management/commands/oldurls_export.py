"""manage.py oldurls_export [--site HOST] [--output FILE]: a site's mappings as CSV (Old URL,
New URL, Status), which oldurls_import reads back."""

from pathlib import Path

from django.core.management.base import BaseCommand

from oldurls.csvfile import export_csv

from ._site import site_for


class Command(BaseCommand):
    help = "Export a site's old addresses' mappings as CSV."

    def add_arguments(self, parser):
        parser.add_argument("--site", default="", help="the site's hostname (default site)")
        parser.add_argument("--output", default="", help="a file (default: standard output)")

    def handle(self, site, output, **options):
        text = export_csv(site_for(site))
        if output:
            Path(output).write_text(text, encoding="utf-8-sig")
        else:
            self.stdout.write(text, ending="")
