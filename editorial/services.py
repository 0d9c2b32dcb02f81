"""Writes of the editorial app: granting a role's rights to a group, the groups of a news
category, and one run of the scheduler.

`grant_role` takes its models as arguments so the migration that creates the role groups can
pass its historical models (permissions do not exist yet when migrations run on a new database:
they are created here as Django would create them later)."""

import logging
from types import SimpleNamespace

from django.core.management import call_command
from django.db import transaction

from .roles import ROLES, ROLES_BY_KEY, category_group_name

logger = logging.getLogger(__name__)


def live_models():
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    return SimpleNamespace(Group=Group, Permission=Permission, ContentType=ContentType,
                           Collection=Collection, GroupPagePermission=GroupPagePermission,
                           GroupCollectionPermission=GroupCollectionPermission)


def _permission(models, app_label, codename, model_name):
    content_type, _ = models.ContentType.objects.get_or_create(app_label=app_label,
                                                               model=model_name)
    action = codename.split("_", 1)[0]
    permission, _ = models.Permission.objects.get_or_create(
        content_type=content_type, codename=codename,
        defaults={"name": f"Can {action} {model_name}"})
    return permission


def _model_of(app_label, codename):
    if (app_label, codename) == ("wagtailadmin", "access_admin"):
        return "admin"
    return codename.split("_", 1)[1]


def grant_role(group, role, page, models=None):
    """Give `group` everything `role` may do, its page rights on `page` (the whole site when it
    is the tree's root) and nothing else it did not have."""
    models = models or live_models()
    for dotted in role.model:
        app_label, codename = dotted.split(".")
        group.permissions.add(_permission(models, app_label, codename,
                                          _model_of(app_label, codename)))
    root_collection = models.Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for codename in role.collection:
            app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
            models.GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection,
                permission=_permission(models, app_label, codename, codename.split("_", 1)[1]))
    for action in role.page:
        models.GroupPagePermission.objects.get_or_create(
            group=group, page=page,
            permission=_permission(models, "wagtailcore", f"{action}_page", "page"))


def ensure_category_groups(category):
    """The per-category groups of `category` (one per role that has them), named after it.
    Idempotent: called on every save of a category, it only renames when the title changed."""
    from .models import CategoryGroup

    existing = {link.role: link for link in
                CategoryGroup.objects.filter(category=category).select_related("group")}
    models = live_models()
    for role in ROLES:
        if not role.per_category:
            continue
        name = category_group_name(role, category.title)
        link = existing.get(role.key)
        if link is None:
            with transaction.atomic():
                group = models.Group.objects.filter(name=name).first() or \
                    models.Group.objects.create(name=name)
                grant_role(group, role, category, models)
                CategoryGroup.objects.create(category=category, role=role.key, group=group)
        elif link.group.name != name and not models.Group.objects.filter(name=name).exists():
            link.group.name = name
            link.group.save(update_fields=["name"])


def remove_category_groups(category):
    """A deleted category takes its groups along (their members keep their other groups)."""
    from .models import CategoryGroup

    group_ids = list(CategoryGroup.objects.filter(category=category)
                     .values_list("group_id", flat=True))
    live_models().Group.objects.filter(pk__in=group_ids).delete()


def role_group(role_key):
    return live_models().Group.objects.get(name=ROLES_BY_KEY[role_key].name)


def publish_due_pages():
    """One run of the scheduler: Wagtail's own `publish_scheduled` publishes the revisions whose
    go-live time has come and unpublishes the pages whose expiry has passed (sending the same
    signals as an editor's click, so the search index, the lists and the portlets follow)."""
    call_command("publish_scheduled", verbosity=0)
