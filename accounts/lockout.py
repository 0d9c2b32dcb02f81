"""Lockout after repeated sign-in failures, per account and per address (django-axes).

Axes compares one count with one limit. We want two: a username is locked after
AXES_FAILURE_LIMIT failures whatever addresses they came from (a password guessed from many
machines), and an address after AXES_ADDRESS_FAILURE_LIMIT failures whatever usernames it tried
(one machine guessing many accounts). The address limit is higher because a whole office often
shares one public address. Failures are kept in the database (Axes' default handler), so every
app server sees the same counts.
"""

import math

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.dispatch import Signal
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


# Sent when someone forgets failures on purpose (the Unlock button of the sign-ins page, the
# axes_reset* commands), with `username`, `ip_address` (None: any) and `count`; not after a
# successful sign-in. The audit trail records it.
unlocked = Signal()


def _total(attempts):
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AccountAndAddressHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit per username and another per address."""

    def failure_counts(self, request, credentials=None):
        """(failures for this username from any address, failures from this address for any
        username), within the cool-off period."""
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        by_username = _total(recent.filter(username=username)) if username else 0
        by_address = _total(recent.filter(ip_address=request.axes_ip_address))
        return by_username, by_address

    def get_failures(self, request, credentials=None):
        """The count Axes compares with AXES_FAILURE_LIMIT: the username's failures, raised to
        that limit when the address has reached its own limit."""
        by_username, by_address = self.failure_counts(request, credentials)
        if by_address >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(by_username, get_failure_limit(request, credentials))
        return by_username

    def reset_attempts(self, *, ip_address=None, username=None, ip_or_username=False):
        count = super().reset_attempts(ip_address=ip_address, username=username,
                                       ip_or_username=ip_or_username)
        unlocked.send(sender=type(self), username=username, ip_address=ip_address, count=count)
        return count

    def reset_user_attempts(self, request, credentials=None):
        """After a successful sign-in, forget that account's failures only: the address keeps
        the failures it made on other usernames, or signing in to one's own account between
        guesses would reset the per-address count."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def lockout_minutes(request):
    """Minutes to wait. Every attempt made while locked out is counted again
    (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so the lock ends one cool-off period after
    the attempt that is answered now."""
    cool_off = get_cool_off(request)
    return max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else None


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page that says the sign-in is locked and for how long, in the
    admin's look under the admin path and in the site's layout elsewhere."""
    minutes = lockout_minutes(request)
    in_admin = request.path.startswith(f"/{settings.ADMIN_PATH}")
    template = "accounts/admin_lockout.html" if in_admin else "accounts/lockout.html"
    response = render(request, template, {"minutes": minutes},
                      status=settings.AXES_HTTP_RESPONSE_CODE)
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    add_never_cache_headers(response)
    return response
