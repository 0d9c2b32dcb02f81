"""English under /en/ (issue 15, point 3): Wagtail locales, the language from the address
alone, the language switch and hreflang links, the contact form and the page cache in
English, Vietnamese pages as they were."""

import re
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale, Page

from contact.models import ContactPage, ContactUnit
from core import page_cache, tree
from core.models import SiteSettings
from demo import english as english_demo
from pages.models import StandardPage

from .conftest import publish_child

HOST = "http://testserver"


@pytest.fixture
def vietnamese(home, news_root):
    about = publish_child(home, StandardPage(title="Giới thiệu", slug="gioi-thieu",
                                             intro="Giới thiệu Sở.", show_in_menus=True))
    contact = ContactPage(title="Liên hệ", slug="lien-he", intro="Gửi thư cho Sở.",
                          show_in_menus=True)
    contact.units.add(ContactUnit(name="Văn phòng Sở", email="vanphong@example.invalid"))
    contact = publish_child(home, contact)
    return {"home": home, "about": about, "contact": contact, "news": news_root}


@pytest.fixture
def english(vietnamese):
    home = vietnamese["home"]
    english_home = english_demo.build_english(home, SiteSettings.for_site(home.get_site()))
    locale = Locale.objects.get(language_code="en")
    return {"home": english_home,
            "about": vietnamese["about"].get_translation(locale).specific,
            "contact": vietnamese["contact"].get_translation(locale).specific}


def html_of(client, url, status=200, **extra):
    response = client.get(url, **extra)
    assert response.status_code == status, url
    return response.content.decode()


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


def switch(html):
    found = re.search(r'<nav class="language-switch" aria-label="([^"]+)">(.*?)</nav>', html,
                      re.S)
    if found is None:
        return None, []
    return found.group(1), re.findall(
        r'<a href="([^"]+)" hreflang="(\w+)" lang="(\w+)">([^<]+)(<span[^>]*>[^<]*</span>)?</a>',
        found.group(2))


def test_existing_pages_are_vietnamese_and_english_is_a_locale(english, vietnamese):
    assert {page.locale.language_code for page in vietnamese.values()} == {"vi"}
    assert Locale.get_default().language_code == "vi"
    assert {page.locale.language_code for page in english.values()} == {"en"}
    assert [page.url for page in english.values()] == ["/en/", "/en/about-us/", "/en/contact/"]
    # the demo is idempotent: a second run makes no second translation
    english_demo.build_english(vietnamese["home"])
    assert Page.objects.filter(locale__language_code="en").count() == 3


def test_the_english_home_page_reads_english(client, english):
    html = html_of(client, "/en/")
    assert '<html lang="en">' in html
    assert "Welcome to the web portal" in html
    # the interface, the menu, the header and the footer
    for text in ("Skip to content", "Search the site", "Main menu", "Address",
                 "Department of Science and Technology of Hau Giang Province",
                 ">About us<", ">Contact<", 'href="/en/"'):
        assert text in html, text
    for text in ("Tìm kiếm", "Bỏ qua", "Địa chỉ", "Giới thiệu", "Liên hệ", "Tin tức",
                 "Sở Khoa học"):
        assert text not in html, text
    # the Vietnamese home's boxes are not the English home's
    assert "region-right" not in html


def test_the_english_home_page_has_its_intro_and_links_to_its_pages(client, english):
    """No news in English: /en/ shows its introduction and links to its pages in the menus."""
    html = html_of(client, "/en/")
    intro = english["home"].intro
    assert intro and f'<p class="sapo home-intro">{intro}</p>' in html
    block = re.search(r'<nav class="panel home-links" aria-labelledby="home-links-title">'
                      r'(.*?)</nav>', html, re.S)
    assert block is not None
    assert '<h2 class="section-title" id="home-links-title">Explore the portal</h2>' in \
        block.group(1)
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', block.group(1))
    assert links == [("/en/about-us/", "About us"), ("/en/contact/", "Contact")]



