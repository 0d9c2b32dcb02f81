"""Writes of old addresses: recording a mapping (the importer of old portals calls `record`
for each page it imports, `record_many` for a batch), and checking a new address.

A mapping's row draws no new content generation (core.page_cache): it answers only addresses
no stored page answers (an old host's, answered before any page of the site, and 404s, never
stored). An old host's row does: pages stored under its name before it was known die."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import normalise
from .hits import forget
from .models import TARGET_URL_MAX_LENGTH, OldHost, OldUrl, clean_hostname

BATCH = 1000
UPDATED_FIELDS = ["old_url", "site", "old_host", "is_prefix", "status", "target_page",
                  "target_url", "updated_at"]


def allowed_target_hosts():
    """The hosts a mapping may lead to off this portal (OLDURLS_ALLOWED_TARGET_HOSTS): a name
    (`dichvucong.gov.vn`), or a suffix starting with a dot (`.gov.vn`: any host under it)."""
    return [host.strip().lower() for host in getattr(settings, "OLDURLS_ALLOWED_TARGET_HOSTS", [])
            if host.strip()]


def _is_allowed(host):
    from core.tree import site_rows

    if any(row["hostname"] == host for row in site_rows()):
        return True
    return any(host == allowed or (allowed.startswith(".") and host.endswith(allowed))
               for allowed in allowed_target_hosts())


def check_target_url(value):
    """`value` as a mapping's new address: a path on the site (`/…`, no backslash, no control
    character, not `//…`) or an http(s) address on a site of this portal or an allowed host.
    Raises ValidationError with the reason (Vietnamese)."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) > TARGET_URL_MAX_LENGTH:
        raise ValidationError(_("The new address is longer than %(max)d characters.")
                              % {"max": TARGET_URL_MAX_LENGTH})
    if "\\" in value or re.search(r"[\x00-\x20\x7f]", value):
        raise ValidationError(_("The new address holds a space, a backslash or a control "
                                "character."))
    if value.startswith("/"):
        if value.startswith("//"):
            raise ValidationError(_("An address on this site starts with a single /."))
        return value
    try:
        parts = urlsplit(value)
        host = (parts.hostname or "").lower()
    except ValueError:
        host, parts = "", None
    if parts is None or parts.scheme not in ("http", "https") or not host:
        raise ValidationError(_("The new address is neither a path on this site (/…) nor a "
                                "full http(s) address."))
    if not _is_allowed(host):
        raise ValidationError(_("The host %(host)s is not one this portal may send visitors "
                                "to (OLDURLS_ALLOWED_TARGET_HOSTS).") % {"host": host})
    return value


def old_host_for(site, old_host, create=True):
    """The `OldHost` named by `old_host` (a hostname, an `OldHost`, or None: None), created for
    `site` when missing (`create`; else a ValidationError: the admin's form never makes an old
    hostname, which takes the whole hostname over). Raises ValidationError when it is another
    site's, or no hostname."""
    if old_host is None or old_host == "":
        return None
    if isinstance(old_host, OldHost):
        if old_host.site_id != site.pk:
            raise ValidationError(_("The old hostname %(host)s belongs to another site.")
                                  % {"host": old_host.hostname})
        return old_host
    hostname = clean_hostname(old_host)
    found = OldHost.objects.filter(hostname=hostname).first()
    if found is None and not create:
        raise ValidationError(_("%(host)s is not an old hostname of this site: an old hostname "
                                "is added by a superuser (Liên kết cũ › Tên miền cũ) or by an "
                                "import.") % {"host": hostname})
    if found is None:
        candidate = OldHost(hostname=hostname, site=site)
        candidate.full_clean()
        candidate.save()
        return candidate
    if found.site_id != site.pk:
        raise ValidationError(_("The old hostname %(host)s belongs to another site.")
                              % {"host": hostname})
    return found


