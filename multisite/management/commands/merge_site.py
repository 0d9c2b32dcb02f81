"""manage.py merge_site OLD_HOSTNAME --into NEW_HOSTNAME [--section PATH]: one site's agency
merged into another's (multisite.merging.merge_site)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from multisite.merging import MergeError, merge_site


class Command(BaseCommand):
    help = ("Hợp nhất một cổng vào cổng khác: chuyển mọi trang sang cổng mới và để mỗi địa chỉ "
            "cũ chuyển hướng 301 đến đúng trang mới. Merge one site into another.")

    def add_arguments(self, parser):
        parser.add_argument("old", help="tên miền của cổng được hợp nhất")
        parser.add_argument("--into", required=True, help="tên miền của cổng nhận")
        parser.add_argument("--section", help="đường dẫn trang nhận trong cổng mới, vd. "
                                              "gioi-thieu/so-thong-tin-va-truyen-thong "
                                              "(mặc định: trang chủ)")

    def handle(self, *args, **options):
        from wagtail.models import Site

        with translation.override(settings.LANGUAGE_CODE):
            old = Site.objects.filter(hostname=options["old"].strip().lower()).first()
            new = Site.objects.filter(hostname=options["into"].strip().lower()).first()
            for site, name in ((old, options["old"]), (new, options["into"])):
                if site is None:
                    raise CommandError(f"Không có cổng nào có tên miền “{name}”.")
            section = None
            if options["section"]:
                section = new.root_page
                for part in [p for p in options["section"].strip("/").split("/") if p]:
                    section = section.get_children().filter(slug=part).first()
                    if section is None:
                        raise CommandError(f"Cổng {new.hostname} không có trang "
                                           f"“{options['section']}”.")
            try:
                record = merge_site(old, new, section)
            except MergeError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(f"Đã hợp nhất {old.hostname} vào {new.hostname}: {record.pages} trang "
                          f"được chuyển; các địa chỉ cũ trên {', '.join(record.hostnames.split())} "
                          "chuyển hướng 301 đến trang mới.")
