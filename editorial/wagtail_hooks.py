"""Refusals on the server, not just hidden buttons: publishing without the right (Wagtail
quietly saves a draft when such a user posts "publish"; here that post gets a 403), and the
user-management actions that would let an administrator raise their own rights."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from wagtail import hooks


def _asks_to_publish(request):
    return request.method == "POST" and bool(request.POST.get("action-publish"))


@hooks.register("before_create_page")
def refuse_publishing_a_new_page(request, parent_page, page_class):
    if _asks_to_publish(request) and \
            not parent_page.permissions_for_user(request.user).can_publish_subpage():
        raise PermissionDenied(_("You may not publish: submit the page for approval."))


@hooks.register("before_edit_page")
def refuse_publishing_a_page(request, page):
    if _asks_to_publish(request) and not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied(_("You may not publish: submit the page for approval."))


# Quản trị manages users, within limits: nobody but a superuser makes, edits or deletes a
# superuser, and nobody edits their own account here (its roles included): roles are given by
# someone else, so an administrator cannot make themselves a leader who publishes.

def _refuse_superuser_changes(request, user=None):
    if request.user.is_superuser:
        return
    if user is not None and user.is_superuser:
        raise PermissionDenied(_("Only a superuser may change a superuser's account."))
    if user is not None and user.pk == request.user.pk:
        raise PermissionDenied(_("Your own roles are given by another administrator; change "
                                 "your name, e-mail or password under “Account”."))
    if request.method == "POST" and request.POST.get("is_superuser"):
        raise PermissionDenied(_("Only a superuser may make a superuser."))


@hooks.register("before_create_user")
def refuse_creating_a_superuser(request):
    _refuse_superuser_changes(request)


@hooks.register("before_edit_user")
def refuse_editing_a_superuser_or_oneself(request, user):
    _refuse_superuser_changes(request, user)


@hooks.register("before_delete_user")
def refuse_deleting_a_superuser_or_oneself(request, user):
    _refuse_superuser_changes(request, user)


@hooks.register("before_bulk_action")
def refuse_bulk_changes_to_superusers(request, action_type, objects, action):
    from django.contrib.auth import get_user_model

    if getattr(action, "model", None) is get_user_model():
        for user in objects:
            _refuse_superuser_changes(request, user)
