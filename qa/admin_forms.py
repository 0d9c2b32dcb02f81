"""The admin's form of a question in the queue: what staff may change (field, unit, expert)
and the one thing they do with it on saving (assign, draft the answer, decline, merge)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import OPEN_STATUSES, Question, QuestionStatus


class QuestionAdminForm(WagtailAdminModelForm):
    ASSIGN, ANSWER, DECLINE, MERGE = "assign", "answer", "decline", "merge"
    action = forms.ChoiceField(
        label=_("On saving"), initial=ASSIGN, widget=forms.RadioSelect,
        choices=[(ASSIGN, _("Save the field and assignment")),
                 (ANSWER, _("Draft the answer (opens the answer page, which goes for approval)")),
                 (DECLINE, _("Decline the question, with the reason below")),
                 (MERGE, _("Merge into the question whose code is given below"))])
    merge_code = forms.CharField(label=_("Code of the question it duplicates"), required=False,
                                 max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "expert" in self.fields:  # the staff who handle questions, not every account
            from django.contrib.auth import get_user_model

            from .services import HANDLER_GROUP

            self.fields["expert"].queryset = get_user_model().objects.filter(
                is_active=True, groups__name=HANDLER_GROUP).order_by("first_name", "username")

    @staticmethod
    def _answer_is_live(question):
        page = question.answer_page
        return page is not None and page.live

    def clean(self):
        cleaned_data = super().clean()
        action = cleaned_data.get("action")
        status = self.instance.status
        # a published question may still be merged into another: its page then redirects
        mergeable = (*OPEN_STATUSES, QuestionStatus.PUBLISHED)
        if (action in (self.DECLINE, self.ANSWER) and status not in OPEN_STATUSES
                or action == self.MERGE and status not in mergeable):
            self.add_error("action", _("This question is closed (%(status)s).")
                           % {"status": self.instance.get_status_display()})
        if action == self.DECLINE and not (cleaned_data.get("decline_reason") or "").strip():
            self.add_error("decline_reason", _("Give the reason the asker will read."))
        if action == self.MERGE:
            code = (cleaned_data.get("merge_code") or "").strip().upper()
            kept = Question.objects.filter(code=code).first()
            if kept is None:
                self.add_error("merge_code", _("No question has this code."))
            elif kept.final.pk == self.instance.pk:
                self.add_error("merge_code", _("A question cannot be merged into itself."))
            elif kept.final.status == QuestionStatus.DECLINED:
                self.add_error("merge_code", _("That question was declined."))
            elif self._answer_is_live(self.instance) and not self._answer_is_live(kept.final):
                # the public answer would go and nothing take its place
                self.add_error("merge_code", _(
                    "This question's answer is published and that one's is not: merge that "
                    "question into this one instead."))
            else:
                cleaned_data["kept"] = kept
        return cleaned_data
