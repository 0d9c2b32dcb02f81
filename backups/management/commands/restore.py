"""manage.py restore ARCHIVE_FILE [--force]: put an archive made by `backup` back into the
database and MEDIA_ROOT of the settings, normally those of a new, empty install."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from backups.archive import BackupError, restore_backup


class Command(BaseCommand):
    help = _("Restore an archive made by “backup” into the database and media folder of the "
             "settings. The archive is checked in full first.")

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="ARCHIVE_FILE",
                            help=_("The archive file made by “backup”."))
        parser.add_argument("--force", action="store_true",
                            help=_("Replace a database that already has content."))

    def handle(self, *args, **options):
        translation.activate("vi")

        def migrate():
            self.stdout.write(_("The archive's database is older than this version: running "
                                "the migrations."))
            call_command("migrate", interactive=False, verbosity=0)

        try:
            done = restore_backup(options["archive"], force=options["force"], migrate=migrate)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        manifest = done["manifest"]
        self.stdout.write(_("Restored the backup of %(site)s made at %(created)s: %(pages)d "
                            "published pages, %(documents)d documents, %(images)d photos, "
                            "%(users)d accounts, %(media)d files.") % {
            "site": manifest.get("site", "?"), "created": manifest.get("created", "?"),
            "media": done["media"],
            "pages": 0, "documents": 0, "images": 0, "users": 0, **manifest.get("counts", {})})
        if done["migrated"]:
            self.stdout.write(_("%(count)d migration(s) were applied after the restore.")
                              % {"count": done["migrated"]})
