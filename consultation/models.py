"""Góp ý dự thảo: the drafts of legal documents the agency publishes for the public's comments
(Nghị định 42/2022/NĐ-CP Điều 4: the draft, its files, the period of comments, then the report
on the comments received and how they were taken into account), and the comments themselves.

A draft's phase (open for comments, not open yet, closed) is never stored: it is worked out
from today's date each time it is shown, filtered on or posted to. Its dates are days, whole
in the local time zone, so a page stored by the page cache (whose keys hold the local day)
never shows yesterday's phase."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BodyBlock, stream_plain_text
from pages.filters import ALL, SectionFilterForm
from pages.models import AttachmentBase, BasePage, SectionIndexPage, attached, local_datetime
from search.facets import Facet


class Phase(models.TextChoices):
    """Where a draft stands in its comment period, on a given day."""

    OPEN = "dang-lay-y-kien", _("Open for comments")
    UPCOMING = "chua-mo", _("Not open for comments yet")
    CLOSED = "het-han", _("Comment period over")


PHASE_CLASSES = {Phase.OPEN: "status-active", Phase.UPCOMING: "status-pending",
                 Phase.CLOSED: "status-expired"}


def phase_filter(phase, today):
    """The Q of the drafts in `phase` on `today`."""
    return {Phase.OPEN: Q(opens_at__lte=today, closes_at__gte=today),
            Phase.UPCOMING: Q(opens_at__gt=today),
            Phase.CLOSED: Q(closes_at__lt=today)}[phase]


def with_phase_rank(queryset, today):
    """`queryset` annotated with `phase_rank`: 0 open, 1 not open yet, 2 closed (on `today`)."""
    return queryset.annotate(phase_rank=Case(
        When(closes_at__lt=today, then=Value(2)), When(opens_at__gt=today, then=Value(1)),
        default=Value(0), output_field=IntegerField()))


def _day(value):
    return value.strftime("%d/%m/%Y") if value else ""


class DraftFilterForm(SectionFilterForm):
    tinh_trang = forms.ChoiceField(label=_("Comment period"), required=False,
                                   choices=[ALL, *Phase.choices])

    def filter_tinh_trang(self, queryset, value):
        """Today's phase, decided in SQL on the dates."""
        return queryset.filter(phase_filter(value, timezone.localdate()))


class DraftIndexPage(SectionIndexPage):
    """The list of drafts put out for comments (/gop-y-du-thao/): those open for comments
    first, then those not open yet, then the closed ones; the latest period first in each."""

    item_model = "consultation.DraftPage"
    filter_form_class = DraftFilterForm
    list_template = "consultation/includes/draft_list.html"
    template = "pages/section_index_page.html"
    empty_message = _("No draft has been published for comments yet.")
    parent_page_types = ["news.HomePage"]
    subpage_types = ["consultation.DraftPage"]

    class Meta:
        verbose_name = _("list of drafts for comments")
        verbose_name_plural = _("lists of drafts for comments")

    def item_months(self):
        """None: the list is ordered by phase first, not newest first by one date, so the kit's
        month paging does not apply (a section holds tens of drafts, not thousands)."""
        return None


class DraftPage(BasePage):
    """One draft put out for comments: what it is about, who drafted it, its text and files,
    the period during which anyone may comment, the approved comments, and once the period is
    over the report on how the comments were taken into account."""

    summary = models.TextField(_("summary"), help_text=_(
        "What the draft is about and what comments are sought, in a few sentences."))
    drafting_unit = models.CharField(_("drafting unit"), max_length=255, help_text=_(
        "The agency or office that drafted the document and receives the comments."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("text of the draft"))
    opens_at = models.DateField(_("comments open on"), db_index=True)
    closes_at = models.DateField(_("comments close on"), db_index=True, help_text=_(
        "The last day comments are received (inclusive)."))
    comment_report = StreamField(
        BodyBlock(), blank=True, verbose_name=_("comments received and how they were taken "
                                                "into account"),
        help_text=_("The summary of the comments received and the drafting unit's answers. "
                    "Shown on the page once filled in."))

    summary_fields = ("summary",)
    listing_order = ("-closes_at", "-pk")  # within a phase (listing_queryset)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("drafting_unit"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
                        heading=_("Comment period")),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("Files of the draft")),
        FieldPanel("comment_report"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"), index.SearchField("drafting_unit"),
        index.SearchField("body"), index.FilterField("closes_at"),
    ]
    parent_page_types = ["consultation.DraftIndexPage"]
    subpage_types = []

    search_kind = "du-thao"
    search_facets = [Facet("nam", _("Year of the comment period"), lambda: _year_choices())]

    class Meta:
        verbose_name = _("draft for comments")
        verbose_name_plural = _("drafts for comments")

    # the list

    @property
    def listing_date(self):
        return self.opens_at

    @classmethod
    def listing_queryset(cls, queryset):
        return with_phase_rank(super().listing_queryset(queryset), timezone.localdate()) \
            .order_by("phase_rank", "-closes_at", "-pk")

    # the period

    def phase(self, today=None):
        today = today or timezone.localdate()
        if self.closes_at and self.closes_at < today:
            return Phase.CLOSED
        if self.opens_at and self.opens_at > today:
            return Phase.UPCOMING
        return Phase.OPEN

    @property
    def accepts_comments(self):
        return self.phase() == Phase.OPEN

    def phase_badge(self):
        phase = self.phase()
        return format_html('<span class="status {}">{}</span>', PHASE_CLASSES[phase],
                           Phase(phase).label)

    @property
    def period_display(self):
        return f"{_day(self.opens_at)} – {_day(self.closes_at)}"

    def facts(self):
        """[(label, value)] of the page's facts."""
        return [(_("Drafting unit"), self.drafting_unit),
                (_("Comment period"), self.period_display),
                (pgettext_lazy("draft", "Status"), self.phase_badge())]

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at < self.opens_at:
            raise ValidationError({"closes_at": _(
                "The comment period cannot close before it opens.")})

    def get_context(self, request, *args, form=None, **kwargs):
        from django.urls import reverse

        from publicforms.views import thanks_value

        from .forms import DraftCommentForm

        context = super().get_context(request, *args, **kwargs)
        phase = self.phase()
        if form is None and phase == Phase.OPEN:
            form = DraftCommentForm()
        context.update(
            phase=phase, is_open=phase == Phase.OPEN, is_upcoming=phase == Phase.UPCOMING,
            form=form,
            comment_action=reverse("consultation_comment", args=[self.pk]),
            comments=list(self.public_comments.filter(status=CommentStatus.APPROVED)
                          .order_by("created_at", "pk")),
            attachments=attached(self),
            thanked="ma" in request.GET and thanks_value(request) == {"gop_y": self.pk})
        return context

    # search

    def search_content(self):
        """What the public search indexes (see search.services and search.facets)."""
        texts = [self.summary, self.drafting_unit, stream_plain_text(self.body),
                 stream_plain_text(self.comment_report)]
        return {
            "kind": _("Draft for comments"), "title": self.title, "summary": self.summary,
            "body": "\n".join(filter(None, texts)), "date": local_datetime(self.opens_at),
            "facets": {"nam": sorted({str(self.opens_at.year), str(self.closes_at.year)})},
            "attachments": [item.document for item in attached(self)],
        }


