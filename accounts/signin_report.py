"""*Cài đặt › Đăng nhập*: who is locked out now, with a button to unlock, and the latest
sign-ins and failures, for the people who manage accounts (no shell needed to unlock a
colleague who mistyped their password five times)."""

import ipaddress
import logging

from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessLog
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .lockout import lockout_minutes

logger = logging.getLogger("accounts.unlock")
RECENT = 50


def may_manage_sign_ins(user):
    return user.is_active and (user.is_superuser or user.has_perm("auth.change_user"))


def current_lockouts():
    """(locked usernames, locked addresses): each with its failures and last attempt, within
    the lockout period."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - get_cool_off())
    usernames = (recent.exclude(username=None).values("username")
                 .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
                 .filter(failures__gte=settings.AXES_FAILURE_LIMIT).order_by("-last"))
    addresses = (recent.exclude(ip_address=None).values("ip_address")
                 .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
                 .filter(failures__gte=settings.AXES_ADDRESS_FAILURE_LIMIT).order_by("-last"))
    return list(usernames), list(addresses)


def sign_ins(request):
    if not may_manage_sign_ins(request.user):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        address = request.POST.get("ip_address", "").strip()
        if address and not _is_ip(address):
            messages.error(request, _("“%(address)s” is not an IP address.") % {"address": address})
            status = 400
        elif username:
            reset(username=username)  # through the handler: the audit hears of it
            logger.warning("%s unlocked the account %r", request.user.get_username(), username)
            messages.success(request, _("The account “%(name)s” is unlocked.") % {"name": username})
        elif address:
            reset(ip=address)
            logger.warning("%s unlocked the address %s", request.user.get_username(), address)
            messages.success(request, _("The address %(address)s is unlocked.")
                             % {"address": address})
        if status == 200:
            return redirect("accounts_sign_ins")
    usernames, addresses = current_lockouts()
    return TemplateResponse(request, "accounts/sign_ins.html", {
        "locked_usernames": usernames,
        "locked_addresses": addresses,
        "sign_ins": AccessLog.objects.order_by("-attempt_time")[:RECENT],
        "failures": AccessAttempt.objects.order_by("-attempt_time")[:RECENT],
        "lockout_minutes": lockout_minutes(request),
    }, status=status)


def _is_ip(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
