"""The kit's portlet type: the latest items of any section (văn bản mới, thủ tục mới…)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


class LatestItemsPortlet(blocks.StructBlock):
    section = blocks.PageChooserBlock(label=_("Section"), help_text=_(
        "A section page: Văn bản, Thủ tục hành chính, Nhiệm vụ KH&CN, a news category…"))
    count = blocks.IntegerBlock(min_value=1, max_value=20, default=5, label=_("Number of items"))

    def clean(self, value):
        value = super().clean(value)
        section = value.get("section")
        if section is not None and not hasattr(section.specific, "items"):
            raise StructBlockValidationError(block_errors={"section": ValidationError(
                _("Choose a section page: one that lists items (Văn bản, Thủ tục hành chính…)."))})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        section = value.get("section")
        if section is None:
            raise ValueError("the section of this latest-items portlet has been deleted")
        section = section.specific
        context["section"] = section
        context["items"] = list(section.items()[: value["count"]]) if section.live else []
        return context

    class Meta:
        icon = "list-ul"
        label = _("Latest items of a section")
        template = "pages/portlets/latest_items.html"


PORTLET_TYPES = [("latest_items", LatestItemsPortlet())]
