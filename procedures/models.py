"""Thủ tục hành chính: the administrative procedures the agency handles, each with its code in
the national database, its steps, dossier, time limit and fees, the legal documents it rests
on (linked to the portal's văn bản when they are published here), its forms, and the address
where it is submitted online."""

import re

from django import forms
from django.apps import apps
from django.core.validators import URLValidator
from django.db import models
from django.template.defaultfilters import linebreaksbr
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel,
                                  PageChooserPanel)
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.sanitize import safe_url
from core.vietnamese import fold
from pages.forms import KeyedItemCopyForm, KeyedSectionCopyForm
from pages.filters import ALL, SectionFilterForm, TermChoiceField
from pages.models import AttachmentBase, BasePage, SectionIndexPage, Term, attached
from search.facets import Facet

FIELD_VOCABULARY = "procedures.field"
AGENCY_VOCABULARY = "procedures.agency"
LEGAL_DOCUMENT_MODEL = "legal.LegalDocumentPage"
# the submission link leads to a public-service portal: a web address, nothing else
validate_online_url = URLValidator(schemes=["http", "https"],
                                   message=_("Enter a web address starting with http:// or "
                                             "https://."))


class WebAddressField(models.URLField):
    """A web address (http or https only: no ftp:, no javascript:), refused with the same
    message by the admin form and by the model."""

    default_validators = [validate_online_url]

    def formfield(self, **kwargs):
        return super().formfield(**{"error_messages": {"invalid": validate_online_url.message},
                                    **kwargs})


class Level(models.TextChoices):
    """Cấp thực hiện: the level of government that handles the procedure."""

    CENTRAL = "trung-uong", _("Central level")
    PROVINCIAL = "tinh", _("Provincial level")
    DISTRICT = "huyen", _("District level")
    COMMUNE = "xa", _("Commune level")


class OnlineLevel(models.TextChoices):
    """Mức độ dịch vụ công trực tuyến (Nghị định 42/2022/NĐ-CP): the whole procedure online, or
    only part of it; none when it is not offered online."""

    FULL = "toan-trinh", _("Fully online")
    PARTIAL = "mot-phan", _("Partly online")


NOT_ONLINE = "khong"  # the filter's value for procedures not offered online
# the words of this app's templates, kept here so that they are translated in this app's
# catalog (a {% translate %} in templates/ would land in the project's)
LABELS = {
    "code": _("Code"),
    "online": _("Online public service"),
    "agency": _("Implementing agency"),
    "in_force": _("In force"),
    "ended": _("No longer in force / abolished"),
    "ended_note": _("This procedure has been abolished or replaced; it is kept here for "
                    "reference."),
    "submit": _("Submit the dossier online"),
    "legal_basis": _("Legal basis"),
    "forms": _("Forms and declarations"),
}


class ProcedureFilterForm(SectionFilterForm):
    linh_vuc = TermChoiceField(FIELD_VOCABULARY, label=pgettext_lazy("procedure", "Field"))
    cap = forms.ChoiceField(label=_("Level"), required=False, choices=[ALL, *Level.choices])
    muc_do = forms.ChoiceField(label=_("Online public service"), required=False, choices=[
        ALL, *OnlineLevel.choices, (NOT_ONLINE, _("Not online"))])
    hieu_luc = forms.ChoiceField(
        label=pgettext_lazy("procedure", "Status"), required=False,
        choices=[ALL, ("con", _("In force")), ("het", _("No longer in force"))])
    lookups = {"linh_vuc": "field_id", "cap": "level"}

    def filter_muc_do(self, queryset, value):
        return queryset.filter(online_level="" if value == NOT_ONLINE else value)

    def filter_hieu_luc(self, queryset, value):
        return queryset.filter(in_force=value == "con")


