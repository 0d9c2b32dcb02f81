"""One archive file holding a whole install: the database, the uploaded files and a manifest.

The archive is a plain tar (its members are what is compressed, where it pays):
- `database/db.sqlite3.gz`: SQLite's online backup of the live database, gzip'ed; or
  `database/db.pgdump`: `pg_dump --format=custom` (compressed by pg_dump) of one snapshot;
- `media/…`: every file under MEDIA_ROOT except photo renditions (`images/`), which Wagtail
  makes again from the originals when a page asks for them;
- `manifest.json` (last): the format version, the versions of the app, Django and Wagtail, the
  database vendor, the migrations applied (the schema version), when it was made, and each
  other member's size and SHA-256.

`restore` reads everything once and checks it against the manifest before it touches anything.
It refuses an archive of a newer format or schema, of another database vendor, and an install
that already has content (unless told to replace it). Messages are for an operator: translated,
and raised as `BackupError`."""

import datetime
import gzip
import hashlib
import io
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/db.sqlite3.gz"
POSTGRES_MEMBER = "database/db.pgdump"
MEDIA_PREFIX = "media/"
RENDITIONS = "images"  # MEDIA_ROOT/images/: renditions, made again on demand (not archived)
CHUNK = 1024 * 1024
logger = logging.getLogger(__name__)


class BackupError(Exception):
    """Why a backup or a restore cannot be done, in words for the operator (translated)."""


# --- what an archive says about the install it came from -------------------------------------

def app_version():
    with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def _tables():
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    return {"pages": (Page._meta.db_table, "live"),
            "documents": (get_document_model()._meta.db_table, None),
            "images": (get_image_model()._meta.db_table, None),
            "users": (get_user_model()._meta.db_table, None)}


def snapshot_facts(cursor):
    """What the manifest says of a database snapshot, read through a DB-API `cursor` on it
    (sqlite3's or Django's): the migrations applied, in order, and a few counts."""
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    applied = [[app, name] for app, name in cursor.fetchall()]
    counts = {}
    for key, (table, live) in _tables().items():
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"' + (f' WHERE "{live}"' if live else ""))
        counts[key] = cursor.fetchone()[0]
    return applied, counts


def _postgres_env():
    """The environment pg_dump and pg_restore connect with: the settings' database, as Django
    connects (TLS and password file options included)."""
    from django.db.backends.postgresql.client import DatabaseClient

    _args, env = DatabaseClient.settings_to_cmd_args_env(connection.settings_dict, [])
    db = connection.settings_dict
    env = {**os.environ, **(env or {})}
    for name, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                      ("PGDATABASE", "NAME")):
        if db.get(key):
            env[name] = str(db[key])
    return env


def _run(args, env=None):
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(_("%(program)s is not installed on this server (Debian: apt-get "
                            "install postgresql-client).") % {"program": args[0]}) from None
    if done.returncode:
        raise BackupError(_("%(program)s failed: %(error)s")
                          % {"program": args[0], "error": done.stderr.strip()[-2000:]})


# --- backup ----------------------------------------------------------------------------------

class _Hashing:
    """A file read through, counting and hashing what is read."""

    def __init__(self, file):
        self.file, self.sha256, self.size = file, hashlib.sha256(), 0

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _add(tar, name, path):
    """Add the file at `path` as member `name`; its manifest entry."""
    with open(path, "rb") as file:
        info = tarfile.TarInfo(name)
        info.size, info.mode = os.fstat(file.fileno()).st_size, 0o600
        info.mtime = int(os.fstat(file.fileno()).st_mtime)
        reader = _Hashing(file)
        tar.addfile(info, reader)
    return {"name": name, "size": reader.size, "sha256": reader.sha256.hexdigest()}


def flush_counters():
    """Page views waiting in Redis are written to the database, so the snapshot holds every
    view counted before the backup began."""
    from visits.counters import get_counter

    flush = getattr(get_counter(), "flush", None)
    if flush is not None:
        try:
            flush()
        except Exception as error:  # Redis down: the database's copy is still worth making
            logger.warning("Backup: the page views waiting in Redis could not be written to "
                           "the database first (%s); the archive holds those counted before.",
                           error)
            return False
    return True


