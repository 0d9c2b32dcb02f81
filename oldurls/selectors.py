"""Reads of old addresses: which mapping answers an old address (one indexed query whatever
the number of mappings), and the absolute address it leads to."""

from django.conf import settings
from django.http.request import split_domain_port

from core.page_cache import kept

from . import normalise
from .models import OldHost, OldUrl


def _old_hosts():
    return {hostname: (pk, site_id) for pk, hostname, site_id in
            OldHost.objects.values_list("pk", "hostname", "site_id")}


def old_hosts():
    """{hostname: (old host id, site id)}, kept per content generation (an old host's change
    draws a new one: core.page_cache)."""
    return kept(("oldurls-hosts",), _old_hosts)


def old_host_of(hostname):
    """(old host id, site id) of a request's hostname, or None."""
    return old_hosts().get((hostname or "").lower().rstrip("."))


def request_hostname(request):
    return split_domain_port(request._get_raw_host())[0].lower()


def best(site_id, normalised, host_id=None):
    """The mapping of the site `site_id` that answers the normalised address, or None: the
    exact one before any prefix, a longer prefix before a shorter; with `host_id` (a request
    on that old host), that host's mappings and the site's host-less ones, the host's first;
    without, any of the site's (a request on the site's own host). One query, on the indexed
    hash, with the address's prefixes computed from its segments."""
    keys = normalise.lookup_keys(site_id, normalised)
    found = OldUrl.objects.filter(key__in=list(keys)).select_related("target_page").order_by()
    if host_id is not None:
        found = found.filter(host_scope__in=[host_id, 0])
    found = list(found)
    if not found:
        return None
    order = {value: rank for rank, value in enumerate(keys)}  # exact, then longest prefix

    def rank(mapping):
        return (order[mapping.key], mapping.host_scope != host_id, mapping.host_scope == 0,
                mapping.pk)
    return min(found, key=rank)


def find(old_host, old_url, site=None):
    """The mapping (an `OldUrl`) that answers `old_url`, or None.

    `old_host` is the old hostname it was asked on (text, an `OldHost`, or None); an absolute
    `old_url` (`http://host/…`) gives its own. On an old host the host's mappings and its
    site's host-less ones are searched; without an old host, every mapping of `site` (a
    `Site`, or its id) as a request on the site's own address would. Exact mappings first,
    then the longest prefix. One query (the old hosts are kept per content generation);
    `None` for an address that cannot be an old one (too long, a control character)."""
    try:
        host, normalised = normalise.normalise(old_url)
    except normalise.BadUrl:
        return None
    if isinstance(old_host, OldHost):
        old_host = old_host.hostname
    found = old_host_of(host or old_host or "")
    if found is not None:
        return best(found[1], normalised, found[0])
    site_id = getattr(site, "pk", site)
    if site_id is None:
        return None
    return best(site_id, normalised)


def _site_root_url(site_id, request=None):
    from core.tree import site_rows

    for row in site_rows():
        if row["pk"] == site_id:
            port = int(row["port"] or 80)
            scheme = "https" if port == 443 else "http"
            return f"{scheme}://{row['hostname']}" + ("" if port in (80, 443) else f":{port}")
    return None


def secure(url, request=None):
    """`url` with https when the portal is served over HTTPS (production: SECURE_SSL_REDIRECT,
    or the request came over HTTPS): an old link's redirect must not lead through plain HTTP."""
    wants_https = getattr(settings, "SECURE_SSL_REDIRECT", False) or (
        request is not None and request.is_secure())
    if wants_https and url.startswith("http://"):
        url = "https://" + url[len("http://"):]
        host, _colon, rest = url[len("https://"):].partition("/")
        if host.endswith(":80"):
            url = "https://" + host[:-3] + "/" + rest
    return url


def target_of(mapping, request=None):
    """The absolute address a 301 mapping leads to, or None when it has none any more (its page
    was deleted, or is under no site). A page's address is where the page is now, published or
    not: the site answers there (the page, its 410 once removed, its redirect)."""
    if mapping.target_page_id and mapping.target_page is not None:
        parts = mapping.target_page.get_url_parts(request)
        if parts is None:
            return None
        _site_id, root_url, path = parts
        return secure(root_url + path, request)
    url = mapping.target_url
    if not url:
        return None
    if url.startswith("/"):
        root = _site_root_url(mapping.site_id)
        return None if root is None else secure(root + url, request)
    return url


def home_url(site_id, request=None):
    """The absolute address of a site's home page."""
    root = _site_root_url(site_id)
    return secure(root + "/", request) if root else "/"
