"""Export or erase what the portal holds about one person, found by e-mail, or anonymise what
is older than PERSONAL_DATA_RETENTION_DAYS (the scheduler does that every day by itself)."""

import json

from django.core.management.base import BaseCommand, CommandError

from publicforms import personal_data


class Command(BaseCommand):
    help = ("Export (JSON) or erase the personal data held for one e-mail address, or anonymise "
            "the data older than the retention period.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase", "anonymise-expired"])
        parser.add_argument("email", nargs="?", default="")
        parser.add_argument("--yes", action="store_true",
                            help="erase without asking (erasing cannot be undone)")

    def handle(self, *args, action, email, yes, **options):
        if action == "anonymise-expired":
            counts = personal_data.anonymise_expired()
            self.stdout.write(json.dumps(counts, ensure_ascii=False))
            return
        if "@" not in email:
            raise CommandError("Give the person's e-mail address.")
        if action == "export":
            self.stdout.write(json.dumps(personal_data.export_person(email), ensure_ascii=False,
                                         indent=2, default=str))
            return
        if not yes:
            raise CommandError("Erasing cannot be undone: add --yes to erase.")
        counts = personal_data.erase_person(email)
        self.stdout.write(json.dumps(counts, ensure_ascii=False))
