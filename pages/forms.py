"""Admin forms of the kit: refusing copies of items that carry a unique key (a document
number, a procedure or task code): a copy would repeat the key, which names one item only."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.pages import CopyForm

from core.forms import is_reserved


class PageCopyForm(CopyForm):
    """Wagtail's copy form, refusing an address the new parent answers itself (its feed)."""

    def clean(self):
        cleaned_data = super().clean()
        parent = cleaned_data.get("new_parent_page") or self.page.get_parent()
        slug = cleaned_data.get("new_slug")
        if slug and is_reserved(slug, parent):
            self.add_error("new_slug", _("The address “%(slug)s” is taken by the section's own "
                                         "pages (its feed): choose another.") % {"slug": slug})
        return cleaned_data


class KeyedItemCopyForm(PageCopyForm):
    """Copying or aliasing an item with a unique key is refused; the editor creates a new one."""

    def clean(self):
        self.add_error("new_title", _("This item cannot be copied: its number or code names "
                                      "it alone. Create a new item instead."))


class KeyedSectionCopyForm(PageCopyForm):
    """A section may be copied, but not with its items (`KeyedItemCopyForm`)."""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("copy_subpages") and self.page.get_children().exists():
            self.add_error("copy_subpages", _("The items of this section cannot be copied: "
                                              "each number or code names one item only."))
        return cleaned_data
