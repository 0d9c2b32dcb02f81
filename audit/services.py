"""Writes of the audit trail: one event, and the deletion of what is past its retention."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from . import context
from .actions import ACTIONS
from .models import AuditEvent

logger = logging.getLogger("audit")
FROM_CONTEXT = object()


def record(action, *, actor=FROM_CONTEXT, username=None, target="", detail="", data=None,
           request=None, kind=None, timestamp=None):
    """Keep one event. `actor` is the user who acted: by default the one Wagtail's admin names
    for this request (None for a command, the scheduler, a visitor); `username` is kept beside
    it, or stands alone for a name nobody has (a failed sign-in). The address and browser are
    the request's (`request`, else the one being answered), none outside a request."""
    if actor is FROM_CONTEXT:
        actor = context.actor()
    address, user_agent, origin = context.origin(request)
    if username is None:
        username = actor.get_username() if actor is not None else ""
    return AuditEvent.objects.create(
        timestamp=timestamp or timezone.now(), kind=kind or ACTIONS[action][0], action=action,
        user=actor, username=username[:150], address=address, user_agent=user_agent,
        target=str(target)[:255], detail=detail, data={**origin, **(data or {})})


def retention_days():
    return int(getattr(settings, "AUDIT_RETENTION_DAYS", 730))


def prune(now=None):
    """Delete audit events and django-axes' sign-in logs older than AUDIT_RETENTION_DAYS.
    Wagtail's own log (page and snippet history) is content history and is kept: it holds no
    address. Returns {what: rows deleted}."""
    from axes.models import AccessFailureLog, AccessLog

    limit = (now or timezone.now()) - timedelta(days=retention_days())
    counts = {
        "audit": AuditEvent.objects.filter(timestamp__lt=limit).delete()[0],
        "axes_access_log": AccessLog.objects.filter(attempt_time__lt=limit).delete()[0],
        "axes_failure_log": AccessFailureLog.objects.filter(attempt_time__lt=limit).delete()[0],
    }
    if any(counts.values()):
        logger.info("audit rows past the retention period deleted: %s", counts)
    return counts
