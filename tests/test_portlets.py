import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import RequestFactory

from portlets.models import Portlet, PortletAssignment, PortletBlock
from portlets.services import page_portlets, placed_portlets, render_portlet

from .conftest import publish_child

DENIED = "Bạn chưa có đủ quyền truy nhập portlet này."
SECRET = "Lịch công tác nội bộ tuần 48"


def text_portlet(title, text, **fields):
    return Portlet.objects.create(
        title=title, content=[{"type": "rich_text", "value": {"text": f"<p>{text}</p>"}}],
        **fields)


def place(page, portlet, region="right", inherit=True):
    return PortletAssignment.objects.create(page=page, portlet=portlet, region=region,
                                            inherit=inherit)


@pytest.fixture
def staff_group(db):
    return Group.objects.create(name="Cán bộ Sở")


@pytest.fixture
def users(db, staff_group):
    User = get_user_model()
    member = User.objects.create_user("canbo", password="x" * 12)
    member.groups.add(staff_group)
    return {
        "anonymous": None,
        "outsider": User.objects.create_user("congdan", password="x" * 12),
        "member": member,
        "admin": User.objects.create_superuser("quantri2", password="x" * 12),
    }


def html_for(client, url, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("visibility, allowed", [
    ("everyone", {"anonymous", "outsider", "member", "admin"}),
    ("signed_in", {"outsider", "member", "admin"}),
    ("groups", {"member", "admin"}),
])
def test_each_permission_kind(client, home, users, staff_group, visibility, allowed):
    portlet = text_portlet("Lịch công tác", SECRET, visibility=visibility)
    portlet.groups.add(staff_group)
    place(home, portlet)
    for name, user in users.items():
        html = html_for(client, "/", user)
        if name in allowed:
            assert SECRET in html and DENIED not in html, name
        else:
            assert SECRET not in html and "Lịch công tác" not in html, name
            assert DENIED in html, name


def test_a_denied_portlet_can_show_nothing(client, home, users):
    place(home, text_portlet("Nội bộ", SECRET, visibility="signed_in", denied_display="nothing"))
    html = html_for(client, "/", None)
    assert SECRET not in html and DENIED not in html and "Nội bộ" not in html
    assert SECRET in html_for(client, "/", users["outsider"])


def test_portlets_are_inherited_blocked_and_added(client, home, news_root, category,
                                                  make_article):
    article = make_article(title="Bài có portlet")
    site_wide = text_portlet("Toàn trang", "Hộp của toàn trang")
    home_only = text_portlet("Chỉ trang chủ", "Hộp của trang chủ")
    own = text_portlet("Riêng chuyên mục", "Hộp riêng của chuyên mục")
    bottom = text_portlet("Cuối trang", "Hộp cuối trang")
    place(home, site_wide)
    place(home, home_only, inherit=False)
    place(home, bottom, region="bottom")
    place(category, own)
    PortletBlock.objects.create(page=category, region="right")

    def titles(page):
        """What the page shows, read from the database: the same as what every page's
        render takes from the placements of the whole site, kept per generation."""
        read = {region: [p.title for p in portlets]
                for region, portlets in page_portlets(page).items() if portlets}
        kept = {region: [p.title for p in portlets] for region, portlets
                in placed_portlets(page, RequestFactory().get("/")).items() if portlets}
        assert kept == read
        return read

    assert titles(home) == {"right": ["Toàn trang", "Chỉ trang chủ"], "bottom": ["Cuối trang"]}
    assert titles(news_root) == {"right": ["Toàn trang"], "bottom": ["Cuối trang"]}
    # the category blocks the right column it inherits, keeps its own, and passes that down
    assert titles(category) == {"right": ["Riêng chuyên mục"], "bottom": ["Cuối trang"]}
    assert titles(article) == {"right": ["Riêng chuyên mục"], "bottom": ["Cuối trang"]}
    html = html_for(client, article.url, None)
    assert "Hộp riêng của chuyên mục" in html and "Hộp của toàn trang" not in html
    # a second box of the category, placed before the first; the article adds its own left
    first = text_portlet("Đặt trước", "Hộp đặt trước")
    PortletAssignment.objects.filter(page=category).update(sort_order=1)
    PortletAssignment.objects.create(page=category, portlet=first, region="right", sort_order=0)
    place(article, text_portlet("Của bài", "Hộp của bài"), region="left")
    assert titles(article) == {"right": ["Đặt trước", "Riêng chuyên mục"],
                               "left": ["Của bài"], "bottom": ["Cuối trang"]}
    PortletBlock.objects.create(page=article, region="bottom")
    assert "bottom" not in titles(article) and "left" in titles(article)
    html = html_for(client, article.url, None)
    assert "Hộp đặt trước" in html and "Hộp của bài" in html and "Hộp cuối trang" not in html


def test_an_unnumbered_placement_comes_last_on_every_database(home, category, make_article):
    """Placements made by a script have no number: the published page and the preview put
    them in the same place on SQLite and PostgreSQL (which order empty values apart)."""
    article = make_article(title="Bài")
    PortletAssignment.objects.create(page=home, portlet=text_portlet("Không số", "x"),
                                     region="right")
    PortletAssignment.objects.create(page=home, portlet=text_portlet("Số 0", "y"),
                                     region="right", sort_order=0)
    PortletAssignment.objects.create(page=article, portlet=text_portlet("Riêng, không số", "z"),
                                     region="left")
    PortletAssignment.objects.create(page=article, portlet=text_portlet("Riêng, số 1", "w"),
                                     region="left", sort_order=1)
    published = placed_portlets(article, RequestFactory().get("/"))
    read = page_portlets(article)
    for region, titles in (("right", ["Số 0", "Không số"]),
                           ("left", ["Riêng, số 1", "Riêng, không số"])):
        assert [p.title for p in published[region]] == titles
        assert [p.title for p in read[region]] == titles


def test_an_unsaved_arrangement_shows_in_the_preview(home, rf):
    portlet = text_portlet("Xem trước", "Hộp trong bản xem trước")
    home.portlet_assignments.add(PortletAssignment(portlet=portlet, region="left"))
    assert [p.title for p in page_portlets(home)["left"]] == ["Xem trước"]
    assert not PortletAssignment.objects.exists()


def test_a_failing_portlet_is_isolated(client, home, caplog, monkeypatch):
    from portlets import blocks

    good = text_portlet("Hộp tốt", "Nội dung hộp tốt")
    bad = text_portlet("Hộp hỏng", "Không bao giờ hiện")
    place(home, bad)
    place(home, good)

    def explode(self, value, context=None):
        if "Không bao giờ" in value["text"].source:
            raise RuntimeError("cấu hình sai")
        return original(self, value, context)

    original = blocks.RichTextPortlet.render
    monkeypatch.setattr(blocks.RichTextPortlet, "render", explode)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nội dung tạm thời không hiển thị được" in html and "Nội dung hộp tốt" in html
    assert "Không bao giờ hiện" not in html
    assert "portlet" in caplog.text and "cấu hình sai" in caplog.text


def test_a_banner_whose_photo_was_deleted_shows_the_failure_box(client, home, image, caplog):
    banner = Portlet.objects.create(title="Banner", content=[{"type": "banner", "value": {
        "image": image.pk, "alt_text": "Quảng bá", "link_page": None, "link_url": ""}}])
    place(home, banner)
    assert 'alt="Quảng bá"' in client.get("/").content.decode()
    image.delete()
    response = client.get("/")
    assert response.status_code == 200
    assert "Nội dung tạm thời không hiển thị được" in response.content.decode()
    assert "banner's photo no longer exists" in caplog.text


def test_latest_news_whose_categories_were_all_deleted_fails_visibly(client, home, news_root,
                                                                     category, make_article,
                                                                     caplog):
    make_article(title="Tin còn lại ở nơi khác", parent=news_root)
    portlet = Portlet.objects.create(title="Hoạt động", content=[
        {"type": "latest_news", "value": {"categories": [category.pk], "count": 5}}])
    place(home, portlet)
    category.delete()
    html = client.get("/").content.decode()
    assert "Nội dung tạm thời không hiển thị được" in html
    assert "Tin còn lại ở nơi khác" not in html.split('data-portlet="%d"' % portlet.pk)[1][:500]
    assert "has been deleted" in caplog.text


def test_portlet_endpoint_serves_only_portlets_placed_on_public_pages(client, home, news_root):
    from wagtail.models import PageViewRestriction

    unplaced = text_portlet("Chưa đặt", "Không ở đâu cả")
    private_only = text_portlet("Chỉ ở mục riêng", "Nội dung của mục riêng")
    place(news_root, private_only)
    PageViewRestriction.objects.create(page=news_root, restriction_type="login")
    assert client.get(f"/portlet/{unplaced.pk}/").status_code == 404
    assert client.get(f"/portlet/{private_only.pk}/").status_code == 404
    place(home, private_only)
    assert client.get(f"/portlet/{private_only.pk}/").status_code == 200


def test_making_an_article_private_or_moving_it_refreshes_latest_news(client, home, news_root,
                                                                      category, make_article):
    from wagtail.models import PageViewRestriction

    from news.models import NewsCategoryPage

    portlet = Portlet.objects.create(title="Tin mới", content=[
        {"type": "latest_news", "value": {"categories": [], "count": 5}}])
    place(home, portlet)
    article = make_article(title="Tin sắp thành nội bộ")
    assert "Tin sắp thành nội bộ" in client.get("/portlet/%d/" % portlet.pk).content.decode()
    restriction = PageViewRestriction.objects.create(page=article, restriction_type="login")
    assert "Tin sắp thành nội bộ" not in client.get("/portlet/%d/" % portlet.pk).content.decode()
    restriction.delete()
    other = publish_child(news_root, NewsCategoryPage(title="Chuyên mục mới"))
    article.move(other, pos="last-child")
    html = client.get("/portlet/%d/" % portlet.pk).content.decode()
    assert f"/tin-tuc/{other.slug}/{article.slug}/" in html


def test_queries_do_not_grow_with_the_portlets_of_the_page(client, home, users, staff_group):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(user):
        client.logout()
        if user:
            client.force_login(user)
        client.get("/")
        with CaptureQueriesContext(connection) as context:
            client.get("/")
        return len(context)

    counts = []
    for batch in (2, 8):
        for n in range(batch):
            portlet = text_portlet(f"Hộp {batch}-{n}", "Nội dung", visibility="groups")
            portlet.groups.add(staff_group)
            place(home, portlet)
        counts.append((count(None), count(users["outsider"]), count(users["member"])))
    assert counts[0] == counts[1]


def test_views_outside_the_tree_show_the_site_portlets(client, home):
    place(home, text_portlet("Toàn trang", "Hộp của toàn trang"))
    assert "Hộp của toàn trang" in client.get("/khong-co/").content.decode()
    assert "Hộp của toàn trang" in client.get("/dang-nhap/").content.decode()


def test_search_box_portlet_sends_the_query_to_the_search_page(client, home):
    box = Portlet.objects.create(title="Tìm kiếm", content=[
        {"type": "search_box", "value": {"placeholder": "Nhập từ khóa"}}])
    place(home, box)
    html = client.get("/").content.decode()
    assert ('<form class="search-box" action="/tim-kiem/" method="get" role="search" '
            'aria-label="Tìm kiếm">') in html
    assert 'name="q" placeholder="Nhập từ khóa"' in html


def test_signing_in_from_the_sign_in_page_does_not_loop(client, users):
    client.force_login(users["member"])
    response = client.get("/dang-nhap/?next=/dang-nhap/")
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # committed, as served
def test_cached_content_never_reaches_a_denied_visitor(home, users, staff_group):
    portlet = text_portlet("Nội bộ", SECRET, visibility="groups")
    portlet.groups.add(staff_group)
    factory = RequestFactory()
    as_member = factory.get("/")
    as_member.user = users["member"]
    assert SECRET in render_portlet(portlet, as_member)  # now in the cache
    for name in ("outsider", "anonymous"):
        request = factory.get("/")
        from django.contrib.auth.models import AnonymousUser

        request.user = users[name] or AnonymousUser()
        html = render_portlet(portlet, request)
        assert SECRET not in html and DENIED in html
    # one cached variant, the allowed one, shared by every allowed viewer; denial is decided
    # before the cache is read, so no visitor's rights are part of the key
    from django.core.cache import cache

    assert SECRET in cache.get(portlet.cache_key())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_portlet_made_inside_a_rolled_back_publication_is_kept_for_nobody(home, category,
                                                                           make_article):
    """Made from a transaction's uncommitted rows, a box is neither stored in the shared cache
    nor kept for another reader: after the rollback nobody sees the article."""
    from django.db import transaction

    portlet = Portlet.objects.create(title="Tin mới", content=[
        {"type": "latest_news", "value": {"categories": [], "count": 5}}])
    place(home, portlet)
    request = RequestFactory().get("/")
    assert "Tin chưa bao giờ đăng" not in render_portlet(portlet, request)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_article(title="Tin chưa bao giờ đăng")
        assert "Tin chưa bao giờ đăng" in render_portlet(portlet, request)
        raise RuntimeError("rolled back")
    assert "Tin chưa bao giờ đăng" not in render_portlet(portlet, request)


def test_portlet_cache_seconds_zero_keeps_no_box(home, monkeypatch):
    import portlets.services as services

    monkeypatch.setattr(services, "CACHE_SECONDS", 0)
    portlet = text_portlet("Hộp", "Một")
    made, real = [], services._made
    monkeypatch.setattr(services, "_made", lambda p, r: made.append(1) or real(p, r))
    for _ in range(2):
        assert "Một" in services.render_portlet(portlet, RequestFactory().get("/"))
    assert len(made) == 2


def test_editing_a_portlet_or_publishing_news_refreshes_its_cached_html(client, home, category,
                                                                         make_article):
    latest = Portlet.objects.create(title="Tin mới", content=[
        {"type": "latest_news", "value": {"categories": [], "count": 3}}])
    place(home, latest)
    make_article(title="Tin thứ nhất")
    assert "Tin thứ nhất" in client.get("/").content.decode()
    make_article(title="Tin vừa đăng")
    assert "Tin vừa đăng" in client.get("/").content.decode()
    latest.title = "Tin mới nhất"
    latest.save()
    assert "Tin mới nhất" in client.get("/").content.decode()


def test_latest_news_portlet_keeps_to_its_categories(client, home, news_root, category,
                                                     make_article):
    from news.models import NewsCategoryPage

    other = publish_child(news_root, NewsCategoryPage(title="Chuyển đổi số"))
    make_article(title="Tin hoạt động mới")
    make_article(title="Tin chuyển đổi số", parent=other)
    portlet = Portlet.objects.create(title="Hoạt động", content=[
        {"type": "latest_news", "value": {"categories": [category.pk], "count": 5}}])
    place(home, portlet)
    html = client.get("/portlet/%d/" % portlet.pk).content.decode()
    assert "Tin hoạt động mới" in html and "Tin chuyển đổi số" not in html


def test_single_portlet_endpoint(client, home, users, staff_group):
    public = text_portlet("Công khai", "Nội dung công khai")
    internal = text_portlet("Nội bộ", SECRET, visibility="groups")
    internal.groups.add(staff_group)
    place(home, public)
    place(home, internal)
    response = client.get(f"/portlet/{public.pk}/")
    assert response.status_code == 200 and "Nội dung công khai" in response.content.decode()
    assert "public" in response["Cache-Control"]
    response = client.get(f"/portlet/{internal.pk}/")
    assert response.status_code == 403
    assert DENIED in response.content.decode() and SECRET not in response.content.decode()
    client.force_login(users["member"])
    response = client.get(f"/portlet/{internal.pk}/")
    assert response.status_code == 200 and SECRET in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert client.get("/portlet/999999/").status_code == 404


def test_signed_in_pages_are_private_and_anonymous_ones_are_not(client, home, users):
    response = client.get("/")
    assert "private" not in response.get("Cache-Control", "")
    client.force_login(users["member"])
    assert "private" in client.get("/")["Cache-Control"]


def test_editors_arrange_portlets_in_the_admin_and_preview_them(client, home, users):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    portlet = text_portlet("Hộp mới", "Nội dung hộp mới")
    client.force_login(users["admin"])
    edit_url = f"/admin/pages/{home.pk}/edit/"
    html = client.get(edit_url).content.decode()
    assert "Portlet của trang này" in html and "Không kế thừa portlet của vùng" in html
    data = nested_form_data({
        "title": home.title, "slug": home.slug, "intro": "",
        "comments": inline_formset([]),
        "portlet_assignments": inline_formset([
            {"region": "left", "portlet": portlet.pk, "inherit": "on", "ORDER": "1"}]),
        "portlet_blocks": inline_formset([]),
    })
    preview = client.post(f"/admin/pages/{home.pk}/edit/preview/", data)
    assert preview.json()["is_valid"], preview.content
    shown = client.get(f"/admin/pages/{home.pk}/edit/preview/").content.decode()
    assert "Nội dung hộp mới" in shown
    assert not PortletAssignment.objects.exists()  # a preview saves nothing
    response = client.post(edit_url, {**data, "action-publish": "publish"})
    assert response.status_code == 302
    assert list(PortletAssignment.objects.values_list("region", "portlet__title")) == [
        ("left", "Hộp mới")]
    client.logout()
    assert "Nội dung hộp mới" in client.get("/").content.decode()


def test_editors_create_a_restricted_portlet_in_the_admin(client, users, staff_group):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    client.force_login(users["admin"])
    add_url = "/admin/snippets/portlets/portlet/add/"
    html = client.get(add_url).content.decode()
    assert "Quyền xem" in html and "Ai được xem" in html
    data = nested_form_data({
        "title": "Văn bản nội bộ", "show_title": "on",
        "content": streamfield([("notice", {"text": rich_text("<p>Chỉ cán bộ xem.</p>"),
                                            "document": ""})]),
        "visibility": "groups", "denied_display": "message",
    })
    response = client.post(add_url, {**data, "groups": [staff_group.pk]})
    assert response.status_code == 302, response.content.decode()[:500]
    portlet = Portlet.objects.get(title="Văn bản nội bộ")
    assert portlet.type_name == "notice" and list(portlet.groups.all()) == [staff_group]
