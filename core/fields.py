"""Model fields of the portal."""

from wagtail.fields import RichTextField

from .sanitize import clean_rich_text


class SafeRichTextField(RichTextField):
    """Wagtail's rich text field whose stored HTML is cleaned as the body blocks' is
    (`core.sanitize.clean_rich_text`): only what the editor can produce reaches the database."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return clean_rich_text(value) if value else value
