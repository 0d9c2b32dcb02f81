"""Writes of the editorial app: granting a role's rights to a group, the groups of a news
category, and one run of the scheduler.

`grant_role` takes its models as arguments so the migration that creates the role groups can
pass its historical models (permissions do not exist yet when migrations run on a new database:
they are created here as Django would create them later)."""

import logging
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone

from wagtail import hooks

from .roles import PER_SITE, ROLES, ROLES_BY_KEY, category_group_name

logger = logging.getLogger(__name__)


def live_models():
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import (Collection, GroupCollectionPermission, GroupPagePermission,
                                GroupSitePermission)

    return SimpleNamespace(Group=Group, Permission=Permission, ContentType=ContentType,
                           Collection=Collection, GroupPagePermission=GroupPagePermission,
                           GroupCollectionPermission=GroupCollectionPermission,
                           GroupSitePermission=GroupSitePermission)


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


def grant_role(group, role, page, models=None, collection=None, site=None, category=False):
    """Give `group` everything `role` may do, its page rights on `page` (the whole site when it
    is the tree's root; a list: on each), its media rights on `collection` (the root collection
    when None) and nothing else it did not have. With `site` (a site's own group, on an install
    of several sites), the rights `PER_SITE` names are held on that site only. A `category`
    group (one section's) gets none of the role's `whole_site` rights, and loses any it had."""
    models = models or live_models()
    for dotted in role.model + role.whole_site:
        app_label, codename = dotted.split(".")
        permission = _permission(models, app_label, codename, _model_of(app_label, codename))
        if category and dotted in role.whole_site:
            group.permissions.remove(permission)
            if hasattr(models, "GroupSitePermission"):  # (not in the first migration's models)
                models.GroupSitePermission.objects.filter(group=group,
                                                          permission=permission).delete()
        elif site is not None and dotted in PER_SITE:
            models.GroupSitePermission.objects.get_or_create(group=group, site=site,
                                                             permission=permission)
            group.permissions.remove(permission)
        else:
            group.permissions.add(permission)
    if collection is None:
        collection = models.Collection.objects.filter(depth=1).first()
    if collection is not None:
        for codename in role.collection:
            app_label = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
            models.GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection,
                permission=_permission(models, app_label, codename, codename.split("_", 1)[1]))
    for each in (page if isinstance(page, (list, tuple)) else [page]):
        for action in role.page:
            models.GroupPagePermission.objects.get_or_create(
                group=group, page=each,
                permission=_permission(models, "wagtailcore", f"{action}_page", "page"))


def media_collection_for(page):
    """The collection whose photos and documents the groups of the section `page` get rights
    on: the one a "media_collection_for_page" hook names (multisite: the collection of the
    page's site), else the root collection (None)."""
    for hook in hooks.get_hooks("media_collection_for_page"):
        found = hook(page)
        if found is not None:
            return found
    return None


def regrant_role_group(group, role, root, models=None):
    """What the roles table says `role` may do, given again to its group where the group holds
    its rights now (a site's groups: on its home pages, its collection and its site; rights
    added to a role reach existing groups), on the whole tree for a group that holds none."""
    from wagtail.models import Collection, Page, Site

    models = models or live_models()
    pages = list(Page.objects.filter(group_permissions__group=group).distinct()) or [root]
    collections = list(Collection.objects.filter(group_permissions__group=group).distinct())
    sites = list(Site.objects.filter(group_permissions__group=group).distinct()) or [None]
    for index, collection in enumerate(collections or [None]):
        for site in sites:
            grant_role(group, role, pages if index == 0 else [], models, collection, site)


def ensure_category_groups(category):
    """The per-category groups of `category` (one per role that has them), named after it.
    Idempotent: called when a category is created and published, it only renames when the
    title changed."""
    from .models import CategoryGroup

    models = live_models()
    source = _translation_source(category)
    if source is not None:
        # a translation (the English "About us") is kept by the groups of its Vietnamese page:
        # they get their rights on it, and no second set of groups is made
        for link in CategoryGroup.objects.filter(category=source).select_related("group"):
            grant_role(link.group, ROLES_BY_KEY[link.role], category, models,
                       collection=media_collection_for(category), category=True)
        return
    existing = {link.role: link for link in
                CategoryGroup.objects.filter(category=category).select_related("group")}
    for role in ROLES:
        if not role.per_category:
            continue
        link = existing.get(role.key)
        if link is None:
            with transaction.atomic():
                group = models.Group.objects.create(
                    name=free_group_name(models.Group, role, category.title, category.pk))
                grant_role(group, role, category, models,
                           collection=media_collection_for(category), category=True)
                CategoryGroup.objects.create(category=category, role=role.key, group=group)
        else:
            name = free_group_name(models.Group, role, category.title, category.pk,
                                   exclude=link.group.pk)
            if link.group.name != name:
                link.group.name = name
                link.group.save(update_fields=["name"])


def _translation_source(page):
    """The page of the default language `page` translates (same translation key), when `page`
    is in another language; else None."""
    from wagtail.models import Locale, Page

    default = Locale.get_default()
    if page.locale_id == default.pk:
        return None
    return (Page.objects.filter(translation_key=page.translation_key, locale=default)
            .exclude(pk=page.pk).first())


def section_models():
    """The page types whose pages get their own groups (`has_editor_groups`)."""
    from wagtail.models import get_page_models

    return [model for model in get_page_models()
            if getattr(model, "has_editor_groups", False) and not model._meta.abstract]


