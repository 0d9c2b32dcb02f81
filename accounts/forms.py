import re

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """The 6-digit code of an authenticator app; spaces typed between the digits are ignored."""

    code = forms.CharField(
        label=_("6-digit code"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True, "size": 8}))

    def clean_code(self):
        code = re.sub(r"\s+", "", self.cleaned_data["code"])
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError(
                _("Enter the 6 digits shown by your authenticator app."), code="invalid")
        return code