def _dump_sqlite(work):
    """(member path in `work`, applied migrations, counts) of an online backup of the live
    SQLite database: readers and writers go on meanwhile (WAL), the copy is one consistent
    moment."""
    copy = Path(work) / "db.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    try:
        connection.connection.backup(target)  # every page in one step: one moment
        if target.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(_("The database is damaged (SQLite's quick_check): it was not "
                                "backed up."))
        facts = snapshot_facts(target.cursor())
    finally:
        target.close()
    member = Path(work) / "db.sqlite3.gz"
    with open(copy, "rb") as raw, gzip.open(member, "wb", compresslevel=6) as packed:
        shutil.copyfileobj(raw, packed, CHUNK)
    copy.unlink()
    return member, *facts


def _dump_postgres(work):
    """pg_dump of one snapshot, the one the manifest's migrations and counts were read in."""
    member = Path(work) / "db.pgdump"
    connection.close()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        facts = snapshot_facts(cursor)
        _run(["pg_dump", "--format=custom", "--compress=6", f"--snapshot={snapshot}",
              f"--file={member}"], env=_postgres_env())
    return member, *facts


def site_name():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return slugify(site.hostname if site else "") or "site"


def media_files():
    """(member name, path) of every file under MEDIA_ROOT that an archive keeps."""
    root = Path(settings.MEDIA_ROOT)
    for folder, subfolders, files in os.walk(root):
        relative = Path(folder).relative_to(root)
        if relative == Path("."):
            subfolders[:] = [name for name in subfolders if name != RENDITIONS]
        subfolders.sort()
        for name in sorted(files):
            yield MEDIA_PREFIX + (relative / name).as_posix(), Path(folder) / name


