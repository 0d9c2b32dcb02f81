"""Mappings as CSV, columns `Old URL, New URL, Status` (alphagov/transition's shape).

- **Old URL**: absolute (`http://old-host/…`, the host an old hostname of the site, or one of
  the site's own) or a path (any old host of the site). A final `*` makes it a prefix rule:
  every old address under that path.
- **New URL**: a path on the site (`/tin-tuc/…`; a page's address is stored as the page, so
  the mapping follows it when it moves), a full address (on one of this portal's sites, or an
  allowed host: OLDURLS_ALLOWED_TARGET_HOSTS), or empty for 410.
- **Status**: 301 or 410; empty means 301 with a New URL, 410 without.

**Bad rows are refused one by one, each with its line number and reason; the good rows are
written** (in one transaction, after every row was checked). Why not all or nothing: a file of
20,000 rows from an old portal's crawl with three bad rows should not wait for those three;
importing again after fixing them is safe, since a row's old address is its identity (the
same row again changes nothing).

Refused: a malformed address, a bad status, an old host that is not one of the site's, an
off-site target not allowed, a row that repeats an earlier row's old address, a loop (a new
address that leads back to its old address, at once or through another mapping) and a chain
(a new address that is itself an old address mapped elsewhere, in the file or already
stored): the reason names where that one leads, to write it instead. Only new addresses that
are no page of the site can start a chain: a page answers before any mapping."""

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import normalise, services
from .models import OldHost, OldUrl

HEADERS = ["Old URL", "New URL", "Status"]
MAX_ROWS = 200_000


def max_bytes():
    return int(getattr(settings, "OLDURLS_CSV_MAX_MB", 20)) * 1024 * 1024


@dataclass
class Result:
    written: int = 0
    errors: list = field(default_factory=list)  # [(line number, reason)]
    refused_file: str = ""  # a reason the whole file was refused (size, encoding, headers)

    @property
    def ok(self):
        return not self.errors and not self.refused_file


def _site_hosts(site):
    from core.tree import site_rows

    return {row["hostname"] for row in site_rows() if row["pk"] == site.pk}


