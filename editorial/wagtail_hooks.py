"""Publishing is refused on the server, not just hidden: Wagtail quietly saves a draft when a
user without the right posts "publish"; here that post gets a 403."""

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
