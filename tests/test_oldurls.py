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


def test_a_flood_asked_twice_each_cannot_freeze_the_unmapped_list(client, settings, site,
                                                                   old_host):
    settings.OLDURLS_HITS_FLUSH_SECONDS = 3600
    settings.OLDURLS_UNMAPPED_MAX = 20
    hits._pending.clear()
    hits._state["due"] = 10 ** 12
    for _ in range(2):
        for n in range(20):
            get(client, f"/rac-{n}.html")
        hits.flush()
    assert UnmappedHit.objects.count() == 20 and UnmappedHit.objects.filter(hits=2).count() == 20
    for _ in range(3):
        get(client, "/tin-cu-that.html")
    hits.flush()
    assert UnmappedHit.objects.filter(path="/tin-cu-that.html", hits=3).exists()
    assert UnmappedHit.objects.count() <= 20
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


# --- CSV ------------------------------------------------------------------------------------

def csv_text(*rows):
    return "Old URL,New URL,Status\n" + "".join(",".join(row) + "\n" for row in rows)


def test_csv_import_refuses_bad_rows_with_line_numbers(settings, site, old_host, category,
                                                       make_article):
    settings.OLDURLS_ALLOWED_TARGET_HOSTS = ["dichvucong.gov.vn"]
    article = make_article()
    services.record(site, old_host, "/da-co", target_url="/khong-phai-trang")
    data = csv_text(
        (f"http://{OLD}/web/guest/tin-tuc/bai-1", article.url, "301"),   # 2 good: a page
        ("/web/guest/thong-bao", "", "410"),                             # 3 good: 410
        ("/web/guest/tin-tuc/*", category.url, ""),                      # 4 good: prefix
        ("/a", "/a", "301"),                                             # 5 loop A→A
        ("/b", "/c", "301"),                                             # 6 loop B→C→B
        ("/c", "/b", "301"),                                             # 7 loop
        ("/d", "/da-co", "301"),                                         # 8 chain (stored)
        ("/e", "https://evil.example/x", "301"),                         # 9 off-site
        ("/f", "https://dichvucong.gov.vn/p", "301"),                    # 10 allowed
        ("/g", "/x", "302"),                                             # 11 bad status
        ("http://khac.gov.vn/h", "/x", "301"),                           # 12 unknown host
        ("/i", "", "301"),                                               # 13 301 without target
        ("/web/guest/thong-bao/", "", "410"),                            # 14 repeats line 3
        ("/j\x01", "/x", "301"),                                         # 15 malformed
    )
    from oldurls.csvfile import import_csv

    result = import_csv(site, data.encode("utf-8-sig"))
    lines = dict(result.errors)
    assert sorted(lines) == [5, 6, 7, 8, 9, 11, 12, 13, 14, 15], result.errors
    assert "Vòng lặp" in lines[5] and "Vòng lặp" in lines[6]
    assert "nối tiếp" in lines[8] and "/khong-phai-trang" in lines[8]
    assert "evil.example" in lines[9] and "302" in lines[11] and "khac.gov.vn" in lines[12]
    assert "dòng 3" in lines[14]
    assert result.written == 4
    assert selectors.find(OLD, "/web/guest/tin-tuc/bai-1").target_page_id == article.pk
    assert selectors.find(OLD, "/web/guest/tin-tuc/khac").target_page_id == category.pk
    assert selectors.find(OLD, "/web/guest/thong-bao").status == 410


def test_csv_file_refused_whole(site):
    from oldurls.csvfile import import_csv

    assert "tiêu đề" in import_csv(site, b"a,b,c\n/x,/y,301\n").refused_file
    assert "UTF-8" in import_csv(site, "Old URL,New URL,Status\n/á,,410\n".encode("cp1258")
                                 ).refused_file


def test_csv_too_large(settings, site):
    from oldurls.csvfile import import_csv

    settings.OLDURLS_CSV_MAX_MB = 1
    data = csv_text(*[(f"/{n:0>200}", "", "410") for n in range(6000)]).encode()
    assert "1 MB" in import_csv(site, data).refused_file
    assert OldUrl.objects.count() == 0


