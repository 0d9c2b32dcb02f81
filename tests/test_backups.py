"""manage.py backup and restore (backups/): one archive that restores, and refusals that say
why and change nothing.

The quick tests back up the test database itself, in this process. The slow ones run the demo
under gunicorn with a writer publishing pages and readers being counted, back it up meanwhile,
restore the archive into a new database and media folder, and compare."""

import hashlib
import io
import json
import os
import stat
import subprocess
import sys
import tarfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from backups import archive
from core import page_cache
from news.models import NewsArticlePage

from .servers import (ROOT, create_database, drop_database, gunicorn, install_site, manage,
                      server_env)
from .test_counting_server import redis_available

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF = b"%PDF-1.4\n% v\xc4\x83n b\xe1\xba\xa3n m\xe1\xba\xadt\n%%EOF\n" * 50


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def site_content(media, make_article, image):
    """An article, a private-looking document and a photo with one rendition."""
    article = make_article(title="Bài viết được sao lưu")
    document = get_document_model()(title="Quyết định số 12")
    document.file.save("quyet-dinh-12.pdf", ContentFile(PDF))
    image.get_rendition("fill-40x30")
    return article, document, image


def backup(folder, stderr=None):
    out = io.StringIO()
    call_command("backup", "--output", str(folder), stdout=out, stderr=stderr)
    [path] = Path(folder).glob("vnportal-backup-*.tar")
    return path, out.getvalue()


def restore(path, *args):
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def members(path):
    with tarfile.open(path) as tar:
        return {info.name: tar.extractfile(info).read() for info in tar}


def rewrite(path, target, change=None, manifest_change=None):
    """A copy of the archive at `path` with member contents changed by `change(name, data)`
    and the manifest by `manifest_change(manifest)`, written as a valid tar."""
    with tarfile.open(target, "w") as tar:
        for name, data in members(path).items():
            if name == archive.MANIFEST and manifest_change:
                manifest = json.loads(data)
                manifest_change(manifest)
                data = json.dumps(manifest).encode()
            elif change:
                data = change(name, data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def test_backup_then_restore_gives_back_pages_documents_and_users(site_content, media, tmp_path):
    article, document, image = site_content
    generation = page_cache.generation()
    path, said = backup(tmp_path / "out")
    assert "Đã sao lưu" in said
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # password hashes, private documents
    assert [p.name for p in (tmp_path / "out").iterdir()] == [path.name]  # no temporary left
    held = members(path)
    manifest = json.loads(held[archive.MANIFEST])
    assert manifest["format"] == archive.FORMAT_VERSION
    assert ["news", "0001_initial"] in manifest["schema"]["applied"]
    assert manifest["schema"]["latest"]["wagtailcore"] >= "0098"
    for entry in manifest["files"]:
        assert hashlib.sha256(held[entry["name"]]).hexdigest() == entry["sha256"]
    assert held["media/" + document.file.name] == PDF
    assert "media/" + image.file.name in held
    assert not [name for name in held if name.startswith("media/images/")]  # renditions

    # what happens after the backup is undone by restoring it
    NewsArticlePage.objects.filter(pk=article.pk).delete()
    (media / document.file.name).write_bytes(b"changed")
    get_document_model().objects.filter(pk=document.pk).delete()
    said = restore(path, "--force")
    assert "Đã khôi phục" in said
    restored = NewsArticlePage.objects.get(pk=article.pk)
    assert (restored.title, restored.url_path, restored.live) == (
        article.title, article.url_path, True)
    document = get_document_model().objects.get(pk=document.pk)
    assert (media / document.file.name).read_bytes() == PDF
    # renditions are made again when asked for, not pointed at a missing file
    image = get_image_model().objects.get(pk=image.pk)
    assert not image.renditions.exists()
    assert (media / image.get_rendition("fill-40x30").file.name).is_file()
    assert page_cache.generation() != generation  # no server serves a page from before


def test_restore_refuses_an_install_that_has_content(site_content, tmp_path):
    path, _said = backup(tmp_path / "out")
    with pytest.raises(CommandError, match="không trống.*--force"):
        restore(path)


def flip_byte(name, data):
    if name.startswith("media/documents/"):
        middle = len(data) // 2
        return data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1:]
    return data


