"""Văn bản: legal and administrative documents (laws, decrees, decisions, plans…), their files,
the documents they replace or amend, and their status, which follows today's date."""

import re
from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import DateField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.selectors import is_restricted, restricted_paths
from core.vietnamese import fold
from core.forms import VietnamesePageForm
from pages.forms import KeyedItemCopyForm, KeyedSectionCopyForm
from pages.filters import ALL, SectionFilterForm, TermChoiceField, YearChoiceField
from pages.models import (AttachmentBase, BasePage, SectionIndexPage, Term, attached,
                          local_datetime)
from search.facets import Facet

ISSUERS, FIELDS = "legal.issuer", "legal.field"
MAX_TITLE = 255


class DocumentType(models.TextChoices):
    LAW = "luat", pgettext_lazy("document type", "Law")
    DECREE = "nghi-dinh", pgettext_lazy("document type", "Decree")
    CIRCULAR = "thong-tu", pgettext_lazy("document type", "Circular")
    DECISION = "quyet-dinh", pgettext_lazy("document type", "Decision")
    DIRECTIVE = "chi-thi", pgettext_lazy("document type", "Directive")
    PLAN = "ke-hoach", pgettext_lazy("document type", "Plan")
    LETTER = "cong-van", pgettext_lazy("document type", "Official letter")
    NOTICE = "thong-bao", pgettext_lazy("document type", "Notice")
    RESOLUTION = "nghi-quyet", pgettext_lazy("document type", "Resolution")
    GUIDANCE = "huong-dan", pgettext_lazy("document type", "Guidance")
    REPORT = "bao-cao", pgettext_lazy("document type", "Report")
    OTHER = "khac", pgettext_lazy("document type", "Other")


class Status(models.TextChoices):
    IN_FORCE = "con-hieu-luc", pgettext_lazy("legal status", "In force")
    PENDING = "chua-co-hieu-luc", pgettext_lazy("legal status", "Not yet in force")
    EXPIRED = "het-hieu-luc", pgettext_lazy("legal status", "No longer in force")


STATUS_CLASSES = {Status.IN_FORCE: "status-active", Status.PENDING: "status-pending",
                  Status.EXPIRED: "status-expired"}


class RelationKind(models.TextChoices):
    REPLACES = "thay-the", pgettext_lazy("document relation", "replaces")
    AMENDS = "sua-doi-bo-sung", pgettext_lazy("document relation", "amends or supplements")
    GUIDES = "huong-dan", pgettext_lazy("document relation", "guides the implementation of")
    IMPLEMENTS = "trien-khai", pgettext_lazy("document relation", "implements")


# (heading over the documents this one points to, heading over those pointing to it)
RELATION_HEADINGS = {
    RelationKind.REPLACES: (_("This document replaces:"), _("Replaced by:")),
    RelationKind.AMENDS: (_("This document amends or supplements:"),
                          _("Amended or supplemented by:")),
    RelationKind.GUIDES: (_("This document guides the implementation of:"),
                          _("Implementation guided by:")),
    RelationKind.IMPLEMENTS: (_("This document implements:"), _("Implemented by:")),
}


def number_key(number):
    """The form two document numbers are compared in: folded, without spaces
    ("1234/QĐ-UBND" and "1234 / qd-ubnd" are the same number)."""
    return re.sub(r"\s+", "", fold(number or ""))


