"""Visit statistics stored in the database: who was seen lately (by a hash that rotates daily,
never an address), visits and page views per day. Every write is one atomic statement."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class RecentVisitor(models.Model):
    """A visitor seen in the last day, known only by a salted hash that changes every day."""

    visitor_hash = models.CharField(max_length=64, primary_key=True)
    last_seen = models.DateTimeField(db_index=True)
    visit_started = models.DateTimeField()
    # the site read (0: not known); the hash of a visitor of a site is salted with it too, so
    # one person reading two sites is a visitor of each
    site_id = models.PositiveIntegerField(default=0)


class DailyCount(models.Model):
    """Visits and page views of one day (Asia/Ho_Chi_Minh)."""

    day = models.DateField(_("day"), primary_key=True)
    visits = models.BigIntegerField(_("visits"), default=0)
    page_views = models.BigIntegerField(_("page views"), default=0)

    class Meta:
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")


class SiteDailyCount(models.Model):
    """Visits and page views of one site on one day: each site's own counter (DailyCount holds
    the whole install's)."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    visits = models.BigIntegerField(default=0)
    page_views = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "day"],
                                               name="one_count_per_site_day")]


class PageViewCount(models.Model):
    """Views of one page on one day: "Lượt xem" and the most-read lists."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    views = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="one_count_per_page_day")]
        indexes = [models.Index(fields=["day", "page"])]


@register_setting(icon="table")
class CounterSettings(BaseGenericSetting):
    """The total carried over from the old portal (122121 on the Hậu Giang portal): the
    default site's (on an install of several sites, the others count from 0)."""

    total_offset = models.BigIntegerField(
        _("visits before this portal"), default=0,
        help_text=_("The old portal's “Đã truy cập” figure, so the total continues from it."))

    class Meta:
        verbose_name = _("counter settings")


class ProxyLogPosition(models.Model):
    """How far the reads a proxy served from its own cache have been counted, in its log on one
    host (`count_proxy_reads`): written in the transaction that adds their counts, so each line
    is counted once, whenever the counting stops."""

    host = models.CharField(max_length=255)
    path = models.CharField(max_length=1000)
    inode = models.BigIntegerField(default=0)
    offset = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["host", "path"], name="one_position_per_log")]