def test_csv_export_round_trip(tmp_path, settings, site, old_host, category, make_article):
    settings.OLDURLS_ALLOWED_TARGET_HOSTS = [".gov.vn"]
    article = make_article()
    services.record(site, old_host, "/index.php?nv=news&op=a-1.html", article)
    services.record(site, None, "/Lists/TinTuc/View_Detail.aspx?ItemID=3", status=410)
    services.record(site, old_host, "/web/guest/tin-tuc", category, is_prefix=True)
    services.record(site, old_host, "/dvc", target_url="https://dichvucong.gov.vn/p")
    before = sorted((m.key, m.host_scope, m.status, m.target_page_id, m.target_url, m.is_prefix)
                    for m in OldUrl.objects.all())
    out = io.StringIO()
    call_command("oldurls_export", stdout=out)
    text = out.getvalue()
    assert text.startswith("Old URL,New URL,Status")
    assert f"http://{OLD}/web/guest/tin-tuc*,{category.url}" in text
    path = tmp_path / "old.csv"
    path.write_text(text, encoding="utf-8")
    OldUrl.objects.all().delete()
    call_command("oldurls_import", str(path), "--site", "localhost", stdout=io.StringIO())
    after = sorted((m.key, m.host_scope, m.status, m.target_page_id, m.target_url, m.is_prefix)
                   for m in OldUrl.objects.all())
    assert after == before
    # importing the same file again changes nothing
    call_command("oldurls_import", str(path), stdout=io.StringIO())
    assert OldUrl.objects.count() == 4


