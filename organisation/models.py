"""Giới thiệu: the agency's functions and duties, its units (phòng, chi cục, trung tâm) and its
people, as Nghị định 42/2022/NĐ-CP Điều 4 asks a state portal to publish them.

A person's time in a position is its own record, an `Appointment` with a start and an end (as
Plone's Persona/Incarico and GOV.UK's role_appointment keep them): former leaders stay on
record and one person may hold two roles at once. A unit that was merged, renamed or dissolved
keeps its page, which says where its work went (`successor`)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel,
                                  PageChooserPanel)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import BodyBlock
from core.fields import SafeRichTextField
from pages.models import BasePage, TextPage

SEARCH_KIND = "to-chuc"


class UnitKind(models.TextChoices):
    LEADERSHIP = "lanh-dao", _("Leadership")
    OFFICE = "van-phong", _("Office")
    INSPECTORATE = "thanh-tra", _("Inspectorate")
    DEPARTMENT = "phong", _("Department")
    SUB_DEPARTMENT = "chi-cuc", _("Sub-department")
    CENTRE = "trung-tam", _("Centre")
    AGENCY = "co-quan", _("Agency")
    OTHER = "khac", _("Other unit")


class UnitStatus(models.TextChoices):
    ACTIVE = "hoat-dong", _("Active")
    MERGED = "hop-nhat", _("Merged into another unit")
    RENAMED = "doi-ten", _("Renamed")
    DISSOLVED = "giai-the", _("Dissolved")


def today():
    return timezone.localdate()


def _text(rich):
    from django.utils.html import strip_tags

    return " ".join(strip_tags(rich or "").split())


class OrganisationPage(TextPage):
    """The agency (/gioi-thieu/): its functions and duties, its leadership and the organisation
    chart made from the units below it."""

    agency_name = models.CharField(
        _("name of the agency"), max_length=255, blank=True,
        help_text=_("How pages of former units name the agency when their work went to it. "
                    "Left empty, the page's title."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("functions and duties"))
    search_kind_text = _("Organisation")
    # editorial gives the organisation its own writer, editor and approver groups
    has_editor_groups = True

    content_panels = Page.content_panels + [FieldPanel("agency_name"), FieldPanel("intro"),
                                            FieldPanel("body")]
    subpage_types = ["organisation.UnitPage", "organisation.PersonPage"]
    search_kind = SEARCH_KIND
    search_kind_label = _("Organisation and people")

    class Meta:
        verbose_name = _("organisation page")
        verbose_name_plural = _("organisation pages")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.organisation_overview(self))
        return context


class UnitPage(BasePage):
    """A unit of the agency (a phòng, a chi cục, a centre…), or a former one: its status says
    whether it still works, and where its work went if not."""

    kind = models.CharField(_("kind of unit"), max_length=20, choices=UnitKind.choices,
                            default=UnitKind.DEPARTMENT)
    functions = SafeRichTextField(_("functions and duties"), blank=True,
                                  features=["bold", "italic", "ol", "ul", "link"])
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=UnitStatus.choices,
                              default=UnitStatus.ACTIVE)
    status_date = models.DateField(_("date of the change"), null=True, blank=True,
                                   help_text=_("When the unit was merged, renamed or "
                                               "dissolved."))
    successor = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("successor"),
        help_text=_("The unit (or the agency) its work went to, or its new name."))
    summary_fields = ("functions",)

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("functions"),
        MultiFieldPanel([FieldPanel("address"),
                         FieldRowPanel([FieldPanel("phone"), FieldPanel("email")])],
                        heading=_("Contacts")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("status"), FieldPanel("status_date")]),
                         PageChooserPanel("successor", ["organisation.UnitPage",
                                                        "organisation.OrganisationPage"])],
                        heading=_("Status of the unit")),
    ]
    search_fields = Page.search_fields + [index.SearchField("functions"),
                                          index.FilterField("status")]
    parent_page_types = ["organisation.OrganisationPage", "organisation.UnitPage"]
    subpage_types = ["organisation.UnitPage"]
    search_kind = SEARCH_KIND

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    @property
    def is_active(self):
        return self.status == UnitStatus.ACTIVE

    @property
    def successor_name(self):
        """The successor's name: a unit's title, or the agency's name when the work went to
        the agency itself (read once per page: the organisation page sets it for its chart)."""
        if not self.successor_id:
            return ""
        if not hasattr(self, "_successor_name"):
            successor = self.successor.specific
            self._successor_name = getattr(successor, "agency_name", "") or successor.title
        return self._successor_name

    def facts(self):
        """[(label, value)] of the page's facts (contacts as tel: and mailto: links)."""
        from django.utils.html import format_html

        from .templatetags.organisation_tags import tel_href

        phone = format_html('<a href="{}">{}</a>', tel_href(self.phone), self.phone) \
            if self.phone else ""
        email = format_html('<a href="mailto:{}">{}</a>', self.email, self.email) \
            if self.email else ""
        return [(_("Kind of unit"), self.get_kind_display()), (_("Address"), self.address),
                (_("Telephone"), phone), (_("E-mail"), email)]

    def clean(self):
        super().clean()
        errors = {}
        if self.status in (UnitStatus.MERGED, UnitStatus.RENAMED) and not self.successor_id:
            errors["successor"] = _("A merged or renamed unit needs its successor.")
        if self.successor_id and self.pk and self.successor_id == self.pk:
            errors["successor"] = _("A unit cannot be its own successor.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.unit_details(self))
        return context

    def search_content(self):
        texts = [self.get_kind_display(), _text(self.functions), self.address, self.phone,
                 self.email]
        return {"kind": _("Unit"), "title": self.title, "summary": _text(self.functions)[:300],
                "body": "\n".join(filter(None, map(str, texts))),
                "date": self.last_published_at}


class PersonPage(BasePage):
    """A person of the agency: photo, contacts, a short biography, and their appointments
    (current and past)."""

    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("photo"))
    photo_alt = models.CharField(
        _("photo description"), max_length=255, blank=True,
        help_text=_("What the photo shows, for those who cannot see it. Left empty, the "
                    "person's name is read."))
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    bio = models.TextField(_("short biography"), blank=True)
    summary_fields = ("bio",)

    content_panels = [
        FieldPanel("title", heading=_("full name")),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt")], heading=_("Photo")),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("bio"),
        InlinePanel("appointments", heading=_("Positions"), label=_("position")),
    ]
    search_fields = Page.search_fields + [index.SearchField("bio")]
    parent_page_types = ["organisation.OrganisationPage"]
    subpage_types = []
    search_kind = SEARCH_KIND

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    @property
    def alt_text(self):
        return self.photo_alt or self.title

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.person_details(self))
        return context

    def search_content(self):
        positions = [row.describe() for row in self.appointments.select_related("unit")
                     if row.is_current]
        return {"kind": _("Person"), "title": self.title,
                "summary": "; ".join(positions) or self.bio,
                "body": "\n".join(filter(None, [*positions, self.bio, self.phone, self.email])),
                "date": self.last_published_at}


