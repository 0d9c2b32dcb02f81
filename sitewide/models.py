"""What every public page carries besides its content (Nghị định 42/2022 and the circulars on
portal layout): the national EMC measurement tag, the planned-maintenance banner, and the
accessibility page that lists the access keys."""

import re
from datetime import datetime, time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from core.blocks import BodyBlock
from core.models import KeptSiteSettingMixin, NFCModelMixin
from pages.models import TextPage

from .workdays import working_days_before, working_days_between

# the hosts the EMC tag may be loaded from when the EMC_SCRIPT_HOSTS setting says nothing:
# "emc.gov.vn" itself, and (the leading dot) any host below it
DEFAULT_EMC_SCRIPT_HOSTS = ("emc.gov.vn", ".emc.gov.vn")
# an https address written without quotes, spaces, angle brackets or backslashes
SAFE_HTTPS_URL = re.compile(r"https://[a-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~!$&()*+,;=:@%/-]*)?"
                            r"(\?[A-Za-z0-9._~!$&()*+,;=:@%/?-]*)?", re.I)
NOTICE_WORKING_DAYS = 7  # the notice a planned maintenance gives by default


def emc_script_hosts():
    return tuple(getattr(settings, "EMC_SCRIPT_HOSTS", DEFAULT_EMC_SCRIPT_HOSTS))


def host_is_allowed(host):
    host = (host or "").lower()
    return bool(host) and any(host.endswith(entry.lower()) if entry.startswith(".")
                              else host == entry.lower() for entry in emc_script_hosts())


def validate_emc_script_url(value):
    """An https address of a script on an EMC host (EMC_SCRIPT_HOSTS), nothing else: the tag is
    written by the site's template, never pasted as HTML."""
    if not value.lower().startswith("https://"):
        raise ValidationError(_("The address must start with https://."), code="scheme")
    if not SAFE_HTTPS_URL.fullmatch(value):
        raise ValidationError(_("The address may not contain spaces, quotes or angle "
                                "brackets."), code="characters")
    host = urlsplit(value).hostname
    if not host_is_allowed(host):
        raise ValidationError(
            _("The script must come from an EMC address (%(hosts)s), not from %(host)s."),
            params={"hosts": ", ".join(emc_script_hosts()), "host": host}, code="host")


