"""Password-protected pages and document collections: wrong passwords are throttled per address
and per restriction, in the database, like the sign-in lockout (accounts/page_password.py)."""

import json
import subprocess
import threading
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from pages.models import StandardPage

from .conftest import publish_child
from .test_html_valid import vnu  # noqa: F401  (the Nu HTML Checker fixture)

RIGHT = "Mat-khau-dung-2026"
WRONG = "doan-sai"
SECRET_TEXT = "Nội dung chỉ dành cho người có mật khẩu."
LOCKED_TITLE = "Tạm khóa nhập mật khẩu"


@pytest.fixture
def secret_page(home):
    page = publish_child(home, StandardPage(title="Tài liệu nội bộ", intro=SECRET_TEXT))
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="password",
                                                     password=RIGHT)
    return page, restriction


@pytest.fixture
def other_page(home):
    page = publish_child(home, StandardPage(title="Trang khác", intro="Trang khác."))
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="password",
                                                     password=RIGHT)
    return page, restriction


@pytest.fixture
def secret_document(db):
    collection = Collection.get_first_root_node().add_child(name="Hồ sơ mật")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password=RIGHT)
    document = get_document_model()(title="Kế hoạch mật", collection=collection)
    document.file.save("ke-hoach-mat.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    return document, restriction


def page_form_url(page, restriction):
    return f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"


def document_form_url(restriction):
    return f"/tai-lieu/authenticate_with_password/{restriction.pk}/"


def try_page(client, page, restriction, password, address="10.0.0.1"):
    return client.post(page_form_url(page, restriction),
                       {"password": password, "return_url": page.url}, REMOTE_ADDR=address)


def try_document(client, document, restriction, password, address="10.0.0.1"):
    return client.post(document_form_url(restriction),
                       {"password": password, "return_url": document.url}, REMOTE_ADDR=address)


def can_read(client, page, address="10.0.0.1"):
    return SECRET_TEXT in client.get(page.url, REMOTE_ADDR=address).content.decode()


def assert_wrong_password_form(response):
    """Wagtail's behaviour below the limit: the form again, with its error."""
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="password"' in html and "Mật khẩu bạn đã nhập không đúng" in html


def assert_locked(response, minutes=15):
    assert response.status_code == 429
    assert minutes * 60 - 5 < int(response["Retry-After"]) <= minutes * 60
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert LOCKED_TITLE in html and f"{minutes} phút" in html
    assert 'class="site-header"' in html  # the site's layout, like the sign-in lockout page
    assert 'name="password"' not in html


# -- wiring ---------------------------------------------------------------------------------------

def test_our_views_answer_wagtails_password_urls_and_names(db):
    from accounts import page_password

    page_url = reverse("wagtailcore_authenticate_with_password", args=[3, 4])
    document_url = reverse("wagtaildocs_authenticate_with_password", args=[3])
    assert page_url == "/_util/authenticate_with_password/3/4/"
    assert document_url == "/tai-lieu/authenticate_with_password/3/"
    assert resolve(page_url).func is page_password.page_password
    assert resolve(document_url).func is page_password.document_password


def test_the_limits_are_settings(settings):
    assert settings.PAGE_PASSWORD_FAILURE_LIMIT == 5
    assert settings.PAGE_PASSWORD_RESTRICTION_FAILURE_LIMIT == 50
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)


# -- pages ----------------------------------------------------------------------------------------

