"""Several agencies' sites on one install (issue 16, part 1): each served by its host name,
aliases answered with a 301 to the site's own host, `create_site`, and each site's editors,
media, search, feeds, portlets, counter and settings kept to it."""

import io
import urllib.error
import urllib.request
import uuid
from datetime import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Collection, GroupPagePermission, Page, Site

from multisite.models import SiteAlias, SiteCollection, SiteGroup
from multisite.services import create_site
from news.models import HomePage, NewsArticlePage, NewsCategoryPage

from .conftest import VN_TZ, client_for, jpeg_bytes, make_user, publish_child

A_HOST, B_HOST = "localhost", "stp.example.vn"
B_NAME = "Sở Tư pháp"


@pytest.fixture
def two_sites(home):
    """(site A: the first, default site; site B: made by create_site)."""
    outcome = create_site(B_NAME, B_HOST, aliases=["www.stp.example.vn"])
    site_a = Site.objects.get(is_default_site=True)
    return site_a, outcome.site


def group_of(site, role):
    return SiteGroup.objects.get(site=site, role=role).group


def section(home, title, slug):
    return publish_child(home, NewsCategoryPage(title=title, slug=slug, show_in_menus=True))


def article(parent, title, **fields):
    return publish_child(parent, NewsArticlePage(
        title=title, published_at=datetime(2026, 2, 1, 8, tzinfo=VN_TZ), **fields))


@pytest.fixture
def contents(two_sites, home):
    """A news section with one article on each site, both with the tag "Chuyển đổi số"."""
    site_a, site_b = two_sites
    home_b = site_b.root_page.specific
    news_a, news_b = section(home, "Tin tức A", "tin-tuc"), section(home_b, "Tin tức B", "tin-tuc")
    one_a = article(news_a, "Hội nghị chuyển đổi số của sở A")
    one_b = article(news_b, "Hội nghị chuyển đổi số của sở B")
    for each in (one_a, one_b):
        each.tags.add("Chuyển đổi số")
        each.save_revision().publish()
    return {"a": one_a, "b": one_b, "news_a": news_a, "news_b": news_b, "home_b": home_b}


def get(client, path, host, **extra):
    return client.get(path, HTTP_HOST=host, **extra)


# --- Done when: two sites serve different home pages by Host -------------------------------

def test_two_sites_serve_their_own_home_page_menu_and_footer_by_host(client, two_sites, home):
    from core.models import SiteSettings

    site_a, site_b = two_sites
    section(home, "Giới thiệu sở A", "gioi-thieu")
    section(site_b.root_page, "Giới thiệu sở B", "gioi-thieu")
    settings_a = SiteSettings.for_site(site_a)
    settings_a.address = "Số 1 đường A"
    settings_a.save()
    settings_b = SiteSettings.for_site(site_b)
    settings_b.address = "Số 9 đường B"
    settings_b.save()
    page_a = get(client, "/", A_HOST).content.decode()
    page_b = get(client, "/", B_HOST).content.decode()
    assert "Giới thiệu sở A" in page_a and "Giới thiệu sở B" not in page_a
    assert "Giới thiệu sở B" in page_b and "Giới thiệu sở A" not in page_b
    assert B_NAME in page_b and "Số 9 đường B" in page_b and "Số 1 đường A" not in page_b
    assert "Số 1 đường A" in page_a and "Số 9 đường B" not in page_a
    assert get(client, "/gioi-thieu/", B_HOST).status_code == 200


# --- aliases --------------------------------------------------------------------------------

def test_an_alias_answers_301_to_the_same_address_on_the_sites_host(client, two_sites,
                                                                    django_assert_num_queries):
    from multisite.selectors import alias_target

    response = get(client, "/tin-tuc/?trang=2&nam=2025", "www.stp.example.vn")
    assert response.status_code == 301
    assert response["Location"] == f"http://{B_HOST}/tin-tuc/?trang=2&nam=2025"
    # the port the reader used is kept (a development server)
    response = get(client, "/so-do-cong/", "WWW.stp.example.vn:8000")
    assert response["Location"] == f"http://{B_HOST}:8000/so-do-cong/"
    assert get(client, "/", B_HOST).status_code == 200
    with django_assert_num_queries(0):  # kept per content generation
        assert alias_target("www.stp.example.vn") == (B_HOST, 80)
        assert alias_target("khac.example.vn") is None


