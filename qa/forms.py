"""The public forms of Hỏi đáp: asking a question, and looking up its status."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pages.models import Term
from publicforms.forms import AttachmentField, ConsentField, PlainTextField, PublicForm

from .models import FIELD_VOCABULARY, NameShown

PHONE = re.compile(r"^\+?[0-9 .()-]{8,20}$")


class QuestionForm(PublicForm):
    scope = "qa.question"
    email_field = "email"

    name = PlainTextField(max_length=100, label=_("Full name"))
    email = forms.EmailField(max_length=254, label=_("E-mail"), help_text=_(
        "Your tracking code and the answer are sent here. It is never published."))
    phone = PlainTextField(max_length=20, required=False, label=_("Telephone (optional)"))
    address = PlainTextField(max_length=255, required=False, label=_("Address (optional)"))
    name_shown = forms.ChoiceField(label=_("Name shown with the published answer"),
                                   choices=NameShown.choices, initial=NameShown.INITIALS,
                                   widget=forms.RadioSelect)
    field = forms.ModelChoiceField(queryset=Term.objects.none(), to_field_name="slug",
                                   label=pgettext_lazy("question", "Field"), empty_label=_("— Choose a field —"))
    title = PlainTextField(max_length=200, label=_("Title of the question"))
    body = PlainTextField(max_length=5000, multiline=True, label=_("Your question"),
                          help_text=_("At most 5,000 characters. Do not write personal details "
                                      "you do not want staff to read."))
    attachment = AttachmentField(label=_("Attached file (optional)"), help_text=_(
        "A PDF, Word, Excel or OpenDocument file, or a JPEG or PNG photo, of at most 5 MB."))
    consent = ConsentField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = Term.objects.filter(vocabulary=FIELD_VOCABULARY)

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        if phone and not PHONE.match(phone):
            raise ValidationError(_("Enter a telephone number of digits, e.g. 0293 3 876 543."))
        return phone


class LookupForm(PublicForm):
    scope = "qa.lookup"
    max_links = 0

    code = PlainTextField(max_length=20, label=_("Tracking code"),
                          help_text=_("As in the e-mail you received, e.g. HD-7KXM3PAR."))
    email = forms.EmailField(max_length=254, label=_("E-mail used to ask"))

    def clean_code(self):
        return self.cleaned_data.get("code", "").strip().upper().replace(" ", "")
