"""Giới thiệu: the organisation page, its units and people, appointments and former units."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from organisation import demo
from organisation.models import (Appointment, OrganisationPage, PersonPage, UnitKind, UnitPage,
                                 UnitStatus)

from .conftest import publish_child

YESTERDAY = lambda: timezone.localdate() - timedelta(days=1)  # noqa: E731


@pytest.fixture
def organisation(home):
    return publish_child(home, OrganisationPage(
        title="Giới thiệu", slug="gioi-thieu", intro="Sở Khoa học và Công nghệ tỉnh Hậu Giang.",
        agency_name="Sở Khoa học và Công nghệ",
        body=[{"type": "paragraph", "value": "<p>Tham mưu quản lý nhà nước về khoa học.</p>"}]))


def unit(parent, title, **fields):
    return publish_child(parent, UnitPage(title=title, **fields))


def person(parent, name, *appointments, **fields):
    page = PersonPage(title=name, **fields)
    page.appointments = [Appointment(**row) for row in appointments]
    return publish_child(parent, page)


@pytest.fixture
def agency(organisation, image):
    """A small agency: the board, two units (one nested), a merged unit and people."""
    board = unit(organisation, "Ban Giám đốc", kind=UnitKind.LEADERSHIP)
    science = unit(organisation, "Phòng Quản lý khoa học", phone="(0293) 3 870 040",
                   email="qlkh@example.invalid", address="Số 9 Trần Hưng Đạo",
                   functions="<p>Quản lý nhiệm vụ khoa học.</p>")
    branch = unit(organisation, "Chi cục Tiêu chuẩn Đo lường Chất lượng",
                  kind=UnitKind.SUB_DEPARTMENT)
    nested = unit(branch, "Phòng Quản lý Đo lường")
    merged = unit(organisation, "Sở Thông tin và Truyền thông", kind=UnitKind.AGENCY,
                  status=UnitStatus.MERGED, status_date=date(2025, 3, 1), successor=organisation)
    renamed = unit(merged, "Phòng Công nghệ thông tin", status=UnitStatus.RENAMED,
                   status_date=date(2025, 3, 1), successor=science)
    director = person(organisation, "Nguyễn Văn Giám", dict(
        unit=board, position="Giám đốc", is_head=True, start_date=date(2024, 10, 1)),
        photo=image, phone="(0293) 3 870 002", email="giamdoc@example.invalid")
    deputy = person(organisation, "Trần Thị Phó", dict(
        unit=board, position="Phó Giám đốc", start_date=date(2021, 5, 1)), dict(
        unit=branch, position="Chi cục trưởng", is_head=True, start_date=date(2025, 3, 15)),
        photo=image)
    former = person(organisation, "Võ Văn Cũ", dict(
        unit=board, position="Giám đốc", is_head=True, start_date=date(2016, 7, 1),
        end_date=date(2024, 9, 30)))
    return dict(board=board, science=science, branch=branch, nested=nested, merged=merged,
                renamed=renamed, director=director, deputy=deputy, former=former)


def test_the_organisation_page_shows_functions_leaders_and_the_chart(client, organisation,
                                                                    agency):
    response = client.get("/gioi-thieu/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tham mưu quản lý nhà nước về khoa học." in html
    leaders = [person.title for person, _rows in response.context["leaders"]]
    assert leaders == ["Nguyễn Văn Giám", "Trần Thị Phó"]  # not the former director
    assert 'href="tel:02933870002"' in html and 'href="mailto:giamdoc@example.invalid"' in html
    # the chart: nested lists of the active units, the former ones apart
    chart = response.context["chart"]
    assert [node.unit.title for node in chart] == [
        "Ban Giám đốc", "Phòng Quản lý khoa học", "Chi cục Tiêu chuẩn Đo lường Chất lượng"]
    assert [node.unit.title for node in chart[2].children] == ["Phòng Quản lý Đo lường"]
    former = response.context["former_units"]
    assert [node.unit.title for node in former] == ["Sở Thông tin và Truyền thông"]
    assert [node.unit.title for node in former[0].children] == ["Phòng Công nghệ thông tin"]
    chart_html = html[html.index('<nav class="org-chart"'):html.index("</nav>", html.index(
        '<nav class="org-chart"'))]
    assert chart_html.count("<ul>") == 2 and agency["nested"].url in chart_html
    assert "Sở Thông tin và Truyền thông" not in chart_html
    assert "<img" not in chart_html  # the chart is text, not a picture


def test_a_units_head_is_its_current_appointment_marked_head(client, organisation, agency):
    chart = client.get("/gioi-thieu/").context["chart"]
    heads = {node.unit.title: node.head and node.head.person.title for node in chart}
    assert heads["Ban Giám đốc"] == "Nguyễn Văn Giám"  # not the former director
    assert heads["Chi cục Tiêu chuẩn Đo lường Chất lượng"] == "Trần Thị Phó"
    assert heads["Phòng Quản lý khoa học"] is None
    # the director leaves: the board has no head until the next appointment
    row = agency["director"].appointments.get()
    row.end_date = YESTERDAY()
    row.save()
    chart = client.get("/gioi-thieu/").context["chart"]
    assert chart[0].head is None


def test_one_person_holds_two_roles(client, organisation, agency):
    leaders = dict(client.get("/gioi-thieu/").context["leaders"])
    deputy = agency["deputy"]
    positions = [row.position for row in dict((p.pk, rows) for p, rows in
                                              leaders.items())[deputy.pk]]
    assert positions == ["Chi cục trưởng", "Phó Giám đốc"]  # the head's role first
    html = client.get(deputy.url).content.decode()
    current = html[html.index("Chức vụ hiện nay"):]
    assert "Phó Giám đốc" in current and "Chi cục trưởng" in current
    assert agency["branch"].url in current and agency["board"].url in current


def test_former_appointments_stay_on_record(client, organisation, agency):
    former = agency["former"]
    response = client.get(former.url)
    assert response.status_code == 200
    assert response.context["current_positions"] == []
    past = response.context["past_positions"]
    assert [(row.position, row.end_date) for row in past] == [("Giám đốc", date(2024, 9, 30))]
    html = response.content.decode()
    assert "Chức vụ đã đảm nhiệm" in html and "01/07/2016 đến 30/09/2024" in html
    board = client.get(agency["board"].url)
    assert [row.person.title for row in board.context["former_people"]] == ["Võ Văn Cũ"]
    assert [person.title for person, _rows in board.context["current_people"]] == [
        "Nguyễn Văn Giám", "Trần Thị Phó"]


def test_merged_and_renamed_units_link_their_successor(client, organisation, agency):
    html = client.get(agency["merged"].url).content.decode()
    assert ('Đơn vị này đã hợp nhất vào <a href="/gioi-thieu/">Sở Khoa học và Công nghệ</a> '
            'từ ngày 01/03/2025.') in html
    chart = client.get("/gioi-thieu/").content.decode()
    assert ': <a href="/gioi-thieu/">Sở Khoa học và Công nghệ</a>' in chart
    html = client.get(agency["renamed"].url).content.decode()
    science = agency["science"]
    assert (f'Đơn vị này đã đổi tên thành <a href="{science.url}">Phòng Quản lý khoa học</a> '
            f'từ ngày 01/03/2025.') in html
    # the successor lists what it took over
    response = client.get(science.url)
    assert [unit.title for unit in response.context["predecessors"]] == [
        "Phòng Công nghệ thông tin"]
    assert "Đơn vị này đã" not in response.content.decode()
    # a successor that is no longer published is not linked
    science.unpublish()
    html = client.get(agency["renamed"].url).content.decode()
    assert "Đơn vị này đã đổi tên" not in html and "Đã đổi tên" in html


def test_a_merged_unit_needs_its_successor(organisation):
    from django.core.exceptions import ValidationError

    page = UnitPage(title="Phòng cũ", status=UnitStatus.MERGED)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "successor" in error.value.message_dict


def test_unit_and_person_pages(client, organisation, agency):
    science = agency["science"]
    html = client.get(science.url).content.decode()
    assert "Quản lý nhiệm vụ khoa học." in html and "Số 9 Trần Hưng Đạo" in html
    assert 'href="tel:02933870040"' in html and 'href="mailto:qlkh@example.invalid"' in html
    director = agency["director"]
    html = client.get(director.url).content.decode()
    assert 'alt="Nguyễn Văn Giám"' in html  # no description given: the name is read
    assert 'href="tel:02933870002"' in html
    board = client.get(agency["branch"].url).content.decode()
    assert agency["nested"].url in board  # the units below it


def test_drafts_and_restricted_pages_are_not_shown(client, organisation, agency):
    draft_unit = UnitPage(title="Phòng nháp", live=False)
    organisation.add_child(instance=draft_unit)
    draft_unit.save_revision()
    draft_person = PersonPage(title="Người nháp", live=False)
    draft_person.appointments = [Appointment(unit=agency["science"], position="Trưởng phòng",
                                             is_head=True)]
    organisation.add_child(instance=draft_person)
    draft_person.save_revision()
    assert client.get(draft_unit.url or "/gioi-thieu/phong-nhap/").status_code == 404
    assert client.get("/gioi-thieu/nguoi-nhap/").status_code == 404
    html = client.get("/gioi-thieu/").content.decode()
    assert "Phòng nháp" not in html and "Người nháp" not in html
    assert "Người nháp" not in client.get(agency["science"].url).content.decode()
    # a unit behind a password is left out of the chart and of a person's positions
    PageViewRestriction.objects.create(page=agency["branch"], restriction_type="password",
                                       password="mat-khau")
    html = client.get("/gioi-thieu/").content.decode()
    assert "Chi cục Tiêu chuẩn" not in html
    assert agency["branch"].url not in client.get(agency["deputy"].url).content.decode()


def test_the_page_costs_the_same_queries_whatever_the_number_of_units_and_people(
        client, organisation, agency, image, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import page_cache

    def count():
        page_cache.new_generation()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/gioi-thieu/").status_code == 200
        return len(queries)

    client.get("/gioi-thieu/")
    before = count()
    for number in range(6):
        extra = unit(organisation, f"Phòng thêm {number}")
        unit(extra, f"Tổ thêm {number}")
        person(organisation, f"Người thêm {number}", dict(
            unit=extra, position="Trưởng phòng", is_head=True), dict(
            unit=agency["board"], position="Phó Giám đốc"), photo=image)
    with django_assert_max_num_queries(before):
        page_cache.new_generation()
        response = client.get("/gioi-thieu/")
    assert len(response.context["leaders"]) == 8
    assert before == count()


def test_units_and_people_are_found_by_the_public_search(client, organisation, agency):
    from search.services import reindex_all

    reindex_all()
    html = client.get("/tim-kiem/", {"q": "Phòng Quản lý khoa học"}).content.decode()
    assert agency["science"].url in html
    html = client.get("/tim-kiem/", {"q": "Trần Thị Phó"}).content.decode()
    assert agency["deputy"].url in html
    # the kind filter offers them
    html = client.get("/tim-kiem/", {"q": "Phó", "loai_trang": "to-chuc"}).content.decode()
    assert agency["deputy"].url in html and agency["director"].url not in html


def test_the_organisation_gets_its_own_editor_groups(organisation):
    from editorial.models import CategoryGroup

    roles = set(CategoryGroup.objects.filter(category=organisation)
                .values_list("role", flat=True))
    assert roles == {"writer", "editor", "approver"}
    assert not CategoryGroup.objects.filter(category__in=UnitPage.objects.all()).exists()


# demo

def test_the_demo_builds_the_organisation_and_is_idempotent(client, home):
    from pages.models import StandardPage

    # an existing site: the plain "Giới thiệu" page an editor wrote sits at /gioi-thieu/
    old = publish_child(home, StandardPage(
        title="Giới thiệu Sở", slug="gioi-thieu", intro="Lời giới thiệu của biên tập viên.",
        show_in_menus=True,
        body=[{"type": "paragraph", "value": "<p>Văn bản biên tập viên viết.</p>"}]))
    organisation = demo.build_section(home)
    assert not StandardPage.objects.filter(pk=old.pk).exists()
    assert organisation.url == "/gioi-thieu/" and organisation.show_in_menus
    assert organisation.title == "Giới thiệu Sở"  # the editor's text is kept
    assert organisation.intro == "Lời giới thiệu của biên tập viên."
    assert "Văn bản biên tập viên viết." in client.get("/gioi-thieu/").content.decode()
    created = demo.build_items(organisation)
    assert created == len(demo.UNITS) + len(demo.PEOPLE)
    assert demo.build_section(home).pk == organisation.pk
    assert demo.build_items(organisation) == 0
    merged = UnitPage.objects.get(slug="so-thong-tin-va-truyen-thong")
    assert merged.status == UnitStatus.MERGED and merged.successor_id == organisation.pk
    renamed = UnitPage.objects.get(status=UnitStatus.RENAMED)
    assert renamed.get_parent().pk == merged.pk
    response = client.get("/gioi-thieu/")
    leaders = [person.title for person, _rows in response.context["leaders"]]
    assert leaders[0] == "Nguyễn Minh Trí" and len(leaders) == 3
    assert "Võ Văn Khải" not in leaders
    two_roles = PersonPage.objects.get(title="Trần Thị Ngọc Hân")
    assert two_roles.appointments.filter(end_date__isnull=True).count() == 2
    for page in Page.objects.descendant_of(organisation).live():
        assert client.get(page.url).status_code == 200, page.url


def test_a_placeholder_with_pages_below_it_is_left_alone(home):
    from pages.models import StandardPage

    old = publish_child(home, StandardPage(title="Giới thiệu", slug="gioi-thieu"))
    publish_child(old, StandardPage(title="Lịch sử"))
    assert demo.build_section(home) is None
    assert demo.build_items(None) == 0
    assert StandardPage.objects.filter(pk=old.pk).exists()


def test_build_english_makes_english_copies(client, home, settings):
    """English copies through Wagtail's translations, made while WAGTAIL_I18N_ENABLED is off
    (copy_for_translation does not need it); the links of an English page go to the English
    pages once it is on."""
    from django.utils import translation
    from wagtail.models import Locale

    organisation = demo.build_section(home)
    demo.build_items(organisation)
    english_locale = Locale.objects.get_or_create(language_code="en")[0]
    english_home = home.copy_for_translation(english_locale)
    english_home.save_revision().publish()
    english = demo.build_english(english_home)
    assert english.locale == english_locale and english.live
    assert english.title == "About us" and english.translation_key == organisation.translation_key
    units = UnitPage.objects.filter(locale=english_locale)
    assert units.count() == len(demo.UNITS)
    science = units.get(slug="phong-quan-ly-khoa-hoc")
    assert science.title == "Science Management Division" and science.live
    assert "Selects, monitors" in science.functions
    merged = units.get(slug="so-thong-tin-va-truyen-thong")
    assert merged.successor_id == english.pk  # the English organisation, not the Vietnamese
    renamed = units.get(status=UnitStatus.RENAMED)
    assert renamed.successor.specific.locale == english_locale
    director = PersonPage.objects.get(locale=english_locale, title="Nguyễn Minh Trí")
    rows = list(director.appointments.order_by("start_date"))
    assert [row.position for row in rows] == ["Deputy Director", "Director"]
    assert {row.unit.locale_id for row in rows} == {english_locale.pk}
    assert director.bio.startswith("PhD")
    # the Vietnamese pages are untouched, and a second run adds nothing
    assert UnitPage.objects.get(pk=science.get_translation(organisation.locale).pk).title == \
        "Phòng Quản lý khoa học"
    count = Page.objects.count()
    demo.build_english(english_home)
    assert Page.objects.count() == count
    # with Wagtail's locales on, a Vietnamese page's links go to the English copies when the
    # active language is English (Page.localized)
    from wagtail.coreutils import get_supported_content_language_variant

    from organisation.selectors import localize

    settings.WAGTAIL_I18N_ENABLED = True
    settings.WAGTAIL_CONTENT_LANGUAGES = [("vi", "Vietnamese"), ("en", "English")]
    get_supported_content_language_variant.cache_clear()  # Wagtail keeps what it found
    try:
        vietnamese_science = science.get_translation(organisation.locale)
        with translation.override("en"):
            assert localize([vietnamese_science])[vietnamese_science.pk].pk == science.pk
        with translation.override("vi"):
            assert localize([vietnamese_science])[vietnamese_science.pk].pk == \
                vietnamese_science.pk
    finally:
        get_supported_content_language_variant.cache_clear()


def test_the_organisations_editors_edit_units_and_people_there(organisation, agency,
                                                               category):
    from editorial.models import CategoryGroup

    from .conftest import client_for, make_user

    group = CategoryGroup.objects.get(category=organisation, role="editor").group
    editor = client_for(make_user("bientap-gioithieu", group))
    for model in ("unitpage", "personpage"):
        response = editor.get(f"/admin/pages/add/organisation/{model}/{organisation.pk}/")
        assert response.status_code == 200, model
    assert editor.get(f"/admin/pages/{agency['deputy'].pk}/edit/").status_code == 200
    assert editor.get(f"/admin/pages/{agency['science'].pk}/edit/").status_code == 200
    # a news editor may not
    news_group = CategoryGroup.objects.get(category=category, role="editor").group
    news_editor = client_for(make_user("bientap-tin", news_group))
    assert news_editor.get(f"/admin/pages/{agency['deputy'].pk}/edit/").status_code in (302, 403)


def test_a_person_translated_in_the_admin_shows_on_the_translated_unit(client, home,
                                                                       organisation, agency):
    """The admin's Translate button (`copy_for_translation`) keeps the copy's appointments on
    the Vietnamese units and a unit's successor on the Vietnamese page: the English pages still
    list the English people under the English units, and name the English successor."""
    from wagtail.models import Locale

    english = Locale.objects.get_or_create(language_code="en")[0]

    def translate(page, **fields):
        copy = page.copy_for_translation(english, copy_parents=True).specific
        for name, value in fields.items():
            setattr(copy, name, value)
        copy.save_revision().publish()
        return page.specific_class.objects.get(pk=copy.pk)

    translate(home)
    english_organisation = translate(organisation, title="About us",
                                     agency_name="Department of Science")
    board = translate(agency["board"], title="Board of Directors")
    branch = translate(agency["branch"], title="Sub-department of Standards")
    science = translate(agency["science"], title="Science Management Division")
    merged = translate(agency["merged"], title="Department of Information")
    renamed = translate(agency["renamed"], title="IT Division")
    people = {}
    for key, positions in (("director", {"Giám đốc": "Director"}),
                           ("deputy", {"Phó Giám đốc": "Deputy Director",
                                       "Chi cục trưởng": "Head of the Sub-department"})):
        copy = agency[key].copy_for_translation(english).specific
        # as the Translate button leaves it: the appointments name the Vietnamese units
        assert {row.unit.locale_id for row in copy.appointments.all()} == {home.locale_id}
        for row in copy.appointments.all():  # the text translated, the units left alone
            Appointment.objects.filter(pk=row.pk).update(position=positions[row.position])
        PersonPage.objects.get(pk=copy.pk).save_revision().publish()
        people[key] = PersonPage.objects.get(pk=copy.pk)
    director, deputy = people["director"], people["deputy"]

    html = client.get(board.url).content.decode()
    assert director.url in html and deputy.url in html and "Deputy Director" in html
    vietnamese = client.get(agency["board"].url).content.decode()
    assert director.url not in vietnamese and "Deputy Director" not in vietnamese
    assert agency["director"].url in vietnamese
    assert deputy.url in client.get(branch.url).content.decode()
    # the English organisation: unit heads and leaders are the English people
    response = client.get(english_organisation.url)
    html = response.content.decode()
    assert {person.pk for person, _rows in response.context["leaders"]} == \
        {director.pk, deputy.pk}
    heads = {node.unit.pk: node.head for node in response.context["chart"]}
    assert heads[board.pk].person.pk == director.pk
    branch_node = next(node for node in response.context["chart"] if node.unit.pk == branch.pk)
    assert branch_node.head.position == "Head of the Sub-department"
    assert "Head of the Sub-department" in html and branch.url in html
    # successors named and linked in English, from the chart and from the unit's page
    assert f'<a href="{english_organisation.url}">Department of Science</a>' in html
    html = client.get(renamed.url).content.decode()
    assert f'<a href="{science.url}">Science Management Division</a>' in html
    assert renamed.url in client.get(science.url).content.decode()  # its predecessor
    assert merged.url in client.get(english_organisation.url).content.decode()
    # the English person's page links the English units, by their English names
    html = client.get(deputy.url).content.decode()
    assert f'<a href="{branch.url}">Sub-department of Standards</a>' in html
    assert f'<a href="{board.url}">Board of Directors</a>' in html
    # the Vietnamese organisation is as it was
    response = client.get(organisation.url)
    assert {person.pk for person, _rows in response.context["leaders"]} == \
        {agency["director"].pk, agency["deputy"].pk}
