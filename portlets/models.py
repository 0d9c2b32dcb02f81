"""Portlets: configurable boxes placed in the regions of a page, each with its own view
permission. A page shows, per region, the portlets its ancestors placed there (the site's home
page holds the site's defaults) unless it blocks them, followed by its own."""


from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from core.blocks import convert_raw_blocks
from core.models import NFCModelMixin

from .blocks import portlet_type_blocks

REGIONS = [
    ("top", _("Top, under the menu")),
    ("left", _("Left column")),
    ("right", _("Right column")),
    ("bottom", _("Bottom, above the footer")),
]
DENIED_MESSAGE = _("You do not have enough rights to view this portlet.")


class Visibility(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    SIGNED_IN = "signed_in", _("Signed-in users")
    GROUPS = "groups", _("Members of the chosen groups")


class DeniedDisplay(models.TextChoices):
    MESSAGE = "message", _("The message “You do not have enough rights to view this portlet.”")
    NOTHING = "nothing", _("Nothing")


class Portlet(NFCModelMixin, models.Model):
    """One box: its type and settings (one block of `content`) and who may see it."""

    title = models.CharField(_("title"), max_length=200)
    show_title = models.BooleanField(_("show the title"), default=True)
    content = StreamField(portlet_type_blocks(), min_num=1, max_num=1,
                          verbose_name=_("type and content"))
    visibility = models.CharField(_("who may see it"), max_length=20, choices=Visibility.choices,
                                  default=Visibility.EVERYONE)
    groups = models.ManyToManyField(Group, blank=True, related_name="+",
                                    verbose_name=_("groups"))
    denied_display = models.CharField(_("what others see"), max_length=20,
                                      choices=DeniedDisplay.choices,
                                      default=DeniedDisplay.MESSAGE)
    updated_at = models.DateTimeField(auto_now=True)
    # whose it is, on an install of several sites: a site's administrators manage their own
    # site's portlets (core.site_scoped); none: shared, managed by those who manage every site
    site = models.ForeignKey("wagtailcore.Site", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+", verbose_name=_("site"),
                             help_text=_("The site this portlet belongs to; empty: shared by "
                                         "every site."))

    panels = [
        FieldPanel("title"), FieldPanel("site"), FieldPanel("show_title"), FieldPanel("content"),
        MultiFieldPanel([FieldPanel("visibility"), FieldPanel("groups"),
                         FieldPanel("denied_display")], heading=_("View permission")),
    ]

    class Meta:
        verbose_name = _("portlet")
        verbose_name_plural = _("portlets")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        convert_raw_blocks(self.content)  # raw data from a script is cleaned as form data is
        super().save(*args, **kwargs)

    @property
    def type_name(self):
        return self.content[0].block_type if len(self.content) else ""

    def can_view(self, user, user_group_ids=None):
        """The server-side permission check: nothing of a denied portlet is rendered."""
        if self.visibility == Visibility.EVERYONE:
            return True
        if not (user and user.is_authenticated and user.is_active):
            return False
        if self.visibility == Visibility.SIGNED_IN or user.is_superuser:
            return True
        if user_group_ids is None:
            user_group_ids = set(user.groups.values_list("pk", flat=True))
        return any(group.pk in user_group_ids for group in self.groups.all())

    def cache_key(self, site_id=None):
        """The rendered box, the same for every viewer allowed to see it: keyed by the portlet's
        last change, the language it is rendered in (an editor's preview may be in English) and
        the generation of site content (core.page_cache: shared by every process, drawn anew
        on every change of content), so no process renders a page with another's stale box;
        and by the local day, as the page cache's keys are: a box may show today's items (the
        work schedule's "today"), which change at midnight with no change of content.
        None when the generation cannot be read: the box is then made without the cache.
        `site_id`: the site it is shown on, for a portlet shared by several sites (what it
        lists, and its links, are that site's)."""
        from django.utils import translation

        from core.page_cache import generation

        try:
            current = generation()
        except Exception:  # an unreadable store: logged where the page cache reads it
            return None
        from django.utils import timezone

        return (f"portlets:html:{self.pk}:{self.updated_at.timestamp()}:"
                f"{translation.get_language()}:{current}:{timezone.localdate().isoformat()}"
                + (f":{site_id}" if site_id else ""))


class PortletAssignment(Orderable):
    """A portlet placed in a region of a page (and of the pages below it)."""

    page = ParentalKey(Page, on_delete=models.CASCADE, related_name="portlet_assignments")
    region = models.CharField(_("region"), max_length=20, choices=REGIONS, default="right")
    portlet = models.ForeignKey(Portlet, on_delete=models.CASCADE, related_name="assignments",
                                verbose_name=_("portlet"))
    inherit = models.BooleanField(_("also on the pages below"), default=True)

    panels = [FieldPanel("region"), FieldPanel("portlet"), FieldPanel("inherit")]

    class Meta(Orderable.Meta):
        verbose_name = _("portlet of this page")
        verbose_name_plural = _("portlets of this page")


class PortletBlock(Orderable):
    """Stops the portlets a page inherits in one region (its own still show)."""

    page = ParentalKey(Page, on_delete=models.CASCADE, related_name="portlet_blocks")
    region = models.CharField(_("region"), max_length=20, choices=REGIONS)

    panels = [FieldPanel("region")]

    class Meta(Orderable.Meta):
        verbose_name = _("blocked inherited region")
        verbose_name_plural = _("blocked inherited regions")


class PortletPageMixin:
    """Page types whose editors arrange portlets: a section of the Settings tab."""

    settings_panels = Page.settings_panels + [
        MultiFieldPanel([
            InlinePanel("portlet_assignments", label=_("Portlets of this page")),
            InlinePanel("portlet_blocks", label=_("Do not inherit the portlets of a region")),
        ], heading=_("Portlets")),
    ]