@register_setting(icon="code")
class TrackingSettings(KeptSiteSettingMixin, BaseSiteSetting):
    """The national measurement system's tag (EMC, Hệ thống đo lường và giám sát dịch vụ
    Chính phủ số): the address of its script and the site's number, from which the template
    writes `<script src="…" async>`. Empty: no tag."""

    emc_script_url = models.CharField(
        _("EMC script address"), max_length=500, blank=True,
        validators=[validate_emc_script_url],
        help_text=_("The https address of the tracking script EMC gave the site "
                    "(not the HTML code: only the address in its src)."))
    emc_site_id = models.CharField(
        _("EMC site ID"), max_length=64, blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9_-]+$",
                                   _("Only letters, digits, - and _ are allowed."))],
        help_text=_("Only if EMC gave one apart from the address; it is written as the tag's "
                    "data-site-id."))

    panels = [MultiFieldPanel([FieldPanel("emc_script_url"), FieldPanel("emc_site_id")],
                              heading=_("National measurement (EMC)"))]

    class Meta:
        verbose_name = _("measurement settings (EMC)")

    @property
    def emc_origin(self):
        """"https://host[:port]" of the script, for the Content-Security-Policy; "" when unset."""
        if not self.emc_script_url:
            return ""
        parts = urlsplit(self.emc_script_url)
        return f"https://{parts.netloc.lower()}"


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class MaintenanceNotice(NFCModelMixin, models.Model):
    """A planned maintenance of the site: a banner at the top of every public page from the
    day `show_from` (by default NOTICE_WORKING_DAYS working days before the start) until the
    maintenance ends."""

    starts_at = models.DateTimeField(_("maintenance starts"))
    ends_at = models.DateTimeField(_("maintenance ends"))
    message = models.TextField(
        _("message"), max_length=1000,
        help_text=_("What visitors read, e.g. which services will not be available."))
    show_from = models.DateField(
        _("show the banner from"), blank=True,
        help_text=_("Left empty: 7 working days before the start (Monday to Friday, public "
                    "holidays excepted)."))
    short_notice_confirmed = models.BooleanField(
        _("shorter notice confirmed"), default=False,
        help_text=_("Tick to publish a banner shown fewer than 7 working days before the "
                    "start (an urgent maintenance)."))

    panels = [FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("message"),
              FieldPanel("show_from"), FieldPanel("short_notice_confirmed")]

    class Meta:
        verbose_name = _("planned maintenance")
        verbose_name_plural = _("planned maintenance")
        ordering = ["-starts_at"]

    def __str__(self):
        start = timezone.localtime(self.starts_at) if self.starts_at else None
        return _("Maintenance of %(start)s") % {
            "start": start.strftime("%d/%m/%Y %H:%M") if start else "…"}

    @property
    def shows_at(self):
        """The moment the banner appears: the local midnight of `show_from`."""
        return local_midnight(self.show_from)

    def notice_days(self, today=None):
        """How many working days ahead of the start visitors are told: from `show_from`, or
        from today when that is later (a notice written after its day has come)."""
        today = today or timezone.localdate()
        return working_days_between(max(self.show_from, today),
                                    timezone.localdate(self.starts_at))

    def clean(self):
        super().clean()
        if not (self.starts_at and self.ends_at):
            return
        if self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The maintenance must end after it starts.")})
        start_day = timezone.localdate(self.starts_at)
        if self.show_from is None:
            self.show_from = working_days_before(start_day, NOTICE_WORKING_DAYS)
        if self.show_from > start_day:
            raise ValidationError({"show_from": _(
                "The banner must be shown on the day the maintenance starts at the latest.")})
        days = self.notice_days()
        if days < NOTICE_WORKING_DAYS and not self.short_notice_confirmed and \
                self._notice_changed():
            raise ValidationError({"show_from": _(
                "Visitors would be told only %(days)s working days ahead, fewer than "
                "%(required)s. Choose an earlier date, or tick “shorter notice confirmed”.")
                % {"days": days, "required": NOTICE_WORKING_DAYS}})

    def _notice_changed(self):
        """Whether the notice is new or its start or first day changed: a notice already
        given is not refused later for the days that have passed since."""
        if self.pk is None:
            return True
        old = type(self).objects.filter(pk=self.pk).values("starts_at", "show_from").first()
        return old is None or (old["starts_at"], old["show_from"]) != \
            (self.starts_at, self.show_from)

    def save(self, *args, **kwargs):
        if self.show_from is None and self.starts_at:
            self.show_from = working_days_before(timezone.localdate(self.starts_at),
                                                 NOTICE_WORKING_DAYS)
        super().save(*args, **kwargs)


class AccessibilityPage(TextPage):
    """Hỗ trợ tiếp cận: how to enlarge the text and switch to high contrast, the access keys
    (listed from sitewide.access_keys, as the pages write them) and the site's accessibility
    statement."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("accessibility statement"))
    template = "sitewide/accessibility_page.html"

    class Meta:
        verbose_name = _("accessibility page")
        verbose_name_plural = _("accessibility pages")

    def get_context(self, request, *args, **kwargs):
        from .access_keys import ACCESS_KEYS, BROWSER_SHORTCUTS

        context = super().get_context(request, *args, **kwargs)
        context["access_keys"] = ACCESS_KEYS
        context["browser_shortcuts"] = [
            (browser, [(item, pattern.format(key=item.key.upper())) for item in ACCESS_KEYS])
            for browser, pattern in BROWSER_SHORTCUTS]
        return context
