"""Importing a section's items from a spreadsheet (CSV in UTF-8, with or without BOM, or XLSX).

A section declares a `SheetImporter` subclass in its app's `sheets.py` (listed in
`SHEET_IMPORTERS`); `manage.py import_sheet <name> FILE [--publish]` runs it:

1. the first row holds the headers, matched to the declared `columns` whatever their order,
   case, spacing or Unicode form (and without accents when that is unambiguous); unknown
   columns are reported and ignored, a missing required column is an error;
2. every row is read and checked (dates dd/mm/yyyy, required values, the key not repeated in the
   file, `check_rows` for what needs the other rows or the database); every problem is kept
   with its line, column and a Vietnamese reason;
3. only when there is none, everything is written in one transaction: an item whose key
   exists is updated (a new revision), any other is created under the section. A file with a
   bad row writes nothing.

The importer writes pages as an editor would: a new revision each time, published only with
`--publish` (otherwise a draft, and a live page keeps its published content)."""

import csv
import io
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from importlib import import_module, util
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils.translation import gettext as _

from core.sanitize import strip_control
from core.vietnamese import fold, nfc

from .bulk import ChildWriter

MAX_FILE_SIZE = 50 * 1024 * 1024
MAX_ROWS = 100_000
MAX_CELL = 100_000


class CellError(ValueError):
    """A value that cannot be read; its message is the Vietnamese reason shown."""


@dataclass(frozen=True)
class Problem:
    line: int          # the line in the file (the header is line 1); 0 for the file itself
    column: str        # the header as the sheet declares it, "" for the whole row or file
    message: str

    def __str__(self):
        where = []
        if self.line:
            where.append(_("line %(line)d") % {"line": self.line})
        if self.column:
            where.append(_("column “%(column)s”") % {"column": self.column})
        return (", ".join(where) + ": " if where else "") + self.message


class SheetError(Exception):
    """The file cannot be imported; `problems` says every reason found."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


# --- readers of one cell --------------------------------------------------------------------

def text(value):
    """A cell as NFC text, without control characters (they break feeds and XML)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = strip_control(nfc(str(value))).strip()
    if len(value) > MAX_CELL:
        raise CellError(_("The value is too long (at most %(limit)d characters).")
                        % {"limit": MAX_CELL})
    return value


def one_line(value):
    return " ".join(text(value).split())


def day(value):
    """A date written dd/mm/yyyy (or a date cell of a spreadsheet); None when empty."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    value = text(value)
    if not value:
        return None
    for separator in ("/", "-", "."):
        parts = value.split(separator)
        if len(parts) == 3 and all(part.strip().isdigit() for part in parts):
            d, m, y = (int(part) for part in parts)
            if len(parts[2].strip()) == 4:
                try:
                    return date(y, m, d)
                except ValueError:
                    break
    raise CellError(_("“%(value)s” is not a date written dd/mm/yyyy (e.g. 25/03/2025).")
                    % {"value": value[:50]})


def number(value):
    """A decimal number; a comma may be the decimal sign (1,5) and dots or spaces group
    thousands (1.250.000)."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value))
    value = text(value).replace(" ", "").replace("\u00a0", "")
    if not value:
        return None
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    elif value.count(".") > 1 or (value.count(".") == 1 and len(value.split(".")[1]) == 3):
        value = value.replace(".", "")
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise CellError(_("“%(value)s” is not a number.") % {"value": value[:50]})
    if not result.is_finite():
        raise CellError(_("“%(value)s” is not a number.") % {"value": value[:50]})
    return result


def split_list(value):
    """Values separated by “;” (empty ones dropped)."""
    return [part.strip() for part in text(value).split(";") if part.strip()]


def choice(choices):
    """A reader of one of `choices` ([(value, label)…]), typed as its label or its value, in
    any case, with or without accents."""
    known = {}
    for value, label in choices:
        for name in (str(value), str(label)):
            known[fold(name)] = value

    def read(cell):
        typed = one_line(cell)
        if not typed:
            return None
        found = known.get(fold(typed))
        if found is None:
            raise CellError(_("“%(value)s” is not one of: %(choices)s.") % {
                "value": typed[:50], "choices": ", ".join(str(label) for _v, label in choices)})
        return found
    return read