def test_a_home_page_with_news_shows_its_intro_and_no_links_block(client, english, vietnamese,
                                                                  make_article):
    home = vietnamese["home"]
    home.intro = "Cổng thông tin điện tử của Sở."
    home.save_revision().publish()
    html = html_of(client, "/")
    assert "home-links" in html and "Khám phá cổng thông tin" in html  # no news yet
    make_article(title="Tin đầu tiên")
    page_cache.new_generation()
    html = html_of(client, "/")
    assert '<p class="sapo home-intro">Cổng thông tin điện tử của Sở.</p>' in html
    assert "Tin đầu tiên" in html and "home-links" not in html


def test_vietnamese_pages_are_as_they_were(client, english, vietnamese):
    html = html_of(client, "/")
    assert '<html lang="vi">' in html and "Sở Khoa học và Công nghệ tỉnh Hậu Giang" in html
    assert ">Giới thiệu<" in html and ">Liên hệ<" in html and "About us" not in html
    about = html_of(client, "/gioi-thieu/")
    assert '<html lang="vi">' in about and '<a href="/">Trang chủ</a>' in about


def test_the_language_is_the_addresss_never_the_readers(client, english):
    """Neither Accept-Language, nor a language cookie, nor a thread left in English change the
    language of an address, and no page says it varies with Accept-Language."""
    reader = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    reader.cookies["django_language"] = "en"
    for url in ("/", "/gioi-thieu/", "/tin-tuc/", "/tim-kiem/?q=a", "/khong-co/"):
        translation.activate("en")
        try:
            response = reader.get(url)
        finally:
            translation.deactivate()
        assert '<html lang="vi">' in response.content.decode(), url
        assert "Accept-Language" not in response.get("Vary", ""), url
    response = Client(HTTP_ACCEPT_LANGUAGE="vi").get("/en/")
    assert '<html lang="en">' in response.content.decode()
    assert "Accept-Language" not in response.get("Vary", "")


def test_switch_and_hreflang_link_each_version_to_the_other(client, english, vietnamese):
    pairs = [("/", "/en/"), ("/gioi-thieu/", "/en/about-us/"), ("/lien-he/", "/en/contact/")]
    for vi_url, en_url in pairs:
        expected = {"vi": HOST + vi_url, "en": HOST + en_url, "x-default": HOST + vi_url}
        vi_html, en_html = html_of(client, vi_url), html_of(client, en_url)
        assert alternates(vi_html) == expected == alternates(en_html), vi_url
        assert switch(vi_html) == ("Ngôn ngữ", [(HOST + en_url, "en", "en", "English", "")])
        assert switch(en_html) == ("Language", [(HOST + vi_url, "vi", "vi", "Tiếng Việt", "")])


