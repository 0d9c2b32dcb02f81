from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .panels import GrantsRecorder


@hooks.register("register_admin_urls")
def audit_urls():
    return [
        path("nhat-ky/", views.AuditReportView.as_view(), name="audit_report"),
        path("nhat-ky/results/", views.AuditReportView.as_view(results_only=True),
             name="audit_report_results"),
    ]


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_view(request.user)


@hooks.register("register_reports_menu_item")
def audit_menu_item():
    return AuditMenuItem(_("Audit trail"), reverse("audit_report"), name="audit-trail",
                         icon_name="history", order=1100)


@hooks.register("register_group_permission_panel", order=1000)
def grants_recorder():
    """Last of the group form's panels, so that it sees what the others added."""
    return GrantsRecorder


@hooks.register("before_bulk_action")
def active_states_before(request, action_type, objects, action):
    """Wagtail's "Set active state" bulk action changes accounts with `QuerySet.update`, which
    sends no save signal: note their states before it runs…"""
    if action_type == "set_active_state":
        request._audit_active = {user.pk: user.is_active for user in objects}


@hooks.register("after_bulk_action")
def active_states_after(request, action_type, objects, action):
    """…and record each account whose state it changed."""
    from django.contrib.auth import get_user_model

    from .services import record

    before = getattr(request, "_audit_active", None)
    if action_type != "set_active_state" or not before:
        return
    for user in get_user_model().objects.filter(pk__in=before):
        if user.is_active != before[user.pk]:
            record("audit.user_activated" if user.is_active else "audit.user_deactivated",
                   target=user.get_username(), request=request)
