from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from editorial.services import ensure_all_section_groups


class Command(BaseCommand):
    help = _("Make the missing writer, editor and approver groups of every section (idempotent).")

    def handle(self, *args, **options):
        count = ensure_all_section_groups()
        self.stdout.write(_("%(count)d sections have their groups.") % {"count": count})
