"""The rating form, on the public forms kit (publicforms.forms)."""

from django import forms
from django.utils.translation import gettext, gettext_lazy as _

from publicforms.forms import PlainTextField, PublicForm

COMMENT_MAX = 500
YES, NO = "co", "khong"


class RatingForm(PublicForm):
    scope = "feedback.rating"  # its own limits: PUBLIC_FORMS_LIMITS["feedback.rating.…"]
    max_links = 1

    useful = forms.TypedChoiceField(
        label=_("Was this information useful?"), choices=[(YES, _("Yes")), (NO, _("No"))],
        coerce=lambda value: value == YES, widget=forms.RadioSelect,
        error_messages={"required": _("Choose “Yes” or “No”.")})
    comment = PlainTextField(
        max_length=COMMENT_MAX, multiline=True, required=False,
        label=_("Your comment (optional)"))

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["comment"].widget.attrs["rows"] = 3
        self.fields["comment"].help_text = comment_help()


def comment_help():
    return gettext("At most %(count)d characters. Please write no personal information "
                   "here.") % {"count": COMMENT_MAX}
