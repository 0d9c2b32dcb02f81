"""The visitor's address, as every part of the site that counts per address reads it (the
visitor counter, the sign-in lockout, the rate limits): REMOTE_ADDR, or behind trusted proxies
(VISITS_TRUST_X_FORWARDED_FOR) the entry of X-Forwarded-For that the nearest of them appended.
What a client writes itself into that header is never believed."""

import ipaddress

from django.conf import settings


def client_address(request):
    return address_from(request.META)


def address_from(meta):
    """The visitor's address, from a request's META (a WSGI environment). Behind trusted
    proxies, the one the nearest of them saw: each proxy appends the address it received from,
    so with N proxies it is the N-th entry from the right; anything left of it was written by
    the client and may be made up."""
    if getattr(settings, "VISITS_TRUST_X_FORWARDED_FOR", False):
        entries = [entry.strip() for entry in
                   meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
        proxies = max(1, getattr(settings, "TRUSTED_PROXY_COUNT", 1))
        if entries:
            address = ip_of(entries[-min(proxies, len(entries))])
            if address:
                return address
    return meta.get("REMOTE_ADDR", "")


def ip_of(entry):
    """The IP address in an X-Forwarded-For entry ("1.2.3.4", "1.2.3.4:5555", "[::1]:80"),
    or "" for anything else ("unknown", a made-up name): never stored, never queried."""
    if entry.startswith("["):
        entry = entry[1:].split("]", 1)[0]
    elif entry.count(":") == 1:
        entry = entry.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(entry))
    except ValueError:
        return ""
