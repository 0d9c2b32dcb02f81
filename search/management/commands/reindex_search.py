from django.core.management.base import BaseCommand

from search.services import reindex_all


class Command(BaseCommand):
    help = "Rebuild the public search index from the published pages."

    def handle(self, *args, **options):
        count = reindex_all()
        self.stdout.write(f"{count} pages indexed.")
