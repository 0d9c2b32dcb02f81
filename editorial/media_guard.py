"""A photo or document shown on a published page changes that page: replacing its file, editing
it or deleting it is refused to whoever may not publish that page (a writer's own upload, an
editor of another category), as an edit of the page itself would be. A file marked public was
published on its own, so only those who may publish change it.

Wagtail has no hook before editing or deleting an image or a document, so this middleware
checks the admin's edit and delete requests for them, finding where each item is used through
Wagtail's reference index; bulk deletion is checked by a `before_bulk_action` hook
(wagtail_hooks.py) on the very objects Wagtail is about to delete."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from core.models import SiteSettings
from downloads.selectors import is_marked_public, may_mark_public

from .admin_denied import permission_denied

# admin view name → (model getter, the URL argument holding the id)
GUARDED_VIEWS = {
    "wagtailimages:edit": (get_image_model, "image_id"),
    "wagtailimages:delete": (get_image_model, "image_id"),
    "wagtailimages:edit_multiple": (get_image_model, "image_id"),
    "wagtailimages:delete_multiple": (get_image_model, "image_id"),
    "wagtaildocs:edit": (get_document_model, "document_id"),
    "wagtaildocs:delete": (get_document_model, "document_id"),
    "wagtaildocs:edit_multiple": (get_document_model, "doc_id"),
    "wagtaildocs:delete_multiple": (get_document_model, "doc_id"),
}


def blocking_uses(obj, user):
    """Where `obj` is used that `user` may not change: live pages they may not publish, and
    other objects (portlets, the agency's logo) whose model they may not edit."""
    if user.is_superuser:
        return []
    page_type = ContentType.objects.get_for_model(Page)
    blocked, page_ids = [], set()
    for reference in ReferenceIndex.get_references_to(obj).select_related("base_content_type"):
        if reference.base_content_type_id == page_type.pk:
            page_ids.add(int(reference.object_id))
        else:
            base = reference.base_content_type
            if not user.has_perm(f"{base.app_label}.change_{base.model}"):
                blocked.append(str(base.name))
    for page in Page.objects.filter(pk__in=page_ids, live=True):
        if not page.permissions_for_user(user).can_publish():
            blocked.append(page.title)
    # the agency's logo, on every page (site settings are not in the reference index)
    if isinstance(obj, get_image_model()) and not user.has_perm("core.change_sitesettings") \
            and SiteSettings.objects.filter(logo=obj).exists():
        blocked.append(str(SiteSettings._meta.verbose_name))
    return blocked


def refusal(obj, user):
    """Why `user` may not change or delete `obj`, or "" when they may."""
    uses = blocking_uses(obj, user)
    if not uses and not may_mark_public(user) and is_marked_public(obj):
        # a file marked public was published by whoever marked it: only a publisher changes it
        return _("“%(item)s” was made a public file by someone who may publish: ask someone "
                 "who may publish to change it.") % {"item": obj.title}
    if not uses:
        return ""
    return _("“%(item)s” is shown on published content you may not change (%(uses)s): ask "
             "someone who may publish it.") % {"item": obj.title,
                                                "uses": ", ".join(f"“{use}”" for use in uses[:3])}


class MediaInUseGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "POST" or match is None or not request.user.is_authenticated:
            return None
        if match.view_name not in GUARDED_VIEWS:
            return None
        get_model, argument = GUARDED_VIEWS[match.view_name]
        objects = get_model().objects.filter(pk=view_kwargs.get(argument))
        for obj in objects:
            message = refusal(obj, request.user)
            if message:
                return permission_denied(request, message)
        return None
