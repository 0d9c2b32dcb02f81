"""`manage.py import_sheet van-ban FILE`: documents from a spreadsheet, one row each, keyed by
their number (số ký hiệu). The title is made from the type, number and summary
(`document_title`). `Tệp đính kèm` names files relative to the sheet and `Thay thế` the numbers
of the documents a row replaces (in the database or in the same file), both separated by “;”;
an empty cell leaves a document's files or replacements as they are."""

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.uploads import check_document
from core.vietnamese import fold, slugify_vi
from pages.models import Term
from pages.sheets import (CellError, Column, Problem, SheetError, SheetImporter, choice, day,
                          one_line, split_list, stored_document, text)

from .models import (FIELDS, ISSUERS, DocumentType, LegalDocumentAttachment, LegalDocumentIndexPage,
                     LegalDocumentPage, LegalDocumentRelation, RelationKind, document_title,
                     number_key)

ATTACHMENT_TYPES = ("pdf", "doc", "docx", "xls", "xlsx", "odt", "ods")


def limited(length):
    """A one-line reader refusing values longer than `length` characters."""
    def read(value):
        value = one_line(value)
        if len(value) > length:
            raise CellError(_("The value is too long (at most %(limit)d characters).")
                            % {"limit": length})
        return value
    return read


@functools.cache
def _type_reader():
    with translation.override(settings.LANGUAGE_CODE):
        return choice([(value, str(label)) for value, label in DocumentType.choices])


def document_type(value):
    """A type named as the site shows it ("Quyết định", "quyet dinh") or by its slug."""
    return _type_reader()(value)


