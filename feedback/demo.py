"""The demo's ratings: some readers' answers across the sections, over the last two months,
so that the statistics dashboard's "Mức độ hài lòng" has figures to show."""

import hashlib
import random
from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page

from visits.counters import local_day

from .models import PageRating
from .services import is_rated

COMMENTS = [
    "Thông tin rõ ràng, dễ hiểu.",
    "Nên bổ sung biểu mẫu tải về ngay trong trang.",
    "Cảm ơn Sở đã cập nhật kịp thời.",
    "Khó tìm thời hạn giải quyết hồ sơ.",
    "Mong có thêm hình ảnh minh họa.",
]


def build_ratings(count=120, seed=14):
    """About `count` ratings of the demo's rated pages, made once (none when any exists)."""
    if PageRating.objects.exists():
        return 0
    pages = [page for page in Page.objects.live().filter(depth__gte=3).specific()
             if is_rated(page)]
    if not pages:
        return 0
    rng, now = random.Random(seed), timezone.now()
    rows = []
    for number in range(count):
        page = rng.choice(pages)
        moment = now - timedelta(days=rng.randint(0, 59), hours=rng.randint(0, 23))
        useful = rng.random() < (0.55 if "thu-tuc" in page.url_path else 0.8)
        comment = rng.choice(COMMENTS) if rng.random() < 0.15 else ""
        rows.append(PageRating(
            page_id=page.pk, day=local_day(moment), useful=useful, comment=comment,
            created_at=moment,
            visitor_hash=hashlib.sha256(f"demo-{seed}-{number}".encode()).hexdigest()))
    PageRating.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