def create_backup(output_dir, now=None):
    """Write an archive of this install into `output_dir`; its path. The file appears whole or
    not at all (written under a temporary name, synced, then renamed), readable by its owner
    only: it holds password hashes and private documents."""
    import django
    import wagtail

    output_dir = Path(output_dir)
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = now or datetime.datetime.now(datetime.UTC)
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(_("Backups support SQLite and PostgreSQL, not %(vendor)s.")
                          % {"vendor": vendor})
    flushed = flush_counters()
    name = f"vnportal-backup-{site_name()}-{now:%Y%m%dT%H%M%SZ}.tar"
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".vnportal-backup-") as work:
        if vendor == "sqlite":
            dump, applied, counts = _dump_sqlite(work)
            member = SQLITE_MEMBER
        else:
            dump, applied, counts = _dump_postgres(work)
            member = POSTGRES_MEMBER
        part = Path(work) / (name + ".part")
        with open(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
                files = [_add(tar, member, dump)]
                for media_name, path in media_files():
                    try:
                        files.append(_add(tar, media_name, path))
                    except FileNotFoundError:  # deleted since the walk listed it
                        continue
                latest = {}  # each app's highest migration (applied order puts squashes last)
                for app, migration in applied:
                    latest[app] = max(latest.get(app, migration), migration)
                manifest = {
                    "format": FORMAT_VERSION, "app_version": app_version(),
                    "django": django.get_version(), "wagtail": wagtail.__version__,
                    "database": {"vendor": vendor, "member": member},
                    "schema": {"latest": latest, "applied": applied},
                    "created": now.isoformat(timespec="seconds"), "site": site_name(),
                    "counts": counts, "counters_flushed": flushed,
                    "media": {"renditions": "skipped"}, "files": files}
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(data), 0o600, int(now.timestamp())
                tar.addfile(info, io.BytesIO(data))
            raw.flush()
            os.fsync(raw.fileno())
        final = output_dir / name
        os.replace(part, final)
    directory = os.open(output_dir, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return final, manifest


# --- restore ---------------------------------------------------------------------------------

def _corrupt(detail):
    return BackupError(_("The archive is damaged or incomplete (%(detail)s): nothing was "
                         "restored.") % {"detail": detail})


def _safe_member(name):
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def read_archive(path):
    """The manifest of the archive at `path`, once every member has been read and found to be
    what the manifest says (size and SHA-256), and nothing else is in it."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("There is no archive file %(path)s.") % {"path": path})
    found, manifest = {}, None
    try:
        with tarfile.open(path, mode="r:") as tar:
            for info in tar:
                if not info.isfile() or not _safe_member(info.name) or info.name in found:
                    raise _corrupt(_("unexpected member %(name)s") % {"name": info.name})
                file = tar.extractfile(info)
                if info.name == MANIFEST:
                    manifest = json.loads(file.read().decode())
                    found[MANIFEST] = None
                    continue
                reader = _Hashing(file)
                while reader.read(CHUNK):
                    pass
                if reader.size != info.size:
                    raise _corrupt(_("%(name)s is cut short") % {"name": info.name})
                found[info.name] = (reader.size, reader.sha256.hexdigest())
    except BackupError:
        raise
    except (tarfile.TarError, OSError, EOFError, ValueError) as error:  # JSON errors included
        raise _corrupt(str(error) or type(error).__name__) from None
    if not isinstance(manifest, dict):
        raise _corrupt(_("no manifest"))
    try:
        version = int(manifest["format"])
    except (KeyError, TypeError, ValueError):
        raise _corrupt(_("the manifest has no format version")) from None
    if version > FORMAT_VERSION:
        raise BackupError(_("The archive was made by a newer version of vnportal (archive "
                            "format %(theirs)d, this install reads up to %(ours)d): update "
                            "this install first.") % {"theirs": version, "ours": FORMAT_VERSION})
    try:
        listed = {entry["name"]: (entry["size"], entry["sha256"]) for entry in manifest["files"]}
        member = manifest["database"]["member"]
        manifest["schema"]["applied"]
    except (KeyError, TypeError):
        raise _corrupt(_("the manifest is incomplete")) from None
    for name, expected in listed.items():
        if name not in found:
            raise _corrupt(_("%(name)s is missing") % {"name": name})
        if found[name] != tuple(expected):
            raise _corrupt(_("%(name)s does not match its checksum") % {"name": name})
    extra = set(found) - set(listed) - {MANIFEST}
    if extra:
        raise _corrupt(_("unexpected member %(name)s") % {"name": min(extra)})
    if member not in listed:
        raise _corrupt(_("no database"))
    return manifest


def schema_difference(manifest):
    """(migrations the archive has and this install does not, migrations this install has
    and the archive does not): the first makes the archive newer, the second older."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    ours = set(loader.disk_migrations)
    replaced = {old for migration in loader.disk_migrations.values()
                for old in migration.replaces}
    theirs = {tuple(item) for item in manifest["schema"]["applied"]}
    newer = sorted(theirs - ours - replaced)
    older = sorted(key for key in ours - theirs
                   if not any(old in theirs for old in loader.disk_migrations[key].replaces))
    return newer, older


def existing_content():
    """Why the database of the settings is not an empty install (None when it is): accounts,
    or pages beyond the root and the one home page `migrate` makes."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    tables = set(connection.introspection.table_names())
    users = pages = 0
    if get_user_model()._meta.db_table in tables:
        users = get_user_model().objects.count()
    if Page._meta.db_table in tables:
        pages = Page.objects.filter(depth__gt=1).count()
        if pages == 1:
            pages = 0  # the home page of a new install (news/migrations/0002_create_homepage)
    if users or pages:
        return _("the database already has %(users)d account(s) and %(pages)d page(s)") % {
            "users": users, "pages": pages}
    return None


def check_restorable(manifest, force=False):
    """Refuse what must not be restored here; the migrations to run afterwards."""
    vendor = manifest["database"].get("vendor")
    if vendor != connection.vendor:
        raise BackupError(_("The archive holds a %(theirs)s database and this install uses "
                            "%(ours)s (khác loại cơ sở dữ liệu): restore it on the same kind of "
                            "database.") % {"theirs": vendor, "ours": connection.vendor})
    newer, older = schema_difference(manifest)
    if newer:
        raise BackupError(_("The archive was made by a newer version of vnportal: its database "
                            "has migration %(migration)s, which this install does not know "
                            "(%(count)d in all). Update this install first.")
                          % {"migration": ".".join(newer[0]), "count": len(newer)})
    if not force:
        reason = existing_content()
        if reason:
            raise BackupError(_("This install is not empty (%(reason)s): restoring would replace "
                                "it. Use --force to replace it.") % {"reason": reason})
    return older


def _restore_sqlite(tar, member):
    """Copy the archive's database into the settings' one through SQLite's backup API, which
    replaces every page of it consistently, its write-ahead log included."""
    connection.ensure_connection()  # made if missing
    name = connection.settings_dict["NAME"]
    folder = Path(name).parent if not connection.is_in_memory_db() else None
    with tempfile.TemporaryDirectory(dir=folder, prefix=".vnportal-restore-") as work:
        copy = Path(work) / "db.sqlite3"
        with tar.extractfile(member) as packed, gzip.open(packed) as raw, \
                open(copy, "wb") as out:
            shutil.copyfileobj(raw, out, CHUNK)
        source = sqlite3.connect(copy)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    connection.close()


def _restore_postgres(tar, member):
    """Replace the settings' database (its `public` schema) with the archive's dump, in one
    transaction: pg_restore turns the dump into SQL first (a dump it cannot read stops here,
    before anything changed), then psql runs the schema's removal and that SQL together, so a
    failure anywhere leaves the database as it was."""
    with tempfile.TemporaryDirectory(prefix="vnportal-restore-") as work:
        dump, script = Path(work) / "db.pgdump", Path(work) / "restore.sql"
        with tar.extractfile(member) as packed, open(dump, "wb") as out:
            shutil.copyfileobj(packed, out, CHUNK)
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
              "--file", str(script), str(dump)], env=_postgres_env())
        prelude = Path(work) / "prelude.sql"
        prelude.write_text("DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n")
        connection.close()
        _run(["psql", "--no-psqlrc", "--quiet", "--single-transaction",
              "--set", "ON_ERROR_STOP=1", "--dbname", connection.settings_dict["NAME"],
              "--file", str(prelude), "--file", str(script)], env=_postgres_env())


def _stage_media(tar, manifest, staging):
    """Unpack the archive's media into `staging` (a folder beside MEDIA_ROOT's files), before
    the database is touched: a full disk or a refused write stops the restore there."""
    root = Path(settings.MEDIA_ROOT).resolve()
    staged = []
    for entry in manifest["files"]:
        if not entry["name"].startswith(MEDIA_PREFIX):
            continue
        relative = entry["name"][len(MEDIA_PREFIX):]
        target = (root / relative).resolve()
        if root not in target.parents:
            raise _corrupt(_("unexpected member %(name)s") % {"name": entry["name"]})
        copy = staging / f"{len(staged)}"
        with tar.extractfile(entry["name"]) as source, open(copy, "wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        staged.append((copy, target))
    return staged


def _place_media(staged):
    """Move the staged files to their places (renames within one file system)."""
    mode = settings.FILE_UPLOAD_PERMISSIONS or 0o644
    folder_mode = settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS or 0o755
    for copy, target in staged:
        target.parent.mkdir(mode=folder_mode, parents=True, exist_ok=True)
        os.chmod(copy, mode)
        os.replace(copy, target)
    return len(staged)


def _forget_rendition_files():
    """The replaced install's renditions: their rows are gone, and the web server would still
    serve their files by address."""
    folder = Path(settings.MEDIA_ROOT) / RENDITIONS
    if folder.is_dir():
        shutil.rmtree(folder)


def _forget_cached_renditions():
    """Wagtail keeps renditions in the cache too (by photo, file hash and filter): those of the
    renditions the database names now are forgotten, so none points at a file that is gone."""
    from wagtail.images import get_image_model

    Rendition = get_image_model().get_rendition_model()
    if Rendition._meta.db_table not in connection.introspection.table_names():
        return  # an empty install, not migrated yet: nothing of it is cached
    keys = [rendition.get_cache_key() for rendition in
            Rendition.objects.select_related("image").only(
                "filter_spec", "focal_point_key", "image__id", "image__file_hash").iterator()]
    for start in range(0, len(keys), 500):
        Rendition.cache_backend.delete_many(keys[start:start + 500])


def forget_renditions():
    """The archive keeps no renditions: their rows go (and the cache's copies of them), so
    Wagtail makes each again when a page first asks for it instead of pointing at a missing
    file."""
    from wagtail.images import get_image_model

    _forget_cached_renditions()
    table = get_image_model().get_rendition_model()._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{table}"')


def restore_backup(path, force=False, migrate=None):
    """Restore the archive at `path` into the database and MEDIA_ROOT of the settings; a
    summary {"manifest", "media", "migrated"}. Everything is checked before anything is
    written. `migrate()` runs the migrations when the archive's schema is older."""
    from core.page_cache import new_generation

    manifest = read_archive(path)
    older = check_restorable(manifest, force=force)
    member = manifest["database"]["member"]
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, mode="r:") as tar, \
            tempfile.TemporaryDirectory(dir=root, prefix=".vnportal-restore-") as staging:
        staged = _stage_media(tar, manifest, Path(staging))
        _forget_cached_renditions()  # the replaced install's
        if connection.vendor == "sqlite":
            _restore_sqlite(tar, member)
        else:
            _restore_postgres(tar, member)
        if older and migrate is not None:
            migrate()
        forget_renditions()
        _forget_rendition_files()
        media = _place_media(staged)
    new_generation()  # no server answers a page it stored before the restore
    return {"manifest": manifest, "media": media, "migrated": len(older)}
