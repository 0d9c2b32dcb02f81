"""manage.py backup --output DIR: one archive of the database and the uploaded files in DIR
(backups/archive.py says what it holds). The site keeps running meanwhile."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from backups.archive import BackupError, create_backup


class Command(BaseCommand):
    help = _("Write one archive of the database and the uploaded files (documents, photos) into "
             "a folder, without stopping the site.")

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, metavar="DIR",
                            help=_("The folder the archive is written into (made if missing)."))

    def handle(self, *args, **options):
        translation.activate("vi")
        try:
            path, manifest = create_backup(options["output"])
        except (BackupError, OSError) as error:
            raise CommandError(_("No backup was made: %(reason)s") % {"reason": error}) from None
        if not manifest.get("counters_flushed", True):
            self.stderr.write(_("Warning: the page views waiting in Redis could not be written "
                                "to the database first (is Redis running?). The archive holds "
                                "the views counted before them."))
        counts = manifest["counts"]
        self.stdout.write(_("Backup written: %(path)s (%(size)d MB; %(pages)d published pages, "
                            "%(documents)d documents, %(images)d photos, %(users)d accounts, "
                            "%(files)d files).") % {
            "path": path, "size": round(path.stat().st_size / 1024 / 1024),
            "files": len(manifest["files"]) - 1, **counts})
