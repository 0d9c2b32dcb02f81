import logging
from urllib.parse import urljoin

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from news.importer import OldPageError
from news.services import find_category, import_old_page

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = ("Nhập các trang tin đã lưu từ cổng cũ (dạng văn bản hoặc HTML) thành bài viết. "
            "Import news pages saved from the old portal (text or HTML) as articles.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="tệp cần nhập / files to import")
        parser.add_argument("--category", help="slug hoặc đường dẫn chuyên mục, "
                                                "vd. tin-tuc/tin-hoat-dong")
        parser.add_argument("--publish", action="store_true",
                            help="xuất bản ngay / publish at once (default: draft)")

    def handle(self, *paths, **options):
        category = None
        if options["category"]:
            category = find_category(options["category"])
            if category is None:
                raise CommandError(f"Không tìm thấy chuyên mục “{options['category']}”.")
        base_url = getattr(settings, "SITE_URL", "")
        failed = 0
        for path in options["paths"]:
            try:
                article, created = import_old_page(path, category=category,
                                                   publish=options["publish"])
            except (OldPageError, DatabaseError) as error:
                failed += 1
                self.stderr.write(f"Lỗi: {path}: {error}. Không có gì của tệp này được ghi.")
                continue
            except Exception as error:  # a bug must not stop the other files
                failed += 1
                logger.exception("import of %s failed", path)
                self.stderr.write(f"Lỗi: {path}: lỗi không mong đợi ({type(error).__name__}: "
                                  f"{error}). Không có gì của tệp này được ghi.")
                continue
            action = "Đã tạo" if created else "Đã cập nhật"
            if options["publish"]:
                state = "đã xuất bản"
            elif article.live:
                state = "lưu bản nháp mới; bản đang hiển thị giữ nguyên"
            else:
                state = "bản nháp"
            if not created and category is not None and article.get_parent().pk != category.pk:
                self.stdout.write(f"Lưu ý: {path}: bài đã có ở chuyên mục “{article.get_parent().title}”"
                                  ", giữ nguyên chuyên mục.")
            url = article.get_url() or article.url_path
            self.stdout.write(f"{action} ({state}): {urljoin(base_url + '/', url.lstrip('/'))}")
        if failed:
            raise CommandError(f"{failed}/{len(options['paths'])} tệp không nhập được.")
