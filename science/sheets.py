"""`manage.py import_sheet nhiem-vu FILE [--publish]`: science and technology tasks from a
spreadsheet whose first row holds the headers of `COLUMNS`. The key is the code (Mã số),
matched whatever its case: importing again updates a task, never duplicates it."""

import re
from calendar import monthrange
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.vietnamese import fold
from pages.models import Term
from pages.sheets import CellError, Column, Problem, SheetImporter, choice, day, number, \
    one_line, text

from .models import (BUDGET_DIGITS, BUDGET_PLACES, FIELD_VOCABULARY, ScienceTaskIndexPage,
                     ScienceTaskPage, TaskLevel, TaskStatus)

# other ways sheets name a level or a status (compared folded: case and accents aside)
LEVEL_ALIASES = {"cấp quốc gia": TaskLevel.NATIONAL, "nhà nước": TaskLevel.NATIONAL,
                 "cấp nhà nước": TaskLevel.NATIONAL, "cấp tỉnh": TaskLevel.PROVINCIAL,
                 "cấp cơ sở": TaskLevel.GRASSROOTS}
STATUS_ALIASES = {"đang triển khai": TaskStatus.UNDER_WAY, "tạm ngừng": TaskStatus.SUSPENDED,
                  "đã hủy": TaskStatus.TERMINATED, "hủy": TaskStatus.TERMINATED,
                  "chấm dứt": TaskStatus.TERMINATED, "đã chấm dứt": TaskStatus.TERMINATED,
                  "đã hủy/chấm dứt": TaskStatus.TERMINATED, "đã hủy, chấm dứt":
                  TaskStatus.TERMINATED, "nghiệm thu": TaskStatus.ACCEPTED}
_UNIT = re.compile(r"\s*(trieu dong|trieu|tr\.? ?d|trd)\.?$")
_MONTH = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{4})")
# the model fields a row sets and that are checked as the admin form checks them
CHECKED_FIELDS = {"code", "title", "level", "host", "leader", "goals", "content", "method",
                  "expected_results", "start_date", "end_date", "budget", "status"}


def choice_of(choices, aliases):
    """The kit's `choice` reader (labels in the active language, or values), and `aliases`."""
    aliases = {fold(name): value for name, value in aliases.items()}
    readers = {}

    def read(cell):
        typed = one_line(cell)
        if typed and fold(typed) in aliases:
            return aliases[fold(typed)]
        language = get_language()
        if language not in readers:
            readers[language] = choice(choices)
        return readers[language](typed)
    return read


def task_date(end=False):
    """A date dd/mm/yyyy, or a month mm/yyyy (task plans often give months): its first day, or
    its last for an end date."""
    def read(cell):
        try:
            return day(cell)
        except CellError:
            month = _MONTH.fullmatch(text(cell))
            if month and 1 <= int(month[1]) <= 12:
                year, number_ = int(month[2]), int(month[1])
                return date(year, number_, monthrange(year, number_)[1] if end else 1)
            raise
    return read


def budget(cell):
    """Million dong: "1.250,5", "1250.5", "1 250", "1.250,5 triệu đồng"; never negative."""
    if isinstance(cell, str):
        cell = cell.strip()
        unit = _UNIT.search(fold(cell))
        if unit and len(fold(cell)) == len(cell):
            cell = cell[:unit.start()]
    value = number(cell)
    if value is None:
        return None
    if value < 0:
        raise CellError(_("The budget cannot be negative."))
    value = value.quantize(Decimal(1).scaleb(-BUDGET_PLACES), rounding=ROUND_HALF_UP)
    if value >= 10 ** (BUDGET_DIGITS - BUDGET_PLACES):
        raise CellError(_("The budget is too large: it is counted in million dong."))
    return value


COLUMNS = [
    Column("Mã số", "code", one_line, required=True),
    Column("Tên nhiệm vụ", "title", one_line, required=True),
    Column("Cấp quản lý", "level", choice_of(TaskLevel.choices, LEVEL_ALIASES), required=True),
    Column("Lĩnh vực", "science_field", one_line),
    Column("Tổ chức chủ trì", "host", one_line),
    Column("Chủ nhiệm", "leader", one_line),
    Column("Mục tiêu", "goals"),
    Column("Nội dung chính", "content"),
    Column("Phương pháp", "method"),
    Column("Kết quả dự kiến", "expected_results"),
    Column("Thời gian bắt đầu", "start_date", task_date(), required=True),
    Column("Thời gian kết thúc", "end_date", task_date(end=True)),
    Column("Kinh phí", "budget", budget),
    Column("Tình trạng", "status", choice_of(TaskStatus.choices, STATUS_ALIASES),
           required=True),
]


class ScienceTaskImporter(SheetImporter):
    name = "nhiem-vu"
    label = gettext_lazy("science and technology tasks")
    columns = COLUMNS
    key = key_field = "code"
    section_model = ScienceTaskIndexPage
    item_model = ScienceTaskPage

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field_ids = {}

    def check_rows(self, rows, problems):
        terms = list(Term.objects.filter(vocabulary=FIELD_VOCABULARY)
                     .values_list("pk", "name", "slug"))
        for pk, name, slug in terms:
            self.field_ids[fold(name)] = self.field_ids[slug] = pk
        known = ", ".join(name for _pk, name, _slug in terms)
        existing = self.existing([row["code"] for row in rows])
        reported = {(problem.line, problem.column) for problem in problems}
        for row in rows:
            found = []
            name = row["science_field"]
            if name and fold(name) not in self.field_ids:
                found.append(("science_field", _("“%(value)s” is not one of the fields: "
                                                 "%(choices)s.") % {"value": name[:50],
                                                                    "choices": known}))
            found += self.model_errors(row, existing.get(row["code"]))
            for name, message in found:
                column = next((c.header for c in self.columns if c.name == name), "")
                if (row.line, column) not in reported:
                    reported.add((row.line, column))
                    problems.append(Problem(row.line, column, message))

    def model_errors(self, row, page):
        """[(field name, message)] the task would get from the model's checks once `row` is
        written (over the task's current values when it exists)."""
        task = ScienceTaskPage()
        if page is not None:
            for name in CHECKED_FIELDS | {"acceptance_date"}:
                setattr(task, name, getattr(page, name))
        self.fill(task, row)
        errors = {}
        try:
            task.clean_fields(exclude=[field.name for field in ScienceTaskPage._meta.fields
                                       if field.name not in CHECKED_FIELDS])
        except ValidationError as error:
            errors = error.message_dict
        for name, message in task.task_errors().items():
            errors.setdefault(name, [message])
        return [(name, " ".join(str(message) for message in messages))
                for name, messages in errors.items()]

    def fill(self, page, row):
        for name, value in row.values.items():
            if name == "science_field":
                page.science_field_id = self.field_ids.get(fold(value)) if value else None
            else:
                setattr(page, name, "" if value is None and name not in (
                    "start_date", "end_date", "budget") else value)


SHEET_IMPORTERS = [ScienceTaskImporter]