class Appointment(Orderable):
    """A person's time in a position: Giám đốc of the agency, Trưởng phòng of a unit… An empty
    end date means the person holds it now."""

    person = ParentalKey(PersonPage, on_delete=models.CASCADE, related_name="appointments")
    unit = models.ForeignKey(UnitPage, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="appointments", verbose_name=_("unit"),
                             help_text=_("Left empty: the agency itself."))
    position = models.CharField(pgettext_lazy("appointment", "position"), max_length=255,
                                help_text=_("Giám đốc, Phó Giám đốc, Trưởng phòng…"))
    is_head = models.BooleanField(_("head of the unit"), default=False)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True,
                                help_text=_("Left empty while the person holds the position."))

    panels = [
        FieldRowPanel([FieldPanel("position"), FieldPanel("is_head")]),
        PageChooserPanel("unit", ["organisation.UnitPage"]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = pgettext_lazy("appointment", "position")
        verbose_name_plural = pgettext_lazy("appointment", "positions")

    def __str__(self):
        return self.describe()

    def describe(self):
        """"Trưởng phòng, Phòng Quản lý khoa học" (the unit's name when there is one)."""
        unit = self.unit if self.unit_id else None
        return f"{self.position}, {unit.title}" if unit else self.position

    @property
    def is_current(self):
        now = today()
        return ((self.start_date is None or self.start_date <= now)
                and (self.end_date is None or self.end_date >= now))

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start "
                                                 "date.")})