def test_a_new_alias_works_at_once_and_bad_ones_are_refused(client, two_sites):
    from django.core.exceptions import ValidationError

    _site_a, site_b = two_sites
    assert get(client, "/", "stp-cu.example.vn").status_code != 301
    SiteAlias.objects.create(hostname="stp-cu.example.vn", site=site_b)
    assert get(client, "/", "stp-cu.example.vn")["Location"] == f"http://{B_HOST}/"
    for bad in ["STP.example.vn", "stp.example.vn:8000", "http://stp.example.vn",
                "stp.example.vn/x", B_HOST, A_HOST, "-x.vn", ""]:
        with pytest.raises(ValidationError) as refused:
            SiteAlias(hostname=bad, site=site_b).full_clean()
        assert "hostname" in refused.value.message_dict, bad
    # a site given an alias's host name afterwards (in Cài đặt → Sites) wins over the alias
    Site.objects.create(hostname="stp-cu.example.vn", root_page=site_b.root_page)
    assert get(client, "/", "stp-cu.example.vn").status_code == 200


def test_a_sites_administrator_manages_the_aliases_of_their_site_only(two_sites):
    site_a, site_b = two_sites
    alias_b = SiteAlias.objects.get(site=site_b)
    alias_a = SiteAlias.objects.create(hostname="www.localhost.vn", site=site_a)
    admin_b = client_for(make_user("quantri_b", group_of(site_b, "administrator")))
    listing = admin_b.get("/admin/site_aliases/").content.decode()
    assert alias_b.hostname in listing and alias_a.hostname not in listing
    assert admin_b.get(f"/admin/site_aliases/edit/{alias_a.pk}/").status_code == 403
    assert admin_b.post(f"/admin/site_aliases/delete/{alias_a.pk}/").status_code == 403
    assert admin_b.get(f"/admin/site_aliases/edit/{alias_b.pk}/").status_code == 200
    response = admin_b.post("/admin/site_aliases/new/",
                            {"hostname": "stp2.example.vn", "site": site_a.pk})
    assert response.status_code == 200 and not SiteAlias.objects.filter(
        hostname="stp2.example.vn").exists()  # not a site of theirs: the form refuses it
    response = admin_b.post("/admin/site_aliases/new/",
                            {"hostname": "Stp2.example.vn", "site": site_b.pk})
    assert "chữ thường" in response.content.decode()
    admin_b.post("/admin/site_aliases/new/", {"hostname": "stp2.example.vn", "site": site_b.pk})
    assert SiteAlias.objects.get(hostname="stp2.example.vn").site == site_b
    editor_a = client_for(make_user("bientap_a", group_of(site_a, "editor")))
    assert editor_a.get("/admin/site_aliases/").status_code in (302, 403)


# --- create_site ----------------------------------------------------------------------------

def test_create_site_makes_the_home_site_settings_collection_groups_and_workflow(home):
    from core.models import SiteSettings
    from editorial.roles import ROLES

    out = io.StringIO()
    call_command("create_site", "--name", "Sở X", "--hostname", "x.gov.vn", "--alias",
                 "www.x.gov.vn", "--port", "8081", stdout=out)
    site = Site.objects.get(hostname="x.gov.vn")
    assert site.port == 8081 and not site.is_default_site and site.site_name == "Sở X"
    new_home = site.root_page.specific
    assert isinstance(new_home, HomePage) and new_home.depth == 2 and new_home.live
    assert new_home.pk != home.pk
    assert SiteSettings.for_site(site).agency_name == "Sở X"
    assert SiteAlias.objects.get(hostname="www.x.gov.vn").site == site
    collection = SiteCollection.objects.get(site=site).collection
    assert collection.name == "Sở X" and collection.depth == 2
    names = set(SiteGroup.objects.filter(site=site).values_list("group__name", flat=True))
    assert names == {f"Sở X · {role.name}" for role in ROLES}
    assert "Sở X · Biên tập viên" in names
    editor = group_of(site, "editor")
    assert set(GroupPagePermission.objects.filter(group=editor).values_list(
        "page_id", "permission__codename")) == {(new_home.pk, "add_page"),
                                                (new_home.pk, "change_page"),
                                                (new_home.pk, "lock_page")}
    assert set(editor.collection_permissions.values_list("collection_id", flat=True)) == {
        collection.pk}
    administrator = group_of(site, "administrator")
    assert not administrator.permissions.filter(codename="change_sitesettings").exists()
    assert administrator.site_permissions.filter(site=site,
                                                 permission__codename="change_sitesettings")
    assert new_home.get_workflow().name == "Duyệt tin bài"
    assert "x.gov.vn" in out.getvalue()

    again = io.StringIO()
    counts = (Page.objects.count(), Site.objects.count(), Collection.objects.count(),
              SiteGroup.objects.count(), GroupPagePermission.objects.count())
    call_command("create_site", "--name", "Sở X", "--hostname", "x.gov.vn", "--alias",
                 "www.x.gov.vn", "--port", "8081", stdout=again)
    assert "không thay đổi gì" in again.getvalue()
    assert counts == (Page.objects.count(), Site.objects.count(), Collection.objects.count(),
                      SiteGroup.objects.count(), GroupPagePermission.objects.count())