def test_five_wrong_passwords_lock_the_address_out_of_the_page(client, secret_page):
    page, restriction = secret_page
    assert client.get(page.url).status_code == 200  # the password form
    assert not can_read(client, page)
    for _ in range(5):
        assert_wrong_password_form(try_page(client, page, restriction, WRONG))
    # the sixth try is refused without being checked: the right password too
    assert_locked(try_page(client, page, restriction, RIGHT))
    assert not can_read(client, page)
    assert_locked(try_page(client, page, restriction, WRONG))
    # the form itself is still shown
    response = client.get(page_form_url(page, restriction), REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 200 and 'name="password"' in response.content.decode()


def test_another_address_and_another_page_are_not_locked(client, secret_page, other_page):
    page, restriction = secret_page
    for _ in range(5):
        try_page(client, page, restriction, WRONG, "10.0.0.1")
    assert try_page(client, page, restriction, RIGHT, "10.0.0.1").status_code == 429
    # the same address, another restriction
    other, other_restriction = other_page
    response = try_page(client, other, other_restriction, RIGHT, "10.0.0.1")
    assert response.status_code == 302
    # the same restriction, another address
    visitor = Client()
    response = try_page(visitor, page, restriction, RIGHT, "10.0.0.2")
    assert response.status_code == 302 and response["Location"] == page.url
    assert can_read(visitor, page, "10.0.0.2")


def test_a_made_up_forwarded_address_does_not_escape_the_lock(client, secret_page, settings):
    settings.VISITS_TRUST_X_FORWARDED_FOR = True
    settings.TRUSTED_PROXY_COUNT = 1
    page, restriction = secret_page
    for n in range(5):  # the proxy appends the real address after whatever the client wrote
        client.post(page_form_url(page, restriction), {"password": WRONG, "return_url": "/"},
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7", REMOTE_ADDR="127.0.0.1")
    response = client.post(page_form_url(page, restriction), {"password": RIGHT, "return_url": "/"},
                           HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 429


def test_fifty_wrong_passwords_from_many_addresses_lock_the_page_for_everyone(client, secret_page,
                                                                              other_page):
    page, restriction = secret_page
    for n in range(49):  # ten addresses, none of them over its own limit
        response = try_page(client, page, restriction, WRONG, f"10.0.1.{n // 5}")
        assert_wrong_password_form(response)
    assert_wrong_password_form(try_page(client, page, restriction, WRONG, "10.0.1.200"))
    # the fiftieth failure locks the restriction: a new address with the right password too
    assert_locked(try_page(client, page, restriction, RIGHT, "10.0.2.1"))
    assert not can_read(client, page, "10.0.2.1")
    # other restrictions are not concerned
    other, other_restriction = other_page
    assert try_page(client, other, other_restriction, RIGHT, "10.0.2.1").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, secret_page):
    page, restriction = secret_page
    for _ in range(5):
        try_page(client, page, restriction, WRONG)
    start = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=10)):
        response = try_page(client, page, restriction, RIGHT)
        assert response.status_code == 429
        assert 4 * 60 < int(response["Retry-After"]) <= 5 * 60  # what is left of the lock
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=16)):
        response = try_page(client, page, restriction, RIGHT)
        assert response.status_code == 302
    assert can_read(client, page)


def test_the_restriction_lock_ends_after_the_cool_off(client, secret_page):
    from accounts.models import PasswordFailure

    page, restriction = secret_page
    for n in range(50):
        try_page(client, page, restriction, WRONG, f"10.0.1.{n // 5}")
    assert try_page(client, page, restriction, RIGHT, "10.0.2.1").status_code == 429
    PasswordFailure.objects.update(last_failure=timezone.now() - timedelta(minutes=16))
    assert try_page(client, page, restriction, RIGHT, "10.0.2.1").status_code == 302
    assert can_read(client, page, "10.0.2.1")


def test_after_the_cool_off_the_count_starts_again(client, secret_page):
    page, restriction = secret_page
    for _ in range(5):
        try_page(client, page, restriction, WRONG)
    later = timezone.now() + timedelta(minutes=16)
    with mock.patch("django.utils.timezone.now", return_value=later):
        for _ in range(4):
            assert_wrong_password_form(try_page(client, page, restriction, WRONG))
        assert try_page(client, page, restriction, RIGHT).status_code == 302
        for _ in range(5):  # and the limit applies as before
            assert_wrong_password_form(try_page(client, page, restriction, WRONG))
        assert try_page(client, page, restriction, RIGHT).status_code == 429


def test_a_success_forgets_the_address_failures(client, secret_page):
    page, restriction = secret_page
    for _ in range(4):
        assert_wrong_password_form(try_page(client, page, restriction, WRONG))
    assert try_page(client, page, restriction, RIGHT).status_code == 302
    for _ in range(5):  # counted from zero again
        assert_wrong_password_form(try_page(client, page, restriction, WRONG))
    assert try_page(client, page, restriction, RIGHT).status_code == 429


def test_an_empty_password_is_not_a_guess(client, secret_page):
    page, restriction = secret_page
    for _ in range(8):
        response = try_page(client, page, restriction, "")
        assert response.status_code == 200 and 'name="password"' in response.content.decode()
    for _ in range(5):  # the empty ones were not counted
        assert_wrong_password_form(try_page(client, page, restriction, WRONG))
    assert try_page(client, page, restriction, RIGHT).status_code == 429


def test_counts_are_kept_in_the_database_without_the_address(client, secret_page):
    from accounts.models import PasswordFailure

    page, restriction = secret_page
    for _ in range(3):
        try_page(client, page, restriction, WRONG, "198.51.100.23")
    row = PasswordFailure.objects.get()
    assert (row.kind, row.restriction_id, row.failures) == ("page", restriction.pk, 3)
    assert "198.51.100.23" not in str(list(PasswordFailure.objects.values_list()))
    assert len(row.address_hash) == 64
    # a cache is not where they live: clearing every cache forgets nothing
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    for _ in range(2):
        try_page(client, page, restriction, WRONG, "198.51.100.23")
    assert try_page(client, page, restriction, RIGHT, "198.51.100.23").status_code == 429


