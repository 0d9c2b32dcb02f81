"""The admin forms of the page life cycle: the public change note on the page edit form, and
the retirement of a page."""

import unicodedata

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
    """An address on this site ("/…") or on the web (http, https); "" for none. A local address
    holds no backslash nor control character and does not start with "//": browsers read
    "/\\host/" and "//host/" as another site."""
    value = (value or "").strip()
    if not value:
        return ""
    if value.startswith("/"):
        if value.startswith("//") or "\\" in value or \
                any(unicodedata.category(char) == "Cc" for char in value):
            raise forms.ValidationError(_(
                "An address on this site starts with a single / and holds no backslash (\\) "
                "nor control character."))
        return value
    forms.URLField(assume_scheme="https").clean(value)
    if not value.lower().startswith(("http://", "https://")):
        raise forms.ValidationError(_("Give an address that starts with https:// or /."))
    return value


SUBPAGES_MESSAGE = _(
    "This page has published subpages, which would stay online: unpublish or move the "
    "subpages first, then remove or redirect this page. It may still be withdrawn.")


def may_redirect(user):
    """Redirecting a page makes a site redirect: for those who may add redirects (the
    administrators; superusers), as Wagtail's Settings → Redirects asks."""
    return user is not None and user.has_perm("wagtailredirects.add_redirect")


def has_live_subpages(page):
    return page.get_descendants().live().exists()


class PageChooser(AdminPageChooser):
    """Wagtail's page chooser, that shows no page for a posted value that is no page number (a
    crafted form) where Wagtail's would fail (a 500) redisplaying the form's errors."""

    def get_instance(self, value):
        if isinstance(value, str) and not value.isdigit():
            return None
        return super().get_instance(value)


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
        widget=PageChooser())
    alternative_url = forms.CharField(
        label=_("Or replacement address"), required=False, max_length=500,
        help_text=_("An address on this site (/…) or another (https://…)."))

    def __init__(self, *args, page=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.may_redirect = may_redirect(user)
        self.has_live_subpages = page is not None and has_live_subpages(page)
        # the choices offered; the others are still known to the field, so that a post of
        # one is refused with its reason (clean), not as an unknown choice
        offered = [(value, label) for value, label in self.fields["kind"].choices
                   if value == Retirement.WITHDRAWN or (
                       not self.has_live_subpages and (value != Retirement.REDIRECT
                                                       or self.may_redirect))]
        self.fields["kind"].widget.choices = offered
        if self.has_live_subpages:
            self.fields["kind"].help_text = SUBPAGES_MESSAGE

    def clean_alternative_url(self):
        return clean_local_or_web_address(self.cleaned_data.get("alternative_url"))

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        alternative = data.get("alternative_page")
        if kind == Retirement.REDIRECT and not self.may_redirect:
            raise forms.ValidationError(_(
                "Only those who may manage redirects (Settings → Redirects) may redirect a "
                "page: ask an administrator, or withdraw or remove it."))
        if kind in (Retirement.GONE, Retirement.REDIRECT) and self.has_live_subpages:
            raise forms.ValidationError(SUBPAGES_MESSAGE)
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
