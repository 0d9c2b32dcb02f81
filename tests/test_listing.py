"""core.listing.MonthPaginator: the pages of a list read from the month of their first item
are exactly those of counting and skipping every newer item."""

from datetime import datetime, timedelta

from django.core.paginator import Paginator

from core.listing import MonthPaginator, month_counts

from .conftest import VN_TZ


def test_every_page_read_by_month_is_the_page_read_by_offset(category, make_article,
                                                           django_assert_max_num_queries):
    stamps = [datetime(2026, 3, 1, 0, 0, tzinfo=VN_TZ),  # the first instant of a local month
              datetime(2026, 2, 28, 23, 59, tzinfo=VN_TZ),  # the last of the one before
              datetime(2025, 12, 31, 23, 30, tzinfo=VN_TZ)]
    stamps += [datetime(2026, 1, 15, 9, 0, tzinfo=VN_TZ)] * 3  # the same instant: by id
    stamps += [datetime(2024, 7, 1, 8, 0, tzinfo=VN_TZ) + timedelta(days=9 * n) for n in range(14)]
    for number, stamp in enumerate(stamps):
        make_article(title=f"Tin {number}", published_at=stamp)
    items = category.items()
    field, months = category.item_months()
    assert field == "published_at" and months == month_counts(items, "published_at")
    assert months[0] == (datetime(2026, 3, 1, tzinfo=VN_TZ), 1)
    assert sum(held for _month, held in months) == len(stamps)
    for per_page in (1, 2, 3, 5, 7):
        by_offset = Paginator(items, per_page)
        by_month = MonthPaginator(items, per_page, field, months)
        assert by_month.count == by_offset.count and by_month.num_pages == by_offset.num_pages
        for number in by_offset.page_range:
            with django_assert_max_num_queries(2):  # the page and its photos
                read = [article.pk for article in by_month.page(number)]
            assert read == [article.pk for article in by_offset.page(number)], (per_page, number)


def test_the_list_and_its_years_follow_a_publication(client, category, make_article):
    make_article(title="Tin năm 2024", published_at=datetime(2024, 5, 2, tzinfo=VN_TZ))
    html = client.get(category.url).content.decode()
    assert '<option value="2024">2024</option>' in html and '"2023"' not in html
    make_article(title="Tin năm 2023", published_at=datetime(2023, 5, 2, tzinfo=VN_TZ))
    html = client.get(category.url).content.decode()
    assert "Tin năm 2023" in html and '<option value="2023">2023</option>' in html
