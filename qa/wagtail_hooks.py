"""The admin's queue of questions (Hỏi đáp › Câu hỏi): staff with the question permissions
see every question with its asker's contacts, filter by state, field and unit, and act on one
from its edit page (qa.admin_forms). Questions are never added here: they come from the
public form."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import (FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel,
                                  ObjectList)
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.views.generic.models import EditView

from . import services
from .admin_forms import QuestionAdminForm
from .models import Question


class QuestionEditView(EditView):
    def save_instance(self):
        form = self.form
        question = form.save()
        action = form.cleaned_data["action"]
        self.answer_page = None
        if action == form.ANSWER:
            self.answer_page = services.start_answer(question, self.request.user)
        elif action == form.DECLINE:
            services.decline(question, form.cleaned_data["decline_reason"], self.request.user)
        elif action == form.MERGE:
            services.merge(question, form.cleaned_data["kept"])
        else:
            services.assign(question, question.unit, question.expert)
        return question

    def form_valid(self, form):
        if form.cleaned_data.get("action") == form.ANSWER:
            section = services._section()
            if not section.permissions_for_user(self.request.user).can_add_subpage():
                form.add_error("action", _("You may not write pages in the questions and "
                                           "answers section: ask for its editors' group."))
                return self.form_invalid(form)
        return super().form_valid(form)

    def get_success_url(self):
        if getattr(self, "answer_page", None) is not None:
            return reverse("wagtailadmin_pages:edit", args=[self.answer_page.pk])
        return super().get_success_url()


class QuestionViewSet(ModelViewSet):
    model = Question
    icon = "help"
    menu_label = _("Citizens' questions")
    add_to_admin_menu = True
    menu_order = 250
    edit_view_class = QuestionEditView
    copy_view_enabled = False
    search_backend_name = None  # the database's own matching (questions are not indexed)
    list_display = ["title", "code", "field", "status", "unit", "created_at"]
    list_filter = ["status", "field", "unit"]
    search_fields = ["code", "title", "email"]
    ordering = ["-created_at"]
    edit_handler = ObjectList([
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("code", read_only=True),
                           FieldPanel("status", read_only=True),
                           FieldPanel("created_at", read_only=True)]),
            FieldRowPanel([FieldPanel("name", read_only=True), FieldPanel("email", read_only=True)]),
            FieldRowPanel([FieldPanel("phone", read_only=True),
                           FieldPanel("address", read_only=True)]),
            FieldPanel("name_shown", read_only=True),
            FieldPanel("title", read_only=True),
            FieldPanel("body", read_only=True),
            HelpPanel(template="qa/admin/attachment_panel.html", heading=_("Attached file")),
        ], heading=_("The question as sent")),
        MultiFieldPanel([
            FieldPanel("field"),
            FieldRowPanel([FieldPanel("unit"), FieldPanel("expert")]),
        ], heading=_("Field and assignment")),
        MultiFieldPanel([
            FieldPanel("action"),
            FieldPanel("decline_reason"),
            FieldPanel("merge_code"),
        ], heading=_("Action")),
    ], base_form_class=QuestionAdminForm)

question_viewset = QuestionViewSet("cau-hoi")


@hooks.register("register_admin_viewset")
def register_question_viewset():
    return question_viewset


def attachment(request, pk):
    """A question's attached file, for staff who may see questions: sent as a download, never
    shown inline (it may be anything a visitor chose to send)."""
    if not request.user.has_perm("qa.view_question"):
        raise Http404
    question = get_object_or_404(Question, pk=pk)
    if not question.attachment:
        raise Http404
    response = FileResponse(question.attachment.open("rb"), as_attachment=True,
                            filename=question.attachment.name.rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


@hooks.register("register_admin_urls")
def register_attachment_url():
    return [path("hoi-dap/tep/<int:pk>/", attachment, name="qa_question_attachment")]