def document_title(doc_type, number, summary):
    """The display title made from the type, number and summary (trích yếu): "Quyết định
    1234/QĐ-UBND về việc …"; a summary that already starts with the type, as a law's name does,
    gives "Luật Khoa học và Công nghệ số 29/2013/QH13". Cut to a page title's length."""
    with translation.override(settings.LANGUAGE_CODE):
        label = str(DocumentType(doc_type).label)
    summary = " ".join((summary or "").split())
    if fold(summary).startswith(fold(label) + " "):
        title = f"{summary} số {number}"
    else:
        first, _space, rest = summary.partition(" ")
        if first[1:].islower() or len(first) == 1:  # an ordinary word, not "UBND" or a name
            first = first[:1].lower() + first[1:]
        title = " ".join(filter(None, [label, number, first, rest]))
    if len(title) > MAX_TITLE:
        title = title[:MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"
    return title


def replacement_dates():
    """For each document (OuterRef "pk"), the day the earliest live document replacing it
    takes effect."""
    return (LegalDocumentRelation.objects
            .filter(target=OuterRef("pk"), kind=RelationKind.REPLACES, page__live=True)
            .annotate(day=Coalesce("page__effective_from", "page__issued_on"))
            .order_by("day").values("day")[:1])


def with_replacement_dates(queryset):
    """`queryset` with `replaced_on` (see `replacement_dates`) on every document."""
    if "replaced_on" in queryset.query.annotations:
        return queryset
    return queryset.annotate(replaced_on=Subquery(replacement_dates(), output_field=DateField()))


def status_filter(status, today):
    """A Q for the documents of `status` on `today`; the queryset needs `replaced_on`."""
    expired = Q(effective_until__lte=today) | Q(replaced_on__lte=today)
    if status == Status.EXPIRED:
        return expired
    current = ((Q(effective_until__isnull=True) | Q(effective_until__gt=today))
               & (Q(replaced_on__isnull=True) | Q(replaced_on__gt=today)))
    started = Q(effective_from__lte=today) | Q(effective_from__isnull=True, issued_on__lte=today)
    if status == Status.PENDING:
        return current & (Q(effective_from__gt=today)
                          | Q(effective_from__isnull=True, issued_on__gt=today))
    return current & started


def until_next_midnight(response):
    """Cap the freshness a cache may give `response` (max-age, s-maxage) at the next local
    midnight, when a document's status may change; a response with neither is left alone."""
    left = datetime.combine(timezone.localdate() + timedelta(days=1), time.min,
                            tzinfo=timezone.get_current_timezone()) - timezone.localtime()
    seconds = max(int(left.total_seconds()), 0)
    for name in ("max-age", "s-maxage"):
        found = re.search(rf"(?:^|[\s,]){name}=(\d+)", response.get("Cache-Control", ""))
        if found and int(found.group(1)) > seconds:
            patch_cache_control(response, **{name.replace("-", "_"): seconds})
    return response


def term_choices(vocabulary):
    return lambda: list(Term.objects.filter(vocabulary=vocabulary).values_list("slug", "name"))


def year_choices():
    years = LegalDocumentPage.objects.live().order_by().dates("issued_on", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in years]


class LegalDocumentFilterForm(SectionFilterForm):
    loai = forms.TypedChoiceField(label=_("Document type"), required=False,
                                  choices=[ALL, *DocumentType.choices])
    co_quan = TermChoiceField(ISSUERS, label=_("Issuing agency"))
    linh_vuc = TermChoiceField(FIELDS, label=pgettext_lazy("legal document", "Field"))
    nam = YearChoiceField("issued_on", label=_("Year issued"))
    tinh_trang = forms.TypedChoiceField(label=pgettext_lazy("legal document", "Status"),
                                        required=False, choices=[ALL, *Status.choices])
    lookups = {"loai": "doc_type", "co_quan": "issuer_id", "linh_vuc": "field_id",
               "nam": "issued_on__year"}

    def filter_tinh_trang(self, queryset, value):
        """Today's status, decided in SQL on the dates and on replacements."""
        return with_replacement_dates(queryset).filter(status_filter(value,
                                                                     timezone.localdate()))


class LegalDocumentIndexPage(SectionIndexPage):
    """The Văn bản section (/van-ban/): its documents, newest issued first, with filters."""

    copy_form_class = KeyedSectionCopyForm

    item_model = "legal.LegalDocumentPage"
    filter_form_class = LegalDocumentFilterForm
    list_template = "legal/includes/document_list.html"
    template = "pages/section_index_page.html"
    empty_message = _("No document has been published here yet.")
    parent_page_types = ["news.HomePage"]
    subpage_types = ["legal.LegalDocumentPage"]

    def serve(self, request, *args, **kwargs):
        return until_next_midnight(super().serve(request, *args, **kwargs))

    class Meta:
        verbose_name = _("legal documents section")
        verbose_name_plural = _("legal documents sections")


class LegalDocumentForm(VietnamesePageForm):
    """The admin form of a document: a relation to the document itself is refused on its row
    (checked on the submitted rows, so removing such a row always saves)."""

    def is_valid(self):
        valid = super().is_valid()
        formset = self.formsets.get("relations")
        if self.instance.pk and formset is not None:
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None) or {}
                target = data.get("target")
                if target is not None and not data.get("DELETE") and target.pk == self.instance.pk:
                    form.add_error("target", _("A document cannot be related to itself."))
                    valid = False
        return valid


