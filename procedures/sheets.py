"""`manage.py import_sheet thu-tuc FILE`: administrative procedures from a spreadsheet, keyed by
their code. `Căn cứ pháp lý` holds document numbers separated by “;”: those of legal documents
on the portal become links, the others stay as text. An optional `Tệp đính kèm` column names
the forms (paths relative to the sheet, separated by “;”)."""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from core.uploads import check_document
from core.vietnamese import fold
from pages import sheets
from pages.models import Term

from .models import (AGENCY_VOCABULARY, FIELD_VOCABULARY, Level, OnlineLevel, ProcedureFormFile,
                     ProcedureIndexPage, ProcedureLegalLink, ProcedurePage, documents_by_number,
                     find_document, split_legal_basis, validate_online_url)

FORM_EXTENSIONS = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods"}
TITLE_LENGTH = ProcedurePage._meta.get_field("title").max_length


def procedure_code(value):
    """A code such as 1.009876. A spreadsheet that turned it into a number gets its six
    decimals back (the national database's codes have six)."""
    if isinstance(value, float) and not value.is_integer():
        value = f"{value:.6f}"
    code = sheets.one_line(value)
    if len(code) > 50 or " " in code:
        raise sheets.CellError(_("“%(value)s” is not a procedure code (e.g. 1.009876): at most "
                                 "50 characters, without spaces.") % {"value": code[:60]})
    return code


def title(value):
    value = sheets.one_line(value)
    if len(value) > TITLE_LENGTH:
        raise sheets.CellError(_("The name is too long: at most %(limit)d characters.")
                               % {"limit": TITLE_LENGTH})
    return value


def online_url(value):
    url = sheets.one_line(value)
    if url:
        try:
            validate_online_url(url)
        except ValidationError:
            raise sheets.CellError(_("“%(value)s” is not a web address starting with http:// "
                                     "or https://.") % {"value": url[:100]})
    return url


def one_of(names, shown):
    """A reader of a closed list: {value: [names typed for it…]}, compared in any case, with
    or without accents; `shown` is what the error message lists."""
    known = {fold(name): value for value, typed in names.items() for name in typed}

    def read(cell):
        typed = sheets.one_line(cell)
        if not typed:
            return None
        if fold(typed) not in known:
            raise sheets.CellError(_("“%(value)s” is not one of: %(choices)s.")
                                   % {"value": typed[:50], "choices": shown})
        return known[fold(typed)]
    return read


# what agencies write in these columns
level = one_of({
    Level.CENTRAL: ["Cấp trung ương", "Trung ương", "TW", "Cấp TW"],
    Level.PROVINCIAL: ["Cấp tỉnh", "Tỉnh"],
    Level.DISTRICT: ["Cấp huyện", "Huyện"],
    Level.COMMUNE: ["Cấp xã", "Xã"],
}, "Cấp trung ương, Cấp tỉnh, Cấp huyện, Cấp xã")
online_level = one_of({
    OnlineLevel.FULL: ["Toàn trình", "Dịch vụ công trực tuyến toàn trình", "DVC toàn trình",
                       "Trực tuyến toàn trình", "Mức độ 4"],
    OnlineLevel.PARTIAL: ["Một phần", "Dịch vụ công trực tuyến một phần", "DVC một phần",
                          "Trực tuyến một phần", "Mức độ 3"],
    "": ["Không", "Không có", "Mức độ 2", "Mức độ 1"],
}, "Toàn trình, Một phần, Không")
in_force = one_of({
    True: ["Còn hiệu lực", "Đang áp dụng", "Còn áp dụng", "Có hiệu lực"],
    False: ["Hết hiệu lực", "Bãi bỏ", "Đã bãi bỏ", "Đã bị thay thế", "Không còn áp dụng",
            "Ngưng áp dụng"],
}, "Còn hiệu lực, Hết hiệu lực")


