"""Plain content pages of the portal: Giới thiệu, Liên hệ, and sections still to come."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BodyBlock, stream_plain_text
from core.models import VietnamesePageMixin
from portlets.models import PortletPageMixin


class StandardPage(PortletPageMixin, VietnamesePageMixin, Page):
    """A plain page of text and photos."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    summary_fields = ("intro",)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    template = "pages/standard_page.html"

    def search_content(self):
        """What the public search indexes (see search.services)."""
        return {"kind": _("Page"), "title": self.title, "summary": self.intro,
                "body": stream_plain_text(self.body), "date": self.last_published_at}

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
