"""Password-protected pages and document collections: wrong passwords are throttled like sign-ins.

Wagtail's password forms (a PageViewRestriction or CollectionViewRestriction of type password)
accept any number of guesses. These views replace Wagtail's two `authenticate_with_password`
views under the same URLs and names, with Wagtail's form, templates and
`page.serve_password_required_response`, and add two limits on one restriction:

- from one address, PAGE_PASSWORD_FAILURE_LIMIT wrong passwords;
- from any addresses together, PAGE_PASSWORD_RESTRICTION_FAILURE_LIMIT (a guess spread over many
  machines). One address adds at most its own limit to this count.

A failure counts for AXES_COOLOFF_TIME (LOGIN_LOCKOUT_MINUTES) after the last failure of its
address on that restriction. Once a limit is reached, every further attempt, the right password
included, gets the 429 page with Retry-After until the lock ends. Attempts refused that way are
not checked and not counted, so they neither extend the lock nor let one address lock the whole
restriction. A password that opens the restriction forgets that address's failures on it. A GET
still shows the form, and an empty password is not counted as a guess.

The counts live in the database (PasswordFailure), not in the cache: the embedded setup's cache
is per process, and counts must be shared by every app server and survive restarts. Each guess
takes its place in the count before it is checked, in one atomic upsert (the same SQL on SQLite
and PostgreSQL), so guesses sent at the same moment cannot all slip in under a limit. The
address is stored only as a keyed hash (HMAC with the secret key), like the visitor counter's.
"""

import math
import random

from django.conf import settings
from django.db import connection
from django.db.models import IntegerField, Max, Sum, Value
from django.db.models.functions import Least
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction

from visits.middleware import client_address

from .models import PasswordFailure

# About one counted guess in twenty also deletes the rows that no longer count.
CLEANUP_PROBABILITY = 0.05


def address_hash(address):
    """The address as stored: a keyed hash nobody can turn back into the address."""
    return salted_hmac("accounts.page_password", address, algorithm="sha256").hexdigest()


def _cool_off():
    return settings.AXES_COOLOFF_TIME


def _address_limit():
    return max(1, settings.PAGE_PASSWORD_FAILURE_LIMIT)


def _restriction_limit():
    return max(1, settings.PAGE_PASSWORD_RESTRICTION_FAILURE_LIMIT)


def _recent(kind, restriction_id, now):
    return PasswordFailure.objects.filter(kind=kind, restriction_id=restriction_id,
                                          last_failure__gte=now - _cool_off())


def _restriction_totals(kind, restriction_id, now):
    """(failures on the restriction from all addresses, the latest of them), within the
    cool-off. An address counts at most up to its own limit."""
    capped = Least("failures", Value(_address_limit()), output_field=IntegerField())
    totals = _recent(kind, restriction_id, now).aggregate(total=Sum(capped),
                                                          latest=Max("last_failure"))
    return totals["total"] or 0, totals["latest"]


def lock_seconds(kind, restriction_id, address, now):
    """Seconds before this address may try this restriction's password again; 0 if it may
    try now."""
    ends = []
    mine = (_recent(kind, restriction_id, now)
            .filter(address_hash=address, failures__gte=_address_limit())
            .values_list("last_failure", flat=True).first())
    if mine:
        ends.append(mine + _cool_off())
    total, latest = _restriction_totals(kind, restriction_id, now)
    if total >= _restriction_limit():
        # at the latest, when its last failure stops counting (earlier ones may go before)
        ends.append(latest + _cool_off())
    if not ends:
        return 0
    # (a failure recorded by a concurrent request may be a little later than `now`)
    seconds = math.ceil((max(ends) - now).total_seconds())
    return min(max(1, seconds), math.ceil(_cool_off().total_seconds()))


