"""What the audit records: its own actions (what Wagtail's log and django-axes do not record
with an address, or at all) and the Wagtail log actions it copies, each with its kind.

Labels are looked up when shown, in the reader's language: ours here, Wagtail's from its log
action registry."""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import registry as wagtail_actions

from .models import AuditEvent

Kind = AuditEvent.Kind

# code → (kind, label)
ACTIONS = {
    "audit.sign_in": (Kind.SIGN_IN, _("Sign-in succeeded")),
    "audit.sign_in_failed": (Kind.SIGN_IN_FAILED, _("Sign-in refused")),
    "audit.sign_out": (Kind.SIGN_OUT, _("Sign-out")),
    "audit.lockout": (Kind.LOCKOUT, _("Locked out after repeated failures")),
    "audit.unlock": (Kind.UNLOCK, _("Sign-in unlocked")),
    "audit.user_created": (Kind.ACCOUNT, _("Account created")),
    "audit.user_deleted": (Kind.ACCOUNT, _("Account deleted")),
    "audit.user_activated": (Kind.ACCOUNT, _("Account activated")),
    "audit.user_deactivated": (Kind.ACCOUNT, _("Account deactivated")),
    "audit.password_changed": (Kind.ACCOUNT, _("Password changed")),
    "audit.group_joined": (Kind.ROLE, _("Added to a group")),
    "audit.group_left": (Kind.ROLE, _("Removed from a group")),
    "audit.superuser_granted": (Kind.ROLE, _("Made a superuser")),
    "audit.superuser_revoked": (Kind.ROLE, _("No longer a superuser")),
    "audit.staff_granted": (Kind.ROLE, _("Given staff status")),
    "audit.staff_revoked": (Kind.ROLE, _("Staff status taken away")),
    "audit.group_created": (Kind.ROLE, _("Group created")),
    "audit.group_deleted": (Kind.ROLE, _("Group deleted")),
    "audit.permission_granted": (Kind.PERMISSION, _("Permission given")),
    "audit.permission_revoked": (Kind.PERMISSION, _("Permission taken away")),
    "audit.two_factor_on": (Kind.TWO_FACTOR, _("Two-step verification turned on")),
    "audit.two_factor_off": (Kind.TWO_FACTOR, _("Two-step verification turned off")),
    "audit.settings_changed": (Kind.SETTINGS, _("Settings changed")),
}

# Wagtail log actions copied into the audit (with the address Wagtail does not keep), by kind.
# Edits, workflow steps and comments stay in Wagtail's page history only; users', groups' and
# settings' own edits are recorded in more detail by audit.receivers.
MIRRORED = {
    "wagtail.publish": Kind.PUBLISH,
    "wagtail.publish.scheduled": Kind.PUBLISH,
    "lifecycle.undo": Kind.PUBLISH,
    "wagtail.unpublish": Kind.UNPUBLISH,
    "wagtail.unpublish.scheduled": Kind.UNPUBLISH,
    "lifecycle.withdrawn": Kind.UNPUBLISH,
    "lifecycle.gone": Kind.UNPUBLISH,
    "lifecycle.redirect": Kind.UNPUBLISH,
    "wagtail.delete": Kind.DELETE,
    "wagtail.view_restriction.create": Kind.PERMISSION,
    "wagtail.view_restriction.edit": Kind.PERMISSION,
    "wagtail.view_restriction.delete": Kind.PERMISSION,
    "wagtail.apitoken.create": Kind.PERMISSION,
    "wagtail.apitoken.revoke": Kind.PERMISSION,
}


def label(action):
    if action in ACTIONS:
        return ACTIONS[action][1]
    if wagtail_actions.action_exists(action):
        return wagtail_actions.get_action_label(action)
    return action
