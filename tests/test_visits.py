import re
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from visits.counters import DatabaseCounter, visitor_hash
from visits.middleware import VisitCounterMiddleware
from visits.models import CounterSettings, DailyCount, RecentVisitor

UTC = dt_timezone.utc
BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126 Mobile Safari/537.36"


@pytest.fixture
def counter(db):
    return DatabaseCounter()


def test_a_visit_begins_after_thirty_minutes_without_a_request(counter):
    start = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # 09:00 in Hậu Giang
    visitor = visitor_hash("203.0.113.5", BROWSER, start)
    assert counter.hit(visitor, start) is True
    assert counter.hit(visitor, start + timedelta(minutes=10)) is False
    assert counter.hit(visitor, start + timedelta(minutes=39)) is False  # 29 min after the last
    assert counter.hit(visitor, start + timedelta(minutes=70)) is True  # 31 min after the last
    row = DailyCount.objects.get()
    assert (row.visits, row.page_views) == (2, 4)


def test_a_view_counted_late_does_not_move_the_visitor_back_in_time(counter):
    """A collector catching up with nginx's log counts views older than those the app counted
    meanwhile: they neither begin a visit nor make the next view look like a new one."""
    start = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    visitor = visitor_hash("203.0.113.9", BROWSER, start)
    assert counter.hit(visitor, start) is True
    assert counter.hit(visitor, start - timedelta(minutes=40)) is False  # read from the log
    assert counter.hit(visitor, start + timedelta(minutes=5)) is False
    assert RecentVisitor.objects.get().last_seen == start + timedelta(minutes=5)
    assert DailyCount.objects.get().visits == 1


def test_online_counts_distinct_visitors_of_the_last_five_minutes(counter):
    now = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    for minutes_ago, address in [(1, "a"), (4, "b"), (6, "c"), (1, "a")]:
        moment = now - timedelta(minutes=minutes_ago)
        counter.hit(visitor_hash(address, BROWSER, moment), moment)
    assert counter.online(now) == 2


def test_today_starts_at_midnight_in_ho_chi_minh_city(counter):
    before = datetime(2026, 11, 20, 16, 59, tzinfo=UTC)  # 23:59 on the 20th in Việt Nam
    after = datetime(2026, 11, 20, 17, 1, tzinfo=UTC)  # 00:01 on the 21st
    counter.hit(visitor_hash("a", BROWSER, before), before)
    counter.hit(visitor_hash("b", BROWSER, after), after)
    assert counter.today(before) == 1 and counter.today(after) == 1
    assert sorted(str(day) for day in DailyCount.objects.values_list("day", flat=True)) == [
        "2026-11-20", "2026-11-21"]


def test_total_continues_from_the_old_portal(counter):
    CounterSettings.objects.create(total_offset=122121)
    now = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    for address in "abc":
        counter.hit(visitor_hash(address, BROWSER, now), now)
    assert counter.total() == 122124


def test_no_address_is_stored_and_the_hash_changes_every_day(counter):
    day_one = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    first = visitor_hash("203.0.113.5", BROWSER, day_one)
    counter.hit(first, day_one)
    assert "203.0.113.5" not in first and len(first) == 64
    assert RecentVisitor.objects.get().visitor_hash == first
    assert visitor_hash("203.0.113.5", BROWSER, day_one + timedelta(days=1)) != first
    assert counter.forget_old_visitors(day_one + timedelta(days=2)) == 1


def test_page_views_and_most_read(counter, make_article):
    first, second = make_article(title="Tin một"), make_article(title="Tin hai")
    now = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    for n in range(3):
        counter.hit(visitor_hash(f"v{n}", BROWSER, now), now, page_id=second.pk)
    counter.hit(visitor_hash("v9", BROWSER, now), now, page_id=first.pk)
    old = now - timedelta(days=10)
    for n in range(5):
        counter.hit(visitor_hash(f"o{n}", BROWSER, old), old, page_id=first.pk)
    assert counter.page_views(first.pk) == 6
    assert counter.most_read(now, 7, 5) == [(second.pk, 3), (first.pk, 1)]
    assert counter.most_read(now, 30, 5) == [(first.pk, 6), (second.pk, 3)]


def _middleware_response(path, user_agent=BROWSER, status=200, page_id=None, content_type=None):
    def get_response(request):
        response = HttpResponse("<html></html>", status=status,
                                content_type=content_type or "text/html; charset=utf-8")
        if page_id:
            response["X-Page-Id"] = str(page_id)
        return response

    request = RequestFactory().get(path, HTTP_USER_AGENT=user_agent, REMOTE_ADDR="198.51.100.7")
    return VisitCounterMiddleware(get_response)(request)


@pytest.mark.parametrize("path, user_agent, status, content_type, counted", [
    ("/tin-tuc/", BROWSER, 200, None, True),
    ("/tin-tuc/", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
     200, None, False),
    ("/tin-tuc/", "curl/8.5.0", 200, None, False),
    ("/tin-tuc/", "", 200, None, False),
    ("/admin/pages/", BROWSER, 200, None, False),
    ("/static/css/portal.css", BROWSER, 200, "text/css", False),
    ("/portlet/3/", BROWSER, 200, None, False),
    ("/khong-co/", BROWSER, 404, None, False),
])
def test_what_the_middleware_counts(db, path, user_agent, status, content_type, counted):
    _middleware_response(path, user_agent, status, content_type=content_type)
    assert DailyCount.objects.exists() == counted


def test_a_page_served_from_a_cache_still_counts_and_the_page_id_stays_inside(make_article):
    article = make_article()
    response = _middleware_response(article.url, page_id=article.pk)  # no page was rendered
    assert "X-Page-Id" not in response
    assert DatabaseCounter().page_views(article.pk) == 1


