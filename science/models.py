"""Nhiệm vụ KH&CN: the science and technology tasks the agency manages, published as Thông tư
14/2014/TT-BKHCN Điều 23 asks (host, leader, goals, content, field, method, expected results,
dates), with their results once accepted (nghiệm thu)."""

from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from core.forms import VietnamesePageForm
from pages.filters import ALL, SectionFilterForm, TermChoiceField, YearChoiceField
from pages.forms import KeyedItemCopyForm, KeyedSectionCopyForm
from pages.models import (AttachmentBase, BasePage, SectionIndexPage, Term, attached,
                          local_datetime)
from search.facets import Facet

FIELD_VOCABULARY = "science.field"
# the fields of science and technology of the Vietnamese classification (after the OECD's
# Frascati fields), the values of `ScienceTaskPage.field`: a fixed list (made again after every
# migrate), with no admin list where an editor could rename one
STANDARD_FIELDS = ["Khoa học tự nhiên", "Khoa học kỹ thuật và công nghệ", "Khoa học y dược",
                   "Khoa học nông nghiệp", "Khoa học xã hội", "Khoa học nhân văn"]
BUDGET_DIGITS, BUDGET_PLACES = 12, 3  # up to 999.999.999,999 million dong, to the thousand dong
EARLIEST_YEAR, LATEST_YEAR = 1945, 2100


def ensure_fields():
    """The standard fields of science exist as terms (idempotent; after every migrate)."""
    for name in STANDARD_FIELDS:
        Term.get_or_create_named(FIELD_VOCABULARY, name)


class TaskLevel(models.TextChoices):
    """Cấp quản lý: who manages and funds the task."""

    NATIONAL = "quoc-gia", _("National")
    PROVINCIAL = "tinh", _("Provincial")
    GRASSROOTS = "co-so", _("Grassroots")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "chua-trien-khai", _("Not started yet")
    UNDER_WAY = "dang-thuc-hien", _("Under way")
    SUSPENDED = "tam-dung", _("Suspended")
    AWAITING_ACCEPTANCE = "cho-nghiem-thu", _("Awaiting acceptance")
    ACCEPTED = "da-nghiem-thu", _("Accepted")
    TERMINATED = "cham-dut", _("Cancelled or terminated")


STATUS_CLASSES = {TaskStatus.UNDER_WAY: "status-active", TaskStatus.ACCEPTED: "status-active",
                  TaskStatus.TERMINATED: "status-expired"}  # the others: status-pending


class TaskRating(models.TextChoices):
    """Xếp loại at acceptance."""

    EXCELLENT = "xuat-sac", _("Excellent")
    GOOD = "kha", _("Good")
    PASSED = "dat", _("Passed")
    FAILED = "khong-dat", _("Not passed")


def format_budget(amount):
    """"1.250,5 triệu đồng": a number of million dong written the Vietnamese way (dots group
    thousands, a comma before the decimals, no trailing zeros)."""
    if amount is None:
        return ""
    amount = Decimal(amount).quantize(Decimal(1).scaleb(-BUDGET_PLACES)).normalize()
    whole, _point, fraction = f"{abs(amount):f}".partition(".")
    number = ("-" if amount < 0 else "") + f"{int(whole):,}".replace(",", ".")
    if fraction:
        number = f"{number},{fraction}"
    return _("%(amount)s million dong") % {"amount": number}


def year_span(first, last):
    """The years from `first` to `last` (dates), newest first, kept within sensible bounds."""
    if first is None or last is None:
        return []
    return list(range(min(last.year, LATEST_YEAR), max(first.year, EARLIEST_YEAR) - 1, -1))


def years_of(queryset):
    """Every year some task of `queryset` runs in (a task without an end date runs until this
    year), newest first, read with one query whatever the number of tasks."""
    found = queryset.order_by().aggregate(first=Min("start_date"), last_start=Max("start_date"),
                                          last_end=Max("end_date"),
                                          open=Count("pk", filter=Q(end_date__isnull=True)))
    ends = [found["last_start"], found["last_end"]]
    if found["open"]:
        ends.append(timezone.localdate())
    return year_span(found["first"], max((end for end in ends if end), default=None))


class TaskYearField(YearChoiceField):
    """A year some task of the section runs in (`years_of`)."""

    def __init__(self, **kwargs):
        super().__init__(None, **kwargs)

    def setup(self, form):
        years = years_of(form.section.items()) if form.section is not None else []
        self.choices = [ALL] + [(str(year), str(year)) for year in years]


