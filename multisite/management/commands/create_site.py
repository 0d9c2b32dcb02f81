"""manage.py create_site --name "Sở X" --hostname x.gov.vn [--alias www.x.gov.vn …] [--port 80]
[--admin-email …]: a new site on this install (multisite.services.create_site)."""

from django.core.management.base import BaseCommand, CommandError

from multisite.services import SiteError, create_site


class Command(BaseCommand):
    help = ("Tạo một cổng (site) mới trên cùng bản cài đặt: trang chủ, tên miền, tên miền phụ, "
            "cài đặt, thư mục ảnh/tài liệu, các nhóm biên tập và quy trình duyệt.")

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Tên cơ quan, ví dụ “Sở Tư pháp”.")
        parser.add_argument("--hostname", required=True, help="Tên miền chính, ví dụ stp.gov.vn.")
        parser.add_argument("--alias", action="append", default=[], dest="aliases",
                            help="Tên miền phụ (chuyển hướng 301 về tên miền chính); lặp lại "
                                 "được.")
        parser.add_argument("--port", type=int, default=80)
        parser.add_argument("--admin-email", help="Thêm tài khoản có e-mail này vào nhóm Quản "
                                                  "trị của cổng.")

    def handle(self, *args, **options):
        if not 1 <= options["port"] <= 65535:
            raise CommandError("Cổng (--port) phải từ 1 đến 65535.")
        try:
            outcome = create_site(options["name"], options["hostname"], options["aliases"],
                                  port=options["port"], admin_email=options["admin_email"])
        except SiteError as error:
            raise CommandError(str(error)) from error
        site = outcome.site
        if not outcome.changed:
            self.stdout.write(f"Cổng {site.hostname}:{site.port} đã có đủ: không thay đổi gì.")
            return
        self.stdout.write(f"Cổng {site.hostname}:{site.port}:")
        for line in outcome.created:
            self.stdout.write(f"  + {line}")
        self.stdout.write(self.style.SUCCESS("Xong."))