def test_import_command_lists_bad_lines(tmp_path, site):
    path = tmp_path / "bad.csv"
    path.write_text(csv_text(("/a", "", "410"), ("/b", "/b", "301")), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("oldurls_import", str(path), stdout=io.StringIO(), stderr=err)
    assert f"{path}:3:" in err.getvalue()
    assert OldUrl.objects.count() == 1


# --- admin and permissions ------------------------------------------------------------------

@pytest.fixture
def administrator(db):
    from django.contrib.auth.models import Group

    return make_user("quantri_oldurls", Group.objects.get(name="Quản trị"))


@pytest.fixture
def writer(db):
    from django.contrib.auth.models import Group

    return make_user("phongvien_oldurls", Group.objects.get(name="Cộng tác viên / Phóng viên"))


def test_writer_gets_403(writer, site, old_host):
    services.record(site, old_host, "/x", status=410)
    mapping = OldUrl.objects.get()
    client = client_for(writer)
    for url in ["/admin/oldurls_oldurl/", "/admin/oldurls_oldurl/new/",
                f"/admin/oldurls_oldurl/edit/{mapping.pk}/", "/admin/oldurls/csv/",
                "/admin/oldurls_unmapped/", "/admin/oldurls_oldhost/"]:
        assert client.get(url).status_code == 403, url
    response = client.post("/admin/oldurls/csv/", {"site": site.pk})
    assert response.status_code == 403


def test_administrator_maps_marks_410_and_exports(administrator, site, old_host, category,
                                                  flush_now):
    client = client_for(administrator)
    assert client.get("/admin/oldurls_oldurl/").status_code == 200
    assert client.get("/admin/oldurls_oldhost/").status_code == 403  # superusers'
    # an unmapped address, then "map it"
    Client = type(client)
    Client().get("/web/guest/mat", HTTP_HOST=OLD)
    listing = client.get("/admin/oldurls_unmapped/")
    assert listing.status_code == 200 and "/web/guest/mat" in listing.content.decode()
    form = client.get(f"/admin/oldurls_oldurl/new/?old_url=/web/guest/mat&old_host={OLD}")
    assert form.status_code == 200 and "/web/guest/mat" in form.content.decode()
    response = client.post("/admin/oldurls_oldurl/new/", {
        "site": site.pk, "old_host": old_host.pk, "old_url": "/web/guest/mat",
        "status": 301, "target_page": category.pk, "target_url": "", "note": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not UnmappedHit.objects.exists()
    assert Client().get("/web/guest/mat", HTTP_HOST=OLD)["Location"].endswith(category.url)
    # the same address again: a form error, not a 500
    again = client.post("/admin/oldurls_oldurl/new/", {
        "site": site.pk, "old_host": old_host.pk, "old_url": "/web/guest/mat/",
        "status": 410, "target_url": "", "note": ""})
    assert again.status_code == 200 and "đã được ánh xạ" in again.content.decode()
    # mark it 410
    mapping = OldUrl.objects.get()
    response = client.post(f"/admin/oldurls_oldurl/edit/{mapping.pk}/", {
        "site": site.pk, "old_host": old_host.pk, "old_url": "/web/guest/mat",
        "status": 410, "target_url": "", "note": "Tin đã hết hạn"})
    assert response.status_code == 302
    assert Client().get("/web/guest/mat", HTTP_HOST=OLD).status_code == 410
    # search and filter
    assert "/web/guest/mat" in client.get("/admin/oldurls_oldurl/?q=guest").content.decode()
    # CSV
    export = client.get(f"/admin/oldurls/csv/?export=1&site={site.pk}")
    assert export.status_code == 200 and f"http://{OLD}/web/guest/mat,,410" in \
        export.content.decode("utf-8-sig")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("m.csv", csv_text(("/a", "", "410"), ("/b", "/b", "")).encode())
    response = client.post("/admin/oldurls/csv/", {"site": site.pk, "file": upload})
    body = response.content.decode()
    assert response.status_code == 200 and "Vòng lặp" in body and "<td>3</td>" in body


def test_an_administrator_of_one_site_cannot_touch_another(site, home):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupSitePermission

    other = Site.objects.create(hostname="sokhcn.example.gov.vn", root_page=home)
    theirs = OldUrl(site=other, old_url="/x", status=410)
    theirs.save()
    group = Group.objects.create(name="Quản trị · một trang")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_oldurl", "change_oldurl", "delete_oldurl", "view_oldurl"):
        GroupSitePermission.objects.create(group=group, site=site,
                                           permission=Permission.objects.get(codename=codename))
    client = client_for(make_user("quantri_mot_trang", group))
    assert client.get("/admin/oldurls_oldurl/").status_code == 200
    assert client.get(f"/admin/oldurls_oldurl/edit/{theirs.pk}/").status_code == 404
    assert client.post(f"/admin/oldurls_oldurl/delete/{theirs.pk}/").status_code == 404
    response = client.post("/admin/oldurls_oldurl/new/", {
        "site": other.pk, "old_url": "/y", "status": 410, "target_url": "", "note": ""})
    assert response.status_code == 200 and not OldUrl.objects.filter(old_url="/y").exists()
    assert client.get(f"/admin/oldurls/csv/?export=1&site={other.pk}").status_code == 404


def test_the_form_never_makes_an_old_hostname_that_would_take_a_host_over(
        administrator, site, old_host, category):
    """An absolute old address on a hostname that is no old hostname of the site is refused,
    leaving nothing behind (review of issue 16): it would make every address of that host,
    another site's alias say, answer from here."""
    from oldurls.models import OldHost

    client = client_for(administrator)
    for status, target in ((301, {"target_page": category.pk}), (301, {})):
        response = client.post("/admin/oldurls_oldurl/new/", {
            "site": site.pk, "old_url": "http://www.khac.example.vn/", "status": status,
            "target_url": "", "note": "", **target})
        assert response.status_code == 200
        assert "không phải tên miền cũ" in response.content.decode()
    assert list(OldHost.objects.values_list("hostname", flat=True)) == [old_host.hostname]
    assert not OldUrl.objects.exists()


def test_an_old_hostname_and_an_alias_refuse_each_others_names(site, old_host):
    from django.core.exceptions import ValidationError

    from multisite.models import SiteAlias
    from oldurls.models import OldHost

    SiteAlias.objects.create(hostname="www.moi.example.vn", site=site)
    with pytest.raises(ValidationError):
        OldHost(hostname="www.moi.example.vn", site=site).full_clean()
    with pytest.raises(ValidationError):
        SiteAlias(hostname=old_host.hostname, site=site).full_clean()
