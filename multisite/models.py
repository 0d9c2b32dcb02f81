"""More host names of a live site, and what `create_site` made for each site: its groups (one
per editorial role) and its media collection."""

import re

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

# a host name as DNS allows it (RFC 1123 labels), lower case, no port, no scheme, no path
HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)"
                         r"(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")


def hostname_error(hostname):
    """What is wrong with `hostname` as a site's host name or an alias (Vietnamese), or None."""
    if not hostname:
        return _("Enter a host name, e.g. sokhcn.haugiang.gov.vn.")
    if "://" in hostname or "/" in hostname:
        return _("Enter the host name only, without http:// and without a path.")
    if ":" in hostname:
        return _("Enter the host name without a port (the port is the site's own field).")
    if hostname != hostname.lower():
        return _("Write the host name in lower case.")
    if not HOSTNAME_RE.match(hostname):
        return _("“%(hostname)s” is not a valid host name.") % {"hostname": hostname}
    return None


class SiteAlias(models.Model):
    """Another host name of a live site (www.…, an old domain of the same agency): a request to
    it answers 301 to the same address on the site's own host name, so that every page has one
    address (for the page cache, canonical links and search engines)."""

    hostname = models.CharField(_("host name"), max_length=255, unique=True,
                                help_text=_("Lower case, without http:// and without a port, "
                                            "e.g. www.sokhcn.haugiang.gov.vn."))
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE,
                             related_name="aliases", verbose_name=_("site"))

    panels = [FieldPanel("hostname"), FieldPanel("site")]

    class Meta:
        verbose_name = _("site alias")
        verbose_name_plural = _("site aliases")
        ordering = ["hostname"]

    def __str__(self):
        return self.hostname

    def clean(self):
        from wagtail.models import Site

        self.hostname = (self.hostname or "").strip()
        error = hostname_error(self.hostname)
        if error is None and Site.objects.filter(hostname=self.hostname).exists():
            error = _("“%(hostname)s” is already the host name of a site.") % {
                "hostname": self.hostname}
        if error is None and apps.is_installed("oldurls"):
            from oldurls.models import OldHost

            if OldHost.objects.filter(hostname=self.hostname).exists():
                error = _("“%(hostname)s” is an old portal's hostname (Liên kết cũ): its "
                          "addresses lead to their new pages.") % {"hostname": self.hostname}
        if error is not None:
            raise ValidationError({"hostname": error})


class SiteGroup(models.Model):
    """The group of one editorial role for one site ("Sở X · Biên tập viên")."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20)
    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "role"],
                                               name="one_group_per_site_role")]


class SiteCollection(models.Model):
    """The site's own collection of photos and documents: its groups hold their media rights
    on it (and what is below it), not on the root that every site shares."""

    site = models.OneToOneField("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    collection = models.OneToOneField("wagtailcore.Collection", on_delete=models.CASCADE,
                                      related_name="+")


class MergedSite(models.Model):
    """A site whose agency was merged into another's (multisite.merging.merge_site): its pages
    now live in `into`'s tree, and its hostnames are old hostnames of `into` (oldurls), each
    old address answering 301 to the page's new address. The site's row stays, with its
    settings and its visit counts, for the record."""

    site = models.OneToOneField("wagtailcore.Site", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("merged site"))
    into = models.ForeignKey("wagtailcore.Site", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("merged into"))
    hostnames = models.TextField(_("its hostnames"), help_text=_("One per line."))
    pages = models.PositiveIntegerField(_("pages moved"), default=0)
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("merged site")
        verbose_name_plural = _("merged sites")

    def __str__(self):
        return f"{self.site.hostname} → {self.into.hostname}"