@dataclass(frozen=True)
class Column:
    header: str                 # as the sheet's first row writes it (Vietnamese)
    name: str                   # the key of the value in a read row
    read: object = text         # cell → value; raises CellError
    required: bool = False      # a value is needed on every row


@dataclass
class Row:
    line: int
    values: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.values.get(name)


# --- reading a file -------------------------------------------------------------------------

def _header_key(header):
    return " ".join(nfc(str(header or "")).casefold().split())


def read_table(path):
    """(headers, [(line, cells)…]) of the file's first sheet; raises SheetError."""
    path = Path(path)
    if not path.is_file():
        raise SheetError([Problem(0, "", _("The file %(path)s does not exist.")
                                  % {"path": path})])
    if path.stat().st_size > MAX_FILE_SIZE:
        raise SheetError([Problem(0, "", _("The file is too large: at most %(size)d MB.")
                                  % {"size": MAX_FILE_SIZE // (1024 * 1024)})])
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        rows = _csv_rows(path)
    else:
        raise SheetError([Problem(0, "", _("Only CSV (UTF-8) and XLSX files can be imported, "
                                           "not “%(suffix)s”.") % {"suffix": suffix or path.name})])
    table = []
    for line, cells in rows:
        if len(table) > MAX_ROWS:
            raise SheetError([Problem(0, "", _("The file has more than %(limit)d rows; split it.")
                                      % {"limit": MAX_ROWS})])
        table.append((line, cells))
    if not table:
        raise SheetError([Problem(0, "", _("The file is empty: its first row must hold the "
                                           "column headers."))])
    (_line, headers), *body = table
    return headers, body


def _csv_rows(path):
    data = path.read_bytes()
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise SheetError([Problem(line, "", _(
            "The file is not in UTF-8: save it as “CSV UTF-8” (in Excel: Save as › CSV UTF-8)."
        ))])
    if "\x00" in content:
        raise SheetError([Problem(0, "", _("The file holds a null character: it is not a CSV "
                                           "text file."))])
    sample = content[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(content, newline=""), dialect)
    number = 0
    try:
        # a row is numbered as a spreadsheet numbers it, whatever line breaks its cells hold
        for number, cells in enumerate(reader, start=1):
            yield number, cells
    except csv.Error as error:
        raise SheetError([Problem(number + 1, "", _("The CSV file is malformed: %(error)s")
                                  % {"error": error})])


def _xlsx_rows(path, max_columns=200):
    """The rows of the first sheet. The sheet's own idea of its size is not trusted (a few KB
    can claim a million columns): each row is cut at `max_columns`, empty rows are not kept."""
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SheetError([Problem(0, "", _("The XLSX file cannot be opened: %(error)s")
                                  % {"error": str(error)[:200]})])
    line = 0
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        for line, cells in enumerate(sheet.iter_rows(max_col=max_columns, values_only=True),
                                     start=1):
            cells = list(cells)
            if any(cell is not None and str(cell).strip() for cell in cells):
                yield line, cells
    except (SheetError, GeneratorExit):
        raise
    except Exception as error:
        raise SheetError([Problem(line + 1, "", _("The XLSX file is damaged: %(error)s")
                                  % {"error": str(error)[:200] or type(error).__name__})])
    finally:
        workbook.close()


# --- the importer ---------------------------------------------------------------------------

class SheetImporter:
    """How one section's items are read from a sheet and written as pages. Subclasses set:

    - `name`: the command's argument ("van-ban"); `label`: what the items are called;
    - `columns`: the `Column`s; `key`: the name of the column that identifies an item;
    - `section_model`, `item_model`: the section index page type and the item page type;
    - `key_field`: the item model's field holding the key;
    - `fill(page, row)`: set the page's fields from a read row (called for new and existing
      pages); `after_save(page, row)`: write what needs the saved page (child rows, links);
    - optionally `check_rows(rows, problems)` for checks across rows or against the database.
    """

    name = ""
    label = ""
    columns = ()
    key = ""
    key_field = ""
    section_model = None
    item_model = None

    def __init__(self, path, publish=False, user=None, progress=None, submit=False):
        self.path = Path(path)
        self.publish = publish
        self.submit = submit and not publish  # drafts sent into the section's workflow
        self.user = user
        self.progress = progress
        self.unknown_columns = []
        self.created = self.updated = self.unchanged = self.submitted = 0
        self.written = set()  # ids of the existing pages given a new revision
        self.drafts = set()   # ids of unchanged items whose latest revision is a draft

    # reading

    def column(self, name):
        return next(column for column in self.columns if column.name == name)

    def map_headers(self, headers):
        """{position: Column}; unknown headers go to `unknown_columns`."""
        exact = {_header_key(column.header): column for column in self.columns}
        folded = {}
        for column in self.columns:
            folded.setdefault(fold(column.header), []).append(column)
        found, problems = {}, []
        for position, header in enumerate(headers):
            key = _header_key(header)
            if not key:
                continue
            column = exact.get(key)
            if column is None and len(folded.get(fold(key), [])) == 1:
                column = folded[fold(key)][0]
            if column is None:
                self.unknown_columns.append(str(header))
            elif column in found.values():
                problems.append(Problem(1, column.header, _("This column appears twice.")))
            else:
                found[position] = column
        for column in self.columns:
            if column.required and column not in found.values():
                problems.append(Problem(1, column.header, _("This required column is missing.")))
        if problems:
            raise SheetError(problems)
        return found

    def read(self):
        """The read rows; raises SheetError naming every problem."""
        headers, body = read_table(self.path)
        positions = self.map_headers(headers)
        rows, problems, seen = [], [], {}
        for line, cells in body:
            if all(cell is None or str(cell).strip() == "" for cell in cells):
                continue
            row = Row(line)
            for position, column in positions.items():
                cell = cells[position] if position < len(cells) else None
                try:
                    value = column.read(cell)
                except CellError as error:
                    problems.append(Problem(line, column.header, str(error)))
                    continue
                if column.required and value in (None, "", []):
                    problems.append(Problem(line, column.header, _("A value is required.")))
                row.values[column.name] = value
            key = row[self.key]
            if key:
                folded_key = fold(key)
                if folded_key in seen:
                    problems.append(Problem(line, self.column(self.key).header, _(
                        "“%(key)s” is already on line %(line)d of this file.")
                        % {"key": key, "line": seen[folded_key]}))
                else:
                    seen[folded_key] = line
            rows.append(row)
        self.check_rows(rows, problems)
        if problems:
            raise SheetError(sorted(problems, key=lambda p: (p.line, p.column)))
        return rows

    def check_rows(self, rows, problems):
        """Checks across rows or against the database; append a Problem for each."""

    def sheet_file(self, name):
        """The file a cell names (`Tệp đính kèm`): relative to the sheet's folder and inside
        it, neither an absolute path, nor "..", nor reached through a symbolic link, so that a
        sheet cannot publish other files of the server. Raises CellError with the reason."""
        folder = self.path.parent.resolve()
        relative = Path(name)
        if relative.is_absolute() or relative.drive or ".." in relative.parts:
            raise CellError(_("The file “%(name)s” must be named relative to the sheet's folder "
                              "and lie inside it.") % {"name": name[:200]})
        path = folder / relative
        if path.resolve() != path:
            raise CellError(_("The file “%(name)s” is a symbolic link, which is not imported.")
                            % {"name": name[:200]})
        return path

    # writing

    def section(self):
        section = self.section_model.objects.order_by("path").first()
        if section is None:
            raise SheetError([Problem(0, "", _(
                "There is no “%(section)s” page to import into: create it in the admin first.")
                % {"section": self.section_model._meta.verbose_name})])
        return section

    def existing(self, keys, chunk=500):
        """{key: page} of the items already in the database (any section), keys compared as
        in the file: case and accents aside ("1234/QD-UBND" is "1234/QĐ-UBND")."""
        wanted = {fold(key) for key in keys if key}
        ids = [pk for pk, key in self.item_model.objects.values_list("pk", self.key_field)
               if fold(key) in wanted]
        found = {}
        for start in range(0, len(ids), chunk):
            for page in self.item_model.objects.filter(pk__in=ids[start:start + chunk]):
                found[fold(getattr(page, self.key_field))] = page
        return {key: found[fold(key)] for key in keys if key and fold(key) in found}

    def fill(self, page, row):
        raise NotImplementedError

    def after_save(self, page, row):
        pass

    def run(self):
        """Read, check and write; returns (created, updated). Raises SheetError, writing
        nothing, when any row is wrong: every page is built and checked before the first is
        written, all in one transaction. A row that changes nothing on its item writes nothing
        (`unchanged` counts them): importing the same sheet again adds no revision."""
        rows = self.read()
        section = self.section()
        with transaction.atomic():
            with bulk_indexing(self.item_model):
                written = self._write(section, rows)
            if self.submit:  # may publish (a workflow without an active step): indexed then
                self.submitted = self._submit(written + sorted(self.drafts))
        return self.created, self.updated

    def _submit(self, ids):
        from wagtail.actions.publish_revision import PublishPermissionError

        from editorial.services import submit_for_review

        try:
            return submit_for_review(self.item_model.objects.filter(pk__in=ids), self.user)
        except PublishPermissionError:  # a workflow with no active step publishes at once
            raise SheetError([Problem(0, "", _(
                "The section's approval workflow has no step to go through, and the account "
                "“%(name)s” may not publish.") % {"name": self.user.get_username()})])

    def _write(self, section, rows):
        """Check the rights, build and check every page, then write them; the ids of the
        pages written."""
        existing = self.existing([row[self.key] for row in rows])
        prefetch_children([page for page in existing.values()
                           if not page.has_unpublished_changes])
        problems = self.check_rights(section, rows, existing)
        if problems:
            raise SheetError(problems)
        new, changed = [], []
        for row in rows:
            page = existing.get(row[self.key])
            if page is None:
                page = self.item_model(owner=self.user, locale_id=section.locale_id)
                new.append((page, row))
            else:
                if page.has_unpublished_changes:
                    page = page.get_latest_revision_as_object()
                changed.append((page, row, content(page)))
            self.fill(page, row)
            problems += self.validate(page, row)
        if problems:
            raise SheetError(sorted(problems, key=lambda p: (p.line, p.column)))
        created = [page.pk for page in self.create_pages(section, new)]
        for number, (page, row, before) in enumerate(changed, start=len(new) + 1):
            self.update_page(page, row, before)
            self._progress(number, len(rows))
        self.finish(rows)
        written = created + sorted(self.written - set(created))
        update_indexes(self.item_model, written, created)
        return written

    def check_rights(self, section, rows, existing):
        """Problems with what the account of `--user` may do: add items to the section,
        publish them (with `--publish`), edit each item the sheet updates; and with any
        account, an item locked against it is left alone: locked by an editor, under review
        (a step the account cannot act on; any review without `--user`) or scheduled."""
        user, problems = self.user, []
        where = {"section": section.title}
        if user is not None and not user.is_active:
            return [Problem(0, "", _("The account “%(name)s” is disabled.")
                            % {"name": user.get_username()})]
        if user is not None:
            rights = section.permissions_for_user(user)
            if len(existing) < len(rows) and not rights.can_add_subpage():
                problems.append(Problem(0, "", _(
                    "The account “%(name)s” may not add items to “%(section)s”.")
                    % {"name": user.get_username(), **where}))
            if self.publish and not rights.can_publish_subpage():
                problems.append(Problem(0, "", _(
                    "The account “%(name)s” may not publish in “%(section)s”: import without "
                    "--publish, as drafts to submit for approval (--submit).")
                    % {"name": user.get_username(), **where}))
        header = self.column(self.key).header
        maybe_locked = may_be_locked(existing.values())
        for row in rows:
            page = existing.get(row[self.key])
            if page is None:
                continue
            lock = page.get_lock() if page.pk in maybe_locked else None
            if lock is not None and (user is None or lock.for_user(user)):
                problems.append(Problem(row.line, header, lock_reason(page, lock)))
            elif user is not None:
                rights = page.permissions_for_user(user)
                if not rights.can_edit() or (self.publish and not rights.can_publish()):
                    problems.append(Problem(row.line, header, _(
                        "The account “%(name)s” may not change “%(title)s”.")
                        % {"name": user.get_username(), "title": page.title}))
        return problems

    def validate(self, page, row):
        """Problems with the values `fill` gave `page` (lengths, digits, choices), checked by
        the model's own fields: the batched writing saves without Wagtail's validation."""
        from wagtail.models import Page

        skip = {field.name for field in Page._meta.concrete_fields if field.name != "title"}
        skip |= {field.name for field in page._meta.concrete_fields if field.is_relation}
        try:
            page.clean_fields(exclude=skip)
        except ValidationError as error:
            headers = {column.name: column.header for column in self.columns}
            return [Problem(row.line, headers.get(name, ""), " ".join(messages) if name in headers
                            else f"{page._meta.get_field(name).verbose_name}: "
                                 f"{' '.join(messages)}")
                    for name, messages in error.message_dict.items()]
        return []

    def _progress(self, done, total):
        if self.progress:
            self.progress(done, total)

    def create_pages(self, section, pairs, batch=500):
        """New pages under `section`, written in batches by the kit's `ChildWriter` (as
        `add_child`, `save_revision` and `publish` would leave them): a sheet of ten thousand
        rows takes seconds, not the hour that three saves per page with their signals take.
        `after_save` runs once each page exists."""
        if not pairs:
            return []
        writer = ChildWriter(section, publish=self.publish, user=self.user)
        pages = []
        for start in range(0, len(pairs), batch):
            chunk = pairs[start:start + batch]
            rows = dict((id(page), row) for page, row in chunk)
            pages += writer.write([page for page, _row in chunk],
                                  after_save=lambda page: self.after_save(page, rows[id(page)]))
            self._progress(len(pages), len(pairs))
        writer.close()
        self.created += len(pages)
        return pages

    def update_page(self, page, row, before):
        """An existing page (filled from `row`) gets a new revision through Wagtail (its
        workflow, locks and history apply), published with `--publish`. Nothing is written
        when its content is still `before` (and, with `--publish`, it is live as it is)."""
        self.after_save(page, row)
        if content(page) == before and (
                not self.publish or (page.live and not page.has_unpublished_changes)):
            self.unchanged += 1
            if not page.live or page.has_unpublished_changes:
                self.drafts.add(page.pk)  # still to submit, with --submit
            return
        self.save(page)
        self.updated += 1

    def save(self, page):
        """A new revision of `page`, published with `--publish`; its indexes are updated at
        the end of the import."""
        revision = page.save_revision(user=self.user, log_action=True, clean=False)
        if self.publish:
            revision.publish(user=self.user)
        self.written.add(page.pk)

    def finish(self, rows):
        """After every row is written (links between items of the same file)."""


def stored_document(data, title, filename, collection=None):
    """The Wagtail document holding `data`, found again by its content (file_hash) so that a
    second import reuses it, else created in `collection` (the root one by default)."""
    import hashlib

    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    Document = get_document_model()
    file_hash = hashlib.sha1(data).hexdigest()
    document = Document.objects.filter(file_hash=file_hash).first()
    if document is None:
        document = Document(title=title, file_size=len(data), file_hash=file_hash,
                            collection=collection or Collection.get_first_root_node())
        document.file.save(filename, ContentFile(data), save=False)
        document.save()
    return document


@contextmanager
def bulk_indexing(model):
    """Wagtail updates its reference index (what uses which file) and its admin search index
    after every save of a page, three saves per imported row, and the public search indexes
    every publication; during an import all wait for `update_indexes`, which does each page
    once."""
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from search.services import deferred_indexing

    disconnected = post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update(), deferred_indexing():
            yield
    finally:
        if disconnected:
            post_save.connect(post_save_signal_handler, sender=model)


def may_be_locked(pages):
    """The ids of `pages` that may be locked: by an editor, by a review under way or by a
    schedule (three queries whatever their number; `get_lock()` says for each)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, Revision, WorkflowState

    pages = list(pages)
    ids = [str(page.pk) for page in pages]
    page_type = ContentType.objects.get_for_model(Page)
    found = {page.pk for page in pages if page.locked}
    found |= {int(pk) for pk in WorkflowState.objects.active().filter(
        base_content_type=page_type, object_id__in=ids).values_list("object_id", flat=True)}
    found |= {int(pk) for pk in Revision.objects.filter(
        base_content_type=page_type, object_id__in=ids, approved_go_live_at__isnull=False)
        .values_list("object_id", flat=True)}
    return found


def lock_reason(page, lock):
    """Why an import leaves `page` alone, in Vietnamese."""
    from wagtail.locks import ScheduledForPublishLock, WorkflowLock

    if isinstance(lock, WorkflowLock):
        return _("“%(title)s” is under review (%(step)s): it can be changed once the review is "
                 "done or cancelled.") % {"title": page.title, "step": lock.task.name}
    if isinstance(lock, ScheduledForPublishLock):
        return _("“%(title)s” is scheduled for publishing: cancel the schedule first.") % {
            "title": page.title}
    return _("“%(title)s” is locked by an editor: unlock it in the admin first.") % {
        "title": page.title}


def content(page):
    """What an import may change on `page`, comparable: its fields and its child rows, these
    without the id and position a row gets when it is written."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder
    from modelcluster.models import get_all_child_relations

    data = page.serializable_data()
    for relation in get_all_child_relations(type(page)):
        name = relation.get_accessor_name()
        data[name] = [{key: value for key, value in child.items()
                       if key not in ("pk", "id", "sort_order")} for child in data.get(name, ())]
    return json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True)


def prefetch_children(pages):
    """Read the child rows (attachments, links, portlets…) of `pages` in one query per kind,
    with what they point to (an attachment's document): the reference index and the search
    read them all."""
    from django.db.models import Prefetch, prefetch_related_objects
    from modelcluster.models import get_all_child_relations

    if pages:
        lookups = []
        for relation in get_all_child_relations(type(pages[0])):
            model = relation.related_model
            pointed = [field.name for field in model._meta.concrete_fields
                       if field.many_to_one and field is not relation.field]
            lookups.append(Prefetch(relation.get_accessor_name(),
                                    queryset=model._default_manager.select_related(*pointed)))
        prefetch_related_objects(pages, *lookups)
    return pages


def update_indexes(model, ids, created=(), chunk=500):
    """What publishing does besides the page itself, once for each page written (`ids`): the
    reference index (which files a page uses: downloads follow it), Wagtail's admin search, the
    public search, and a new generation of the cached portlets. Pages are read back from the
    database: an updated page's draft must not reach an index, only its stored row. Pages in
    `created` (ids) have no entry in any index yet: theirs are inserted in bulk."""
    from wagtail.models import ReferenceIndex
    from wagtail.search.backends import get_search_backends

    from core.page_cache import content_changed
    from search.services import index_new_pages, index_page_safely, remove_page

    created = set(created)
    backends = list(get_search_backends(with_auto_update=True))
    for start in range(0, len(ids), chunk):
        stored = prefetch_children(list(model.objects.select_related(*model.listing_related)
                                        .filter(pk__in=ids[start:start + chunk])))
        new = [page for page in stored if page.pk in created]
        _new_references(new)
        index_new_pages(new)
        for page in stored:
            if page.pk in created:
                continue
            ReferenceIndex.create_or_update_for_object(page)
            if page.live:
                index_page_safely(page)
            else:
                remove_page(page.pk)
        for backend in backends:
            backend.add_bulk(model, stored)
    content_changed()  # the batched writes send no signal the page cache hears


def _new_references(pages):
    """The reference index rows of pages that have none yet, in one insert (what
    `ReferenceIndex.create_or_update_for_object` writes for each)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    rows = []
    for page in pages:
        types = [ContentType.objects.get_for_model(model, for_concrete_model=False)
                 for model in [page] + page._meta.get_parent_list()]
        for to_type, to_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(page)):
            rows.append(ReferenceIndex(
                content_type=types[0], base_content_type=types[-1], object_id=page.pk,
                to_content_type_id=to_type, to_object_id=to_id, model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path)))
    ReferenceIndex.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


def importers():
    """{name: SheetImporter subclass} of every installed app's `sheets.py` module."""
    found = {}
    for config in apps.app_configs.values():
        module_name = f"{config.name}.sheets"
        if util.find_spec(module_name) is not None:
            for importer in getattr(import_module(module_name), "SHEET_IMPORTERS", ()):
                found[importer.name] = importer
    return found


def terminal_progress(stream=sys.stderr, width=30):
    """A progress bar on a terminal, None elsewhere (a log file gets no carriage returns)."""
    if not stream.isatty():
        return None

    def show(done, total):
        if done != total and done % 50:
            return
        filled = int(width * done / total) if total else width
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            stream.write("\n")
        stream.flush()
    return show
