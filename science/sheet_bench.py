"""A synthetic sheet of science and technology tasks for the import benchmark (`make bench`):
`python -m science.sheet_bench DIRECTORY [ROWS]` writes DIRECTORY/nhiem-vu-ROWS.csv and prints
its path; then `manage.py import_sheet nhiem-vu THAT_FILE --publish`. Plain Python: it needs
neither Django nor a database, and the same arguments give the same bytes."""

import csv
import random
import sys
from pathlib import Path

HEADERS = ["Mã số", "Tên nhiệm vụ", "Cấp quản lý", "Lĩnh vực", "Tổ chức chủ trì", "Chủ nhiệm",
           "Mục tiêu", "Nội dung chính", "Phương pháp", "Kết quả dự kiến", "Thời gian bắt đầu",
           "Thời gian kết thúc", "Kinh phí", "Tình trạng"]
LEVELS = ["Quốc gia", "Tỉnh", "Tỉnh", "Cơ sở"]
FIELDS = ["Khoa học tự nhiên", "Khoa học kỹ thuật và công nghệ", "Khoa học y dược",
          "Khoa học nông nghiệp", "Khoa học xã hội", "Khoa học nhân văn"]
HOSTS = ["Trường Đại học Cần Thơ", "Viện Lúa Đồng bằng sông Cửu Long",
         "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ Hậu Giang",
         "Trung tâm Kiểm soát bệnh tật tỉnh Hậu Giang", "Trường Đại học Nam Cần Thơ"]
LEADERS = ["TS. Trần Văn Khánh", "PGS.TS. Nguyễn Thị Thu Hà", "ThS. Lê Minh Tâm",
           "TS. Võ Thị Ngọc Lan", "KS. Huỳnh Văn Phúc"]
SUBJECTS = ["giống lúa chịu mặn", "khóm Cầu Đúc", "cá thát lát cườm", "mắm cá linh",
            "rơm rạ làm phân hữu cơ", "khí sinh học", "sản phẩm OCOP", "bưởi Năm Roi",
            "chuyển đổi số nông nghiệp", "nuôi lươn không bùn"]
ACTIONS = ["Nghiên cứu", "Ứng dụng", "Xây dựng mô hình", "Hoàn thiện quy trình", "Đánh giá"]
STATUSES = ["Đang thực hiện", "Đang thực hiện", "Đã nghiệm thu", "Chờ nghiệm thu", "Tạm dừng",
            "Chưa triển khai"]
BUDGETS = ["1.250,5", "1250.5", "1 250", "980", "3.100", "245,8"]


def rows(count, seed=2025):
    """`count` rows of distinct codes, in the shapes sheets come in (several ways of writing a
    budget, dates dd/mm/yyyy)."""
    rng = random.Random(seed)
    for number in range(1, count + 1):
        subject = rng.choice(SUBJECTS)
        year = 2015 + number % 12
        start_month, months = rng.randint(1, 12), rng.randint(12, 36)
        end_year, end_month = divmod(year * 12 + start_month - 1 + months, 12)
        yield [f"BENCH.{year}.{number:05d}",
               f"{rng.choice(ACTIONS)} {subject} tại tỉnh Hậu Giang (đợt {number})",
               rng.choice(LEVELS), rng.choice(FIELDS), rng.choice(HOSTS), rng.choice(LEADERS),
               f"Nâng cao hiệu quả {subject} cho nông dân và doanh nghiệp trong tỉnh.",
               f"Khảo sát hiện trạng {subject}.\nThử nghiệm giải pháp.\nXây dựng mô hình.",
               "Điều tra, thí nghiệm đồng ruộng và phân tích số liệu.",
               f"Quy trình kỹ thuật về {subject}; mô hình trình diễn; báo cáo tổng hợp.",
               f"01/{start_month:02d}/{year}", f"28/{end_month + 1:02d}/{end_year}",
               rng.choice(BUDGETS), rng.choice(STATUSES)]


def write_csv(directory, count=10_000, seed=2025):
    """Write DIRECTORY/nhiem-vu-COUNT.csv (UTF-8 with BOM, as Excel saves it); its path."""
    path = Path(directory) / f"nhiem-vu-{count}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(rows(count, seed))
    return path


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: python -m science.sheet_bench DIRECTORY [ROWS]")
    print(write_csv(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 10_000))
