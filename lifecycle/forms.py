"""The admin forms of the page life cycle: the public change note on the page edit form, and
the retirement of a page."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from .models import EXPLANATION_MAX_LENGTH, NOTE_MAX_LENGTH, Retirement

CHANGE_NOTE_FIELD = "public_change_note"


def change_note_field():
    return forms.CharField(
        label=_("Public change note"), required=False, max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For a significant change of a published page: what changed, in a "
                    "sentence readers understand. It is shown on the page as “Cập nhật ngày "
                    "…: …” once this version is published. Leave it empty for a minor edit "
                    "(spelling, layout): minor edits are not announced."))


def clean_local_or_web_address(value):
    """An address on this site ("/…") or on the web (http, https); "" for none."""
    value = (value or "").strip()
    if not value:
        return ""
    if value.startswith("/") and not value.startswith("//"):
        return value
    forms.URLField(assume_scheme="https").clean(value)
    if not value.lower().startswith(("http://", "https://")):
        raise forms.ValidationError(_("Give an address that starts with https:// or /."))
    return value


class RetireForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to do"), widget=forms.RadioSelect, choices=[
            (Retirement.WITHDRAWN, _("Withdraw: the page stays published, marked “Đã thu hồi” "
                                     "with the date and your explanation")),
            (Retirement.GONE, _("Remove: the page is unpublished; its address answers that "
                                "the page was removed (410), with your explanation")),
            (Retirement.REDIRECT, _("Redirect: the page is unpublished; its address leads "
                                    "to the replacement (301)")),
        ])
    explanation = forms.CharField(
        label=_("Explanation for the public"), required=False,
        max_length=EXPLANATION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to withdraw or remove: why the content is no longer current."))
    alternative_page = forms.ModelChoiceField(
        label=_("Replacement page"), required=False, queryset=Page.objects.all(),
        widget=AdminPageChooser())
    alternative_url = forms.CharField(
        label=_("Or replacement address"), required=False, max_length=500,
        help_text=_("An address on this site (/…) or another (https://…)."))

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page

    def clean_alternative_url(self):
        return clean_local_or_web_address(self.cleaned_data.get("alternative_url"))

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        alternative = data.get("alternative_page")
        if alternative is not None and (alternative.pk == self.page.pk or not alternative.live
                                        or alternative.is_descendant_of(self.page)):
            self.add_error("alternative_page", _(
                "Choose a published page other than this one and its subpages."))
        if kind in (Retirement.WITHDRAWN, Retirement.GONE) and not data.get("explanation",
                                                                             "").strip():
            self.add_error("explanation", _("Explain to readers why."))
        if kind == Retirement.REDIRECT and not (alternative or data.get("alternative_url")):
            self.add_error("alternative_page", _("Choose the page or address to redirect to."))
        if self.page is not None and not self.page.live:
            raise forms.ValidationError(_("Only a published page can be withdrawn, removed or "
                                          "redirected."))
        return data
