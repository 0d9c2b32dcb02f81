from django.core.management.base import BaseCommand

from search.services import reindex_all


class Command(BaseCommand):
    help = "Rebuild the public search index from the published pages."

    def handle(self, *args, **options):
        indexed, failed = reindex_all()
        self.stdout.write(f"{indexed} pages indexed.")
        if failed:
            self.stderr.write(f"{failed} pages could not be indexed; the log says why.")