def _mapping(site, host, old_url, page=None, target_url="", status=OldUrl.MOVED,
             is_prefix=False, create_hosts=True):
    """An unsaved `OldUrl` with its key, checked. Raises ValidationError. An absolute
    `old_url` on a hostname that is no old hostname yet makes it one (`create_hosts`)."""
    try:
        url_host, _normalised = normalise.normalise(old_url)
    except normalise.BadUrl:
        raise ValidationError(_("The old address is not a valid address (empty, longer than "
                                "%(max)d characters, or holding a control character).")
                              % {"max": normalise.MAX_URL_LENGTH}) from None
    if url_host and host is None:
        host = old_host_for(site, url_host, create=create_hosts)
    elif url_host and url_host != host.hostname:
        raise ValidationError(_("The old address is on %(found)s, not on %(host)s.")
                              % {"found": url_host, "host": host.hostname})
    if status not in (OldUrl.MOVED, OldUrl.GONE):
        raise ValidationError(_("The status must be 301 or 410."))
    if status == OldUrl.GONE:
        page, target_url = None, ""
    else:
        target_url = check_target_url(target_url) if page is None else ""
        if page is None and not target_url:
            raise ValidationError(_("A 301 needs a new page or a new address."))
    split = normalise.split(old_url)
    recorded = split[1] + (f"?{split[2]}" if split[2] else "")  # as written, host apart
    mapping = OldUrl(site=site, old_host=host, host_scope=host.pk if host else 0,
                     old_url=recorded, is_prefix=is_prefix, status=status,
                     target_page=page, target_url=target_url)
    mapping.key = mapping.compute_key()
    return mapping


def record(site, old_host, old_url, page=None, *, target_url="", status=OldUrl.MOVED,
           is_prefix=False):
    """Make `old_url` answer 301 to `page` (or to `target_url`; or 410 with `status=410`) on
    `site`, creating the mapping or updating it: idempotent, calling it again with the same
    arguments changes nothing but `updated_at`.

    `old_host`: the old hostname (text, created for the site when missing, or an `OldHost`),
    or None for any old host of the site (an absolute `old_url` gives its own). `old_url`:
    the old address as the old portal wrote it, path and query (`/index.php?nv=news&op=…`),
    or absolute. Returns the `OldUrl`. Raises ValidationError (a Vietnamese reason) for a bad
    address or target.

    Cost: one upsert (`INSERT … ON CONFLICT DO UPDATE`) and one indexed delete (the address
    leaves the unmapped list), plus one query to find `old_host` when given as text (pass
    the `OldHost` to save it). An editor's note is kept. For many
    addresses at once, `record_many`."""
    host = old_host_for(site, old_host)
    mapping = _mapping(site, host, old_url, page, target_url, status, is_prefix)
    mapping.updated_at = timezone.now()
    OldUrl.objects.bulk_create([mapping], update_conflicts=True,
                               unique_fields=["key", "host_scope"],
                               update_fields=UPDATED_FIELDS)
    if not is_prefix:
        forget([mapping.key])  # no longer an unmapped address
    return mapping


def record_many(site, old_host, items, batch_size=BATCH):
    """`record` for many addresses: `items` yields (old_url, page) pairs (or dicts with the
    keyword arguments of `record`). One upsert per `batch_size` mappings, in one transaction
    each. Returns how many were recorded; raises ValidationError at the first bad one (the
    batches before it stay recorded; calling again with the rest is safe)."""
    host = old_host_for(site, old_host)
    count, batch = 0, {}

    def write():
        with transaction.atomic():
            OldUrl.objects.bulk_create(list(batch.values()), update_conflicts=True,
                                       unique_fields=["key", "host_scope"],
                                       update_fields=UPDATED_FIELDS)
            forget(m.key for m in batch.values() if not m.is_prefix)
        batch.clear()

    now = timezone.now()
    for item in items:
        if isinstance(item, dict):
            mapping = _mapping(site, host, **item)
        else:
            old_url, page = item
            mapping = _mapping(site, host, old_url, page)
        mapping.updated_at = now
        batch[(mapping.key, mapping.host_scope)] = mapping  # the last of duplicates wins
        count += 1
        if len(batch) >= batch_size:
            write()
    if batch:
        write()
    return count