class LegalDocumentPage(BasePage):
    """One document: its number (số ký hiệu), type, issuing agency, signer, dates, field,
    summary (trích yếu), attached files and the documents it replaces, amends, guides or
    implements (shown on both sides).

    Its status (in force, not yet in force, no longer in force) is never stored: it is worked
    out from today's date (`timezone.localdate()`) each time it is shown or filtered on. A
    document takes effect on its effective date (its issue date when none is given) and stops
    on its expiry date or, when a live document replaces it, on the day the replacing document
    takes effect, whichever comes first."""

    copy_form_class = KeyedItemCopyForm
    base_form_class = LegalDocumentForm

    number = models.CharField(_("document number"), max_length=100, db_index=True,
                              help_text=_("Số ký hiệu as printed, e.g. 1234/QĐ-UBND."))
    number_key = models.CharField(max_length=100, db_index=True, editable=False, default="")
    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices,
                                default=DocumentType.DECISION, db_index=True)
    issuer = models.ForeignKey(
        "pages.Term", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        limit_choices_to={"vocabulary": ISSUERS}, verbose_name=_("issuing agency"))
    signer = models.CharField(_("signed by"), max_length=255, blank=True)
    issued_on = models.DateField(_("date issued"), db_index=True)
    effective_from = models.DateField(_("effective date"), null=True, blank=True,
                                      help_text=_("Left empty: effective from the date issued."))
    effective_until = models.DateField(_("expiry date"), null=True, blank=True,
                                       help_text=_("The first day the document is no longer in "
                                                   "force, when it is known."))
    field = models.ForeignKey(
        "pages.Term", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        limit_choices_to={"vocabulary": FIELDS},
        verbose_name=pgettext_lazy("legal document", "field"))
    summary = models.TextField(_("summary (trích yếu)"), help_text=_(
        "What the document is about, e.g. “Về việc ban hành Quy chế …”."))

    summary_fields = ("summary",)
    # the words the templates show, kept here so that they are in this app's catalog
    texts = {"status": pgettext_lazy("legal document", "Status"),
             "summary": pgettext_lazy("legal document", "Summary"),
             "files": _("Document files"), "related": _("Related documents"),
             "number": pgettext_lazy("document number", "No."),
             "issued": pgettext_lazy("legal document", "issued")}
    listing_order = ("-issued_on", "-pk")
    listing_related = ("issuer", "field")

    content_panels = [
        FieldPanel("title", help_text=_(
            "The type, the number and the summary: “Quyết định 1234/QĐ-UBND về việc …”.")),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("number"), FieldPanel("doc_type")]),
            FieldRowPanel([FieldPanel("issuer", widget=forms.Select),
                           FieldPanel("field", widget=forms.Select)]),
            FieldPanel("signer"),
        ], heading=_("Identification")),
        FieldPanel("summary"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("issued_on"), FieldPanel("effective_from"),
                                        FieldPanel("effective_until")])],
                        heading=_("Dates")),
        InlinePanel("attachments", label=_("Attached files")),
        InlinePanel("relations", label=_("Related documents")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("number"),
        index.AutocompleteField("number"),
        index.SearchField("summary"),
        index.SearchField("signer"),
        index.FilterField("doc_type"),
        index.FilterField("issued_on"),
    ]
    parent_page_types = ["legal.LegalDocumentIndexPage"]
    subpage_types = []

    search_kind = "van-ban"
    search_facets = [
        Facet("loai", _("Document type"), DocumentType.choices),
        Facet("co_quan", _("Issuing agency"), term_choices(ISSUERS)),
        Facet("linh_vuc", pgettext_lazy("legal document", "Field"), term_choices(FIELDS)),
        Facet("nam", _("Year issued"), year_choices),
    ]

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")

    # dates and status

    @property
    def listing_date(self):
        return self.issued_on

    def metadata(self, request):
        """Dated on its issue, created by its issuing agency (Dublin Core)."""
        meta = super().metadata(request)
        meta.published = self.issued_on
        if self.issuer_id:
            meta.creator = self.issuer.name
        return meta

    @classmethod
    def listing_queryset(cls, queryset):
        return with_replacement_dates(super().listing_queryset(queryset))

    @property
    def starts_on(self):
        return self.effective_from or self.issued_on

    def replacement_date(self):
        """The day the earliest live document replacing this one takes effect, or None (read
        from the list's annotation when there is one)."""
        if "replaced_on" not in self.__dict__:
            self.replaced_on = None if self.pk is None else (
                LegalDocumentRelation.objects
                .filter(target_id=self.pk, kind=RelationKind.REPLACES, page__live=True)
                .annotate(day=Coalesce("page__effective_from", "page__issued_on"))
                .order_by("day").values_list("day", flat=True).first())
        return self.replaced_on

    def status(self, today=None):
        """The status on `today` (the local date by default)."""
        today = today or timezone.localdate()
        ends = [day for day in (self.effective_until, self.replacement_date()) if day]
        if ends and today >= min(ends):
            return Status.EXPIRED
        if self.starts_on and self.starts_on > today:
            return Status.PENDING
        return Status.IN_FORCE

    def status_badge(self, today=None):
        status = self.status(today)
        return format_html('<span class="status {}">{}</span>', STATUS_CLASSES[status],
                           status.label)

    # validation

    def clean(self):
        super().clean()
        errors = {}
        self.number = " ".join((self.number or "").split())
        self.number_key = number_key(self.number)
        if self.number_key:
            other = (LegalDocumentPage.objects.filter(number_key=self.number_key)
                     .exclude(pk=self.pk).first())
            if other is not None:
                errors["number"] = _("Another document already has the number %(number)s: "
                                     "“%(title)s”.") % {"number": other.number,
                                                        "title": other.title}
        if (self.effective_until and self.effective_from
                and self.effective_until < self.effective_from):
            errors["effective_until"] = _("The expiry date cannot be before the effective "
                                          "date.")
        elif self.effective_until and self.issued_on and self.effective_until < self.issued_on:
            errors["effective_until"] = _("The expiry date cannot be before the date issued.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.number_key = number_key(self.number)
        super().save(*args, **kwargs)

    # the page

    def related_documents(self):
        """[(heading, [document…])…]: the live public documents this one replaces, amends…,
        then those that replace, amend… it. Four queries whatever their number; the documents
        replacing this one also give its replacement date."""
        restricted = restricted_paths()
        outgoing = [(r.kind, r.target_id) for r in self.relations.all()]
        incoming = list(LegalDocumentRelation.objects.filter(target_id=self.pk, page__live=True)
                        .values_list("kind", "page_id"))
        pages = {page.pk: page for page in with_replacement_dates(
            LegalDocumentPage.objects.live().filter(
                pk__in={pk for _kind, pk in outgoing + incoming}).select_related("issuer"))}
        replaced = [pages[pk].starts_on for kind, pk in incoming
                    if kind == RelationKind.REPLACES and pk in pages]
        self.replaced_on = min(replaced) if replaced else None
        shown = {pk for pk, page in pages.items() if not is_restricted(page.path, restricted)}
        groups = []
        for side, relations in ((0, outgoing), (1, incoming)):
            for kind in RelationKind:
                documents = sorted({pages[pk] for k, pk in relations if k == kind and pk in shown},
                                   key=lambda page: (page.issued_on, page.pk))
                if documents:
                    groups.append((RELATION_HEADINGS[kind][side], documents))
        return groups

    def facts(self):
        """(label, value) of the facts shown above the summary."""
        day = "{:%d/%m/%Y}".format
        return [
            (_("Document number"), self.number),
            (_("Document type"), self.get_doc_type_display()),
            (_("Issuing agency"), self.issuer.name if self.issuer else ""),
            (_("Signed by"), self.signer),
            (_("Date issued"), day(self.issued_on) if self.issued_on else ""),
            (_("Effective date"), day(self.effective_from) if self.effective_from else ""),
            (_("Expiry date"), day(self.effective_until) if self.effective_until else ""),
            (pgettext_lazy("legal document", "Field"), self.field.name if self.field else ""),
            (pgettext_lazy("legal document", "Status"), self.status_badge()),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_documents"] = self.related_documents()  # before the status is read
        context["facts"] = self.facts()
        context["attachments"] = self.attachments.select_related("document")
        return context

    def serve(self, request, *args, **kwargs):
        return until_next_midnight(super().serve(request, *args, **kwargs))

    def search_content(self):
        """What the public search indexes (see search.services and search.facets)."""
        attachments = attached(self)
        body = [self.number, self.get_doc_type_display(), self.signer,
                self.issuer.name if self.issuer else "", self.field.name if self.field else "",
                *(attachment.shown_title for attachment in attachments)]
        facets = {"loai": self.doc_type, "nam": str(self.issued_on.year)}
        if self.issuer:
            facets["co_quan"] = self.issuer.slug
        if self.field:
            facets["linh_vuc"] = self.field.slug
        return {"kind": _("Legal document"), "title": self.title, "summary": self.summary,
                "body": "\n".join(filter(None, body)), "date": local_datetime(self.issued_on),
                "facets": facets, "identifiers": [self.number],
                "attachments": [attachment.document for attachment in attachments]}


class LegalDocumentAttachment(AttachmentBase):
    page = ParentalKey(LegalDocumentPage, related_name="attachments", on_delete=models.CASCADE)


class LegalDocumentRelation(Orderable):
    """This document (`page`) replaces, amends, guides or implements `target`."""

    page = ParentalKey(LegalDocumentPage, related_name="relations", on_delete=models.CASCADE)
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices,
                            default=RelationKind.REPLACES)
    target = models.ForeignKey(LegalDocumentPage, on_delete=models.CASCADE,
                               related_name="inbound_relations",
                               verbose_name=pgettext_lazy("document relation", "document"))

    panels = [FieldPanel("kind"), FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("related document")
        verbose_name_plural = _("related documents")