class ProcedureIndexPage(SectionIndexPage):
    """The list of procedures (/thu-tuc-hanh-chinh/), filtered by field, level, online service
    and status."""

    copy_form_class = KeyedSectionCopyForm

    item_model = "procedures.ProcedurePage"
    filter_form_class = ProcedureFilterForm
    list_template = "procedures/includes/procedure_list.html"
    empty_message = _("No administrative procedure has been published yet.")
    parent_page_types = ["news.HomePage"]
    subpage_types = ["procedures.ProcedurePage"]
    template = "pages/section_index_page.html"  # Wagtail gives each page class its own default

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["labels"] = LABELS
        return context

    class Meta:
        verbose_name = _("administrative procedure list")
        verbose_name_plural = _("administrative procedure lists")


def _term(vocabulary, verbose_name):
    return models.ForeignKey(
        "pages.Term", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        limit_choices_to={"vocabulary": vocabulary}, verbose_name=verbose_name)


def _long_text(verbose_name, help_text=""):
    return models.TextField(verbose_name, blank=True, help_text=help_text)


def _term_choices(vocabulary):
    return lambda: Term.objects.filter(vocabulary=vocabulary).values_list("slug", "name")


class ProcedurePage(BasePage):
    """One administrative procedure. Long texts are plain text shown with their line breaks,
    as agencies keep them in their spreadsheets and as the national database publishes them."""

    copy_form_class = KeyedItemCopyForm

    code = models.CharField(
        _("procedure code"), max_length=50, unique=True,
        help_text=_("The code in the national database of administrative procedures, "
                    "e.g. 1.009876."),
        error_messages={"unique": _("Another procedure already has this code.")})
    field = _term(FIELD_VOCABULARY, _("field"))
    level = models.CharField(_("level of government"), max_length=20, choices=Level.choices,
                             default=Level.PROVINCIAL)
    agency = _term(AGENCY_VOCABULARY, _("implementing agency"))
    applicants = _long_text(_("who may apply"))
    steps = _long_text(_("steps"))
    methods = _long_text(_("how to submit"))
    dossier = _long_text(_("dossier"), _("The papers to submit and the number of copies."))
    processing_time = _long_text(_("time limit"))
    result = _long_text(_("result"))
    fees = _long_text(_("fees and charges"))
    requirements = _long_text(_("requirements and conditions"))
    legal_basis = _long_text(_("legal basis"), _(
        "The documents the procedure rests on, one per line or separated by “;”. Those "
        "published on this portal are linked below."))
    online_level = models.CharField(_("online public service"), max_length=20, blank=True,
                                    choices=OnlineLevel.choices)
    online_url = WebAddressField(
        _("online submission address"), max_length=500, blank=True,
        help_text=_("Where the dossier is submitted online: the national or the provincial "
                    "public-service portal (https://…)."))
    in_force = models.BooleanField(
        _("in force"), default=True, db_index=True,
        help_text=_("Untick when the procedure is abolished or replaced: it stays listed and "
                    "findable, marked as no longer in force."))

    listing_order = ("-in_force", "code", "pk")
    listing_related = ("field", "agency")
    summary_fields = ("summary",)
    parent_page_types = ["procedures.ProcedureIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("code"), FieldPanel("in_force")]),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("field", widget=forms.Select), FieldPanel("level")]),
            FieldPanel("agency", widget=forms.Select),
            FieldPanel("applicants"),
        ], heading=_("Classification")),
        MultiFieldPanel([
            FieldPanel("steps"), FieldPanel("methods"), FieldPanel("dossier"),
            FieldPanel("processing_time"), FieldPanel("result"), FieldPanel("fees"),
            FieldPanel("requirements"),
        ], heading=_("How it is carried out")),
        MultiFieldPanel([FieldPanel("online_level"), FieldPanel("online_url")],
                        heading=_("Online public service")),
        MultiFieldPanel([FieldPanel("legal_basis"),
                         InlinePanel("legal_links", label=_("Legal document on this portal"))],
                        heading=_("Legal basis")),
        InlinePanel("attachments", heading=_("Forms and declarations"),
                    label=pgettext_lazy("procedure", "Form")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("code"),
        index.AutocompleteField("code"),
        index.SearchField("steps"),
        index.SearchField("dossier"),
        index.FilterField("in_force"),
        index.FilterField("level"),
    ]

    search_kind = "thu-tuc"
    search_facets = [
        Facet("linh_vuc", pgettext_lazy("procedure", "Field"), _term_choices(FIELD_VOCABULARY)),
        Facet("cap", _("Level"), Level.choices),
        Facet("muc_do", _("Online public service"),
              [*OnlineLevel.choices, (NOT_ONLINE, _("Not online"))]),
    ]

    class Meta:
        verbose_name = _("administrative procedure")
        verbose_name_plural = _("administrative procedures")

    @property
    def summary(self):
        """One sentence for lists, feeds and the meta description: code, field, level, agency."""
        parts = [gettext("Procedure code %(code)s") % {"code": self.code}]
        if self.field_id:
            parts.append(self.field.name)
        parts.append(self.get_level_display())
        if self.agency_id:
            parts.append(self.agency.name)
        return " · ".join(parts)

    def long_texts(self):
        """[(heading, text)] of the long fields shown as sections of the detail page."""
        return [(_("Steps"), self.steps), (_("How to submit"), self.methods),
                (_("Dossier"), self.dossier), (_("Requirements and conditions"),
                                               self.requirements)]

    def facts(self):
        """[(label, value)] of the short facts, for the detail page's definition list."""
        return [
            (_("Procedure code"), self.code),
            (pgettext_lazy("procedure", "Field"), self.field.name if self.field_id else ""),
            (_("Level of government"), self.get_level_display()),
            (_("Implementing agency"), self.agency.name if self.agency_id else ""),
            (_("Who may apply"), linebreaksbr(self.applicants)),
            (_("Time limit"), linebreaksbr(self.processing_time)),
            (_("Fees and charges"), linebreaksbr(self.fees)),
            (_("Result"), linebreaksbr(self.result)),
            (_("Online public service"), self.get_online_level_display() or _("Not online")),
        ]

    def legal_basis_items(self):
        """[(text, legal document page or None)]: each entry of `legal_basis` (split at “;”
        and line ends), linked to the document of the portal it names; linked documents the
        text does not name follow, under their number and title."""
        documents = linked_documents(self)
        by_number = {number_key(document.number): document for document in documents}
        items, used = [], set()
        for entry in split_legal_basis(self.legal_basis):
            document = find_document(entry, by_number)
            items.append((entry, document))
            if document is not None:
                used.add(document.pk)
        for document in documents:
            if document.pk not in used:
                named = number_key(document.number) in number_key(document.title)
                items.append((document.title if named else f"{document.number} {document.title}",
                              document))
        return items

    def search_content(self):
        """What the public search indexes (see search.services and search.facets)."""
        body = [self.applicants, self.steps, self.methods, self.dossier, self.processing_time,
                self.result, self.fees, self.requirements, self.legal_basis,
                self.agency.name if self.agency_id else ""]
        return {
            "kind": _("Administrative procedure"), "title": self.title, "summary": self.summary,
            "body": "\n".join(filter(None, body)), "date": self.last_published_at,
            "facets": {"linh_vuc": self.field.slug if self.field_id else None,
                       "cap": self.level, "muc_do": self.online_level or NOT_ONLINE},
            "identifiers": [self.code],
            "attachments": [attachment.document for attachment in attached(self)],
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["labels"] = LABELS
        context["online_url"] = safe_url(self.online_url)
        context["legal_basis_items"] = self.legal_basis_items()
        context["attachments"] = self.attachments.select_related("document")
        return context

    def structured_data(self, request, meta):
        return [self.government_service(request), *super().structured_data(request, meta)]

    def government_service(self, request):
        """The schema.org GovernmentService describing the procedure (JSON-LD)."""
        from core.models import SiteSettings

        settings = SiteSettings.for_request(request)
        provider = self.agency.name if self.agency_id else settings.agency_name
        data = {
            "@context": "https://schema.org", "@type": "GovernmentService",
            "name": self.title, "identifier": self.code, "url": request.build_absolute_uri(self.get_url(request)) if request else self.get_full_url(),
            "provider": {"@type": "GovernmentOrganization", "name": provider},
            "areaServed": {"@type": "AdministrativeArea",
                           "name": area_served(settings.governing_body)},
        }
        if self.field_id:
            data["serviceType"] = self.field.name
        if self.meta_description:
            data["description"] = self.meta_description
        online_url = safe_url(self.online_url)
        if online_url and self.in_force:
            data["availableChannel"] = {"@type": "ServiceChannel", "serviceUrl": online_url,
                                        "name": str(LABELS["submit"])}
        return data


class LegalDocumentChooserPanel(PageChooserPanel):
    """A page chooser that offers legal documents only (any page while the legal app has no
    document model, so that this app works on its own)."""

    def get_form_options(self):
        self.page_type = LEGAL_DOCUMENT_MODEL if legal_document_model() else "wagtailcore.Page"
        return super().get_form_options()


class ProcedureLegalLink(Orderable):
    """A legal document of the portal (legal.LegalDocumentPage) the procedure rests on. It
    points at the page tree so that this app's tables do not depend on the legal app's."""

    page = ParentalKey(ProcedurePage, related_name="legal_links", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("legal document"),
        limit_choices_to={"content_type__app_label": "legal",
                          "content_type__model": "legaldocumentpage"})

    panels = [LegalDocumentChooserPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("linked legal document")
        verbose_name_plural = _("linked legal documents")


class ProcedureFormFile(AttachmentBase):
    """A form (mẫu đơn, tờ khai) to fill in for the procedure."""

    page = ParentalKey(ProcedurePage, related_name="attachments", on_delete=models.CASCADE)

    class Meta(AttachmentBase.Meta):
        verbose_name = _("form")
        verbose_name_plural = _("forms")


# --- legal basis: finding the portal's documents by their number ----------------------------

_NUMBER = re.compile(r"[0-9][0-9a-z.]*(?:/[0-9a-z]+(?:-[0-9a-z]+)*)+")


def number_key(number):
    """A document number as compared: folded, without spaces ("08/2014/NĐ-CP" → "08/2014/nd-cp")."""
    return "".join(fold(number or "").split())


def split_legal_basis(text):
    """The entries of a legal basis typed as text: separated by “;” or line ends."""
    return [entry.strip(" \t-+•.") for entry in re.split(r"[;\n]", text or "")
            if entry.strip(" \t-+•.")]


def find_document(entry, by_number):
    """The document of `by_number` ({number_key: document}) that `entry` names: the entry is
    its number, or holds it ("Nghị định số 08/2014/NĐ-CP ngày…")."""
    key = number_key(entry)
    if key in by_number:
        return by_number[key]
    for candidate in _NUMBER.findall(fold(entry)):
        if candidate in by_number:
            return by_number[candidate]
    return None


def legal_document_model():
    """legal.LegalDocumentPage, or None while the legal app has no such model."""
    try:
        return apps.get_model(LEGAL_DOCUMENT_MODEL)
    except LookupError:
        return None


def linked_documents(page):
    """The live, public legal documents `page` links to, as LegalDocumentPage objects, in
    order (a document behind a password or a sign-in is not shown to everyone)."""
    from core.listing import public

    model = legal_document_model()
    ids = [link.document_id for link in page.legal_links.all()]
    if model is None or not ids:
        return []
    found = public(model.objects.live()).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def documents_by_number():
    """{number_key: document id} of every legal document of the portal (for the importer and
    the demo)."""
    model = legal_document_model()
    if model is None:
        return {}
    return {number_key(number): pk for pk, number in model.objects.values_list("pk", "number")
            if number}


# --- structured data -------------------------------------------------------------------------

def area_served(governing_body):
    """The province the agency serves, read from its governing body ("Ủy ban nhân dân tỉnh Hậu
    Giang" → "Hậu Giang"); the body itself when it reads otherwise."""
    match = re.match(r"^(?:ủy|uỷ) ban nhân dân (?:tỉnh|thành phố) (.+)$",
                     (governing_body or "").strip(), re.IGNORECASE)
    return match.group(1) if match else (governing_body or "")
