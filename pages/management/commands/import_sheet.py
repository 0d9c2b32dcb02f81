"""manage.py import_sheet {van-ban|thu-tuc|nhiem-vu} FILE [--publish | --submit] [--user NAME]

With `--user`, the import does what that account may do in the admin, and no more: add items
to the section, publish them, change each item it updates."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from pages.sheets import SheetError, importers, terminal_progress


class Command(BaseCommand):
    help = _("Import a section's items from a spreadsheet (CSV in UTF-8 or XLSX). A file with "
             "any bad row writes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(importers()),
                            help=_("What the sheet holds."))
        parser.add_argument("file", help=_("The CSV or XLSX file; attachments are named "
                                           "relative to it."))
        parser.add_argument("--publish", action="store_true",
                            help=_("Publish what is imported (otherwise drafts for review)."))
        parser.add_argument("--submit", action="store_true",
                            help=_("Submit the drafts for approval in the section's workflow "
                                   "(needs --user)."))
        parser.add_argument("--user", help=_("The account the revisions are recorded under; "
                                             "its rights are checked."))

    def handle(self, *args, **options):
        translation.activate("vi")
        if options["submit"] and options["publish"]:
            raise CommandError(_("--submit and --publish cannot go together: publish, or submit "
                                 "drafts for approval."))
        if options["submit"] and not options["user"]:
            raise CommandError(_("--submit needs --user: the account that submits the drafts."))
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("There is no account “%(name)s”.") % {"name": options["user"]})
        importer = importers()[options["kind"]](
            options["file"], publish=options["publish"], submit=options["submit"], user=user,
            progress=terminal_progress(self.stderr._out))
        try:
            created, updated = importer.run()
        except SheetError as error:
            self.report_unknown(importer)
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(_("Nothing was imported: %(count)d problem(s) to correct.")
                               % {"count": len(error.problems)})
        self.report_unknown(importer)
        self.stdout.write(_("%(created)d created, %(updated)d updated, %(unchanged)d unchanged"
                            "%(state)s.") % {
            "created": created, "updated": updated, "unchanged": importer.unchanged,
            "state": _(", published") if options["publish"] else (
                _(", as drafts, %(count)d submitted for approval") % {"count": importer.submitted}
                if options["submit"] else _(", as drafts (an editor submits them for approval)"))})

    def report_unknown(self, importer):
        for header in importer.unknown_columns:
            self.stderr.write(_("Unknown column ignored: “%(header)s”.") % {"header": header})