@pytest.mark.parametrize("arguments, message", [
    (["--hostname", "X.gov.vn"], "chữ thường"),
    (["--hostname", "http://x.gov.vn"], "http://"),
    (["--hostname", "x.gov.vn:80"], "cổng"),
    (["--hostname", "x..gov.vn"], "không phải là tên miền hợp lệ"),
    (["--hostname", A_HOST, "--port", "8000"], "đã được dùng"),
    (["--hostname", "www.stp.example.vn"], "tên miền phụ"),
    (["--hostname", "y.gov.vn", "--alias", B_HOST], "đã là tên miền của một cổng"),
    (["--hostname", "y.gov.vn", "--admin-email", "khong-co@example.invalid"], "Không có tài"),
])
def test_create_site_refuses_bad_input_in_vietnamese_and_makes_nothing(two_sites, arguments,
                                                                       message):
    pages, sites = Page.objects.count(), Site.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("create_site", "--name", "Sở Y", *arguments, stdout=io.StringIO())
    assert message in str(refused.value)
    assert (Page.objects.count(), Site.objects.count()) == (pages, sites)


def test_create_site_adds_the_administrator_by_email(home):
    user = make_user("giamdoc")
    create_site("Sở Z", "z.gov.vn", admin_email="GIAMDOC@example.invalid")
    site = Site.objects.get(hostname="z.gov.vn")
    assert user.groups.filter(pk=group_of(site, "administrator").pk).exists()


def test_the_first_sites_groups_are_kept_to_it_once_there_is_a_second(home, image):
    from django.contrib.auth.models import Group

    from editorial.services import ensure_all_section_groups

    editors = Group.objects.get(name="Biên tập viên")
    root = Page.get_first_root_node()
    assert GroupPagePermission.objects.filter(group=editors, page=root).exists()  # one site
    outcome = create_site(B_NAME, B_HOST)
    site_a = Site.objects.get(is_default_site=True)
    assert group_of(site_a, "editor") == editors  # adopted, not renamed
    assert not GroupPagePermission.objects.filter(group__name__in=[
        "Biên tập viên", "Cộng tác viên / Phóng viên", "Lãnh đạo duyệt tin"],
        page__depth=1).exists()
    assert GroupPagePermission.objects.filter(group=editors, page=home).exists()
    collection_a = SiteCollection.objects.get(site=site_a).collection
    image.refresh_from_db()
    assert image.collection == collection_a  # the first site's photos are its own
    assert not editors.collection_permissions.filter(collection__depth=1).exists()
    assert outcome.created
    ensure_all_section_groups()  # as after every migrate: the scope stays
    assert not GroupPagePermission.objects.filter(group=editors, page=root).exists()
    assert GroupPagePermission.objects.filter(group=editors, page=home).exists()


# --- editors of one site cannot touch another's pages or media -----------------------------