def test_a_page_without_translation_links_to_the_other_home(client, english, vietnamese,
                                                            make_article):
    article = make_article(title="Tin chỉ có tiếng Việt")
    for url in (vietnamese["news"].url, article.url, "/tim-kiem/"):
        html = html_of(client, url)
        assert alternates(html) == {}, url  # one version: nothing to announce
        assert switch(html) == ("Ngôn ngữ", [(HOST + "/en/", "en", "en", "English",
                                              '<span class="visually-hidden"> (home page)'
                                              '</span>')]), url
    # the switch asks nothing of a page without translations (kept per content generation)
    with CaptureQueriesContext(connection) as queries:
        html_of(client, article.url)
    assert not [q["sql"] for q in queries if '"translation_key" = ' in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        html_of(client, "/gioi-thieu/")
    assert [q["sql"] for q in queries if '"translation_key" = ' in q["sql"]]  # (it can fail)
    # and English addresses never show a Vietnamese page
    html_of(client, "/en/tin-tuc/", status=404)
    html_of(client, "/en/" + article.url.removeprefix("/"), status=404)


def test_without_an_english_home_there_is_no_english(client, vietnamese):
    html = html_of(client, "/gioi-thieu/")
    assert switch(html) == (None, []) and alternates(html) == {}
    html_of(client, "/en/", status=404)  # not the Vietnamese home under an English address
    html_of(client, "/en/gioi-thieu/", status=404)


def test_an_unpublished_or_restricted_translation_is_not_offered(client, english, vietnamese):
    from wagtail.models import PageViewRestriction

    english["contact"].unpublish()
    PageViewRestriction.objects.create(page=english["about"],
                                       restriction_type=PageViewRestriction.LOGIN)
    for url in ("/lien-he/", "/gioi-thieu/"):
        html = html_of(client, url)
        assert alternates(html) == {}
        assert switch(html)[1][0][0] == HOST + "/en/"


def test_the_english_contact_form_answers_in_english(client, english):
    page = english["contact"]
    html = html_of(client, page.url)
    assert "Write to us" in html and "Office of the Department" in html
    assert f'action="/bieu-mau/lien-he/{page.pk}/"' in html
    response = client.post(f"/bieu-mau/lien-he/{page.pk}/", {
        "name": "", "email": "x", "subject": "Hello", "message": "A question"})
    html = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="en">' in html and "Write to us" in html
    assert "Enter a valid email address." in html and "Vui lòng" not in html
    assert "Tiếng Việt" in html  # the switch of the page, as on the page itself
    # the Vietnamese page's form still answers in Vietnamese
    vietnamese_page = ContactPage.objects.get(locale__language_code="vi")
    response = client.post(f"/bieu-mau/lien-he/{vietnamese_page.pk}/", {
        "name": "", "email": "x", "subject": "Chào", "message": "Hỏi"})
    assert response.status_code == 400 and '<html lang="vi">' in response.content.decode()
    assert "Enter a valid email address." not in response.content.decode()


def test_dates_follow_the_language():
    from datetime import date

    from core.templatetags.portal_tags import vi_date

    assert vi_date(date(2020, 12, 28)) == "Thứ Hai, 28/12/2020"
    with translation.override("en"):
        assert vi_date(date(2020, 12, 28)) == "Monday, 28 December 2020"


def test_english_and_vietnamese_pages_are_stored_and_served_apart(client, settings, english):
    from .test_page_cache import front_get

    settings.PAGE_CACHE_SECONDS = 300
    first = {url: client.get(url) for url in ("/", "/en/")}
    assert [response.get(page_cache.STATUS_HEADER) for response in first.values()] == \
        ["miss", "miss"]
    for url, lang in (("/", "vi"), ("/en/", "en")):
        again = client.get(url)
        assert again.get(page_cache.STATUS_HEADER) == "hit"
        assert again.content == first[url].content and f'<html lang="{lang}">' in \
            again.content.decode()
        assert "Accept-Language" not in again.get("Vary", "")
        status, headers, body = front_get(url)  # before Django's handler, under WSGI
        assert status == 200 and f'<html lang="{lang}">'.encode() in body


def test_live_parts_of_a_stored_page_are_made_in_its_language(rf):
    page_cache.register_live("language-test")(
        lambda arg, request: page_cache.live("language-test", arg, translation.get_language()))
    stored = (200, [("Content-Type", "text/html; charset=utf-8")],
              b"<p><!--live:language-test:1-->?<!--/live--></p>", None, time.time() + 60)
    for path, language in (("/en/contact/", "en"), ("/lien-he/", "vi"), ("/en", "en"),
                           ("/english/", "vi")):
        translation.activate("en" if language == "vi" else "vi")  # a thread left in another
        try:
            _status, _headers, body = page_cache.answer(
                stored, {"PATH_INFO": path, "REQUEST_METHOD": "GET"},
                lambda: rf.get(path), current=f"test-{path}")
        finally:
            translation.deactivate()
        assert f">{language}<".encode() in body, path
    meta = {"PATH_INFO": "/en/", "REQUEST_METHOD": "GET", "HTTP_HOST": "testserver"}
    assert page_cache.key_for(meta) != page_cache.key_for({**meta, "PATH_INFO": "/"})


def test_menus_breadcrumb_and_root_follow_the_pages_language(client, english, vietnamese):
    site = vietnamese["home"].get_site()
    assert tree.root_page(site, "en").pk == english["home"].pk
    assert tree.root_page(site, "vi").pk == vietnamese["home"].pk
    html = html_of(client, "/en/about-us/")
    breadcrumb = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    assert '<a href="/en/">Home</a>' in breadcrumb and "About us" in breadcrumb
    menu = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    assert re.findall(r'<a href="([^"]+)"', menu) == ["/en/", "/en/about-us/", "/en/contact/"]
    assert 'href="/en/about-us/" aria-current="page"' in menu


def test_the_admin_keeps_each_users_language(english, admin_user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    admin = Client()
    admin.force_login(admin_user)
    response = admin.get(f"/admin/pages/{english['home'].pk}/")
    assert response.status_code == 200 and '<html lang="en"' in response.content.decode()
    profile.preferred_language = "vi"
    profile.save()
    response = admin.get(f"/admin/pages/{english['home'].pk}/")
    assert '<html lang="vi"' in response.content.decode()


def test_the_sitemap_lists_both_languages(client, english, vietnamese):
    """sitemap.xml lists the pages of every language's tree, each at its own address."""
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=english["contact"],
                                       restriction_type=PageViewRestriction.LOGIN)
    xml = html_of(client, "/sitemap.xml")
    locations = re.findall(r"<loc>http://testserver([^<]+)</loc>", xml)
    assert {"/", "/gioi-thieu/", "/lien-he/", "/en/", "/en/about-us/"} <= set(locations)
    assert "/en/contact/" not in locations  # restricted: not listed


# --- who translates (review of issue 15) -------------------------------------------------------

def test_editors_and_leaders_may_translate_a_page_writers_may_not(vietnamese, category):
    from django.contrib.auth.models import Group

    from editorial import roles
    from editorial.services import category_group_name

    from .conftest import client_for, make_user

    url = f"/admin/translation/submit/page/{vietnamese['about'].pk}/"
    leader = make_user("lanhdao-dich", Group.objects.get(name="Lãnh đạo duyệt tin"))
    editor = make_user("bientap-dich", Group.objects.get(name="Biên tập viên"))
    writer = make_user("phongvien-dich", Group.objects.get(
        name=category_group_name(roles.ROLES_BY_KEY[roles.WRITER], category.title)))
    assert client_for(leader).get(url).status_code == 200
    assert client_for(editor).get(url).status_code == 200
    assert client_for(writer).get(url).status_code == 403


def test_a_translated_section_is_kept_by_the_groups_of_its_vietnamese_page(home):
    from django.contrib.auth.models import Group

    from editorial.models import CategoryGroup
    from organisation.models import OrganisationPage

    from .conftest import client_for, make_user

    organisation = publish_child(home, OrganisationPage(title="Giới thiệu", slug="gioi-thieu"))
    groups_before = set(Group.objects.values_list("name", flat=True))
    editors = CategoryGroup.objects.get(category=organisation, role="editor").group
    english_home = english_demo.build_english(home, SiteSettings.for_site(home.get_site()))
    copy = organisation.get_translation_or_none(english_home.locale)  # the demo made it
    if copy is None:
        copy = organisation.copy_for_translation(english_home.locale, copy_parents=False)
        copy.save_revision().publish()
    assert set(Group.objects.values_list("name", flat=True)) == groups_before
    assert not CategoryGroup.objects.filter(category=copy).exists()
    office = client_for(make_user("vanphong", editors))
    assert office.get(f"/admin/pages/{copy.pk}/edit/").status_code == 200


def test_english_pages_have_the_legal_notice_in_english_and_say_which_links_are_vietnamese(
        client, home, vietnamese):
    import json

    agency = SiteSettings.for_site(home.get_site())
    agency.responsible_person = "Giám đốc Sở Khoa học và Công nghệ"
    agency.licence = "Giấy phép số 01/GP-TTĐT"
    agency.save()
    english_demo.build_english(home, SiteSettings.for_site(home.get_site()))
    html = html_of(client, "/en/")
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert "Giám đốc" not in footer and "Giấy phép" not in footer
    assert english_demo.AGENCY["english_licence"] in footer
    assert 'href="/so-do-cong/" hreflang="vi">Site map (in Vietnamese)</a>' in footer
    data = [json.loads(found) for found in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    organisations = [item for item in data if item.get("@type") == "GovernmentOrganization"]
    assert organisations and organisations[0]["url"] == f"{HOST}/en/"
    # Vietnamese pages as they were
    html = html_of(client, "/")
    assert "Giấy phép số 01/GP-TTĐT" in html and 'hreflang="vi">Sơ đồ' not in html