def _read_rows(data):
    """[(line number, [cells])] of the CSV bytes or text, after the header. Raises ValueError
    with a reason for the whole file."""
    if isinstance(data, bytes):
        if len(data) > max_bytes():
            raise ValueError(_("The file is larger than %(mb)d MB: split it.")
                             % {"mb": max_bytes() // (1024 * 1024)})
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError(_("The file is not UTF-8 text: save it as “CSV UTF-8”.")) from None
    data = data.lstrip("\ufeff")
    if "\x00" in data:
        raise ValueError(_("The file holds a NUL character: it is no CSV text."))
    sample = data[:4096]
    delimiter = ";" if sample.split("\n", 1)[0].count(";") > sample.split("\n", 1)[0].count(",") \
        else ","
    reader = csv.reader(io.StringIO(data, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None or [cell.strip().lower() for cell in header[:3]] != \
                [name.lower() for name in HEADERS]:
            raise ValueError(_("The first line must be the headers: Old URL, New URL, Status."))
        rows = []
        for cells in reader:
            if len(rows) >= MAX_ROWS:
                raise ValueError(_("The file has more than %(max)d rows: split it.")
                                 % {"max": MAX_ROWS})
            rows.append((reader.line_num, cells))
    except csv.Error as error:
        raise ValueError(_("Line %(line)d is not valid CSV: %(error)s")
                         % {"line": reader.line_num, "error": error}) from None
    return rows


def import_csv(site, data):
    """Check every row of `data` (CSV bytes or text) for `site` and write the good ones.
    Returns a `Result` (how many written, the refused rows' line numbers and reasons)."""
    result = Result()
    try:
        rows = _read_rows(data)
    except ValueError as error:
        result.refused_file = str(error)
        return result
    site_hosts = _site_hosts(site)
    hosts = {host.hostname: host for host in OldHost.objects.filter(site=site)}
    parsed = []  # (line, mapping, target normalised path or None)
    seen = {}
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        try:
            parsed.append((line, *_parse(site, cells, site_hosts, hosts, seen, line)))
        except ValidationError as error:
            result.errors.append((line, " ".join(error.messages)))
    _resolve_pages(site, parsed)
    good = _refuse_loops_and_chains(site, parsed, result)
    if good:
        now = timezone.now()
        for mapping in good:
            mapping.updated_at = now
        with transaction.atomic():
            for start in range(0, len(good), services.BATCH):
                batch = good[start:start + services.BATCH]
                OldUrl.objects.bulk_create(batch, update_conflicts=True,
                                           unique_fields=["key", "host_scope"],
                                           update_fields=services.UPDATED_FIELDS + ["note"])
                services.forget(m.key for m in batch if not m.is_prefix)
    result.written = len(good)
    result.errors.sort()
    return result


def _parse(site, cells, site_hosts, hosts, seen, line):
    cells = [cell.strip() for cell in cells] + ["", "", ""]
    old, new, status = cells[0], cells[1], cells[2]
    is_prefix = old.endswith("*")
    old = old[:-1] if is_prefix else old
    try:
        host, _normalised = normalise.normalise(old)
    except normalise.BadUrl:
        raise ValidationError(_("The old address “%(url)s” is not a valid address.")
                              % {"url": old[:200]}) from None
    old_host = None
    if host and host not in site_hosts:
        old_host = hosts.get(host)
        if old_host is None:
            raise ValidationError(_("%(host)s is not an old hostname of this site (add it under "
                                    "Old hostnames first).") % {"host": host})
    if status not in ("", "301", "410"):
        raise ValidationError(_("The status “%(status)s” is neither 301 nor 410.")
                              % {"status": status[:20]})
    status = int(status) if status else (OldUrl.MOVED if new else OldUrl.GONE)
    if status == OldUrl.MOVED and not new:
        raise ValidationError(_("A 301 needs a new address."))
    if status == OldUrl.GONE and new:
        raise ValidationError(_("A 410 has no new address."))
    target_path = None
    if new:
        new_host, new_path, new_query = _split_target(new)
        if not new_host or new_host in site_hosts:  # on this site: maybe a page
            new = new_path + (f"?{new_query}" if new_query else "")
            target_path = new_path if new.startswith("/") else None
    relative_old = old if not host else _path_of(old)
    mapping = services._mapping(site, old_host, relative_old,
                                target_url=new if status == OldUrl.MOVED else "",
                                status=status, is_prefix=is_prefix)
    identity = (mapping.key, mapping.host_scope)
    if identity in seen:
        raise ValidationError(_("The old address repeats line %(line)d.")
                              % {"line": seen[identity]})
    seen[identity] = line
    return mapping, target_path


def _split_target(new):
    try:
        return normalise.split(new)
    except normalise.BadUrl:
        raise ValidationError(_("The new address “%(url)s” is not a valid address.")
                              % {"url": new[:200]}) from None


def _path_of(url):
    _host, path, query = normalise.split(url)
    return path + (f"?{query}" if query else "")


def _resolve_pages(site, parsed):
    """A new address that is a page of the site becomes that page (one query for the file)."""
    from wagtail.models import Page

    root = site.root_page.url_path
    wanted = {}
    for index, (_line, _mapping, path) in enumerate(parsed):
        if path:
            url_path = root + path.strip("/") + "/" if path.strip("/") else root
            wanted.setdefault(url_path, []).append(index)
    if not wanted:
        return
    pages = {page.url_path: page for page in Page.objects.filter(url_path__in=list(wanted))}
    for url_path, indexes in wanted.items():
        page = pages.get(url_path)
        if page is None:
            continue
        for index in indexes:
            line, mapping, _path = parsed[index]
            mapping.target_page, mapping.target_url = page, ""
            parsed[index] = (line, mapping, None)  # a page answers: no chain can start here


def _refuse_loops_and_chains(site, parsed, result):
    """The mappings that neither loop nor chain; the others refused into `result`."""
    from . import selectors

    in_file = {}
    for line, mapping, _path in parsed:
        kind = normalise.PREFIX if mapping.is_prefix else normalise.EXACT
        in_file.setdefault(mapping.key, []).append((line, mapping, kind))
    good = []
    for line, mapping, path in parsed:
        if path is None:
            good.append(mapping)
            continue
        try:
            target = normalise.normalise_path(path)
        except normalise.BadUrl:
            good.append(mapping)
            continue
        keys = normalise.lookup_keys(site.pk, target)
        hit = next(((other_line, other) for key in keys for other_line, other, _kind
                    in in_file.get(key, [])), None)
        if hit is None:
            stored = selectors.best(site.pk, target)
            hit = (None, stored) if stored is not None else None
        if hit is None:
            good.append(mapping)
            continue
        other_line, other = hit
        if other.key == mapping.key or _leads_to(other, mapping):
            reason = _("A loop: the new address leads back to this old address.")
        else:
            where = other.target_url or (other.target_page.url_path if other.target_page_id
                                         and other.target_page else "410")
            reason = _("A chain: the new address is itself an old address (%(place)s) that "
                       "leads to %(target)s. Write that address instead.") % {
                "place": _("line %(line)d") % {"line": other_line} if other_line
                else _("already mapped"), "target": where}
        result.errors.append((line, reason))
    return good


def _leads_to(other, mapping):
    """Whether `other`'s new address is `mapping`'s old address (a two-step loop)."""
    if not other.target_url or not other.target_url.startswith("/"):
        return False
    try:
        back = normalise.normalise(other.target_url)[1]
        return normalise.normalise(mapping.old_url)[1] == back or (
            mapping.is_prefix and back.startswith(mapping.normalised()))
    except normalise.BadUrl:
        return False


def export_csv(site):
    """The site's mappings as CSV text, the columns `import_csv` reads (a round trip gives
    the same mappings)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    root = site.root_page.url_path
    mappings = (OldUrl.objects.filter(site=site).select_related("old_host", "target_page")
                .order_by("old_host__hostname", "old_url"))
    for mapping in mappings.iterator(chunk_size=2000):
        old = (f"http://{mapping.old_host.hostname}" if mapping.old_host_id else "") + \
            mapping.old_url + ("*" if mapping.is_prefix else "")
        if mapping.status == OldUrl.GONE:
            new = ""
        elif mapping.target_page_id and mapping.target_page is not None:
            page = mapping.target_page
            new = ("/" + page.url_path[len(root):]) if page.url_path.startswith(root) else \
                (page.get_full_url() or "")
        else:
            new = mapping.target_url
        writer.writerow([old, new, mapping.status])
    return out.getvalue()