class LegalDocumentImporter(SheetImporter):
    name = "van-ban"
    label = gettext_lazy("legal documents")
    columns = (
        Column("Số ký hiệu", "number", limited(100), required=True),
        Column("Loại văn bản", "doc_type", document_type, required=True),
        Column("Cơ quan ban hành", "issuer", limited(255)),
        Column("Người ký", "signer", limited(255)),
        Column("Ngày ban hành", "issued_on", day, required=True),
        Column("Ngày hiệu lực", "effective_from", day),
        Column("Ngày hết hiệu lực", "effective_until", day),
        Column("Lĩnh vực", "field", limited(255)),
        Column("Trích yếu", "summary", text, required=True),
        Column("Tệp đính kèm", "files", split_list),
        Column("Thay thế", "replaces", split_list),
    )
    key = "number"
    key_field = "number"
    section_model = LegalDocumentIndexPage
    item_model = LegalDocumentPage

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages = {}   # number key → page id, of the database and of the rows written
        self.terms = {}
        self.forward = []  # rows replacing documents of later rows: linked in finish()
        self._line = None

    # checks

    def check_rows(self, rows, problems):
        keys = {number_key(row["number"]) for row in rows if row["number"]}
        wanted = {number_key(number) for row in rows for number in row["replaces"] or ()}
        self.pages = dict(LegalDocumentPage.objects.filter(number_key__in=keys | wanted)
                          .values_list("number_key", "pk"))
        seen = {}
        for row in rows:
            key = number_key(row["number"])
            if key and key in seen and seen[key][1] != fold(row["number"]):
                problems.append(Problem(row.line, self.column("number").header, _(
                    "“%(number)s” is the number of line %(line)d written differently.")
                    % {"number": row["number"], "line": seen[key][0]}))
            seen.setdefault(key, (row.line, fold(row["number"] or "")))
            self.check_dates(row, problems)
            self.check_replaces(row, keys, problems)
            row.values["attachments"] = self.check_files(row, problems)

    def check_dates(self, row, problems):
        start = row["effective_from"] or row["issued_on"]
        if row["effective_until"] and start and row["effective_until"] < start:
            problems.append(Problem(row.line, self.column("effective_until").header, _(
                "The expiry date cannot be before the effective date.")))

    def check_replaces(self, row, keys, problems):
        header = self.column("replaces").header
        for number in row["replaces"] or ():
            key = number_key(number)
            if key == number_key(row["number"]):
                problems.append(Problem(row.line, header, _(
                    "A document cannot replace itself.")))
            elif key not in self.pages and key not in keys:
                problems.append(Problem(row.line, header, _(
                    "There is no document numbered “%(number)s”, neither on the site nor in "
                    "this file.") % {"number": number[:100]}))

    def check_files(self, row, problems):
        """The paths of the row's files, each checked as an upload is; a Problem for each file
        that is missing or refused."""
        found = []
        for name in row["files"] or ():
            try:
                path = self.sheet_file(name)
            except CellError as error:
                problems.append(Problem(row.line, self.column("files").header, str(error)))
                continue
            extension = path.suffix.lower().lstrip(".")
            if not path.is_file():
                message = _("The file “%(name)s” was not found (paths are relative to the "
                            "sheet's folder).") % {"name": name}
            elif extension not in ATTACHMENT_TYPES:
                message = _("The file “%(name)s” is not of an accepted type (%(types)s).") % {
                    "name": name, "types": ", ".join(t.upper() for t in ATTACHMENT_TYPES)}
            elif path.stat().st_size > settings.WAGTAILDOCS_MAX_UPLOAD_SIZE:
                message = _("The file “%(name)s” is too large: at most %(size)d MB.") % {
                    "name": name, "size": settings.WAGTAILDOCS_MAX_UPLOAD_SIZE // 2 ** 20}
            else:
                message = self.refusal(path)
            if message:
                problems.append(Problem(row.line, self.column("files").header, message))
            else:
                found.append(path)
        return found

    @staticmethod
    def refusal(path):
        """Why the upload checks refuse the file at `path`, or ""."""
        with path.open("rb") as handle:
            try:
                check_document(File(handle, name=path.name))
            except ValidationError as error:
                return " ".join(error.messages)
        return ""

    # writing

    def term(self, vocabulary, name):
        """The term called `name`, compared without accents or case ("UỶ BAN…" is "Ủy ban…":
        agencies are written with either tone placement), created when missing."""
        if not name:
            return None
        if vocabulary not in self.terms:
            self.terms[vocabulary] = {fold(term.name): term for term in
                                      Term.objects.filter(vocabulary=vocabulary)}
        known = self.terms[vocabulary]
        if fold(name) not in known:
            known[fold(name)] = Term.get_or_create_named(vocabulary, name)
        return known[fold(name)]

    def existing(self, keys):
        pages = {page.number_key: page for page in LegalDocumentPage.objects.filter(
            number_key__in=[number_key(key) for key in keys])}
        return {key: pages[number_key(key)] for key in keys if number_key(key) in pages}

    def fill(self, page, row):
        self._line = row.line
        if page.pk is None:
            page.number = row["number"]
            page.slug = slugify_vi(row["number"], max_length=80) or "van-ban"  # made free on write
        page.number_key = number_key(page.number)  # pages may be written without save()
        page.doc_type = row["doc_type"]
        page.issued_on = row["issued_on"]
        page.summary = row["summary"]
        optional = {"issuer": lambda name: self.term(ISSUERS, name),
                    "field": lambda name: self.term(FIELDS, name),
                    "signer": lambda name: name or "",
                    "effective_from": None, "effective_until": None}
        for name, convert in optional.items():
            if name in row.values:  # a column the sheet has; otherwise the page keeps its value
                setattr(page, name, convert(row[name]) if convert else row[name])
        page.title = document_title(page.doc_type, page.number, page.summary)

    def run(self):
        """A row the page's own validation refuses on publishing (a check this importer
        lacks) stops the import, writing nothing, instead of failing with a traceback."""
        try:
            return super().run()
        except ValidationError as error:
            line = self._line or 0
            raise SheetError([Problem(line, "", " ".join(error.messages))])

    def after_save(self, page, row):
        self.pages[number_key(row["number"])] = page.pk
        # child rows set here are written by the kit for a new page, and reach the database
        # with the published revision for an existing one
        if row["attachments"]:
            documents = [stored_document(path.read_bytes(), path.stem, path.name)
                         for path in row["attachments"]]
            if [a.document_id for a in page.attachments.all()] != [d.pk for d in documents]:
                page.attachments = [LegalDocumentAttachment(document=document)
                                    for document in documents]
        if row["replaces"]:
            if all(number_key(number) in self.pages for number in row["replaces"]):
                self.link(page, row)
            else:
                self.forward.append(row)

    def link(self, page, row):
        """Make the documents `page` replaces those of the row (other relations are kept);
        True when that changed them."""
        targets = list(dict.fromkeys(self.pages[number_key(number)]
                                     for number in row["replaces"]))
        current = [r.target_id for r in page.relations.all() if r.kind == RelationKind.REPLACES]
        if current != targets:
            page.relations = [r for r in page.relations.all()
                              if r.kind != RelationKind.REPLACES] + [
                LegalDocumentRelation(kind=RelationKind.REPLACES, target_id=target)
                for target in targets]
            return True
        return False

    def finish(self, rows):
        for row in self.forward:
            page = LegalDocumentPage.objects.get(pk=self.pages[number_key(row["number"])])
            page = page.get_latest_revision_as_object()
            if self.link(page, row):
                self.save(page)


SHEET_IMPORTERS = [LegalDocumentImporter]
