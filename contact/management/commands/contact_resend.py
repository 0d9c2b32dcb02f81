"""E-mail again the contact messages whose mail failed (they are kept until it succeeds)."""

from django.core.management.base import BaseCommand, CommandError

from contact.services import send_unsent


class Command(BaseCommand):
    help = "E-mail again the contact messages whose mail to their unit failed."

    def handle(self, *args, **options):
        sent, failed = send_unsent()
        self.stdout.write(f"sent: {sent}, still failing: {failed}")
        if failed:
            raise CommandError(f"{failed} message(s) could not be e-mailed; see the log.")
