"""The form by which anyone comments on a draft, on the public forms kit (publicforms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from publicforms.forms import ConsentField, PlainTextField, PublicForm

CONTENT_MAX_LENGTH = 5000


class DraftCommentForm(PublicForm):
    scope = "consultation.comment"
    email_field = "email"

    name = PlainTextField(max_length=100, label=_("Full name"),
                          widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        max_length=254, label=_("E-mail"),
        help_text=_("Never published; used only if the drafting unit needs to reach you about "
                    "your comments."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    organisation = PlainTextField(
        max_length=255, required=False, label=_("Organisation (if any)"),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    content = PlainTextField(
        max_length=CONTENT_MAX_LENGTH, multiline=True, label=_("Your comments"),
        help_text=_("At most 5,000 characters. Name the article or clause you comment on "
                    "where you can."))
    show_name = forms.BooleanField(
        required=False, initial=True, label=_("Show my name and organisation with my comments"),
        help_text=_("Untick to be shown as “Anonymous”."))
    consent = ConsentField(
        help_text=_("Your name, e-mail and organisation are kept to receive and summarise the "
                    "comments on this draft, and erased after the retention period or when you "
                    "ask. Your comments are published after moderation."),
        error_messages={"required": _("Your comments can only be received with your agreement "
                                      "to the processing of your personal data.")})
