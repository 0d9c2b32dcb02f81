"""The satisfaction box (feedback/): on every content page, cookie-free and cached; one rating
per reader, page and day (a second one the same day replaces the first); figures by section on
the statistics dashboard."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from core import page_cache
from feedback import services
from feedback.models import PageRating
from news.models import NewsCategoryPage
from pages.models import StandardPage
from publicforms import captcha
from publicforms.forms import CAPTCHA

from .conftest import VN_TZ, client_for, make_user, publish_child

QUESTION = "Thông tin này có hữu ích không?"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0"


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def rating(**changes):
    data = {"useful": "co", "comment": "Bài viết rõ ràng.", CAPTCHA: captcha.solve(
        captcha.challenge())}
    data.update(changes)
    return data


def rate(page, address="203.0.113.5", agent=BROWSER, **changes):
    return Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent).post(
        f"/danh-gia/{page.pk}/", rating(**changes))


def test_content_pages_end_with_the_box_cookie_free_and_stored(client, home, category,
                                                               make_article):
    article = make_article(title="Bài được đánh giá")
    about = publish_child(home, StandardPage(title="Giới thiệu"))
    for url, page in ((article.url, article), (category.url, category), (about.url, about)):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200 and not response.cookies and \
            "Set-Cookie" not in response, url
        assert QUESTION in html and f'action="/danh-gia/{page.pk}/"' in html
        assert "csrfmiddlewaretoken" not in html
        # the CAPTCHA's script is not loaded by a page view: only when the reader starts
        assert "<altcha-widget" not in html and "js/forms.js\"></script>" not in html
        assert 'data-script="/static/js/forms.js"' in html and "js/rating.js" in html
        assert client.get(url).get(page_cache.STATUS_HEADER) == "hit", url
    # not on the home page, the search, a tag list or an error page
    for url in ("/", "/tim-kiem/?q=abc", "/khong-co/"):
        assert QUESTION not in client.get(url).content.decode(), url


def test_one_rating_per_reader_page_and_day_a_second_replaces_the_first(home, make_article):
    article = make_article()
    response = rate(article)
    assert response.status_code == 303
    assert response["Location"] == f"{article.url}#da-danh-gia"
    first = PageRating.objects.get()
    assert first.useful and first.comment == "Bài viết rõ ràng." and first.page_id == article.pk
    assert "203.0.113.5" not in first.visitor_hash
    # the same reader the same day: replaced, not added
    assert rate(article, useful="khong", comment="Đổi ý.").status_code == 303
    again = PageRating.objects.get()
    assert (again.useful, again.comment) == (False, "Đổi ý.")
    # another reader, another browser, another page: each counts
    assert rate(article, address="198.51.100.9").status_code == 303
    assert rate(article, agent=BROWSER + " Edge").status_code == 303
    other = make_article()
    assert rate(other).status_code == 303
    assert PageRating.objects.count() == 4


def test_another_day_counts_again(rf, make_article):
    article = make_article()
    request = rf.post("/", REMOTE_ADDR="203.0.113.5", HTTP_USER_AGENT=BROWSER)
    today = datetime(2026, 12, 7, 23, 50, tzinfo=VN_TZ)
    services.record(article, request, True, "", now=today)
    services.record(article, request, False, "", now=today + timedelta(minutes=5))
    services.record(article, request, True, "", now=today + timedelta(minutes=15))  # next day
    assert PageRating.objects.count() == 2
    assert sorted(PageRating.objects.values_list("useful", flat=True)) == [False, True]
    assert len(set(PageRating.objects.values_list("visitor_hash", flat=True))) == 2


def test_rating_draws_no_new_content_generation(client, make_article):
    article = make_article()
    client.get(article.url)
    assert rate(article).status_code == 303
    assert client.get(article.url).get(page_cache.STATUS_HEADER) == "hit"


def test_refusals_show_the_form_again_with_the_comment_kept(home, make_article, settings):
    article = make_article(title="Bài thử từ chối")
    response = rate(article, useful="", comment="Góp ý của tôi <b>đậm</b>")
    html = response.content.decode()
    assert response.status_code == 400 and "Hãy chọn “Có” hoặc “Không”." in html
    assert "Góp ý của tôi &lt;b&gt;đậm&lt;/b&gt;" in html and "<b>đậm</b>" not in html
    assert "Bài thử từ chối" in html and "altcha-widget" in html
    assert "private" in response["Cache-Control"] and not response.cookies
    for changes in ({CAPTCHA: ""}, {"comment": "x" * 501}, {"useful": "có lẽ"},
                    {"trang_web": "spam"}):
        assert rate(article, **changes).status_code == 400, changes
    assert not PageRating.objects.exists()
    settings.PUBLIC_FORMS_LIMITS = {**settings.PUBLIC_FORMS_LIMITS,
                                    "feedback.rating.address": (1, 3600)}
    assert rate(article, address="192.0.2.1").status_code == 303
    response = rate(article, address="192.0.2.1", comment="Lần hai bị chặn")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Lần hai bị chặn" in response.content.decode()


def test_what_cannot_be_rated_is_404_and_other_sites_are_403(client, home, make_article):
    article = make_article()
    assert client.post(f"/danh-gia/{home.pk}/", rating()).status_code == 404
    assert client.post("/danh-gia/999999/", rating()).status_code == 404
    draft = make_article(live=False)
    assert client.post(f"/danh-gia/{draft.pk}/", rating()).status_code == 404
    assert client.get(f"/danh-gia/{article.pk}/").status_code == 405
    assert client.post(f"/danh-gia/{article.pk}/", rating(),
                       HTTP_ORIGIN="https://evil.example").status_code == 403
    assert not PageRating.objects.exists()


def test_the_dashboard_shows_figures_by_section_and_escaped_comments(client, home, category,
                                                                     news_root, make_article):
    documents = publish_child(home, NewsCategoryPage(title="Văn bản thử"))
    article = make_article(title="Bài trong tin tức")
    notice = make_article(title="Thông báo", parent=documents)
    request_for = [f"198.51.100.{n}" for n in range(5)]
    for address, useful in zip(request_for, [True, True, True, False, True]):
        assert rate(article, address=address, useful="co" if useful else "khong",
                    comment="").status_code == 303
    assert rate(notice, useful="khong", comment="<script>alert(1)</script>").status_code == 303
    old = PageRating.objects.create(page=notice, day=datetime(2020, 1, 1).date(), useful=True,
                                    visitor_hash="x" * 64)
    assert old.pk
    rows = {row["section"].title: row for row in services.figures_by_section()}
    assert rows["Tin tức - Sự kiện"]["recent"] == (4, 1, 80)
    assert rows["Tin tức - Sự kiện"]["all"] == (4, 1, 80)
    assert rows["Văn bản thử"]["recent"] == (0, 1, 0)
    assert rows["Văn bản thử"]["all"] == (1, 1, 50)

    leader = make_user("lanhdao")
    leader.user_permissions.add(*Permission.objects.filter(
        codename__in=["access_admin", "view_dailycount"]))
    html = client_for(leader).get("/admin/thong-ke/").content.decode()
    assert "Mức độ hài lòng" in html and "Tin tức - Sự kiện" in html and "80%" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    editor = make_user("bientap")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert client_for(editor).get("/admin/thong-ke/").status_code in (302, 403)


def test_the_demo_rates_pages_across_sections(home, category, make_article):
    from feedback import demo

    make_article()
    publish_child(home, StandardPage(title="Giới thiệu"))
    assert demo.build_ratings(count=30) == 30
    assert demo.build_ratings() == 0  # made once
    assert len(services.figures_by_section()) == 2


def test_the_leadership_reads_the_satisfaction_figures(db):
    from django.contrib.auth.models import Group

    from editorial.roles import APPROVER, ROLES_BY_KEY
    from tests.conftest import client_for, make_user

    leader = client_for(make_user("lanhdao", Group.objects.get(name=ROLES_BY_KEY[APPROVER].name)))
    response = leader.get("/admin/thong-ke/")
    assert response.status_code == 200 and "Mức độ hài lòng" in response.content.decode()
