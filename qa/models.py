"""Hỏi đáp: citizens' and firms' questions (`Question`, private: who asked, how to reach them,
the state of its handling) and the answers published on the site (`QuestionPage`, a page of
the section at /hoi-dap/, approved through the editorial workflow like any other page).

A question is received from the form at /hoi-dap/dat-cau-hoi/, given a tracking code the asker
can look up at /hoi-dap/tra-cuu/ with their e-mail, assigned to a unit or an expert, answered
by a draft page that goes through approval, and published, declined with a reason, or merged
into another question that asks the same."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BodyBlock, stream_plain_text
from pages.filters import SectionFilterForm, TermChoiceField
from pages.models import BasePage, SectionIndexPage, Term, local_datetime
from search.facets import Facet

FIELD_VOCABULARY = "qa.field"
UNIT_VOCABULARY = "qa.unit"
# the fields a question is filed under: editors may add more (pages.Term)
STANDARD_FIELDS = ["Khoa học và công nghệ", "Sở hữu trí tuệ", "Tiêu chuẩn, đo lường, chất lượng",
                   "Chuyển giao, ứng dụng công nghệ", "An toàn bức xạ và hạt nhân",
                   "Thủ tục hành chính", "Khác"]
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"  # no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B: read aloud safely


def new_code():
    return "HD-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class QuestionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    HANDLING = "handling", _("Being handled")
    ANSWERED = "answered", _("Answered, awaiting approval")
    PUBLISHED = "published", _("Answer published")
    DECLINED = "declined", _("Declined")
    MERGED = "merged", _("Merged with another question")


OPEN_STATUSES = (QuestionStatus.RECEIVED, QuestionStatus.HANDLING, QuestionStatus.ANSWERED)


class NameShown(models.TextChoices):
    FULL = "full", _("My full name")
    INITIALS = "initials", _("My initials only")
    NONE = "none", _("No name (anonymous)")


def initials(name):
    return ". ".join(word[0].upper() for word in name.split() if word) + ("." if name.split()
                                                                          else "")


class Question(models.Model):
    """A question as the asker sent it, with what staff did with it. Never shown in public:
    its answer page (`answer_page`) shows the question as staff approved it, and the asker's
    name only as far as they allowed (`shown_name`)."""

    code = models.CharField(_("tracking code"), max_length=20, unique=True, default=new_code,
                            editable=False)
    name = models.CharField(_("full name"), max_length=100)
    email = models.EmailField(_("e-mail"), max_length=254, db_index=True)
    phone = models.CharField(_("telephone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    name_shown = models.CharField(_("name shown with the answer"), max_length=10,
                                  choices=NameShown.choices, default=NameShown.INITIALS)
    field = models.ForeignKey(Term, null=True, blank=True, on_delete=models.SET_NULL,
                              limit_choices_to={"vocabulary": FIELD_VOCABULARY},
                              related_name="+", verbose_name=_("field"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("question"))
    attachment = models.FileField(_("attached file"), upload_to="hoi-dap/%Y/%m/", blank=True,
                                  max_length=200)
    consent_at = models.DateTimeField(_("consent to data processing given at"))
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=QuestionStatus.choices,
                              default=QuestionStatus.RECEIVED, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    unit = models.ForeignKey(Term, null=True, blank=True, on_delete=models.SET_NULL,
                             limit_choices_to={"vocabulary": UNIT_VOCABULARY},
                             related_name="+", verbose_name=_("unit in charge"))
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("expert in charge"))
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="duplicates", verbose_name=_("merged into"))
    answer_page = models.OneToOneField("qa.QuestionPage", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="question",
                                       verbose_name=_("answer page"))
    published_mail_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    exported_fields = ("code", "title", "body", "status", "decline_reason")

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.code} · {self.title}"

    @property
    def shown_name(self):
        """The asker's name as they allowed it to be shown."""
        if self.name_shown == NameShown.FULL and self.name:
            return self.name
        if self.name_shown == NameShown.INITIALS and self.name:
            return initials(self.name)
        return ""

    @property
    def final(self):
        """The question whose answer this one gets: the one it was merged into, if any."""
        seen, question = set(), self
        while question.merged_into_id and question.pk not in seen:
            seen.add(question.pk)
            question = question.merged_into
        return question

    def personal_data_erased(self):
        from .services import erase_public_name

        self.name_shown = NameShown.NONE
        erase_public_name(self)


