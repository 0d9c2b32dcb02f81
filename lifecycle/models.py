"""A page's public life after its first publication, after GOV.UK's publishing-api: change
notes on major edits (a minor edit carries none), and retirement as withdrawal (the page stays,
marked), gone (410 with an explanation) or redirect (301 to a replacement)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import NFCModelMixin

NOTE_MAX_LENGTH = 500
EXPLANATION_MAX_LENGTH = 1000


class ChangeNote(NFCModelMixin, models.Model):
    """What a significant edit changed, in the public's words. It belongs to the revision it
    was written with, and is public from the publication of that revision (or a later one):
    a writer's note appears when the approver publishes. A page has at most one unpublished
    note, the one its edit form shows."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE,
                             related_name="change_notes", verbose_name=_("page"))
    revision = models.ForeignKey("wagtailcore.Revision", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("revision"))
    note = models.TextField(_("change note"), max_length=NOTE_MAX_LENGTH)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("change note")
        verbose_name_plural = _("change notes")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["page", "published_at"], name="lifecycle_note_page")]

    def __str__(self):
        return self.note


class Retirement(NFCModelMixin, models.Model):
    """How a page left the public: withdrawn (still served, with a banner), gone (its address
    answers 410 with the explanation) or redirected (301 to the replacement). `path` is the
    page's address when it was retired, so that moving the page later changes nothing;
    `live_revision` the version the public saw then, the one an undo publishes again."""

    WITHDRAWN, GONE, REDIRECT = "withdrawn", "gone", "redirect"
    KINDS = [(WITHDRAWN, _("Withdrawn")), (GONE, _("Removed (gone)")),
             (REDIRECT, _("Redirected"))]

    page = models.OneToOneField("wagtailcore.Page", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="retirement",
                                verbose_name=_("page"))
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS)
    path = models.CharField(_("address"), max_length=1000, db_index=True)
    # the site whose address `path` is (several sites on one install: a page removed on one
    # makes no 410 on another); empty for a record made before sites were kept
    site = models.ForeignKey("wagtailcore.Site", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+", verbose_name=_("site"))
    explanation = models.TextField(_("explanation"), max_length=EXPLANATION_MAX_LENGTH,
                                   blank=True)
    alternative_page = models.ForeignKey("wagtailcore.Page", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+",
                                         verbose_name=_("replacement page"))
    alternative_url = models.URLField(_("replacement address"), max_length=500, blank=True)
    redirect = models.ForeignKey("wagtailredirects.Redirect", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    # the revision that was public when the page was retired: undoing a removal or a redirect
    # publishes it again (not a later draft, which nobody approved)
    live_revision = models.ForeignKey("wagtailcore.Revision", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+",
                                      verbose_name=_("public revision"))
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("retired page")
        verbose_name_plural = _("retired pages")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.path}"

    @property
    def alternative(self):
        """The replacement's address, or ""."""
        if self.alternative_page_id and self.alternative_page and self.alternative_page.live:
            return self.alternative_page.url or ""
        return self.alternative_url