class ScienceTaskFilterForm(SectionFilterForm):
    cap = forms.ChoiceField(label=_("Management level"), required=False,
                            choices=[ALL, *TaskLevel.choices])
    linh_vuc = TermChoiceField(FIELD_VOCABULARY, label=_("Field of science"))
    tinh_trang = forms.ChoiceField(label=_("Task status"), required=False,
                                   choices=[ALL, *TaskStatus.choices])
    nam = TaskYearField(label=_("Year"))
    lookups = {"cap": "level", "linh_vuc": "science_field_id", "tinh_trang": "status"}

    def filter_nam(self, queryset, year):
        """The tasks running at some time in `year`."""
        return queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=date(year, 1, 1)),
                               start_date__lte=date(year, 12, 31))


class ScienceTaskForm(VietnamesePageForm):
    """The admin form: an accepted task needs the date of its acceptance. (Sheets carry no such
    date, so imported tasks may lack it until an editor next saves them.)"""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("status") == TaskStatus.ACCEPTED and \
                not cleaned_data.get("acceptance_date"):
            self.add_error("acceptance_date", _("An accepted task needs its acceptance date."))
        return cleaned_data


class ScienceTaskIndexPage(SectionIndexPage):
    """The list of the agency's science and technology tasks (/nhiem-vu-khcn/)."""

    item_model = "science.ScienceTaskPage"
    filter_form_class = ScienceTaskFilterForm
    list_template = "science/includes/task_list.html"
    empty_message = _("No science and technology task has been published yet.")
    parent_page_types = ["news.HomePage"]
    subpage_types = ["science.ScienceTaskPage"]
    copy_form_class = KeyedSectionCopyForm
    template = "pages/section_index_page.html"  # Wagtail names a template per class otherwise

    class Meta:
        verbose_name = _("list of science and technology tasks")
        verbose_name_plural = _("lists of science and technology tasks")


