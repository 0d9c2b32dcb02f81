"""The admin form of our pages: the slug may be left empty (it is folded from the title) and a
typed Vietnamese slug is folded to ASCII instead of being refused."""

from django import forms
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from .vietnamese import slugify_vi


class VietnamesePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].validators = []
            self.fields["slug"].help_text = _(
                "The page's address; left empty, it is made from the title without accents.")

    def clean_slug(self):
        typed = (self.cleaned_data.get("slug") or "").strip()
        if typed:
            slug = slugify_vi(typed)
            if not slug:
                raise forms.ValidationError(_("The address must contain letters or digits."))
            validate_slug(slug)
            if is_reserved(slug, self.parent_page):
                raise forms.ValidationError(_(
                    "The address “%(slug)s” is taken by the section's own pages (its feed): "
                    "choose another.") % {"slug": slug})
            return slug
        base = slugify_vi(self.cleaned_data.get("title") or self.data.get("title") or "")
        if not base:
            raise forms.ValidationError(_("Give the page a title or an address."))
        slug, number = base, 1
        while self.parent_page and (is_reserved(slug, self.parent_page) or not
                                    Page._slug_is_available(slug, self.parent_page,
                                                            self.instance)):
            number += 1
            slug = f"{base}-{number}"
        return slug


def is_reserved(slug, parent):
    """Whether `slug`, in any case, is an address `parent` answers itself."""
    return slugify_vi(slug or "") in reserved_slugs(parent)


def reserved_slugs(parent):
    """The child addresses `parent` answers itself (a section's `rss/` feed): a child page there
    could never be reached."""
    if parent is None:
        return ()
    return getattr(parent.specific_class, "reserved_child_slugs", ())