class ProcedureSheet(sheets.SheetImporter):
    name = "thu-tuc"
    label = "thủ tục hành chính"
    columns = [
        sheets.Column("Mã thủ tục", "code", procedure_code, required=True),
        sheets.Column("Tên thủ tục", "title", title, required=True),
        sheets.Column("Lĩnh vực", "field", sheets.one_line),
        sheets.Column("Cấp thực hiện", "level", level),
        sheets.Column("Trình tự thực hiện", "steps"),
        sheets.Column("Cách thức thực hiện", "methods"),
        sheets.Column("Thành phần hồ sơ", "dossier"),
        sheets.Column("Thời hạn giải quyết", "processing_time"),
        sheets.Column("Đối tượng thực hiện", "applicants"),
        sheets.Column("Cơ quan thực hiện", "agency", sheets.one_line),
        sheets.Column("Kết quả", "result"),
        sheets.Column("Phí lệ phí", "fees"),
        sheets.Column("Yêu cầu điều kiện", "requirements"),
        sheets.Column("Căn cứ pháp lý", "legal_basis"),
        sheets.Column("Mức độ", "online_level", online_level),
        sheets.Column("Liên kết nộp trực tuyến", "online_url", online_url),
        sheets.Column("Tệp đính kèm", "files", sheets.split_list),
        sheets.Column("Tình trạng", "in_force", in_force),
    ]
    key, key_field = "code", "code"
    section_model, item_model = ProcedureIndexPage, ProcedurePage
    TEXTS = ("steps", "methods", "dossier", "processing_time", "applicants", "result", "fees",
             "requirements", "legal_basis", "online_url")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.terms = {}
        self.documents = None
        self.files = {}  # path → Wagtail document, checked in check_rows, stored on first use

    def check_rows(self, rows, problems):
        """Every attached form exists beside the sheet, is of an allowed type and passes the
        checks of an upload in the admin."""
        header = self.column("files").header
        for row in rows:
            for name in row["files"] or ():
                try:
                    path = self.sheet_file(name)
                except sheets.CellError as error:
                    problems.append(sheets.Problem(row.line, header, str(error)))
                    continue
                problem = self.check_file(path, name)
                if problem:
                    problems.append(sheets.Problem(row.line, header, problem))
                else:
                    self.files[path] = None

    @staticmethod
    def check_file(path, name):
        if not path.is_file():
            return _("The file “%(name)s” does not exist beside the sheet.") % {"name": name}
        if path.suffix.lower() not in FORM_EXTENSIONS:
            return _("“%(name)s”: only PDF, Word, Excel and OpenDocument files can be "
                     "attached.") % {"name": name}
        try:
            with path.open("rb") as handle:
                check_document(File(handle, name=path.name))
        except ValidationError as error:
            return " ".join(error.messages)
        return None

    def term(self, vocabulary, name):
        key = (vocabulary, name)
        if key not in self.terms:
            self.terms[key] = Term.get_or_create_named(vocabulary, name)
        return self.terms[key]

    def fill(self, page, row):
        """Set the fields of the columns the sheet has (a missing column leaves its field)."""
        page.code, page.title = row["code"], row["title"]
        present = row.values
        for name in self.TEXTS:
            if name in present:
                setattr(page, name, present[name] or "")
        if "field" in present:
            page.field = self.term(FIELD_VOCABULARY, present["field"])
        if "agency" in present:
            page.agency = self.term(AGENCY_VOCABULARY, present["agency"])
        if present.get("level"):
            page.level = present["level"]
        if "online_level" in present:
            page.online_level = present["online_level"] or ""
        if present.get("in_force") is not None:  # an empty cell leaves it as it is
            page.in_force = present["in_force"]

    def after_save(self, page, row):
        if "legal_basis" in row.values:
            if self.documents is None:
                self.documents = documents_by_number()
            found = [find_document(entry, self.documents)
                     for entry in split_legal_basis(row["legal_basis"])]
            page.legal_links = [ProcedureLegalLink(document_id=pk)
                                for pk in dict.fromkeys(pk for pk in found if pk)]
        if "files" in row.values:
            page.attachments = [ProcedureFormFile(document=self.document(name))
                                for name in row["files"] or ()]

    def document(self, name):
        path = self.sheet_file(name)
        if self.files.get(path) is None:
            self.files[path] = sheets.stored_document(path.read_bytes(), path.stem, path.name)
        return self.files[path]


SHEET_IMPORTERS = [ProcedureSheet]
