"""How long `import_sheet` takes on a large sheet: 10,000 rows of each section (new items,
published), then 1,000 of them imported again as they are (nothing to write) and 1,000 with
their texts changed (a new published revision each).

Usage: python bench/import_sheets.py [--rows 10000] [--updates 1000] [--only nhiem-vu]
Uses a temporary SQLite file (DATABASE_URL is honoured when set: give it a database of its
own). Prints wall seconds, CPU seconds of the command and rows per second."""

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from science.sheet_bench import write_csv as write_tasks  # noqa: E402
from tests.servers import manage, server_env  # noqa: E402

SECTIONS = """
from legal import demo as legal
from news.models import HomePage
from procedures import demo as procedures
from science import demo as science
home = HomePage.objects.get()
for app in (legal, procedures, science):
    app.build_section(home)
"""
TYPES = ["Quyết định", "Kế hoạch", "Công văn", "Thông báo", "Chỉ thị"]
ISSUERS = ["Ủy ban nhân dân tỉnh Hậu Giang", "Sở Khoa học và Công nghệ tỉnh Hậu Giang"]
FIELDS = ["Khoa học và công nghệ", "Tiêu chuẩn đo lường chất lượng", "Sở hữu trí tuệ"]


def write_documents(directory, count, changed=False):
    path = Path(directory) / f"van-ban-{count}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Số ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Người ký",
                         "Ngày ban hành", "Ngày hiệu lực", "Ngày hết hiệu lực", "Lĩnh vực",
                         "Trích yếu", "Tệp đính kèm", "Thay thế"])
        for n in range(1, count + 1):
            year, month, day = 2010 + n % 16, 1 + n % 12, 1 + n % 28
            writer.writerow([f"{n}/QĐ-BENCH", TYPES[n % len(TYPES)], ISSUERS[n % 2],
                             "Nguyễn Văn An", f"{day:02d}/{month:02d}/{year}",
                             f"{day:02d}/{month:02d}/{year}", "", FIELDS[n % 3],
                             f"Về việc triển khai nhiệm vụ khoa học và công nghệ số {n} "
                             f"trên địa bàn tỉnh Hậu Giang{' (sửa đổi)' if changed else ''}",
                             "", ""])
    return path


def write_procedures(directory, count, changed=False):
    path = Path(directory) / f"thu-tuc-{count}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Cấp thực hiện",
                         "Trình tự thực hiện", "Cách thức thực hiện", "Thành phần hồ sơ",
                         "Thời hạn giải quyết", "Đối tượng thực hiện", "Cơ quan thực hiện",
                         "Kết quả", "Phí lệ phí", "Yêu cầu điều kiện", "Căn cứ pháp lý",
                         "Mức độ", "Liên kết nộp trực tuyến"])
        for n in range(1, count + 1):
            writer.writerow([f"9.{n:06d}", f"Thủ tục cấp giấy chứng nhận số {n}", FIELDS[n % 3],
                             "Cấp tỉnh", "Bước 1: nộp hồ sơ.\nBước 2: nhận kết quả.",
                             "Trực tuyến hoặc trực tiếp", "Đơn đề nghị; bản sao giấy tờ",
                             "15 ngày làm việc", "Tổ chức, cá nhân",
                             "Sở Khoa học và Công nghệ tỉnh Hậu Giang", "Giấy chứng nhận",
                             "Không", "Có" if changed else "Không", "29/2013/QH13",
                             "Toàn trình",
                             "https://dichvucong.gov.vn/"])
    return path


def timed(env, *args):
    """(wall seconds, CPU seconds) of one manage.py command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--updates", type=int, default=1_000)
    parser.add_argument("--only", choices=["van-ban", "thu-tuc", "nhiem-vu"])
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="vnportal-bench-import-"))
    env = server_env(var)
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    manage(env, "migrate", "--no-input")
    manage(env, "shell", "-c", SECTIONS)
    writers = {"van-ban": write_documents, "thu-tuc": write_procedures,
               "nhiem-vu": lambda directory, count, changed=False: write_tasks(
                   directory, count, seed=2026 if changed else 2025)}
    print(f"import_sheet --publish, {'SQLite' if 'DATABASE_URL' not in os.environ else 'DATABASE_URL'}"
          f" ({os.cpu_count()} CPUs)")
    for kind, write in writers.items():
        if args.only and kind != args.only:
            continue
        sheet = write(var, args.rows)
        wall, cpu = timed(env, "import_sheet", kind, str(sheet), "--publish")
        print(f"  {kind:9} {args.rows:>6} new rows: {wall:6.1f} s wall, {cpu:6.1f} s CPU, "
              f"{args.rows / wall:6.0f} rows/s")
        for label, changed in (("unchanged", False), ("changed", True)):
            again = write(var / label, args.updates, changed=changed)
            wall, cpu = timed(env, "import_sheet", kind, str(again), "--publish")
            print(f"  {kind:9} {args.updates:>6} {label + ':':10} {wall:6.1f} s wall, "
                  f"{cpu:6.1f} s CPU, {args.updates / wall:6.0f} rows/s")


if __name__ == "__main__":
    main()
