"""`manage.py import_old_site PATH --host OLD_HOSTNAME [--site NEW_HOSTNAME] [--into SECTION]
[--category CATEGORY] [--draft]`: a whole old portal into the site (oldportals.importing)."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from oldportals.importing import ImportSetupError, SiteImport

SHOWN = 20  # lines of each list of the report; the rest are counted


def progress_line(stream):
    """Progress with the rate and the time left: a bar redrawn on a terminal, a line every
    2,000 pages in a log."""
    tty = stream.isatty()

    def show(done, total, seconds):
        rate = done / seconds if seconds else 0.0
        left = (total - done) / rate if rate and total >= done else 0
        if tty:
            width = 30
            filled = int(width * done / total) if total else width
            stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                         f"{rate:.0f} trang/s, còn {int(left) // 60}:{int(left) % 60:02d}  ")
            if done >= total:
                stream.write("\n")
        elif done >= total or done % 2000 < 200:
            stream.write(f"{done}/{total} trang, {rate:.0f} trang/s, còn {int(left)} s\n")
        stream.flush()
    return show


class Command(BaseCommand):
    help = ("Nhập toàn bộ một cổng cũ (thư mục wget --mirror, trang lưu bằng trình duyệt, dạng "
            "văn bản hoặc tệp WARC); mỗi địa chỉ cũ chuyển hướng 301 tới trang mới. "
            "Import a whole old portal; each old address then answers 301 to its new page.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="thư mục hoặc tệp WARC của cổng cũ")
        parser.add_argument("--host", required=True, help="tên miền của cổng cũ")
        parser.add_argument("--site", help="tên miền của trang mới (mặc định: trang chính)")
        parser.add_argument("--into", help="chuyên mục tin nhận các chuyên mục được tạo, "
                                           "vd. tin-tuc")
        parser.add_argument("--category", help="đưa mọi bài vào chuyên mục này (tạo nếu chưa "
                                               "có), vd. tin-so-thong-tin")
        parser.add_argument("--draft", action="store_true",
                            help="lưu bản nháp thay vì xuất bản")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):  # the reasons in Vietnamese
            return self._handle(options)

    def _handle(self, options):
        try:
            run = SiteImport(options["path"], options["host"], site=options["site"],
                             into=options["into"], category=options["category"],
                             publish=not options["draft"], progress=progress_line(sys.stderr))
        except ImportSetupError as error:
            raise CommandError(str(error))
        try:
            report = run.run()
        except KeyboardInterrupt:
            self.stderr.write("\nĐã dừng theo yêu cầu (Ctrl-C). Các trang đã ghi được giữ "
                              "nguyên, không có trang ghi dở; chạy lại đúng lệnh này để nhập "
                              "tiếp phần còn lại.")
            self._report(run.report)
            raise CommandError("Đã dừng trước khi nhập xong.") from None
        self._report(report)
        if report.failed and not (report.imported or report.updated or report.unchanged):
            raise CommandError("Không nhập được trang nào.")

    def _report(self, report):
        out = self.stdout.write
        out(f"Đã đọc {report.read} trang trong {report.seconds:.1f} s "
            f"({report.read / report.seconds if report.seconds else 0:.0f} trang/s).")
        out(f"  Nhập mới: {report.imported}")
        out(f"  Cập nhật: {report.updated}")
        out(f"  Không đổi (đã nhập trước đây): {report.unchanged}")
        if report.categories:
            out(f"  Chuyên mục đã tạo: {', '.join(report.categories)}")
        kinds = {"procedure": "thủ tục", "document": "văn bản"}
        plain = sorted({(url, kinds.get(kind, kind)) for url, kind in report.plain})
        for title, rows in (("Bỏ qua", report.skipped), ("Lỗi, không nhập", report.failed),
                            ("Ảnh và tệp không tìm thấy", sorted(set(report.missing_photos))),
                            ("Thủ tục (hoặc văn bản thiếu số, ngày, loại) nhập thành trang thường", plain)):
            if not rows:
                continue
            out(f"  {title}: {len(rows)}")
            for url, reason in rows[:SHOWN]:
                out(f"    {url}: {reason}")
            if len(rows) > SHOWN:
                out(f"    … và {len(rows) - SHOWN} mục khác")