def test_pages_count_and_show_their_views(client, make_article):
    article = make_article(title="Bài được đọc")
    for _ in range(3):
        client.get(article.url, HTTP_USER_AGENT=BROWSER)
    html = client.get(article.url, HTTP_USER_AGENT=BROWSER).content.decode()
    assert "Lượt xem: 3" in html
    assert DailyCount.objects.get().visits == 1


def test_counter_portlet_shows_the_seeds_words_live(client, home):
    from portlets.models import Portlet, PortletAssignment

    CounterSettings.objects.create(total_offset=122121)
    portlet = Portlet.objects.create(title="Thống kê truy cập",
                                     content=[{"type": "visit_counter", "value": {}}])
    PortletAssignment.objects.create(page=home, portlet=portlet, region="bottom")
    client.get("/", HTTP_USER_AGENT=BROWSER)
    html = client.get("/", HTTP_USER_AGENT=BROWSER).content.decode()
    assert "Đang online: <strong>1</strong>" in html
    assert "Hôm nay: <strong>1</strong>" in html
    assert "Đã truy cập: <strong>122122</strong>" in html


def test_statistics_dashboard_chart_top_pages_and_csv(client, make_article):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    article = make_article(title="Bài đọc nhiều nhất")
    counter = DatabaseCounter()
    from django.utils import timezone

    now = timezone.now()
    for n in range(3):
        counter.hit(visitor_hash(f"v{n}", BROWSER, now), now, page_id=article.pk)
    User = get_user_model()
    leader = User.objects.create_user("lanhdao", password="x" * 12)
    group = Group.objects.create(name="Lãnh đạo")
    group.permissions.add(Permission.objects.get(codename="access_admin"),
                          Permission.objects.get(codename="view_dailycount"))
    leader.groups.add(group)
    editor = User.objects.create_user("bientap", password="x" * 12)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))

    client.force_login(editor)
    assert client.get("/admin/thong-ke/").status_code in (302, 403)
    client.force_login(leader)
    html = client.get("/admin/thong-ke/").content.decode()
    assert "Thống kê" in html and "Bài đọc nhiều nhất" in html and "<svg" in html
    assert html.count("<rect") == 30
    assert re.search(r'<rect x="696.0" y="20.0" width="23.0" height="200.0"', html)  # not "696,0"
    assert client.get("/admin/thong-ke/?ky=365").content.decode().count("<rect") == 365
    assert client.get("/admin/thong-ke/?ky=abc").status_code == 200
    csv_response = client.get("/admin/thong-ke/?dinh_dang=csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 31 and lines[-1].endswith(",3,3")


def test_old_visitor_hashes_are_cleared_as_visits_come_in(db, monkeypatch):
    from visits import middleware

    old = datetime(2020, 1, 1, tzinfo=UTC)
    RecentVisitor.objects.create(visitor_hash="x" * 64, last_seen=old, visit_started=old)
    monkeypatch.setattr(middleware, "FORGET_PROBABILITY", 1.0)
    _middleware_response("/tin-tuc/")
    assert list(RecentVisitor.objects.values_list("visitor_hash", flat=True)) != ["x" * 64]
    assert RecentVisitor.objects.count() == 1


def test_a_buffered_counter_writes_its_views_together_when_due_and_at_exit(
        make_article, monkeypatch):
    import time

    from visits.counters import BufferedCounter

    article = make_article()
    clock = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    monkeypatch.setattr("atexit.register", lambda function: function)
    counter = BufferedCounter(DatabaseCounter(), seconds=1)
    now = datetime.now(dt_timezone.utc)
    visitors = [visitor_hash(f"198.51.100.{n}", BROWSER, now) for n in range(3)]
    for n in range(5):
        counter.hit(visitors[n % 3], now + timedelta(seconds=n), page_id=article.pk)
    assert not DailyCount.objects.exists()  # waiting in this process
    assert counter.page_views(article.pk) == 0  # reads lag by the buffer's seconds
    clock[0] += 1.5
    counter.hit(visitors[0], now + timedelta(seconds=9))  # due: this request writes them all
    row = DailyCount.objects.get()
    assert (row.visits, row.page_views, counter.page_views(article.pk)) == (3, 6, 5)
    counter.hit(visitors[1], now + timedelta(seconds=10), page_id=article.pk)
    assert counter.flush_buffer() == 1  # what atexit does when the process stops
    assert DatabaseCounter().page_views(article.pk) == 6


def test_a_buffer_that_cannot_be_written_keeps_its_views(make_article, monkeypatch):
    from django.db import DatabaseError

    from visits.counters import BufferedCounter

    monkeypatch.setattr("atexit.register", lambda function: function)
    inner = DatabaseCounter()
    counter = BufferedCounter(inner, seconds=60)
    now = datetime.now(dt_timezone.utc)
    counter.hit(visitor_hash("a", BROWSER, now), now)

    def broken(hits):
        raise DatabaseError("database is locked")
    monkeypatch.setattr(inner, "hit_many", broken)
    with pytest.raises(DatabaseError):
        counter.flush_buffer()
    monkeypatch.undo()
    assert counter.flush_buffer() == 1 and DailyCount.objects.get().page_views == 1


def test_the_buffer_is_one_per_process_and_off_by_default(settings):
    from visits.counters import BufferedCounter, get_counter

    assert isinstance(get_counter(), DatabaseCounter)
    settings.VISITS_BUFFER_SECONDS = 1
    assert isinstance(get_counter(), BufferedCounter) and get_counter() is get_counter()