def _year_choices():
    years = set()
    for field in ("opens_at", "closes_at"):
        years |= {day.year for day in DraftPage.objects.live().order_by()
                  .dates(field, "year")}
    return [(str(year), str(year)) for year in sorted(years, reverse=True)]


class DraftAttachment(AttachmentBase):
    """A file of the draft: the draft text itself, its explanatory statement (tờ trình), the
    form for comments."""

    page = ParentalKey(DraftPage, related_name="attachments", on_delete=models.CASCADE)

    class Meta(AttachmentBase.Meta):
        verbose_name = _("file of the draft")
        verbose_name_plural = _("files of the draft")


class CommentStatus(models.TextChoices):
    PENDING = "cho-duyet", pgettext_lazy("comment", "Awaiting moderation")
    APPROVED = "da-duyet", pgettext_lazy("comment", "Approved")
    REJECTED = "tu-choi", pgettext_lazy("comment", "Rejected")


class DraftComment(models.Model):
    """A comment a visitor sent on a draft (consultation.forms.DraftCommentForm). It shows on
    the draft's page once approved, under the visitor's name (or "Ẩn danh" when they asked, or
    once their data was erased), never with their e-mail. Personal data: see apps.py."""

    page = models.ForeignKey(DraftPage, on_delete=models.CASCADE, related_name="public_comments",
                             verbose_name=_("draft for comments"))
    name = models.CharField(_("full name"), max_length=100)
    email = models.EmailField(_("e-mail"), max_length=254, db_index=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    show_name = models.BooleanField(_("name shown"), default=True)
    content = models.TextField(pgettext_lazy("draft", "comment"))
    consented_at = models.DateTimeField(_("consent given at"))
    status = models.CharField(_("status"), max_length=20, choices=CommentStatus.choices,
                              default=CommentStatus.PENDING, db_index=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("moderated by"))
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)

    exported_fields = ("draft_title", "content", "status")  # publicforms.personal_data

    class Meta:
        verbose_name = _("comment on a draft")
        verbose_name_plural = _("comments on drafts")
        ordering = ["-created_at", "-pk"]
        permissions = [("moderate_draftcomment", _("Can approve or reject comments on drafts"))]

    def __str__(self):
        return _("Comment by %(name)s on “%(draft)s”") % {"name": self.shown_name,
                                                         "draft": self.page.title}

    def excerpt(self):
        """The start of the comment, on one line (the admin's list)."""
        return Truncator(" ".join(self.content.split())).chars(120)

    excerpt.short_description = pgettext_lazy("draft", "comment")

    @property
    def draft_title(self):
        return self.page.title

    @property
    def shown_name(self):
        """What the public page shows as the author: the name, or "Ẩn danh"."""
        return self.name if self.show_name and self.name else _("Anonymous")

    @property
    def shown_organisation(self):
        return self.organisation if self.show_name else ""

    @property
    def is_shown(self):
        return self.status == CommentStatus.APPROVED

    def personal_data_erased(self):
        """Called by publicforms.personal_data before the erased row is saved: a shown comment
        now shows "Ẩn danh", so the stored pages are made again."""
        if self.is_shown:
            from core.page_cache import content_changed

            content_changed()