def test_an_editor_of_one_site_cannot_edit_publish_or_list_anothers_pages(contents, two_sites):
    site_a, site_b = two_sites
    approver_a = client_for(make_user("duyet_a", group_of(site_a, "approver")))
    own, other = contents["a"], contents["b"]
    assert approver_a.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    assert approver_a.get(f"/admin/pages/{other.pk}/edit/").status_code in (302, 403)
    assert approver_a.post(f"/admin/pages/{other.pk}/edit/", {
        "title": "Sửa trộm", "slug": other.slug, "action-publish": "1"}).status_code in (302, 403)
    other.refresh_from_db()
    assert other.title == "Hội nghị chuyển đổi số của sở B"
    assert approver_a.post(f"/admin/pages/{other.pk}/unpublish/").status_code in (302, 403)
    assert NewsArticlePage.objects.get(pk=other.pk).live
    assert approver_a.get(f"/admin/pages/add/news/newsarticlepage/{contents['news_b'].pk}/") \
        .status_code in (302, 403)
    explorer = approver_a.get(f"/admin/pages/{contents['news_b'].pk}/")
    assert explorer.status_code in (302, 403) or other.title not in explorer.content.decode()
    search = approver_a.get("/admin/pages/search/", {"q": "Hội nghị"}).content.decode()
    assert own.title in search and other.title not in search


def upload(model, title, collection):
    from django.core.files.images import ImageFile

    from wagtail.documents import get_document_model

    if model is get_document_model():
        item = model(title=title, collection=collection)
        item.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    else:
        item = model(title=title, collection=collection)
        item.file = ImageFile(io.BytesIO(jpeg_bytes()), name=f"{uuid.uuid4().hex}.jpg")
    item.save()
    return item


@pytest.mark.parametrize("kind", ["images", "documents"])
def test_an_editor_of_one_site_cannot_see_or_change_anothers_media(two_sites, kind):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    site_a, site_b = two_sites
    model = get_image_model() if kind == "images" else get_document_model()
    own = upload(model, "Tệp của sở A", SiteCollection.objects.get(site=site_a).collection)
    other = upload(model, "Tệp của sở B", SiteCollection.objects.get(site=site_b).collection)
    editor_a = client_for(make_user("bientap_a", group_of(site_a, "editor")))
    listing = editor_a.get(f"/admin/{kind}/").content.decode()
    assert own.title in listing and other.title not in listing
    assert editor_a.get(f"/admin/{kind}/edit/{other.pk}/" if kind == "documents"
                        else f"/admin/{kind}/{other.pk}/").status_code in (302, 403)
    assert editor_a.post(f"/admin/{kind}/delete/{other.pk}/" if kind == "documents"
                         else f"/admin/{kind}/{other.pk}/delete/").status_code in (302, 403)
    assert model.objects.filter(pk=other.pk).exists()
    editor_b = client_for(make_user("bientap_b", group_of(site_b, "editor")))
    assert other.title in editor_b.get(f"/admin/{kind}/").content.decode()


def test_a_sections_groups_get_their_media_rights_on_their_sites_collection(contents,
                                                                            two_sites):
    from editorial.models import CategoryGroup

    _site_a, site_b = two_sites
    link = CategoryGroup.objects.get(category=contents["news_b"], role="editor")
    collections = set(link.group.collection_permissions.values_list("collection_id", flat=True))
    assert collections == {SiteCollection.objects.get(site=site_b).collection_id}


# --- each site's search and feeds contain only its pages ------------------------------------

def test_each_sites_search_finds_its_own_pages_only(client, contents):
    found_a = get(client, "/tim-kiem/", A_HOST, data={"q": "hội nghị"}).content.decode()
    found_b = get(client, "/tim-kiem/", B_HOST, data={"q": "hội nghị"}).content.decode()
    slug_a, slug_b = contents["a"].slug, contents["b"].slug  # (titles are marked up)
    assert slug_a in found_a and slug_b not in found_a and "1 kết quả" in found_a
    assert slug_b in found_b and slug_a not in found_b and "1 kết quả" in found_b


@pytest.mark.parametrize("path", ["/rss/", "/so-do-cong/", "/sitemap.xml", "/the/chuyen-doi-so/",
                                  "/the/chuyen-doi-so/rss/", "/tin-tuc/rss/"])
def test_each_sites_feeds_tag_pages_and_maps_list_its_own_pages_only(client, contents, path):
    mine = {"a": (A_HOST, "Tin tức A", contents["a"]), "b": (B_HOST, "Tin tức B", contents["b"])}
    for me, other in (("a", "b"), ("b", "a")):
        host, section_title, own = mine[me]
        response = get(client, path, host)
        assert response.status_code == 200, (path, host)
        text = response.content.decode()
        shown = own.title in text or section_title in text or own.slug in text
        assert shown, (path, host)
        _host, other_section, other_page = mine[other]
        assert other_page.title not in text and other_page.slug not in text, (path, host)
        assert other_section not in text, (path, host)


