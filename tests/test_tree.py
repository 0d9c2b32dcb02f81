"""core.tree: what every render asks of the site and its tree, kept per content generation,
answers as Wagtail's own reads would, and changes at the next request after an edit."""

import pytest
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from core import tree
from core.models import SiteSettings
from news.models import NewsCategoryPage

from .conftest import publish_child

BOT = {"HTTP_USER_AGENT": "curl/8"}


def wagtails_site(hostname, port):
    try:
        return get_site_for_hostname(hostname, port).pk
    except Site.DoesNotExist:
        return None


@pytest.mark.parametrize("default_first", [True, False])
def test_the_site_of_a_request_is_the_one_wagtail_finds(home, default_first):
    other = publish_child(home, NewsCategoryPage(title="Trang khác"))
    if not default_first:
        Site.objects.update(is_default_site=False)
    Site.objects.create(hostname="sokhcn.vn", port=443, root_page=other)
    Site.objects.create(hostname="sokhcn.vn", port=8080, root_page=other)
    Site.objects.create(hostname="en.sokhcn.vn", port=443, root_page=other,
                        is_default_site=False)
    Site.objects.create(hostname="mot.vn", port=80, root_page=other)
    for hostname in ("localhost", "sokhcn.vn", "en.sokhcn.vn", "mot.vn", "khac.vn"):
        for port in (80, 443, 8080, 8000):
            assert tree.site_id_for(hostname, port) == wagtails_site(hostname, port), \
                (hostname, port)


def test_view_restrictions_are_wagtails_with_aliases(home, news_root, category, make_article):
    private = publish_child(news_root, NewsCategoryPage(title="Nội bộ"))
    inside = make_article(title="Tin nội bộ", parent=private)
    open_article = make_article(title="Tin công khai")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    PageViewRestriction.objects.create(page=open_article, restriction_type="password",
                                       password="mật-khẩu")
    alias_of_private = private.create_alias(parent=home, update_slug="noi-bo-dan-lai",
                                            recursive=True)
    alias_of_inside = inside.create_alias(parent=category, update_slug="tin-noi-bo-dan-lai")
    alias_of_open = open_article.create_alias(parent=news_root, update_slug="cong-khai-2")
    pages = [home, news_root, category, private, inside, open_article, alias_of_private,
             alias_of_inside, alias_of_open, *Page.objects.child_of(alias_of_private)]
    found = {}
    for page in pages:
        page = Page.objects.get(pk=page.pk).specific
        wagtails = set(Page.get_view_restrictions(page).values_list("pk", flat=True))
        assert set(page.get_view_restrictions().values_list("pk", flat=True)) == wagtails, page
        found[page.pk] = wagtails
    under_alias = Page.objects.child_of(alias_of_private).get()
    assert found[inside.pk] and found[alias_of_open.pk] and found[under_alias.pk]
    assert not found[category.pk]


def test_a_page_made_private_leaves_the_menu_at_the_next_request(client, home, news_root):
    section = publish_child(home, NewsCategoryPage(title="Hỏi đáp", show_in_menus=True))
    assert ">Hỏi đáp</a>" in client.get("/", **BOT).content.decode()
    PageViewRestriction.objects.create(page=section, restriction_type="login")
    assert ">Hỏi đáp</a>" not in client.get("/", **BOT).content.decode()
    html = client.get(news_root.url, **BOT).content.decode()
    assert f'<a href="{news_root.url}" aria-current="page">' in html


def test_a_new_menu_page_and_new_settings_show_at_the_next_request(client, home):
    client.get("/", **BOT)
    publish_child(home, NewsCategoryPage(title="Văn bản", show_in_menus=True))
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.agency_name = "Sở Khoa học và Công nghệ tỉnh Mới"
    settings.save()
    html = client.get("/", **BOT).content.decode()
    assert ">Văn bản</a>" in html and "tỉnh Mới" in html


def test_the_breadcrumb_leaves_out_an_unpublished_section(client, news_root, category,
                                                          make_article):
    article = make_article(title="Tin ở chuyên mục đã gỡ")
    html = client.get(article.url, **BOT).content.decode()
    assert ">Tin hoạt động</a>" in html and ">Tin tức - Sự kiện</a>" in html
    category.unpublish(set_expired=False, commit=True)  # the section only, not its articles
    html = client.get(article.url, **BOT).content.decode()
    assert "Tin ở chuyên mục đã gỡ" in html
    assert ">Tin hoạt động</a>" not in html and ">Tin tức - Sự kiện</a>" in html


def test_a_site_moved_to_another_host_answers_there_at_once(client, home):
    assert client.get("/", **BOT).status_code == 200
    site = Site.objects.get()
    site.hostname, site.is_default_site = "sokhcn.haugiang.gov.vn", False
    site.save()
    assert client.get("/", **BOT).status_code == 404
    assert client.get("/", HTTP_HOST="sokhcn.haugiang.gov.vn", **BOT).status_code == 200


