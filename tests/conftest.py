"""Shared fixtures: the news tree under the home page that the migrations create."""

import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site

from news.models import HomePage, NewsArticlePage, NewsCategoryPage

from .servers import ROOT, SNAPSHOTS_VARIABLE, remove_snapshots

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SEED_FILE = Path(__file__).resolve().parents[1] / "demo" / "seeds" / "old-portal-news-detail.txt"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: database ids are reused after a rollback, so a
    rendition or page cached by an earlier test could otherwise leak into the next one."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    # unmapped old addresses a test's requests counted belong to its database, rolled back
    # (or dropped, at the end of the run: written at exit they would fail)
    from oldurls import hits

    with hits._lock:
        hits._pending.clear()


@pytest.fixture
def seed_file():
    if not SEED_FILE.is_file():
        pytest.fail(f"seed page missing: {SEED_FILE}")
    return SEED_FILE


@pytest.fixture
def home(db):
    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    return home


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def news_root(home):
    return publish_child(home, NewsCategoryPage(title="Tin tức - Sự kiện", slug="tin-tuc",
                                                show_in_menus=True))


@pytest.fixture
def category(news_root):
    return publish_child(news_root, NewsCategoryPage(title="Tin hoạt động"))


@pytest.fixture
def make_article(category):
    counter = {"n": 0}

    def make(title=None, parent=None, live=True, published_at=None, **fields):
        counter["n"] += 1
        article = NewsArticlePage(
            title=title or f"Bài viết số {counter['n']}",
            published_at=published_at or datetime(2026, 1, 1, 8, 0, tzinfo=VN_TZ)
            + timedelta(days=counter["n"]),
            **fields,
        )
        parent = parent or category
        if live:
            return publish_child(parent, article)
        article.live = False
        parent.add_child(instance=article)
        article.save_revision()
        return article

    return make


def jpeg_bytes(size=(64, 48), colour=(10, 74, 143)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def image(db):
    image = get_image_model()(title="Ảnh thử")
    image.file = ImageFile(io.BytesIO(jpeg_bytes()), name="anh-thu.jpg")
    image.save()
    return image


# Modules that start real servers, processes or a browser: `pytest -m "not slow"` skips them.
SLOW_MODULES = {"test_cluster", "test_counting_server", "test_nginx_files", "test_nginx_recipe",
                "test_scheduler_process", "test_standalone", "test_visits_redis"}


PREBUILD = None  # the process building the snapshots while the first tests run


def pytest_configure(config):
    """The folder where the servers' snapshots of an installed site are kept for the run
    (tests/servers.py, install_site), made by the main process: pytest-xdist's workers share
    it. For a whole run with the slow tests, a process builds them while the database tests
    run, so that the first server does not wait a minute for them."""
    global PREBUILD
    if hasattr(config, "workerinput"):
        return
    folder = os.environ[SNAPSHOTS_VARIABLE] = tempfile.mkdtemp(prefix="vnportal-snapshots-")
    whole = all(Path(arg).is_dir() for arg in config.args)
    if whole and "not slow" not in (config.getoption("markexpr", "") or "") and \
            not config.getoption("collectonly", False):
        with open(Path(folder) / "prebuild.log", "w") as log:
            PREBUILD = subprocess.Popen(
                [sys.executable, "-c", "from tests.servers import prebuild_snapshots; "
                 "prebuild_snapshots()"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput"):
        if PREBUILD is not None and PREBUILD.poll() is None:  # a run cut short
            os.killpg(PREBUILD.pid, signal.SIGKILL)
            PREBUILD.wait()
        elif PREBUILD is not None and PREBUILD.returncode:
            log = Path(os.environ[SNAPSHOTS_VARIABLE]) / "prebuild.log"
            sys.stderr.write("building the servers' snapshot failed (each server then built "
                             "it again):\n" + log.read_text()[-3000:] + "\n")
        remove_snapshots()
    # the media folder of this process's test settings (a new one per process)
    if Path(settings.MEDIA_ROOT).name.startswith("vnportal-test-media-"):
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying the database, the rows the migrations made (the
    home page, the default site, the roles) included. Run in one process, pytest-django puts
    those tests last; under pytest-xdist a worker may run other tests after them, so the rows
    are put back as the migrations left them."""
    yield
    marker = item.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or \
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    if not transactional:
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            assert contents, (f"{item.nodeid} empties the database: mark it django_db("
                              "transaction=True, serialized_rollback=True) so that the rows of "
                              "the migrations are kept to be put back")
            connection.creation.deserialize_db_from_string(contents)


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in item.path.parts or item.path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
    # The clone's own test run (about a minute) goes first: last, one worker would run it alone
    items.sort(key=lambda item: item.path.stem != "test_standalone")


def write_sheet(path, rows, headers=None, encoding="utf-8-sig", delimiter=","):
    """A CSV sheet as Excel saves it ("CSV UTF-8" has a BOM): `headers` (if any), then `rows`."""
    import csv

    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        if headers is not None:
            writer.writerow(headers)
        writer.writerows(rows)
    return path


def import_sheet(kind, path, *args):
    """(stdout, stderr) of `manage.py import_sheet kind path *args`."""
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    call_command("import_sheet", kind, str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failed_import(kind, path, *args):
    """(the command's error, stderr) of an import that must fail."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_sheet", kind, str(path), *args, stdout=io.StringIO(), stderr=err)
    return str(raised.value), err.getvalue()


def assert_copies_refused(admin_client, item, section):
    """Copying `item` (a number or code names it alone), or its `section` with its items, is
    refused with the kit copy form's message, and nothing is copied (it once gave a 500)."""
    response = admin_client.post(f"/admin/pages/{item.pk}/copy/", {
        "new_title": "Bản sao", "new_slug": "ban-sao", "new_parent_page": section.pk})
    assert response.status_code == 200
    assert "Không thể sao chép mục này" in response.content.decode()
    response = admin_client.post(f"/admin/pages/{section.pk}/copy/", {
        "new_title": "Bản sao", "new_slug": "ban-sao", "new_parent_page": section.get_parent().pk,
        "copy_subpages": "on"})
    assert response.status_code == 200
    assert "Không thể sao chép các mục của chuyên mục này" in response.content.decode()
    assert type(item).objects.count() == 1 and type(section).objects.count() == 1


def section_group(section, role):
    """The group of `role` (editorial.roles) in `section` (a news category, Văn bản…)."""
    from editorial.models import CategoryGroup

    return CategoryGroup.objects.get(category=section, role=role).group


PASSWORD = "Dung-Mat-Khau-2026"  # the `superuser` fixture's


@pytest.fixture
def superuser(db):
    """The account "quantri", a superuser whose password is PASSWORD."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("quantri", "qt@example.invalid", PASSWORD)


def make_user(username, *groups):
    """An account called `username` (e-mail username@example.invalid) in `groups`."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username, f"{username}@example.invalid", "Mk-" + "x1" * 6, first_name=username.title())
    user.groups.add(*groups)
    return user


def client_for(user):
    """A test client signed in as `user`."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