def test_old_rows_are_cleaned_up(client, secret_page, other_page):
    from accounts import page_password
    from accounts.models import PasswordFailure

    page, restriction = secret_page
    other, other_restriction = other_page
    try_page(client, other, other_restriction, WRONG, "10.0.0.9")
    PasswordFailure.objects.update(last_failure=timezone.now() - timedelta(minutes=16))
    with mock.patch.object(page_password, "CLEANUP_PROBABILITY", 1):
        try_page(client, page, restriction, WRONG, "10.0.0.1")
    assert list(PasswordFailure.objects.values_list("restriction_id", flat=True)) == [
        restriction.pk]


def guess_at_once(addresses, restriction_id):
    """take_attempt() for each address, all at the same moment, each in its own thread and
    connection (which commit: the rows are deleted at the end). Returns the results."""
    from accounts import page_password
    from accounts.models import PasswordFailure

    results = []
    barrier = threading.Barrier(len(addresses))

    def run(action):
        try:
            action()
        finally:
            connection.close()

    def guess(address):
        barrier.wait()
        results.append(page_password.take_attempt(
            "page", restriction_id, page_password.address_hash(address), timezone.now()))

    def forget():
        PasswordFailure.objects.filter(restriction_id=restriction_id).delete()

    threads = [threading.Thread(target=run, args=(lambda a=a: guess(a),)) for a in addresses]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        rows = list(PasswordFailure.objects.filter(restriction_id=restriction_id)
                    .values_list("failures", flat=True))
    finally:
        cleaner = threading.Thread(target=run, args=(forget,))
        cleaner.start()
        cleaner.join()
    assert len(results) == len(addresses)
    return results, rows


@pytest.fixture
def postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent writers need PostgreSQL (SQLite runs them one at a time)")


def test_concurrent_guesses_from_one_address_get_no_more_than_the_limit(postgresql):
    """Each guess takes its place in the count before it is checked (one atomic upsert), so
    guesses sent at the same moment cannot all slip in under the limit."""
    results, rows = guess_at_once(["10.0.0.1"] * 12, 987_654_321)
    assert results.count(0) == 5  # five are checked, seven refused
    assert rows in ([5], [6])


def test_concurrent_guesses_from_many_addresses_get_no_more_than_the_limit(postgresql, settings):
    settings.PAGE_PASSWORD_RESTRICTION_FAILURE_LIMIT = 10
    """Each guess is in the restriction's total before it is checked, and is checked only if
    the total is then within the limit: never more than the limit get through. (Under such a
    rush fewer may: a guess can see others counted that end up refused.)"""
    results, rows = guess_at_once([f"10.0.3.{n}" for n in range(20)], 987_654_322)
    assert results.count(0) <= 10
    assert all(0 < seconds <= 15 * 60 for seconds in results if seconds)
    assert len(rows) == 20


# -- document collections -------------------------------------------------------------------------

def test_the_document_password_form_is_throttled_too(client, secret_document):
    document, restriction = secret_document
    response = client.get(document.url)
    assert response.status_code == 200 and 'name="password"' in response.content.decode()
    for _ in range(5):
        assert_wrong_password_form(try_document(client, document, restriction, WRONG))
    assert_locked(try_document(client, document, restriction, RIGHT))
    assert 'name="password"' in client.get(document.url).content.decode()  # still closed
    # another address is not concerned, and gets the document
    visitor = Client()
    response = try_document(visitor, document, restriction, RIGHT, "10.0.0.2")
    assert response.status_code == 302 and response["Location"] == document.url
    served = visitor.get(document.url, REMOTE_ADDR="10.0.0.2")
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"%PDF")


def test_page_and_collection_restrictions_are_counted_apart(client, secret_page,
                                                            secret_document):
    """A page restriction and a collection restriction may share an id: different counts."""
    page, page_restriction = secret_page
    document, document_restriction = secret_document
    for _ in range(5):
        try_document(client, document, document_restriction, WRONG)
    assert try_document(client, document, document_restriction, RIGHT).status_code == 429
    assert try_page(client, page, page_restriction, RIGHT).status_code == 302


# -- the page itself ------------------------------------------------------------------------------

def test_the_locked_page_is_valid_html(client, secret_page, vnu, tmp_path):  # noqa: F811
    page, restriction = secret_page
    for _ in range(6):
        response = try_page(client, page, restriction, WRONG)
    assert response.status_code == 429
    path = tmp_path / "page-password-locked.html"
    path.write_bytes(response.content)
    result = subprocess.run(["java", "-jar", str(vnu), "--format", "json", str(path)],
                            capture_output=True, text=True, timeout=120)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    problems = [(Path(m.get("url", "")).name, m.get("lastLine"), m["message"])
                for m in messages if m["type"] == "error" or m.get("subType") == "warning"]
    assert problems == []

