"""Refusals on the server, not just hidden buttons: publishing without the right (Wagtail
quietly saves a draft when such a user posts "publish"; here that post gets a 403), and the
user-management actions that would let an administrator raise their own rights."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail import hooks


def _refuse_publishing(request, may_publish):
    """403 for a post of "publish" by someone who may not (`may_publish` is asked only then)."""
    if request.method == "POST" and request.POST.get("action-publish") and not may_publish():
        raise PermissionDenied(_("You may not publish: submit the page for approval."))


@hooks.register("before_create_page")
def refuse_publishing_a_new_page(request, parent_page, page_class):
    _refuse_publishing(request,
                       parent_page.permissions_for_user(request.user).can_publish_subpage)


@hooks.register("before_edit_page")
def refuse_publishing_a_page(request, page):
    _refuse_publishing(request, page.permissions_for_user(request.user).can_publish)


# Quản trị manages accounts, within limits, so that taking over an administrator's account does
# not give the power to publish: only a superuser creates, edits or deletes an account that may
# publish or administer (a leader's, another administrator's, a superuser's), gives those roles,
# or touches their own account here (their name, e-mail and password are under "Account").

def privileged_group_ids():
    """Groups whose members may publish pages or manage accounts."""
    return set(Group.objects.filter(
        Q(page_permissions__permission__codename="publish_page")
        | Q(permissions__codename__in=["change_user", "add_user", "delete_user"])
    ).values_list("pk", flat=True))


def _is_privileged(user, privileged):
    return user.is_superuser or user.groups.filter(pk__in=privileged).exists()


def _posted_groups(request):
    """The groups a post gives: the user forms' "groups", the bulk action's "role"."""
    values = request.POST.getlist("groups") + request.POST.getlist("role")
    return {int(value) for value in values if value.strip().isdigit()}


def _refuse_account_changes(request, user=None, privileged=None):
    if request.user.is_superuser:
        return
    if privileged is None:
        privileged = privileged_group_ids()
    if user is not None and user.pk == request.user.pk:
        raise PermissionDenied(_("Your own roles are given by another administrator; change "
                                 "your name, e-mail or password under “Account”."))
    if user is not None and _is_privileged(user, privileged):
        raise PermissionDenied(_("Only a superuser may change the account of someone who may "
                                 "publish or manage accounts."))
    if request.method == "POST" and (request.POST.get("is_superuser")
                                     or _posted_groups(request) & privileged):
        raise PermissionDenied(_("Only a superuser may give the right to publish or to manage "
                                 "accounts."))


@hooks.register("before_create_user")
def refuse_creating_a_privileged_account(request):
    _refuse_account_changes(request)


@hooks.register("before_edit_user")
def refuse_editing_a_privileged_account_or_oneself(request, user):
    _refuse_account_changes(request, user)


@hooks.register("before_delete_user")
def refuse_deleting_a_privileged_account_or_oneself(request, user):
    _refuse_account_changes(request, user)


@hooks.register("before_bulk_action")
def refuse_bulk_changes_to_privileged_accounts(request, action_type, objects, action):
    from django.contrib.auth import get_user_model

    if getattr(action, "model", None) is not get_user_model() or request.user.is_superuser:
        return
    privileged = privileged_group_ids()
    _refuse_account_changes(request, privileged=privileged)  # the role it gives
    for user in objects:
        _refuse_account_changes(request, user, privileged)


@hooks.register("before_bulk_action")
def refuse_bulk_changes_to_media_in_use(request, action_type, objects, action):
    """Every bulk action on photos and documents (delete, move to a collection, which may
    remove or add a password, add tags) is refused where editing one of them would be."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from .media_guard import refusal

    if getattr(action, "model", None) not in (get_image_model(), get_document_model()):
        return
    for obj in objects:
        message = refusal(obj, request.user)
        if message:
            raise PermissionDenied(message)
