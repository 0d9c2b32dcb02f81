"""The review step of the approval workflow, and the groups made for each news category."""

from django.contrib.auth.models import Group
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Task, TaskState

from .roles import ROLES


def page_actions(page, user):
    """The page permission actions ("add", "change", "publish", …) `user` holds on `page` through
    their groups, whatever the workflow says (Wagtail's own `can_edit()` asks the current task,
    which asks this)."""
    if not user.is_active:
        return set()
    if user.is_superuser:
        return {"add", "change", "publish", "lock", "unlock", "bulk_delete"}
    return page.permissions_for_user(user).permissions


class ReviewTask(Task):
    """A workflow step done by whoever holds a page permission on the page under review:
    "change" for the editors of its category, "publish" for the approvers. Unlike Wagtail's
    group approval task, an editor of one category cannot review another category's pages."""

    PERMISSION_CHOICES = [
        ("change", _("Editors of the page's category (edit any page)")),
        ("publish", _("Approvers of the page's category (publish)")),
    ]
    permission = models.CharField(_("who reviews"), max_length=20, choices=PERMISSION_CHOICES,
                                  default="change")

    admin_form_fields = Task.admin_form_fields + ["permission"]

    def user_can_review(self, obj, user):
        page = obj if isinstance(obj, Page) else None
        if page is None:  # snippets: only superusers (no snippet uses workflows here)
            return user.is_superuser
        return self.permission in page_actions(page, user)

    def user_can_access_editor(self, obj, user):
        return self.user_can_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_can_review(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_review(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not self.user_can_review(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        if not user.is_active:
            return TaskState.objects.none()
        paths = list(Page.objects.filter(
            group_permissions__group__user=user,
            group_permissions__permission__codename=f"{self.permission}_page",
        ).values_list("path", flat=True).distinct())
        if not paths:
            return TaskState.objects.none()
        under = Q()
        for path in paths:
            under |= Q(path__startswith=path)
        page_ids = Page.objects.filter(under).annotate(key=Cast("pk", CharField())).values("key")
        return states.filter(workflow_state__object_id__in=page_ids)

    @classmethod
    def get_description(cls):
        return _("Reviewed by the users who may edit, or publish, the page's category")

    class Meta:
        verbose_name = _("category review task")
        verbose_name_plural = _("category review tasks")


class CategoryGroup(models.Model):
    """A group made for one role in one news category: its members hold the role's page rights
    on that category and its sub-categories only."""

    category = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("category"))
    role = models.CharField(_("role"), max_length=20,
                            choices=[(role.key, role.name) for role in ROLES])
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="category_role",
                                 verbose_name=_("group"))

    class Meta:
        verbose_name = _("category group")
        verbose_name_plural = _("category groups")
        constraints = [models.UniqueConstraint(fields=["category", "role"],
                                               name="editorial_one_group_per_category_role")]
