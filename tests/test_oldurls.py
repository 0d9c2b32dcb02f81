"""Old portals' addresses (oldurls): normalisation, 301/410 on old hosts and the site's own,
prefixes, deleted targets, unmapped hits, CSV import and export, permissions, lookup cost."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from oldurls import hits, normalise, selectors, services
from oldurls.models import OldHost, OldUrl, UnmappedHit

from .conftest import client_for, make_user

OLD = "sotttt.haugiang.gov.vn"


@pytest.fixture
def site(home):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def old_host(site):
    return OldHost.objects.create(hostname=OLD, site=site)


@pytest.fixture
def flush_now(settings):
    settings.OLDURLS_HITS_FLUSH_SECONDS = 0
    hits._pending.clear()
    hits._state["due"] = 0
    yield
    hits._pending.clear()


def get(client, url, host=OLD, **extra):
    return client.get(url, HTTP_HOST=host, **extra)


# --- normalisation --------------------------------------------------------------------------

@pytest.mark.parametrize("written, expected", [
    # Liferay: portlet state, WAR parameters, redirect and tracking dropped
    ("http://SoTTTT.HauGiang.gov.vn/web/guest/tin-tuc/-/asset_publisher/Ab1/content/"
     "hoi-nghi?p_p_id=101_INSTANCE_Ab1&p_p_lifecycle=0&p_p_state=normal&p_p_mode=view"
     "&p_p_col_id=column-1&p_p_col_count=1&redirect=%2Fweb%2Fguest"
     "&_com_liferay_x_WAR_yportlet_cur=2&utm_source=zalo&fbclid=abc",
     ("sotttt.haugiang.gov.vn", "/web/guest/tin-tuc/-/asset_publisher/Ab1/content/hoi-nghi")),
    ("/chi-tiet/-/tin-tuc/hoi-nghi-123/", ("", "/chi-tiet/-/tin-tuc/hoi-nghi-123")),
    # NukeViet: language, nv, op carry meaning; their order does not; index.php is "/"
    ("/index.php?op=tin-tuc/hoi-nghi-12.html&nv=news&language=vi",
     ("", "/?language=vi&nv=news&op=tin-tuc/hoi-nghi-12.html")),
    ("/?language=vi&nv=news&op=tin-tuc%2Fhoi-nghi-12.html&gclid=x",
     ("", "/?language=vi&nv=news&op=tin-tuc/hoi-nghi-12.html")),
    # SharePoint / IIS: case-insensitive, so lower case (path and parameter names)
    ("/Lists/TinTuc/View_Detail.aspx?ItemID=12", ("", "/lists/tintuc/view_detail.aspx?itemid=12")),
    ("/pages/default.aspx", ("", "/pages")),
    # elsewhere case is kept
    ("/Tin-Tuc/Bai-Viet", ("", "/Tin-Tuc/Bai-Viet")),
    # percent-encoding, NFC, default documents, slashes, dot segments
    ("/tin-t%e1%bb%a9c/", ("", "/tin-t%E1%BB%A9c")),
    ("/tin-tức/index.html", ("", "/tin-t%E1%BB%A9c")),
    ("/tin-tu\u0301c", ("", "/tin-t%C3%BAc")),
    ("/a//b/./c/../d/", ("", "/a/b/d")),
    ("/?", ("", "/")),
    ("tin-tuc#phan-2", ("", "/tin-tuc")),
    ("/a?b=2&a=1&a=0", ("", "/a?a=0&a=1&b=2")),
])
def test_normalisation_table(written, expected):
    assert normalise.normalise(written) == expected


@pytest.mark.parametrize("bad", ["", "   ", "/a\x00b", "/" + "a" * 5000, "javascript:alert(1)",
                                 "http:///nohost"])
def test_normalisation_refuses_what_is_no_address(bad):
    with pytest.raises(normalise.BadUrl):
        normalise.normalise(bad)


def test_a_request_normalises_as_its_recorded_address():
    # Django gives a request's path decoded; a "%" in it was "%25"
    assert normalise.normalise_request("/tin-tức/", "") == normalise.normalise("/tin-t%E1%BB%A9c")[1]
    assert normalise.normalise_request("/a%41", "") == normalise.normalise("/a%2541")[1]
    assert normalise.prefixes("/a/b/c?x=1") == ["/a/b/c", "/a/b", "/a", "/"]


# --- answering old addresses ----------------------------------------------------------------

def test_old_host_301_to_the_page_where_it_is_now(client, site, old_host, make_article):
    article = make_article(title="Hội nghị tổng kết")
    services.record(site, OLD, "/index.php?language=vi&nv=news&op=tin-tuc/hoi-nghi-12.html",
                    article)
    response = get(client, "/index.php?nv=news&op=tin-tuc/hoi-nghi-12.html&language=vi"
                           "&utm_source=facebook")
    assert response.status_code == 301
    assert response["Location"] == "http://localhost" + article.url
    assert "max-age=3600" in response["Cache-Control"]
    # the page moves: the mapping follows it
    other = make_article(title="Chuyên mục khác")
    article.move(other.get_parent(), pos="last-child")
    article.refresh_from_db()
    assert get(client, "/index.php?language=vi&nv=news&op=tin-tuc/hoi-nghi-12.html"
               )["Location"].endswith(article.url)


def test_https_in_production(client, settings, site, old_host, make_article):
    article = make_article()
    services.record(site, old_host, "/chi-tiet/-/tin-tuc/bai-1", article)
    settings.SECURE_SSL_REDIRECT = True
    response = get(client, "/chi-tiet/-/tin-tuc/bai-1")  # plain http: one hop, no https:old
    assert response.status_code == 301
    assert response["Location"] == "https://localhost" + article.url


def test_old_host_root_is_not_the_new_home_page(client, site, old_host, flush_now):
    response = get(client, "/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Trang này đã được chuyển" in body and OLD in body
    assert 'name="q"' in body and '<base href="http://localhost/">' in body
    assert UnmappedHit.objects.get().path == "/"


def test_old_host_410(client, site, old_host):
    services.record(site, old_host, "/web/guest/thong-bao-cu", status=410)
    response = get(client, "/web/guest/thong-bao-cu/")
    assert response.status_code == 410
    assert "Trang này đã bị gỡ bỏ" in response.content.decode()


def test_new_host_301_only_on_404(client, site, old_host, make_article, category):
    article = make_article()
    services.record(site, None, "/Lists/TinTuc/View_Detail.aspx?ItemID=7", article)
    response = client.get("/lists/tintuc/view_detail.aspx?itemid=7")
    assert response.status_code == 301 and response["Location"].endswith(article.url)
    # a mapping of one of the site's old hosts answers on the site's own host too
    services.record(site, old_host, "/web/guest/gioi-thieu", category)
    assert client.get("/web/guest/gioi-thieu")["Location"].endswith(category.url)
    # a page of the site wins over a mapping of its address
    services.record(site, None, category.url, article)
    assert client.get(category.url).status_code == 200


def test_prefix_rules_longest_wins_exact_first(client, site, old_host, make_article,
                                               news_root, category):
    article = make_article()
    services.record(site, old_host, "/web/guest/tin-tuc/", news_root, is_prefix=True)
    services.record(site, old_host, "/web/guest/tin-tuc/hoat-dong", category, is_prefix=True)
    services.record(site, old_host, "/web/guest/tin-tuc/hoat-dong/-/bai-1", article)
    assert get(client, "/web/guest/tin-tuc/su-kien/-/abc?p_p_id=1")["Location"].endswith(
        news_root.url)  # the rest of the path is dropped
    assert get(client, "/web/guest/tin-tuc/hoat-dong/-/bai-2")["Location"].endswith(
        category.url)
    assert get(client, "/web/guest/tin-tuc/hoat-dong/-/bai-1")["Location"].endswith(
        article.url)
    assert get(client, "/web/guest/khac").status_code == 404


def test_deleted_target_page_is_no_500(client, site, old_host, make_article, flush_now):
    article = make_article()
    services.record(site, old_host, "/chi-tiet/-/tin-tuc/bai-xoa", article)
    article.delete()
    mapping = OldUrl.objects.get()
    assert mapping.target_page_id is None
    response = get(client, "/chi-tiet/-/tin-tuc/bai-xoa")
    assert response.status_code == 404
    assert "Trang này đã được chuyển" in response.content.decode()


@pytest.mark.parametrize("path", ["/a%00b", "/" + "x" * 9000, "/%E1%80"])
def test_nul_and_huge_addresses_are_no_500(client, site, old_host, path, flush_now):
    assert get(client, path).status_code == 404
    assert client.get(path).status_code in (301, 404)  # Django's APPEND_SLASH may answer


def test_static_files_pass_on_old_hosts(client, site, old_host):
    assert get(client, "/static/css/portal.css").status_code in (200, 304)


def test_a_stored_404_cannot_hide_a_mapping(client, settings, site, make_article):
    settings.PAGE_CACHE_SECONDS = 300
    article = make_article()
    assert client.get("/web/guest/bai-1").status_code == 404
    services.record(site, None, "/web/guest/bai-1", article)
    assert client.get("/web/guest/bai-1").status_code == 301
    # an old host made known: what was rendered for its name before is no longer served
    assert client.get("/", HTTP_HOST=OLD).status_code == 200  # the default site, for now
    assert client.get("/", HTTP_HOST=OLD).get("X-Page-Cache") == "hit"
    OldHost.objects.create(hostname=OLD, site=site)
    assert client.get("/", HTTP_HOST=OLD).status_code == 404


# --- unmapped hits --------------------------------------------------------------------------

def test_unmapped_hits_are_counted_in_memory_then_written(client, settings, site, old_host):
    settings.OLDURLS_HITS_FLUSH_SECONDS = 3600
    hits._pending.clear()
    hits._state["due"] = 10 ** 12
    for _ in range(5):
        get(client, "/web/guest/mat-tich?p_p_id=1")
    get(client, "/index.php?nv=news", host="localhost")  # an old shape on the site's host
    get(client, "/khong-co", host="localhost")  # a plain 404 of the new site: not counted
    assert UnmappedHit.objects.count() == 0  # no write per request
    assert hits.flush() == 2
    rows = {row.path: row for row in UnmappedHit.objects.all()}
    assert rows["/web/guest/mat-tich?p_p_id=1"].hits == 5
    assert rows["/web/guest/mat-tich?p_p_id=1"].host == OLD
    assert rows["/index.php?nv=news"].hits == 1
    for _ in range(3):
        get(client, "/web/guest/mat-tich?p_p_id=1")
    hits.flush()
    row = UnmappedHit.objects.get(path="/web/guest/mat-tich?p_p_id=1")
    assert row.hits == 8 and row.last_seen >= row.first_seen
    # mapping it takes it off the list
    services.record(site, old_host, "/web/guest/mat-tich", status=410)
    assert not UnmappedHit.objects.filter(path="/web/guest/mat-tich?p_p_id=1").exists()
    hits._pending.clear()


def test_unmapped_hits_are_bounded(client, settings, site, old_host):
    settings.OLDURLS_HITS_FLUSH_SECONDS = 3600
    settings.OLDURLS_HITS_BUFFER = 20
    settings.OLDURLS_UNMAPPED_MAX = 40
    hits._pending.clear()
    hits._state["due"] = 10 ** 12
    for _ in range(3):
        get(client, "/hoi-nhieu-lan")
    for n in range(50):  # a flood of made-up addresses
        get(client, f"/ngau-nhien-{n}")
    assert len(hits._pending) == 20
    hits.flush()
    for round_ in range(4):
        for n in range(20):
            get(client, f"/dot-{round_}-{n}")
        hits.flush()
    assert UnmappedHit.objects.count() <= 40
    assert UnmappedHit.objects.get(path="/hoi-nhieu-lan").hits == 3  # asked again: kept
    hits._pending.clear()


# --- lookup cost ----------------------------------------------------------------------------

def test_a_lookup_is_one_query(site, old_host, make_article):
    article = make_article()
    services.record_many(site, old_host, [(f"/web/guest/-/bai-{n}", article)
                                          for n in range(300)])
    services.record(site, old_host, "/web/guest/", article, is_prefix=True)
    selectors.old_hosts()  # kept per content generation
    for url in ["/web/guest/-/bai-7", "/web/guest/a/b/c/d/e/f", "/khong/co"]:
        with CaptureQueriesContext(connection) as queries:
            selectors.find(OLD, url)
        assert len(queries) == 1, [q["sql"] for q in queries]


def test_the_request_costs_one_lookup_query(client, site, old_host, make_article):
    article = make_article()
    services.record(site, old_host, "/web/guest/-/bai-1", article)
    get(client, "/web/guest/-/bai-1")  # warms what is kept per generation
    with CaptureQueriesContext(connection) as queries:
        assert get(client, "/web/guest/-/bai-1").status_code == 301
    assert len(queries) == 1, [q["sql"] for q in queries]


# --- the importer's API ---------------------------------------------------------------------

def test_record_is_idempotent_and_cheap(site, old_host, make_article):
    article, other = make_article(), make_article()
    with CaptureQueriesContext(connection) as queries:
        services.record(site, old_host, "/chi-tiet/-/tin-tuc/bai-1", article)
    assert len(queries) <= 2
    services.record(site, old_host, "/chi-tiet/-/tin-tuc/bai-1/", article)
    services.record(site, OLD, "http://sotttt.haugiang.gov.vn/chi-tiet/-/tin-tuc/bai-1", other)
    mapping = OldUrl.objects.get()
    assert mapping.target_page_id == other.pk and mapping.old_host == old_host
    assert selectors.find(OLD, "/chi-tiet/-/tin-tuc/bai-1?redirect=x").pk == mapping.pk
    assert selectors.find(None, "http://sotttt.haugiang.gov.vn/chi-tiet/-/tin-tuc/bai-1")
    assert selectors.find(None, "/chi-tiet/-/tin-tuc/bai-1", site=site)
    assert selectors.find("other.gov.vn", "/chi-tiet/-/tin-tuc/bai-1") is None
    assert services.record_many(site, OLD, [(f"/a/{n}", article) for n in range(2500)]) == 2500
    assert OldUrl.objects.count() == 2501


def test_record_refuses_bad_input(site, old_host, make_article):
    from django.core.exceptions import ValidationError

    article = make_article()
    for kwargs in [dict(old_url="/a\x00"), dict(old_url="/b", page=None),
                   dict(old_url="/c", target_url="https://evil.example/"),
                   dict(old_url="/d", target_url="//evil.example/"),
                   dict(old_url="http://khac.gov.vn/e", page=article),
                   dict(old_url="/f", page=article, status=302)]:
        with pytest.raises(ValidationError):
            services.record(site, old_host, **kwargs)
    assert OldUrl.objects.count() == 0


def test_allowed_off_site_target(client, settings, site, old_host):
    settings.OLDURLS_ALLOWED_TARGET_HOSTS = [".gov.vn"]
    services.record(site, old_host, "/dvc", target_url="https://dichvucong.gov.vn/p/home")
    assert get(client, "/dvc")["Location"] == "https://dichvucong.gov.vn/p/home"
