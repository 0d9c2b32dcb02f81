"""What an import of an old portal remembers of each old page: the page it became and a
checksum of what was read, so that running the import again skips what did not change,
updates what did, and never makes a second page of the same old address."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedItem(models.Model):
    """One old address imported: its identity is the old hostname and the normalised old
    address (oldurls.normalise), never the title or the date, so two old pages of the same
    title on the same day stay two pages. The redirect of the old address is oldurls'
    `OldUrl`, written in the same transaction."""

    old_host = models.CharField(_("old hostname"), max_length=255)
    url_key = models.CharField(max_length=64, editable=False)  # sha256 of the normalised address
    old_url = models.TextField(_("old address"))
    page = models.ForeignKey("wagtailcore.Page", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("page"))
    kind = models.CharField(_("kind"), max_length=20)
    checksum = models.CharField(max_length=40, editable=False)  # sha1 of the bytes read
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported old page")
        verbose_name_plural = _("imported old pages")
        constraints = [models.UniqueConstraint(fields=["old_host", "url_key"],
                                               name="oldportals_one_item_per_old_address")]

    def __str__(self):
        return f"{self.old_host}{self.old_url}"
