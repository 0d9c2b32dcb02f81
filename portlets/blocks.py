"""Portlet types. Each type is one StructBlock with a template in templates/portlets/types/.

Apps add their own types in a `portlet_types.py` module holding a `PORTLET_TYPES` list of
(name, block) pairs (news adds "latest news"); `portlet_type_blocks()` collects them when the
Portlet model is built, the way Wagtail collects `wagtail_hooks`."""

from importlib import import_module, util

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from core.blocks import SafeRichTextBlock, SafeURLBlock, VideoBlock


class BannerPortlet(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Photo"))
    alt_text = blocks.CharBlock(max_length=300, label=_("Alternative text"))
    link_page = blocks.PageChooserBlock(required=False, label=_("Link to a page"))
    link_url = SafeURLBlock(required=False, label=_("or to an address"))

    def get_context(self, value, parent_context=None):
        if value.get("image") is None:  # the photo was deleted from the library
            raise ValueError("the banner's photo no longer exists")
        return super().get_context(value, parent_context)

    class Meta:
        icon = "image"
        label = _("Banner")
        template = "portlets/types/banner.html"


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200, label=_("Title"))
    url = SafeURLBlock(label=_("Address"))


class LinkListPortlet(blocks.StructBlock):
    links = blocks.ListBlock(LinkBlock(), label=_("Links"))
    as_dropdown = blocks.BooleanBlock(required=False, default=False,
                                      label=_("Show as a drop-down list"))

    class Meta:
        icon = "link"
        label = _("Link list")
        template = "portlets/types/link_list.html"


class RichTextPortlet(blocks.StructBlock):
    text = SafeRichTextBlock(features=["bold", "italic", "link", "ol", "ul", "h3"],
                             label=_("Text"))

    class Meta:
        icon = "doc-full"
        label = _("Text")
        template = "portlets/types/rich_text.html"


class SearchBoxPortlet(blocks.StructBlock):
    placeholder = blocks.CharBlock(required=False, max_length=100, label=_("Hint in the box"))

    class Meta:
        icon = "search"
        label = _("Search box")
        template = "portlets/types/search_box.html"


class VideoPortlet(VideoBlock):
    class Meta:
        icon = "media"
        label = _("Video")
        template = "portlets/types/video.html"


class NoticePortlet(blocks.StructBlock):
    """A short internal notice (staff calendar, internal documents), usually restricted."""

    text = SafeRichTextBlock(features=["bold", "italic", "link", "ol", "ul"], label=_("Notice"))
    document = DocumentChooserBlock(required=False, label=_("Attached document"))

    class Meta:
        icon = "warning"
        label = _("Notice")
        template = "portlets/types/notice.html"


BUILTIN_TYPES = [
    ("banner", BannerPortlet()),
    ("link_list", LinkListPortlet()),
    ("rich_text", RichTextPortlet()),
    ("search_box", SearchBoxPortlet()),
    ("video", VideoPortlet()),
    ("notice", NoticePortlet()),
]


def portlet_type_blocks():
    """The built-in types, then those of every installed app's `portlet_types` module."""
    found = list(BUILTIN_TYPES)
    for config in apps.app_configs.values():
        module_name = f"{config.name}.portlet_types"
        if config.name != "portlets" and util.find_spec(module_name) is not None:
            found += import_module(module_name).PORTLET_TYPES
    return found