def test_what_a_request_changes_on_its_site_stays_in_that_request(rf, home):
    request = rf.get("/")
    site = tree.site_for(request)
    site.root_page.title = "Đổi trong một yêu cầu"
    assert tree.site_for(rf.get("/")).root_page.title == home.title


def test_other_news_is_shared_by_a_category_and_new_at_the_next_publication(
        client, make_article):
    first, second = make_article(title="Tin thứ nhất"), make_article(title="Tin thứ hai")
    html = client.get(first.url, **BOT).content.decode()
    assert f'href="{second.url}"' in html and f'href="{first.url}"' not in html
    html = client.get(second.url, **BOT).content.decode()
    assert f'href="{first.url}"' in html and f'href="{second.url}"' not in html
    third = make_article(title="Tin thứ ba")
    assert f'href="{third.url}"' in client.get(first.url, **BOT).content.decode()
    third.unpublish()
    assert f'href="{third.url}"' not in client.get(first.url, **BOT).content.decode()


def test_related_cards_are_shared_and_follow_every_change(client, news_root, make_article):
    """A card is made once per generation and shared by every list that shows it: a retitled,
    withdrawn or restricted related article changes on every page at the next request."""
    first = make_article(title="Tin liên quan gốc")
    readers = [make_article(title=f"Bài đọc {n}") for n in range(2)]
    for reader in readers:
        reader.tags.add("Đo lường")
        reader.save_revision().publish()
    first.tags.add("Đo lường")
    first.save_revision().publish()
    for reader in readers:
        section = client.get(reader.url, **BOT).content.decode()
        section = section[section.index('id="related-title"'):section.index('id="other-title"')]
        assert "Tin liên quan gốc" in section
    first.title = "Tin liên quan đổi tên"
    first.save_revision().publish()
    for reader in readers:
        html = client.get(reader.url, **BOT).content.decode()
        assert "Tin liên quan đổi tên" in html and "Tin liên quan gốc" not in html
    PageViewRestriction.objects.create(page=first, restriction_type="login")
    for reader in readers:
        html = client.get(reader.url, **BOT).content.decode()
        assert "Tin liên quan đổi tên" not in html


@pytest.mark.parametrize("with_default", [True, False])
def test_a_host_served_on_two_ports_answers_each_from_its_own_site(rf, home, with_default):
    other = publish_child(home, NewsCategoryPage(title="Trang khác"))
    if not with_default:
        Site.objects.update(is_default_site=False)
    Site.objects.create(hostname="sokhcn.vn", port=80, root_page=home)
    wanted = Site.objects.create(hostname="sokhcn.vn", port=8080, root_page=other)
    request = rf.get("/", HTTP_HOST="sokhcn.vn:8080", SERVER_PORT="8080")
    assert Site._find_for_request(request).pk == wanted.pk  # Wagtail's choice
    assert tree.site_for(rf.get("/", HTTP_HOST="sokhcn.vn:8080",
                                SERVER_PORT="8080")).pk == wanted.pk


def test_what_a_rolled_back_change_let_a_read_see_is_not_kept(client, news_root, make_article):
    from django.db import transaction

    private = publish_child(news_root, NewsCategoryPage(title="Nội bộ"))
    inside = make_article(title="Tin nội bộ", parent=private)
    restriction = PageViewRestriction.objects.create(page=private, restriction_type="login")
    kept_pk = restriction.pk
    assert client.get(inside.url, **BOT).status_code == 302
    with pytest.raises(RuntimeError), transaction.atomic():
        restriction.delete()
        assert not Page.objects.get(pk=inside.pk).specific.get_view_restrictions()
        raise RuntimeError("rolled back")
    assert PageViewRestriction.objects.filter(pk=kept_pk).exists()
    assert client.get(inside.url, **BOT).status_code == 302


def test_a_process_keeps_the_values_of_two_generations_at_most(client, make_article):
    from core import page_cache

    article = make_article()
    for _n in range(5):
        page_cache.new_generation()
        client.get(article.url, **BOT)
    assert len({key[0] for key in page_cache._kept}) <= 2


def test_values_kept_per_item_never_push_out_what_every_render_needs(db, monkeypatch):
    """A crawler reading thousands of articles makes thousands of cards: the oldest of them
    are dropped, never the site-wide values kept beside them."""
    from core import page_cache

    monkeypatch.setattr(page_cache, "KEPT_ITEMS", 100)
    made = []
    page_cache.kept("site-wide", lambda: made.append(1) or "v")
    for start in range(0, 1000, 10):
        page_cache.kept_many([("card", n) for n in range(start, start + 10)],
                             lambda missing: {name: name[1] for name in missing}, many=True)
    assert page_cache.kept("site-wide", lambda: made.append(1) or "v") == "v"
    assert made == [1]
    cards = page_cache.kept_many([("card", 999), ("card", 0)],
                                 lambda missing: {name: -1 for name in missing}, many=True)
    assert cards == {("card", 999): 999, ("card", 0): -1}  # the newest kept, the oldest made again
    assert len(page_cache._kept_items) <= 100
