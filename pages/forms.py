"""Admin forms of the kit: refusing copies of items that carry a unique key (a document
number, a procedure or task code): a copy would repeat the key, which names one item only."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.pages import CopyForm


class KeyedItemCopyForm(CopyForm):
    """Copying or aliasing an item with a unique key is refused; the editor creates a new one."""

    def clean(self):
        self.add_error("new_title", _("This item cannot be copied: its number or code names "
                                      "it alone. Create a new item instead."))


class KeyedSectionCopyForm(CopyForm):
    """A section may be copied, but not with its items (`KeyedItemCopyForm`)."""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("copy_subpages") and self.page.get_children().exists():
            self.add_error("copy_subpages", _("The items of this section cannot be copied: "
                                              "each number or code names one item only."))
        return cleaned_data
