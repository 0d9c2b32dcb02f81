"""Delete audit events and django-axes' sign-in logs older than AUDIT_RETENTION_DAYS (the
scheduler does it every day by itself)."""

from django.core.management.base import BaseCommand

from audit.services import prune, retention_days


class Command(BaseCommand):
    help = "Delete audit events and sign-in logs older than AUDIT_RETENTION_DAYS."

    def handle(self, *args, **options):
        counts = prune()
        self.stdout.write(f"Older than {retention_days()} days, deleted: " + ", ".join(
            f"{name} {count}" for name, count in counts.items()))
