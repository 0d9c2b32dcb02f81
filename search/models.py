"""The public search index: one row per public page of a searchable type.

A page type takes part by having a `search_content()` method (see `services.index_page`).
The row keeps the text that results show (title, summary, plain body); the normalised forms
that are matched live beside it in the database's own full-text structure (`backends.py`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, primary_key=True,
                                related_name="+")
    # a copy of the page's tree path, so that a search filters by section and privacy without
    # joining the page table (kept in step on publish and on moves)
    path = models.CharField(max_length=255, db_index=True)
    kind = models.CharField(_("kind"), max_length=100)
    title = models.TextField(_("title"))
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"), blank=True)
    published_at = models.DateTimeField(_("date"))
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        # newest first, walked backwards: sorting by date and picking the newest candidates
        # read the index instead of sorting every match
        indexes = [models.Index(fields=["published_at", "page"], name="portal_search_date")]
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return self.title