def wrong_checksum(manifest):
    manifest["files"][0]["sha256"] = "0" * 64


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "wrong checksum",
                                    "not an archive", "missing"])
def test_a_damaged_archive_is_refused_and_nothing_changes(damage, site_content, media,
                                                          make_article, tmp_path):
    path, _said = backup(tmp_path / "out")
    damaged = tmp_path / "damaged.tar"
    if damage == "flipped byte":
        rewrite(path, damaged, change=flip_byte)
    elif damage == "truncated":
        damaged.write_bytes(path.read_bytes()[:path.stat().st_size * 2 // 3])
    elif damage == "wrong checksum":
        rewrite(path, damaged, manifest_change=wrong_checksum)
    elif damage == "not an archive":
        damaged.write_bytes(b"PK\x03\x04 not a tar" * 100)
    else:
        damaged = tmp_path / "absent.tar"
    later = make_article(title="Viết sau khi sao lưu")
    (media / "after.txt").write_text("x")
    with pytest.raises(CommandError) as refused:
        restore(damaged, "--force")
    reason = str(refused.value)
    if damage == "missing":
        assert "Không có tệp" in reason
    else:
        assert "hỏng hoặc không đầy đủ" in reason and "chưa khôi phục" in reason
    assert NewsArticlePage.objects.filter(pk=later.pk).exists()
    assert (media / "after.txt").is_file()


def test_a_dump_the_database_cannot_take_changes_nothing(site_content, media, make_article,
                                                         tmp_path):
    """An archive whose checksums hold but whose database copy is not one (made by a newer
    pg_dump, say): refused, and the database and media are as they were. On PostgreSQL the
    schema's removal and the dump's SQL run in one transaction; media are unpacked aside
    first."""
    path, _said = backup(tmp_path / "out")
    manifest = json.loads(members(path)[archive.MANIFEST])
    name = manifest["database"]["member"]
    garbage = b"not a database copy " * 200

    def break_database(member, data):
        return garbage if member == name else data

    def fix_checksum(manifest):
        for entry in manifest["files"]:
            if entry["name"] == name:
                entry["sha256"], entry["size"] = hashlib.sha256(garbage).hexdigest(), len(garbage)

    broken = rewrite(path, tmp_path / "broken.tar", change=break_database,
                     manifest_change=fix_checksum)
    later = make_article(title="Viết sau khi sao lưu")
    document = site_content[1]
    (media / document.file.name).write_bytes(b"changed after the backup")
    with pytest.raises(CommandError):
        restore(broken, "--force")
    assert NewsArticlePage.objects.filter(pk=later.pk).exists()
    assert NewsArticlePage.objects.filter(pk=site_content[0].pk).exists()
    assert (media / document.file.name).read_bytes() == b"changed after the backup"
    assert not [p for p in media.iterdir() if p.name.startswith(".vnportal-restore")]


def test_a_forced_restore_leaves_no_rendition_of_the_replaced_install(site_content, media,
                                                                      tmp_path):
    path, _said = backup(tmp_path / "out")
    stale = media / "images" / "anh-cu.fill-40x30.jpg"
    stale.parent.mkdir(exist_ok=True)
    stale.write_bytes(b"a rendition of the install being replaced")
    restore(path, "--force")
    assert not stale.exists()


def future_format(manifest):
    manifest["format"] = archive.FORMAT_VERSION + 1


def future_migration(manifest):
    manifest["schema"]["applied"].append(["news", "9999_from_the_future"])


def other_vendor(manifest):
    manifest["database"]["vendor"] = "oracle"


@pytest.mark.parametrize("change, reason", [
    (future_format, "phiên bản mới hơn"),
    (future_migration, "news.9999_from_the_future"),
    (other_vendor, "khác loại cơ sở dữ liệu"),
])
def test_an_archive_of_a_newer_version_or_another_database_is_refused(
        change, reason, site_content, make_article, tmp_path):
    path, _said = backup(tmp_path / "out")
    changed = rewrite(path, tmp_path / "changed.tar", manifest_change=change)
    later = make_article(title="Viết sau khi sao lưu")
    with pytest.raises(CommandError, match=reason):
        restore(changed, "--force")
    assert NewsArticlePage.objects.filter(pk=later.pk).exists()


def test_an_older_schema_is_restored_then_migrated(site_content, tmp_path):
    path, _said = backup(tmp_path / "out")
    manifest = json.loads(members(path)[archive.MANIFEST])
    assert archive.schema_difference(manifest) == ([], [])
    manifest["schema"]["applied"].remove(["news", "0002_create_homepage"])
    assert archive.schema_difference(manifest) == ([], [("news", "0002_create_homepage")])


# --- under load, between real processes ------------------------------------------------------

# An editor publishing one article after another. A write refused with "database is locked"
# is printed as "retry" (and tried again): the test wants none, since SQLite transactions begin
# IMMEDIATE and wait for each other (vnportal/settings/base.py).
WRITER = """
import os, time
from django.db import OperationalError
from django.utils import timezone
from news.models import NewsArticlePage, NewsCategoryPage
category = NewsCategoryPage.objects.live().order_by("-depth", "pk").first()
deadline, n = time.monotonic() + 300, 0
while not os.path.exists(os.environ["STOP_FILE"]) and time.monotonic() < deadline:
    n += 1
    page = NewsArticlePage(title=f"Bài viết đăng trong lúc sao lưu {n}", published_at=timezone.now())
    try:
        category.add_child(instance=page)
        page.save_revision().publish()
    except OperationalError as error:
        print("retry", error, flush=True)
        time.sleep(0.2)
        continue
    finally:
        category.refresh_from_db()
    print(n, flush=True)
"""

FACTS = """
import hashlib, json, os
from wagtail.documents import get_document_model
from wagtail.models import Page
from visits.counters import get_counter
pages = {str(p.pk): [p.title, p.url_path, p.get_url()]
         for p in Page.objects.live().filter(depth__gt=1).specific()}
documents = {}
for document in get_document_model().objects.all():
    with document.file.open("rb") as file:
        documents[str(document.pk)] = hashlib.sha256(file.read()).hexdigest()
counter = get_counter()
watched = [int(pk) for pk in os.environ.get("WATCHED", "").split(",") if pk]
counters = {"total": counter.total(), **{str(pk): counter.page_views(pk) for pk in watched}}
with open(os.environ["FACTS_FILE"], "w") as file:
    json.dump({"pages": pages, "documents": documents, "counters": counters}, file)
"""

POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS_DB = 9


def facts(env, folder, watched=()):
    target = Path(folder) / f"facts-{uuid.uuid4().hex[:6]}.json"
    manage({**env, "FACTS_FILE": str(target), "WATCHED": ",".join(map(str, watched))},
           "shell", "-c", FACTS)
    return json.loads(target.read_text())


def postgres_available():
    import psycopg

    try:
        psycopg.connect(POSTGRES + "/postgres", connect_timeout=2).close()
        return True
    except psycopg.Error:
        return False


# the vendor of the run (.ci/run runs the suite once on each): each round trip under load
# takes minutes, so each run does its own database's
LEG = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"


@pytest.fixture(params=[LEG])
def two_databases(request, tmp_path):
    """(source URL, target URL): two new, empty databases of one vendor."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'a' / 'db.sqlite3'}", f"sqlite:///{tmp_path / 'b' / 'db.sqlite3'}"
        return
    if not postgres_available():
        pytest.skip(f"no PostgreSQL at {POSTGRES} (user postgres): the PostgreSQL round trip "
                    "needs one")
    names = [f"vnportal_backup_{side}_{uuid.uuid4().hex[:8]}" for side in "ab"]
    for name in names:
        create_database(POSTGRES, name)
    try:
        yield tuple(f"{POSTGRES}/{name}" for name in names)
    finally:
        for name in names:
            drop_database(POSTGRES, name)


def read_forever(url, paths, stop, counted):
    """Ask for `paths` in turn as a new visitor each time until `stop` is set; count answers."""
    n = 0
    while not stop.is_set():
        n += 1
        request = urllib.request.Request(url + paths[n % len(paths)],
                                         headers={"User-Agent": f"reader-{n}"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
                counted.append(response.status)
        except OSError:
            pass


def live(published):
    """The writer's lines that say a page was published (not that it tries again)."""
    return [line for line in published if not line.startswith("retry")]


def wait_for(condition, what, seconds=120):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.2)


@pytest.mark.slow
def test_a_backup_made_under_load_restores_every_page_count_and_document(two_databases,
                                                                          tmp_path):
    if not redis_available():
        pytest.skip("no Redis on 127.0.0.1:6379: the counts waiting in Redis are part of it")
    import redis

    source, target = two_databases
    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    client.flushdb()
    for side in "ab":
        (tmp_path / side).mkdir(exist_ok=True)
    # page views wait in Redis for an hour: only the backup's flush brings them to the database
    env_a = server_env(tmp_path / "a", DATABASE_URL=source, VISITS_FLUSH_SECONDS="3600",
                       REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
                       CACHE_KEY_PREFIX=f"backup-{uuid.uuid4().hex[:6]}")
    env_b = server_env(tmp_path / "b", DATABASE_URL=target)
    install_site(env_a)
    demo = facts(env_a, tmp_path)
    watched = sorted(demo["pages"], key=int)[-5:]
    paths = [demo["pages"][pk][2] for pk in watched]

    stop, counted, out = threading.Event(), [], tmp_path / "backups"
    stop_file = tmp_path / "stop"
    writer, readers = None, []
    try:
        with gunicorn(env_a, tmp_path / "a") as url:
            writer = subprocess.Popen(
                [sys.executable, "manage.py", "shell", "-c", WRITER], cwd=ROOT,
                env={**env_a, "STOP_FILE": str(stop_file)}, stdout=subprocess.PIPE, text=True)
            readers = [threading.Thread(target=read_forever, args=(url, paths, stop, counted))
                       for _ in range(2)]
            for reader in readers:
                reader.start()
            published = []
            threading.Thread(target=lambda: published.extend(writer.stdout), daemon=True).start()
            wait_for(lambda: len(live(published)) >= 3 and len(counted) >= 30,
                     "the writer's first pages and the readers' first views")
            before = facts(env_a, tmp_path, watched)
            made = manage(env_a, "backup", "--output", str(out))
            during = len(live(published))
            wait_for(lambda: len(live(published)) > during, "a page published after the backup")
    finally:
        stop.set()
        stop_file.touch()
        if writer is not None:
            writer.wait(timeout=60)
        for reader in readers:
            reader.join(timeout=30)
        client.flushdb()
    assert "Đã sao lưu" in made.stdout
    assert [line for line in published if line.startswith("retry")] == []
    [path] = out.iterdir()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    done = manage(env_b, "restore", str(path))
    assert "Đã khôi phục" in done.stdout
    after = facts(env_b, tmp_path, watched)
    missing = {pk: page for pk, page in before["pages"].items()
               if after["pages"].get(pk) != page}
    assert not missing, f"pages live before the backup, not the same after restoring: {missing}"
    assert len(after["pages"]) >= len(before["pages"]) + 3  # what the writer had published
    assert after["documents"] == before["documents"] and before["documents"]
    assert before["counters"]["total"] > 0
    lost = {key: (count, after["counters"][key]) for key, count in before["counters"].items()
            if after["counters"][key] < count}
    assert not lost, f"counts lost (before, after restore): {lost}"
    assert all(before["counters"][pk] > 0 for pk in watched)

    # the restored site answers its pages, and a second restore is refused in words
    with gunicorn(env_b, tmp_path / "b") as url_b:
        for pk in watched:
            title, _path, page_url = before["pages"][pk]
            with urllib.request.urlopen(url_b + page_url, timeout=10) as response:
                assert title in response.read().decode()
    again = subprocess.run([sys.executable, "manage.py", "restore", str(path)], cwd=ROOT,
                           env=env_b, capture_output=True, text=True, timeout=120, check=False)
    assert again.returncode != 0
    assert "không trống" in again.stderr and "Traceback" not in again.stderr


def test_a_backup_is_made_when_redis_is_down_and_says_what_it_lacks(site_content, tmp_path,
                                                                   monkeypatch):
    class Down:
        def flush(self):
            raise ConnectionError("Redis is down")

    monkeypatch.setattr("visits.counters.get_counter", lambda: Down())
    err = io.StringIO()
    path, _said = backup(tmp_path / "out", stderr=err)
    assert json.loads(members(path)[archive.MANIFEST])["counters_flushed"] is False
    assert "Redis" in err.getvalue() and "Cảnh báo" in err.getvalue()
