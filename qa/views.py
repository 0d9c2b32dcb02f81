"""The pages of Hỏi đáp's own forms (routes of QuestionIndexPage; the forms are sent to
publicforms' page_form address, which calls back `QuestionIndexPage.take_question` and
`take_lookup`)."""

from django.shortcuts import redirect
from django.utils.translation import gettext as _

from publicforms.views import form_response, page_form_url, thanks_token, thanks_value

from . import services
from .forms import LookupForm, QuestionForm
from .models import Question


def ask(request, section, form=None):
    form = form or QuestionForm()
    return form_response(request, "qa/ask.html", section.form_context(
        request, form=form, action=page_form_url(section, "dat-cau-hoi"),
        lookup_url=section.url + section.reverse_subpage("lookup")), form)


def take_question(request, section):
    form = QuestionForm(request.POST, request.FILES)
    lookup_url = request.build_absolute_uri(section.url + section.reverse_subpage("lookup"))
    made = []
    if form.submit(request, lambda f: made.append(services.receive(f.cleaned_data, lookup_url))):
        return redirect(section.url + section.reverse_subpage("asked") + "?ma="
                        + thanks_token(made[0].code))
    return ask(request, section, form)


def asked(request, section):
    code = thanks_value(request)
    return private(form_response(request, "qa/asked.html", section.form_context(
        request, code=code, lookup_url=section.url + section.reverse_subpage("lookup"),
        ask_url=section.url + section.reverse_subpage("ask"))))


def private(response):
    """A page for one visitor (their tracking code, their question's state): kept by no
    cache."""
    from django.utils.cache import patch_cache_control

    patch_cache_control(response, private=True, no_store=True)
    return response


def lookup(request, section, form=None, found=None):
    form = form or LookupForm()
    response = form_response(request, "qa/lookup.html", section.form_context(
        request, form=form, found=found, action=page_form_url(section, "tra-cuu")), form)
    return response


def take_lookup(request, section):
    form = LookupForm(request.POST)
    found = []

    def find(f):
        question = (Question.objects.select_related("merged_into", "answer_page", "unit")
                    .filter(code=f.cleaned_data["code"],
                            email__iexact=f.cleaned_data["email"]).first())
        found.append(question)

    if form.submit(request, find):
        if found[0] is None:
            form.refuse(404, _("No question has this tracking code and e-mail. Check both "
                               "against the e-mail you received."))
        else:
            return private(lookup(request, section, LookupForm(), found[0]))
    return lookup(request, section, form)
