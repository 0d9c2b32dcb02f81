"""Old portals' addresses and where they lead now, after alphagov/transition: the old hosts of
each site, one mapping per old address (301 to a page or an address, or 410 Gone), prefix
rules for whole old sections, and the old addresses still asked for that map to nothing.

Why not `wagtail.contrib.redirects.Redirect`: it keeps a path of at most 255 characters
(NukeViet's and Liferay's addresses are longer, their query strings included), matches exact
paths only and only once a page answered 404, and knows nothing of old hostnames (a request on
an old host must be answered before any page of the new site is looked for, or the old
site's "/" would show the new home page). Wagtail's redirects stay for the new site's own
addresses (lifecycle's "redirect", editors' redirects); these are for old portals'."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import NFCModelMixin

from . import normalise

NOTE_MAX_LENGTH = 1000
TARGET_URL_MAX_LENGTH = 2000


class OldHost(models.Model):
    """A hostname an old portal answered on (`skhcn.haugiang.gov.vn`, `www.…`), and the site
    its content lives in now. Requests for it are answered by the old addresses' mappings
    alone, before any page of the new site is looked for."""

    hostname = models.CharField(_("old hostname"), max_length=253, unique=True,
                                help_text=_("Lower case, without port or scheme, e.g. "
                                            "sotttt.haugiang.gov.vn"))
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE,
                             related_name="old_hosts", verbose_name=_("site"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("old hostname")
        verbose_name_plural = _("old hostnames")
        ordering = ["hostname"]

    def __str__(self):
        return self.hostname

    def clean(self):
        from wagtail.models import Site

        self.hostname = clean_hostname(self.hostname)
        sites = Site.objects.filter(hostname=self.hostname)
        if apps.is_installed("multisite"):  # a merged site's hostnames are old ones
            from multisite.models import MergedSite

            from multisite.models import SiteAlias

            sites = sites.exclude(pk__in=MergedSite.objects.values("site"))
            if SiteAlias.objects.filter(hostname=self.hostname).exists():
                raise ValidationError({"hostname": _(
                    "This hostname is another name of a site of this portal (an alias): an "
                    "old hostname is one the new portal does not serve itself.")})
        if sites.exists():
            raise ValidationError({"hostname": _(
                "This hostname belongs to a site of this portal: an old hostname is one the "
                "new portal does not serve itself.")})
        if self.pk and self.site_id != OldHost.objects.filter(pk=self.pk).values_list(
                "site_id", flat=True).first() and self.mappings.exists():
            raise ValidationError({"site": _(
                "This hostname has mappings: export them, delete them, then move the hostname "
                "and import them into the other site.")})


def clean_hostname(value):
    """`value` as an old hostname: lower case, no scheme, port, path or final dot. Raises
    ValidationError when it is no hostname."""
    import re

    value = (value or "").strip().lower()
    if "://" in value:
        value = value.split("://", 1)[1]
    value = value.split("/", 1)[0].split(":", 1)[0].rstrip(".")
    if not re.fullmatch(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*"
                        r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?", value):
        raise ValidationError(_("“%(value)s” is not a hostname."), params={"value": value})
    return value


class OldUrl(NFCModelMixin, models.Model):
    """One old address (or, with `is_prefix`, every old address under a path) and what it
    answers now: 301 to a page (followed when the page moves) or an address, or 410 Gone.

    `old_host` empty means any old hostname of the site, and the site's own hosts. `key` is
    the hash of (site, exact or prefix, normalised address: oldurls.normalise), the one
    indexed column a request is looked up by; `host_scope` is the old host's id, 0 for any."""

    MOVED, GONE = 301, 410
    STATUSES = [(MOVED, _("301 Moved permanently")), (GONE, _("410 Gone"))]

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE,
                             related_name="old_urls", verbose_name=_("site"))
    old_host = models.ForeignKey(OldHost, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="mappings", verbose_name=_("old hostname"),
                                 help_text=_("Empty: any old hostname of the site."))
    host_scope = models.BigIntegerField(default=0, editable=False)
    old_url = models.TextField(_("old address"), max_length=normalise.MAX_URL_LENGTH,
                               help_text=_("The path and query as the old portal wrote it, "
                                           "e.g. /index.php?language=vi&nv=news&op=…"))
    key = models.CharField(max_length=64, editable=False)
    is_prefix = models.BooleanField(
        _("whole section (prefix)"), default=False,
        help_text=_("Every old address under this path answers the same; the rest of the path "
                    "is dropped. A longer prefix wins over a shorter one; an exact mapping "
                    "wins over any prefix."))
    status = models.PositiveSmallIntegerField(_("status"), choices=STATUSES, default=MOVED)
    target_page = models.ForeignKey("wagtailcore.Page", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("new page"))
    target_url = models.CharField(
        _("new address"), max_length=TARGET_URL_MAX_LENGTH, blank=True,
        help_text=_("Instead of a page: a path on this site (/…) or a full address on an "
                    "allowed host."))
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        ordering = ["old_url"]
        constraints = [models.UniqueConstraint(fields=["key", "host_scope"],
                                               name="oldurls_one_mapping_per_address")]

    def __str__(self):
        return self.display_url

    @property
    def display_url(self):
        prefix = "http://" + self.old_host.hostname if self.old_host_id else ""
        return prefix + self.old_url + ("*" if self.is_prefix else "")

    def normalised(self):
        """The normalised address (a prefix: its path). Raises normalise.BadUrl."""
        _host, value = normalise.normalise(self.old_url)
        return value.split("?", 1)[0] if self.is_prefix else value

    def compute_key(self):
        kind = normalise.PREFIX if self.is_prefix else normalise.EXACT
        return normalise.key(self.site_id, kind, self.normalised())

    def save(self, *args, **kwargs):
        from .hits import forget

        self.host_scope = self.old_host_id or 0
        self.key = self.compute_key()
        super().save(*args, **kwargs)
        if not self.is_prefix:
            forget([self.key])

    def target_display(self):
        if self.status == self.GONE:
            return "410"
        if self.target_page_id:
            return self.target_page.url_path if self.target_page else ""
        return self.target_url


class UnmappedHit(models.Model):
    """An old address asked for that maps to nothing, with how often. Counted in each process
    and written together (oldurls.hits), at most OLDURLS_UNMAPPED_MAX rows: a flood of made-up
    addresses costs no write per request and cannot grow the table without limit."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("site"))
    host = models.CharField(_("hostname"), max_length=253)
    path = models.CharField(_("old address"), max_length=2000)
    key = models.CharField(max_length=64, unique=True)
    mapping_key = models.CharField(max_length=64, db_index=True)  # an exact mapping's key
    hits = models.PositiveIntegerField(_("requests"), default=0)
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("unmapped old address")
        verbose_name_plural = _("unmapped old addresses")
        ordering = ["-hits", "-last_seen"]
        indexes = [models.Index(fields=["site", "-hits"], name="oldurls_hit_site_hits")]

    def __str__(self):
        return f"{self.host}{self.path}"


def max_unmapped():
    return int(getattr(settings, "OLDURLS_UNMAPPED_MAX", 10000))