def take_attempt(kind, restriction_id, address, now):
    """Count a guess before it is checked. Returns 0 if it may be checked, else the seconds of
    the lock it ran into (when other guesses reached a limit at the same moment).

    One upsert, never a read-modify-write: a row whose last failure is older than the cool-off
    starts again at 1; a row at the limit goes to limit + 1 and stays there, keeping its time,
    which marks the guess as refused without extending the lock."""
    limit = _address_limit()
    ops = connection.ops
    table = ops.quote_name(PasswordFailure._meta.db_table)
    stamp = ops.adapt_datetimefield_value(now)
    cutoff = ops.adapt_datetimefield_value(now - _cool_off())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (kind, restriction_id, address_hash, failures, last_failure) "
            "VALUES (%s, %s, %s, 1, %s) "
            "ON CONFLICT (kind, restriction_id, address_hash) DO UPDATE SET "
            f"failures = CASE WHEN {table}.last_failure < %s THEN 1 "
            f"WHEN {table}.failures >= %s THEN %s ELSE {table}.failures + 1 END, "
            f"last_failure = CASE WHEN {table}.last_failure < %s OR {table}.failures < %s "
            f"THEN excluded.last_failure ELSE {table}.last_failure END "
            "RETURNING failures",
            [kind, restriction_id, address, stamp, cutoff, limit, limit + 1, cutoff, limit])
        failures = cursor.fetchone()[0]
    if random.random() < CLEANUP_PROBABILITY:
        forget_old(now)
    # This guess is in the restriction's total already: it is checked only if that total does
    # not go over the limit, so concurrent guesses from many addresses can't pass it either.
    if (failures > limit
            or _restriction_totals(kind, restriction_id, now)[0] > _restriction_limit()):
        return (lock_seconds(kind, restriction_id, address, now)
                or math.ceil(_cool_off().total_seconds()))
    return 0


def forget(kind, restriction_id, address):
    """The right password: forget this address's failures on this restriction."""
    PasswordFailure.objects.filter(kind=kind, restriction_id=restriction_id,
                                   address_hash=address).delete()


def forget_old(now):
    """Delete the rows that no longer count (their last failure is older than the cool-off)."""
    return PasswordFailure.objects.filter(last_failure__lt=now - _cool_off()).delete()[0]


def locked_response(request, seconds):
    """The page a locked password form answers with: 429, Retry-After, never cached."""
    minutes = max(1, math.ceil(seconds / 60))
    response = render(request, "accounts/page_password_locked.html", {"minutes": minutes},
                      status=429)
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    return response


def _authenticate(request, kind, restriction, show_form):
    """Wagtail's authenticate_with_password, with the limits checked before the password."""
    if request.method == "POST":
        address = address_hash(client_address(request))
        now = timezone.now()
        seconds = lock_seconds(kind, restriction.pk, address, now)
        if not seconds and request.POST.get("password"):  # an empty password is no guess
            seconds = take_attempt(kind, restriction.pk, address, now)
        if seconds:
            return locked_response(request, seconds)
        form = PasswordViewRestrictionForm(request.POST, instance=restriction)
        if form.is_valid():
            forget(kind, restriction.pk, address)
            return_url = form.cleaned_data["return_url"]
            if not url_has_allowed_host_and_scheme(
                return_url, request.get_host(), request.is_secure()
            ):
                return_url = settings.LOGIN_REDIRECT_URL
            restriction.mark_as_passed(request)
            return redirect(return_url)
    else:
        form = PasswordViewRestrictionForm(instance=restriction)
    return show_form(form)


def page_password(request, page_view_restriction_id, page_id):
    """In place of wagtail.views.authenticate_with_password
    (wagtailcore_authenticate_with_password)."""
    restriction = get_object_or_404(PageViewRestriction, id=page_view_restriction_id)
    page = get_object_or_404(Page, id=page_id).specific
    action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
    return _authenticate(
        request, PasswordFailure.PAGE, restriction,
        lambda form: page.serve_password_required_response(request, form, action_url))


def document_password(request, restriction_id):
    """In place of wagtail.documents.views.serve.authenticate_with_password
    (wagtaildocs_authenticate_with_password)."""
    restriction = get_object_or_404(CollectionViewRestriction, id=restriction_id)
    action_url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.id])
    template = getattr(settings, "WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE",
                       "wagtaildocs/password_required.html")
    return _authenticate(
        request, PasswordFailure.COLLECTION, restriction,
        lambda form: TemplateResponse(request, template,
                                      {"form": form, "action_url": action_url}))