def ensure_all_section_groups():
    """Give the role groups what the roles table says they may do (rights added to a role
    reach existing sites) and make the missing per-section groups of every section page;
    idempotent (`manage.py ensure_section_groups`, and after every migrate). Returns how many
    sections there are."""
    from wagtail.models import Page

    root = Page.get_first_root_node()
    if root is not None:
        live = live_models()
        for role in ROLES:
            group = live.Group.objects.filter(name=role.name).first()
            if group is not None:
                regrant_role_group(group, role, root, live)
    models = section_models()
    if not models:
        return 0
    sections = Page.objects.type(*models).specific()
    for section in sections:
        ensure_category_groups(section)
    return len(sections)


def free_group_name(Group, role, title, page_id, exclude=None):
    """"Biên tập viên · Tin hoạt động", or with the page's number when another group (another
    category of the same title, a group made by hand) has that name already."""
    taken = Group.objects.exclude(pk=exclude)
    name = category_group_name(role, title)
    if not taken.filter(name=name).exists():
        return name
    for extra in ["", *range(2, 100)]:
        suffix = f" (#{page_id}{'-' if extra else ''}{extra})"
        name = category_group_name(role, title)[:150 - len(suffix)] + suffix
        if not taken.filter(name=name).exists():
            return name
    raise ValueError(f"no free group name for {title!r}")


def remove_category_groups(category):
    """A deleted category takes its groups along (their members keep their other groups)."""
    from .models import CategoryGroup

    group_ids = list(CategoryGroup.objects.filter(category=category)
                     .values_list("group_id", flat=True))
    live_models().Group.objects.filter(pk__in=group_ids).delete()


def publish_due_pages(now=None):
    """One run of the scheduler, what Wagtail's `publish_scheduled` does: withdraw what has
    expired, publish the approved revisions whose go-live time has come (with the same signals
    as an editor's click, so the search index, the lists and the portlets follow).

    Unlike that command, each item is done in a transaction of its own: one that fails (a
    scheduled address taken meanwhile, say) is logged and stays scheduled for the next round,
    instead of losing its schedule and stopping the items after it.
    Returns (done, failed)."""
    from django.apps import apps
    from wagtail.models import DraftStateMixin, Page, Revision

    now = now or timezone.now()
    done = failed = 0
    models = [Page] + [model for model in apps.get_models()
                       if issubclass(model, DraftStateMixin) and not issubclass(model, Page)]
    due = [obj for model in models
           for obj in model.objects.filter(live=True, expire_at__lt=now).order_by("expire_at")]
    for obj in due:
        try:
            with transaction.atomic():
                obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
            done += 1
        except Exception:
            failed += 1
            logger.exception("scheduled expiry of %r failed; retrying at the next round", obj)
    for revision in Revision.objects.filter(approved_go_live_at__lt=now) \
            .order_by("approved_go_live_at"):
        try:
            with transaction.atomic():
                revision.publish(log_action="wagtail.publish.scheduled")
            done += 1
        except Exception:
            failed += 1
            logger.exception("scheduled publishing of revision %s (%s) failed; retrying at the "
                             "next round", revision.pk, revision.object_str)
    return done, failed


def submit_for_review(pages, user):
    """Submit each of these pages (drafts) for approval on behalf of `user`, as the "Gửi duyệt"
    button does: its workflow starts, or resumes where a reviewer asked for changes; a page
    already under review is left there. Their reviewers find them in their queue ("Chờ bạn
    duyệt"), but neither they nor the superusers get an e-mail for each (an import would flood
    them). The number of pages submitted."""
    from wagtail.admin.signal_handlers import workflow_submission_email_notifier
    from wagtail.models import TaskState, WorkflowState
    from wagtail.signals import task_submitted, workflow_submitted

    from .signals import review_submission_notifier

    submitted = 0
    task_submitted.disconnect(review_submission_notifier, sender=TaskState,
                              dispatch_uid="editorial_review_task_submitted_email")
    workflow_submitted.disconnect(workflow_submission_email_notifier, sender=WorkflowState,
                                  dispatch_uid="workflow_state_submitted_email_notification")
    try:
        for page in pages.order_by("path"):
            state = page.current_workflow_state
            if state is not None:
                if state.status == state.STATUS_NEEDS_CHANGES:
                    state.resume(user)
                    submitted += 1
                continue
            workflow = page.get_workflow()
            if workflow is not None:
                workflow.start(page, user)
                submitted += 1
    finally:
        task_submitted.connect(review_submission_notifier, sender=TaskState,
                               dispatch_uid="editorial_review_task_submitted_email")
        workflow_submitted.connect(workflow_submission_email_notifier, sender=WorkflowState,
                                   dispatch_uid="workflow_state_submitted_email_notification")
    return submitted


def may_manage_terms(user, action, section_model):
    """May `user` do `action` ("add", "change", "delete") on the terms (`pages.Term`) of the
    vocabularies of `section_model`? A superuser may; anyone else needs the right
    `pages.<action>_term`, held site-wide (given to the account, or through a group that is
    not a section's, as "Quản trị") or through the group of a section of that type: an editor
    of news categories does not rename the agencies issuing legal documents. Cached on the
    user for the request."""
    from django.contrib.contenttypes.models import ContentType

    from .models import CategoryGroup

    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    cache = user.__dict__.setdefault("_term_rights", {})
    if action not in cache:
        codename = {"codename": f"{action}_term", "content_type__app_label": "pages"}
        groups = list(user.groups.filter(**{f"permissions__{k}": v for k, v in codename.items()})
                      .values_list("pk", flat=True))
        section_groups = dict(CategoryGroup.objects.filter(group__in=groups)
                              .values_list("group_id", "category__content_type_id"))
        site_wide = (user.user_permissions.filter(**codename).exists()
                     or any(group not in section_groups for group in groups))
        cache[action] = (site_wide, set(section_groups.values()))
    site_wide, types = cache[action]
    return site_wide or ContentType.objects.get_for_model(section_model).pk in types
