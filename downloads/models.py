"""Uploaded files an editor has made public on purpose, whether or not a public page uses them."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicFile(models.Model):
    """A document or photo whose original file anyone may download (see downloads.selectors)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("public file")
        verbose_name_plural = _("public files")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"],
                                               name="downloads_publicfile_unique")]