class ScienceTaskPage(BasePage):
    """One science and technology task: what Thông tư 14/2014/TT-BKHCN Điều 23 asks to publish,
    and after acceptance its rating, results and report files."""

    code = models.CharField(
        _("code"), max_length=50, unique=True, help_text=_("E.g. HG.2025.07; one task per code."),
        error_messages={"unique": _("Another task already has this code.")})
    level = models.CharField(_("management level"), max_length=20, choices=TaskLevel.choices,
                             default=TaskLevel.PROVINCIAL, db_index=True)
    science_field = models.ForeignKey(Term, null=True, blank=True, on_delete=models.SET_NULL,
                              limit_choices_to={"vocabulary": FIELD_VOCABULARY},
                              related_name="+", verbose_name=_("field"))
    host = models.CharField(_("host organisation"), max_length=255, blank=True)
    leader = models.CharField(_("task leader"), max_length=255, blank=True)
    goals = models.TextField(_("goals"), blank=True)
    content = models.TextField(_("main content"), blank=True)
    method = models.TextField(_("method"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (million dong)"), max_digits=BUDGET_DIGITS, decimal_places=BUDGET_PLACES,
        null=True, blank=True, help_text=_("In million dong, e.g. 1250.5"),
        validators=[MinValueValidator(0, _("The budget cannot be negative."))])
    status = models.CharField(_("task status"), max_length=20, choices=TaskStatus.choices,
                              default=TaskStatus.UNDER_WAY, db_index=True)
    acceptance_date = models.DateField(_("acceptance date"), null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=20, choices=TaskRating.choices,
                              blank=True)
    results_summary = models.TextField(_("results summary"), blank=True)

    summary_fields = ("goals", "content")
    listing_order = ("-start_date", "code", "pk")
    listing_related = ("science_field",)
    base_form_class = ScienceTaskForm
    copy_form_class = KeyedItemCopyForm

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("code"), FieldPanel("level"),
                       FieldPanel("science_field", widget=forms.Select)]),
        FieldRowPanel([FieldPanel("host"), FieldPanel("leader")]),
        MultiFieldPanel([FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                         FieldRowPanel([FieldPanel("budget"), FieldPanel("status")])],
                        heading=_("Duration, budget and status")),
        MultiFieldPanel([FieldPanel("goals"), FieldPanel("content"), FieldPanel("method"),
                         FieldPanel("expected_results")], heading=_("Description")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("acceptance_date"), FieldPanel("rating")]),
                         FieldPanel("results_summary"),
                         InlinePanel("attachments", label=_("Result files"))],
                        heading=_("Acceptance and results"), help_text=_(
                            "Shown once the status is “Accepted”.")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("code", boost=5), index.AutocompleteField("code"),
        index.SearchField("host"), index.SearchField("leader"), index.SearchField("goals"),
        index.SearchField("content"), index.FilterField("level"), index.FilterField("status"),
        index.FilterField("start_date"),
    ]
    parent_page_types = ["science.ScienceTaskIndexPage"]
    subpage_types = []

    search_kind = "nhiem-vu"
    search_facets = [
        Facet("cap", _("Management level"), TaskLevel.choices),
        Facet("linh_vuc", _("Field of science"), lambda: _field_choices()),
        Facet("tinh_trang", _("Task status"), TaskStatus.choices),
        Facet("nam", _("Year"), lambda: _year_choices()),
    ]

    class Meta:
        verbose_name = _("science and technology task")
        verbose_name_plural = _("science and technology tasks")

    # what lists, feeds and the page show

    @property
    def listing_date(self):
        return self.start_date

    @property
    def is_accepted(self):
        return self.status == TaskStatus.ACCEPTED

    def shows_files(self):
        """The result files are public once the task is accepted, as the page shows them
        (downloads.selectors)."""
        return self.is_accepted

    @property
    def status_class(self):
        return STATUS_CLASSES.get(self.status, "status-pending")

    @property
    def budget_display(self):
        return format_budget(self.budget)

    def status_badge(self):
        return format_html('<span class="status {}">{}</span>', self.status_class,
                           self.get_status_display())

    def facts(self):
        """[(label, value)] of the detail page's facts."""
        dates = _day(self.start_date)
        if self.end_date:
            dates = f"{dates} – {_day(self.end_date)}"
        return [(_("Task code"), self.code), (_("Management level"), self.get_level_display()),
                (_("Field of science"), self.science_field.name if self.science_field else ""),
                (_("Host organisation"), self.host), (_("Task leader"), self.leader),
                (_("Duration"), dates), (_("Budget"), self.budget_display),
                (_("Task status"), self.status_badge())]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["result_files"] = (list(self.attachments.select_related("document"))
                                   if self.is_accepted else [])
        return context

    def result_facts(self):
        return [(_("Acceptance date"), _day(self.acceptance_date)),
                (_("Rating"), self.get_rating_display())]

    def years_run(self):
        """The years the task runs in (up to this year when it has no end date)."""
        if self.start_date is None:
            return []
        end = self.end_date or max(timezone.localdate(), self.start_date)
        return sorted(year_span(self.start_date, end))

    # validation

    def task_errors(self):
        """{field name: message} of the rules between fields (also checked on import)."""
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.start_date and self.acceptance_date and self.acceptance_date < self.start_date:
            errors["acceptance_date"] = _("The acceptance date cannot be before the start "
                                          "date.")
        for name in ("start_date", "end_date", "acceptance_date"):
            value = getattr(self, name)
            if value and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
                errors[name] = _("The year must be between %(first)d and %(last)d.") % {
                    "first": EARLIEST_YEAR, "last": LATEST_YEAR}
        return errors

    def clean(self):
        super().clean()
        errors = self.task_errors()
        if self.code:
            self.code = " ".join(self.code.split())
            same = ScienceTaskPage.objects.filter(code__iexact=self.code).exclude(pk=self.pk)
            if same.exists():
                errors["code"] = _("Another task already has this code.")
        if errors:
            raise ValidationError(errors)

    # search

    def search_content(self):
        """What the public search indexes (see search.services and search.facets); the results
        and their files only once the task is accepted, as the page shows them."""
        field = self.science_field
        texts = [self.code, self.host, self.leader, field.name if field else "", self.goals,
                 self.content, self.method, self.expected_results]
        files = []
        if self.is_accepted:
            texts.append(self.results_summary)
            files = [item.document for item in attached(self)]
        return {
            "kind": _("Science and technology task"), "title": self.title,
            "summary": self.goals, "body": "\n".join(filter(None, texts)),
            "date": local_datetime(self.start_date),
            "facets": {"cap": self.level, "linh_vuc": field.slug if field else None,
                       "tinh_trang": self.status, "nam": [str(y) for y in self.years_run()]},
            "identifiers": [self.code], "attachments": files,
        }


def _day(value):
    return value.strftime("%d/%m/%Y") if value else ""


def _field_choices():
    return list(Term.objects.filter(vocabulary=FIELD_VOCABULARY).values_list("slug", "name"))


def _year_choices():
    return [(str(year), str(year)) for year in years_of(ScienceTaskPage.objects.live())]


class ScienceTaskAttachment(AttachmentBase):
    """A file of a task's results: the final report, the acceptance record."""

    page = ParentalKey(ScienceTaskPage, related_name="attachments", on_delete=models.CASCADE)

    class Meta(AttachmentBase.Meta):
        verbose_name = _("result file")
        verbose_name_plural = _("result files")