# --- the visitor counter counts per site ----------------------------------------------------

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"


def test_the_visitor_counter_counts_each_site_apart(client, two_sites, settings):
    from visits.counters import DatabaseCounter

    settings.VISITS_BUFFER_SECONDS = 0
    site_a, site_b = two_sites
    for n in range(3):
        get(client, "/", A_HOST, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=f"198.51.100.{n}")
    get(client, "/", B_HOST, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.0")
    counter, now = DatabaseCounter(), timezone.now()
    assert counter.today(now, site_a.pk) == 3 and counter.today(now, site_b.pk) == 1
    assert counter.online(now, site_a.pk) == 3 and counter.online(now, site_b.pk) == 1
    assert counter.today(now) == 4  # the install's
    assert counter.total(site_b.pk) == 1


def test_the_counter_portlet_shows_each_sites_own_figures(client, two_sites, home):
    from portlets.models import Portlet, PortletAssignment

    site_a, site_b = two_sites
    counter = Portlet.objects.create(title="Thống kê truy cập", site=None,
                                     content=[("visit_counter", {})])
    for page in (home, site_b.root_page):
        PortletAssignment.objects.create(page=page, portlet=counter, region="right")
    for n in range(4):
        get(client, "/", A_HOST, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=f"203.0.113.{n}")
    get(client, "/", B_HOST, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.50")
    # (a page is counted once made: the reader's next page shows it)
    html_b = get(client, "/", B_HOST, HTTP_USER_AGENT=BROWSER,
                 REMOTE_ADDR="203.0.113.50").content.decode()
    html_a = get(client, "/", A_HOST, HTTP_USER_AGENT=BROWSER,
                 REMOTE_ADDR="203.0.113.0").content.decode()
    assert figures(html_b)["today"] == 1 and figures(html_a)["today"] == 4


def figures(html):
    import re

    block = html[html.index("Đang online"):][:800]
    numbers = [int(n.replace(".", "")) for n in re.findall(r">\s*([\d.]+)\s*<", block)]
    return {"online": numbers[0], "today": numbers[1]}


def test_the_redis_counter_keeps_each_sites_counts_apart(two_sites):
    redis = pytest.importorskip("redis")
    client = redis.Redis(host="127.0.0.1", port=6379, db=11)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    from visits.counters import RedisCounter, visitor_hash

    client.flushdb()
    site_a, site_b = two_sites
    counter, now = RedisCounter(client), timezone.now()
    try:
        for n in range(2):
            counter.hit(visitor_hash(f"a{n}", BROWSER, now), now, site_id=site_a.pk)
        same = visitor_hash("a0", BROWSER, now)
        assert counter.hit(same, now, site_id=site_b.pk) is True  # a visitor of each site
        assert counter.online(now, site_a.pk) == 2 and counter.online(now, site_b.pk) == 1
        assert counter.today(now, site_b.pk) == 1 and counter.today(now) == 3
        counter.flush()
        assert counter.today(now, site_a.pk) == 2 and counter.total(site_b.pk) == 1
        assert counter.today(now) == 3
    finally:
        client.flushdb()


def rich_text(text):
    return [{"type": "rich_text", "value": {"text": f"<p>{text}</p>"}}]


# --- portlets -------------------------------------------------------------------------------

def test_a_portlet_on_one_sites_home_does_not_show_on_another(client, two_sites, home):
    from portlets.models import Portlet, PortletAssignment

    site_a, _site_b = two_sites
    portlet = Portlet.objects.create(title="Liên kết của sở A", site=site_a,
                                     content=rich_text("Chỉ ở sở A"))
    PortletAssignment.objects.create(page=home, portlet=portlet, region="right")
    assert "Chỉ ở sở A" in get(client, "/", A_HOST).content.decode()
    assert "Chỉ ở sở A" not in get(client, "/", B_HOST).content.decode()
    assert "Chỉ ở sở A" not in get(client, "/tim-kiem/", B_HOST).content.decode()


def test_a_sites_administrator_manages_its_own_portlets_only(two_sites):
    from portlets.models import Portlet

    site_a, site_b = two_sites
    own = Portlet.objects.create(title="Hộp của sở A", site=site_a,
                                 content=rich_text("A"))
    other = Portlet.objects.create(title="Hộp của sở B", site=site_b,
                                   content=rich_text("B"))
    shared = Portlet.objects.create(title="Hộp dùng chung", content=rich_text("C"))
    admin_a = client_for(make_user("quantri_a", group_of(site_a, "administrator")))
    listing = admin_a.get("/admin/snippets/portlets/portlet/").content.decode()
    assert own.title in listing and other.title not in listing and shared.title not in listing
    assert admin_a.get(f"/admin/snippets/portlets/portlet/edit/{own.pk}/").status_code == 200
    for each in (other, shared):
        assert admin_a.get(f"/admin/snippets/portlets/portlet/edit/{each.pk}/").status_code \
            == 403
        assert admin_a.post(f"/admin/snippets/portlets/portlet/delete/{each.pk}/").status_code \
            == 403
    assert Portlet.objects.filter(pk=other.pk).exists()


def test_a_sites_administrator_edits_its_own_sites_settings_only(two_sites):
    site_a, site_b = two_sites
    admin_b = client_for(make_user("quantri_b", group_of(site_b, "administrator")))
    assert admin_b.get(f"/admin/settings/core/sitesettings/{site_b.pk}/").status_code == 200
    assert admin_b.get(f"/admin/settings/core/sitesettings/{site_a.pk}/").status_code in (
        302, 403)


# --- a real server: both hosts on one port --------------------------------------------------

@pytest.mark.slow
def test_one_server_answers_both_hosts_with_their_own_home(tmp_path):
    from .servers import fresh_database, gunicorn, install_site, manage, server_env

    with fresh_database(tmp_path, "vnportal_sites") as database:
        env = server_env(tmp_path, DATABASE_URL=database, ALLOWED_HOSTS="*")
        install_site(env, demo=False)
        manage(env, "create_site", "--name", B_NAME, "--hostname", B_HOST, "--alias",
               "www.stp.example.vn")
        manage(env, "shell", "-c", "from wagtail.models import Site; "
               "h = Site.objects.get(is_default_site=True).root_page.specific; "
               "h.title = 'Trang của sở A'; h.save_revision().publish()")
        with gunicorn(env, tmp_path, workers=1) as url:
            page_a, page_b = fetch(url, A_HOST), fetch(url, B_HOST)
            assert "Trang của sở A" in page_a and B_NAME not in page_a
            assert B_NAME in page_b and "Trang của sở A" not in page_b
            port = url.rsplit(":", 1)[1]
            with pytest.raises(urllib.error.HTTPError) as moved:
                urllib.request.build_opener(NoRedirect).open(urllib.request.Request(
                    url + "/tim-kiem/?q=x", headers={"Host": f"www.stp.example.vn:{port}"}),
                    timeout=10)
            assert moved.value.code == 301
            assert moved.value.headers["Location"] == f"http://{B_HOST}:{port}/tim-kiem/?q=x"


def fetch(url, host):
    request = urllib.request.Request(url + "/", headers={"Host": host})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# --- merged organisations (part 4) ------------------------------------------------------------

def test_a_merged_sites_hostnames_lead_page_by_page_to_the_new_homes(client, contents, two_sites):
    from multisite.merging import merge_site
    from multisite.models import MergedSite
    from pages.models import StandardPage

    site_a, site_b = two_sites  # B (Sở Tư pháp, with an alias) merges into A
    about_b = publish_child(contents["home_b"], StandardPage(title="Giới thiệu Sở B",
                                                             slug="gioi-thieu"))
    old_article_url, old_about_url = contents["b"].url, about_b.url
    landing = publish_child(Page.objects.get(pk=site_a.root_page_id),
                            StandardPage(title="Sở Tư pháp (cũ)", slug="so-tu-phap"))
    merge_site(site_b, site_a, landing)
    contents["b"].refresh_from_db()
    about_b.refresh_from_db()
    assert contents["b"].get_url_parts()[0] == site_a.pk  # now a page of site A
    assert contents["b"].get_url_parts()[2].startswith("/so-tu-phap/")
    for host in (B_HOST, "www.stp.example.vn"):  # the site's hostname and its alias
        for old, page in ((old_article_url, contents["b"]), (old_about_url, about_b)):
            response = get(client, old, host)
            assert response.status_code == 301, (host, old)
            assert response["Location"] == f"http://{A_HOST}{page.get_url_parts()[2]}"
        response = get(client, "/", host)
        assert response.status_code == 301 and response["Location"].endswith("/so-tu-phap/")
        # an address the old site never had is no page: a helpful 404, not A's home page
        assert get(client, "/khong-co-trang-nay/", host).status_code == 404
    assert client.get(contents["b"].get_url_parts()[2]).status_code == 200
    record = MergedSite.objects.get(site=site_b)
    assert record.into == site_a and record.pages == 3  # the section, the article, the page
    assert not Page.objects.get(pk=site_b.root_page_id).live  # history kept, unpublished
    assert Site.objects.filter(pk=site_b.pk).exists()  # its settings and counts stay


def test_merging_refuses_what_makes_no_sense(two_sites):
    from multisite.merging import MergeError, merge_site

    site_a, site_b = two_sites
    with pytest.raises(MergeError, match="chính nó"):
        merge_site(site_b, site_b)
    with pytest.raises(MergeError, match="trang mặc định"):
        merge_site(site_a, site_b)
    with pytest.raises(CommandError, match="Không có cổng nào"):
        call_command("merge_site", "khong.example", "--into", A_HOST, stdout=io.StringIO())


def test_a_site_made_by_another_process_has_addresses_here_at_the_next_generation(client, home):
    from core import page_cache

    other = Page.get_first_root_node().add_child(instance=HomePage(title="Sở khác",
                                                                   slug="so-khac"))
    client.get("/")
    Site.get_site_root_paths()  # kept in this process's cache (per process without Redis)
    # another process makes the site: this one gets no signal, only a new content generation
    Site.objects.bulk_create([Site(hostname="khac.example.vn", root_page=other)])
    assert Page.objects.get(pk=other.pk).get_url_parts() is None  # Wagtail's kept paths
    page_cache.content_changed()
    client.get("/")
    assert Page.objects.get(pk=other.pk).get_url_parts() is not None


def test_merging_two_sites_with_sections_of_the_same_name_keeps_every_address_right(
        client, contents, two_sites):
    """Both sites have "tin-tuc": the merged one's becomes "tin-tuc-2", and every page below
    it has that address (review of issue 16)."""
    from multisite.merging import merge_site

    site_a, site_b = two_sites
    old_url = contents["b"].get_url_parts()[2]
    merge_site(site_b, site_a)
    moved = NewsArticlePage.objects.get(pk=contents["b"].pk)
    section_b = NewsCategoryPage.objects.get(pk=contents["news_b"].pk)
    assert section_b.slug == "tin-tuc-2" and section_b.url_path.endswith("/tin-tuc-2/")
    path = moved.get_url_parts()[2]
    assert path == "/tin-tuc-2/hoi-nghi-chuyen-doi-so-cua-so-b/"
    assert client.get(path).status_code == 200
    response = get(client, old_url, B_HOST)
    assert response.status_code == 301 and response["Location"] == f"http://{A_HOST}{path}"
    assert section_b.get_latest_revision().as_object().slug == "tin-tuc-2"


def test_merging_keeps_what_the_old_sites_own_addresses_answered(client, contents, two_sites):
    from wagtail.contrib.redirects.models import Redirect

    from lifecycle.models import Retirement
    from multisite.merging import merge_site
    from oldurls import services as oldurls

    site_a, site_b = two_sites
    oldurls.record(site_b, None, "/bai-cu-1", contents["b"])
    Redirect.objects.create(site=site_b, old_path="/gioi-thieu-cu", redirect_page=contents["b"])
    Retirement.objects.create(site=site_b, kind=Retirement.GONE, path="/thong-bao-da-go",
                              explanation="Đã gỡ.")
    assert get(client, "/bai-cu-1", B_HOST).status_code == 301
    merge_site(site_b, site_a)
    path = NewsArticlePage.objects.get(pk=contents["b"].pk).get_url_parts()[2]
    for old in ("/bai-cu-1", "/gioi-thieu-cu"):
        response = get(client, old, B_HOST)
        assert response.status_code == 301 and response["Location"] == f"http://{A_HOST}{path}"
    assert get(client, "/thong-bao-da-go", B_HOST).status_code == 410
