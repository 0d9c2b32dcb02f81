"""Who may download the file of a document or the original of a photo.

The rule: a file is **public** when the published content of a live page that anyone may open
uses it, or a portlet that everyone may see and that is placed on such a page, or when someone
who may publish marked it public. Anyone else gets it only if they may see a page or portlet
that uses it (its view restriction lets them in, or they may edit the page: its writer, editor
and approvers, so a reviewer sees the attachment of the draft they approve) or if they work with
it in the admin (a permission on its collection). Everybody else gets a 404, as if it did not
exist. Wagtail's view restrictions on a collection, where an editor set one, decide on their
own: the password or sign-in they ask for is the rule for the files in it.

"Uses" come from Wagtail's reference index, which records what the stored row of each page
holds: the live content of a published page, so a file added in an unpublished draft stays
private until the draft is published. Photo renditions (resized copies under media/images/) are
not covered: they are what pages show, served as plain files for speed. A page type may hold
back the files it refers to in some states (`shows_files()`: a science and technology task's
result files until it is accepted, as its page shows them)."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies.collections import CollectionPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.selectors import any_public
from portlets.models import Portlet, Visibility
from portlets.services import is_placed_publicly

from .models import PublicFile


def is_marked_public(obj):
    return PublicFile.objects.filter(content_type=ContentType.objects.get_for_model(obj),
                                     object_id=obj.pk).exists()


def may_mark_public(user):
    """Marking a file public publishes it: only those who may publish pages, or a superuser."""
    return bool(user and user.is_active and (
        user.is_superuser or PagePermissionPolicy().user_has_permission(user, "publish")))


def _uses(obj):
    """(pages, portlets) whose stored content refers to `obj`."""
    page_ids, portlet_ids = set(), set()
    page_type = ContentType.objects.get_for_model(Page).pk
    portlet_type = ContentType.objects.get_for_model(Portlet).pk
    for base_type, object_id in (ReferenceIndex.get_references_to(obj)
                                 .values_list("base_content_type_id", "object_id")):
        if base_type == page_type:
            page_ids.add(int(object_id))
        elif base_type == portlet_type:
            portlet_ids.add(int(object_id))
    pages = list(Page.objects.filter(pk__in=page_ids)) if page_ids else []
    portlets = list(Portlet.objects.filter(pk__in=portlet_ids).prefetch_related("groups")
                    ) if portlet_ids else []
    return pages, portlets


def _shows_files(page):
    """Whether `page` shows the files it refers to: a page type may hold them back in some
    states (`shows_files()`: a task's result files before its acceptance)."""
    return not hasattr(page.specific_class, "shows_files") or page.specific.shows_files()


def _is_public(obj, pages, portlets):
    if any_public(page.path for page in pages if page.live and _shows_files(page)):
        return True
    if any(p.visibility == Visibility.EVERYONE and is_placed_publicly(p) for p in portlets):
        return True
    return is_marked_public(obj)


def is_public(obj):
    """Whether anyone at all may download `obj`'s file (a collection's view restriction asks a
    password or a sign-in of everyone)."""
    if obj.collection.get_view_restrictions().exists():
        return False
    return _is_public(obj, *_uses(obj))


def _may_see_page(page, request):
    if page.permissions_for_user(request.user).can_edit():
        return True
    return page.live and _shows_files(page) and all(restriction.accept_request(request)
                             for restriction in page.get_view_restrictions())


def _may_see_portlet(portlet, request):
    user = request.user
    if user.is_authenticated and user.has_perm("portlets.change_portlet"):
        return True
    if not portlet.can_view(user):
        return False
    return any(_may_see_page(assignment.page, request)
               for assignment in portlet.assignments.select_related("page"))


def works_with(obj, user):
    """Whether `user` handles `obj` in the admin: any permission on its collection."""
    if not (user.is_authenticated and user.is_active):
        return False
    policy = CollectionPermissionPolicy(type(obj))
    return policy.user_has_any_permission_for_instance(user, ["choose", "change", "delete"], obj)


def access(obj, request):
    """"public" (anyone may download it), "private" (this visitor may, others may not) or None
    (this visitor may not: answer 404)."""
    pages, portlets = _uses(obj)
    if _is_public(obj, pages, portlets):
        return "public"
    if works_with(obj, request.user) \
            or any(_may_see_page(page, request) for page in pages) \
            or any(_may_see_portlet(portlet, request) for portlet in portlets):
        return "private"
    return None