class QuestionFilterForm(SectionFilterForm):
    linh_vuc = TermChoiceField(FIELD_VOCABULARY, label=pgettext_lazy("question", "Field"))
    lookups = {"linh_vuc": "field_id"}


class QuestionIndexPage(SectionIndexPage):
    """Hỏi đáp (/hoi-dap/): the published answers, the question form (dat-cau-hoi/) and the
    lookup of a question's status (tra-cuu/)."""

    item_model = "qa.QuestionPage"
    filter_form_class = QuestionFilterForm
    list_template = "qa/includes/question_list.html"
    reserved_child_slugs = ("rss", "dat-cau-hoi", "tra-cuu")
    empty_message = _("No answer has been published yet.")
    parent_page_types = ["news.HomePage"]
    subpage_types = ["qa.QuestionPage"]
    template = "qa/question_index_page.html"
    # forms sent to publicforms.views.page_form: {name: method}
    public_forms = {"dat-cau-hoi": "take_question", "tra-cuu": "take_lookup"}

    class Meta:
        verbose_name = _("questions and answers section")
        verbose_name_plural = _("questions and answers sections")

    def form_context(self, request, **extra):
        """The context of the section's own form pages: the page's chrome, not its list."""
        return {**Page.get_context(self, request), **extra}

    @path("dat-cau-hoi/", name="ask")
    def ask(self, request):
        from . import views

        return views.ask(request, self)

    @path("dat-cau-hoi/da-gui/", name="asked")
    def asked(self, request):
        from . import views

        return views.asked(request, self)

    @path("tra-cuu/", name="lookup")
    def lookup(self, request):
        from . import views

        return views.lookup(request, self)

    def take_question(self, request):
        from . import views

        return views.take_question(request, self)

    def take_lookup(self, request):
        from . import views

        return views.take_lookup(request, self)


class QuestionPage(BasePage):
    """A question and its answer as published: the question as staff approved it (no personal
    data), who asked as far as they allowed, the field, the answering unit and the date."""

    question_text = models.TextField(
        _("question as published"),
        help_text=_("The asker's question, without anything that would identify them (phone "
                    "numbers, addresses, e-mails)."))
    asker = models.CharField(_("asked by"), max_length=100, blank=True,
                             help_text=_("As the asker allowed: full name, initials or empty."))
    field = models.ForeignKey(Term, null=True, blank=True, on_delete=models.SET_NULL,
                              limit_choices_to={"vocabulary": FIELD_VOCABULARY},
                              related_name="+", verbose_name=_("field"))
    unit = models.ForeignKey(Term, null=True, blank=True, on_delete=models.SET_NULL,
                             limit_choices_to={"vocabulary": UNIT_VOCABULARY},
                             related_name="+", verbose_name=_("answering unit"))
    answered_on = models.DateField(_("answered on"), default=timezone.localdate, db_index=True)
    answer = StreamField(BodyBlock(), verbose_name=_("answer"))

    summary_fields = ("question_text",)
    listing_order = ("-answered_on", "-pk")
    listing_related = ("field", "unit")

    content_panels = Page.content_panels + [
        FieldPanel("question_text"),
        FieldRowPanel([FieldPanel("asker"), FieldPanel("answered_on")]),
        FieldRowPanel([FieldPanel("field"), FieldPanel("unit")]),
        FieldPanel("answer"),
    ]
    search_fields = Page.search_fields + [index.SearchField("question_text"),
                                          index.SearchField("answer")]
    parent_page_types = ["qa.QuestionIndexPage"]
    subpage_types = []
    template = "qa/question_page.html"

    search_kind = "hoi-dap"
    search_facets = [Facet("linh_vuc", pgettext_lazy("question", "Field"), lambda: _field_choices())]

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")

    @property
    def listing_date(self):
        return self.answered_on

    def search_content(self):
        return {"kind": _("Question and answer"), "title": self.title,
                "summary": self.question_text,
                "body": "\n".join(filter(None, [self.question_text,
                                                stream_plain_text(self.answer),
                                                self.unit.name if self.unit else ""])),
                "date": local_datetime(self.answered_on),
                "facets": {"linh_vuc": self.field.slug if self.field else None}}


def _field_choices():
    return list(Term.objects.filter(vocabulary=FIELD_VOCABULARY).values_list("slug", "name"))
