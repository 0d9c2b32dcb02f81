"""StreamField blocks for article and page bodies: text, captioned photo, quote, video, table,
attached document. Each renders semantic, accessible HTML (templates/core/blocks/).

Rich text and addresses are cleaned when they are saved and again when they are loaded for
display (`SafeRichTextBlock`, `SafeURLBlock`, core/sanitize.py): HTML written into the database
by an import, a script or an old version reaches no page unclean. Text of the other blocks is
escaped by their templates; the table renders its cells as text (TableBlock's default
"text" renderer, kept explicitly)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.blocks import StreamValue
from wagtail.rich_text import RichText

from .sanitize import clean_rich_text, safe_url

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link",
                      "superscript", "subscript", "hr"]

_YOUTUBE_RE = re.compile(
    r"^https?://(?:www\.)?(?:youtube\.com/(?:watch\?v=|embed/|shorts/)|youtu\.be/)([\w-]{11})"
)


class SafeRichTextBlock(blocks.RichTextBlock):
    """Rich text cleaned of anything its editor cannot produce (scripts, event handlers,
    `javascript:` links…) on save and on load."""

    def to_python(self, value):
        return RichText(clean_rich_text(value))

    def get_prep_value(self, value):
        source = value.source if isinstance(value, RichText) else value
        return clean_rich_text(source)


class SafeURLBlock(blocks.URLBlock):
    """A web address; one that is not http(s), mailto, tel or relative (`javascript:`…) that
    got into the database some other way than the form is dropped on save and on load."""

    def to_python(self, value):
        return safe_url(super().to_python(value))

    def get_prep_value(self, value):
        return safe_url(super().get_prep_value(value))


class PhotoBlock(blocks.StructBlock):
    """A photo with its caption under it. `missing` marks a photo lost in an import: only the
    caption survived, and the page shows the caption with a placeholder until an editor picks
    a photo."""

    image = ImageChooserBlock(required=False, label=_("Photo"))
    caption = blocks.CharBlock(required=False, max_length=500, label=_("Caption"))
    alt_text = blocks.CharBlock(
        required=False, max_length=300, label=_("Alternative text"),
        help_text=_("Describes the photo for blind readers; the caption is used when empty."),
    )
    credit = blocks.CharBlock(required=False, max_length=200, label=_("Photo credit"))
    missing = blocks.BooleanBlock(
        required=False, label=_("Photo missing (imported)"),
        help_text=_("Set by the importer when the old page had only the caption."),
    )
    original_src = blocks.CharBlock(required=False, max_length=1000, label=_("Original address"))

    def clean(self, value):
        value = super().clean(value)
        if not value.get("image") and not value.get("missing"):
            raise blocks.StructBlockValidationError(
                {"image": ValidationError(_("Choose a photo."))}
            )
        if not value.get("caption") and not value.get("alt_text"):
            raise blocks.StructBlockValidationError(
                {"alt_text": ValidationError(
                    _("Give the photo a caption or an alternative text for blind readers."))}
            )
        return value

    class Meta:
        icon = "image"
        label = _("Photo")
        template = "core/blocks/photo.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(required=False, max_length=200, label=_("Said by"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "core/blocks/quote.html"


class VideoBlock(blocks.StructBlock):
    """A video: an uploaded file (MP4/WebM in the document library) or a YouTube address."""

    file = DocumentChooserBlock(required=False, label=_("Video file"))
    url = SafeURLBlock(required=False, label=_("YouTube address"))
    title = blocks.CharBlock(max_length=300, label=_("Title"))
    poster = ImageChooserBlock(required=False, label=_("Cover image"))

    def clean(self, value):
        value = super().clean(value)
        if not value.get("file") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                {"url": ValidationError(_("Choose a video file or give a YouTube address."))}
            )
        if value.get("url") and not _YOUTUBE_RE.match(value["url"]):
            raise blocks.StructBlockValidationError(
                {"url": ValidationError(_("Only YouTube addresses can be embedded."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        match = _YOUTUBE_RE.match(value.get("url") or "")
        context["youtube_id"] = match.group(1) if match else ""
        return context

    class Meta:
        icon = "media"
        label = _("Video")
        template = "core/blocks/video.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(required=False, max_length=300, label=_("Link text"),
                             help_text=_("The document's title is used when empty."))

    class Meta:
        icon = "doc-full"
        label = _("Attached document")
        template = "core/blocks/document.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = SafeRichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"),
                                  template="core/blocks/paragraph.html")
    photo = PhotoBlock()
    quote = QuoteBlock()
    video = VideoBlock()
    # "text": cells are escaped; Handsontable's "html" renderer would print them unescaped
    table = TableBlock(label=_("Table"), template="core/blocks/table.html",
                       table_options={"startRows": 3, "startCols": 3, "renderer": "text"})
    document = DocumentBlock()

    def get_prep_value(self, value):
        convert_raw_blocks(value)
        return super().get_prep_value(value)


def convert_raw_blocks(stream_value):
    """Turn the items of a StreamField value given as raw data (`page.body = [{"type":
    "paragraph", "value": html}]`, as the importer and scripts do) into blocks. Wagtail stores
    raw items as they are, past their block's get_prep_value; once converted, they are saved
    through it, so their rich text and addresses are cleaned as the admin form's are."""
    if isinstance(stream_value, StreamValue):
        for _block in stream_value:
            pass


def stream_plain_text(stream_value):
    """The plain text of a StreamField value (paragraphs, captions, quotes, table cells), as
    Wagtail's own search indexing sees it: for search and summaries."""
    # already text: rich text comes back with its tags stripped and its entities decoded, so
    # stripping again would eat a typed "<Tên cơ quan>"
    parts = stream_value.stream_block.get_searchable_content(stream_value)
    return "\n".join(str(part) for part in parts if part)
