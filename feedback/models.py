"""Ratings of pages by their readers: anonymous, one per reader, page and day."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PageRating(models.Model):
    """Whether a reader found a page useful, with an optional comment. The reader is known only
    by a keyed hash of their address, browser and the day (feedback.services.rater_hash): no
    address is stored, and tomorrow's hash of the same reader is another."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("page"))
    day = models.DateField(_("day"))
    visitor_hash = models.CharField(max_length=64)
    useful = models.BooleanField(_("useful"))
    comment = models.TextField(pgettext_lazy("page rating", "comment"), blank=True)
    created_at = models.DateTimeField(_("rated at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("page rating")
        verbose_name_plural = _("page ratings")
        constraints = [models.UniqueConstraint(fields=["page", "day", "visitor_hash"],
                                               name="feedback_one_rating_per_reader_and_day")]
        indexes = [models.Index(fields=["day"], name="feedback_rating_day")]

    def __str__(self):
        return f"{self.page_id} {self.day} {'+' if self.useful else '-'}"
