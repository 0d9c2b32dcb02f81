"""Where the action being recorded comes from: the request being answered in this thread (its
client address, browser and, in the admin, the signed-in user Wagtail's LogContext names), or
the server's own process (a manage.py command, the scheduler).

The request is noted when Django starts answering it (the `request_started` signal, which a WSGI
server sends with its environment) and forgotten when it finishes: nothing is read, computed or
queried for a request that records nothing, such as a public page view."""

import sys

from asgiref.local import Local
from django.core.signals import request_finished, request_started
from django.dispatch import receiver
from wagtail.log_actions import get_active_log_context

from core.addresses import address_from

_current = Local()


@receiver(request_started, dispatch_uid="audit.request_started")
def _started(sender, environ=None, **kwargs):
    _current.environ = environ
    _current.cancellable = {}


@receiver(request_finished, dispatch_uid="audit.request_finished")
def _finished(sender, **kwargs):
    _current.environ = None
    _current.cancellable = {}


def environ():
    return getattr(_current, "environ", None)


def cancellable():
    """Events of this request that a later change may undo (a right removed, then given back
    by the same form): key → event id. Outside a request nothing is undone."""
    if environ() is None:
        return {}
    return _current.cancellable


def actor():
    """The user Wagtail's admin names as the one acting (its LogContext), or None."""
    user = get_active_log_context().user
    return user if user is not None and user.is_authenticated else None


def origin(request=None):
    """(address, browser, data) of the action: the request's client address as the visitor
    counter and the sign-in lockout read it (X-Forwarded-For from trusted proxies only), or,
    outside a request, no address and the command that ran."""
    meta = request.META if request is not None else environ()
    if meta is None:
        return None, "", {"command": command_name()}
    address = address_from(meta) or None
    return address, meta.get("HTTP_USER_AGENT", "")[:255], {}


def command_name():
    """"manage.py axes_reset_username" and the like, or the program's name."""
    argv = sys.argv or [""]
    program = argv[0].rsplit("/", 1)[-1]
    if program in {"manage.py", "django-admin"} and len(argv) > 1:
        return f"{program} {argv[1]}"
    return program
