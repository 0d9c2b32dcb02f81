"""E-mail to the people who can act on a submitted review step: the editors (or approvers) of
the page's category. Wagtail notifies the groups of its own group approval task only; this is
the same e-mail, with Wagtail's translated templates (task_state_submitted), for our
per-category review task."""

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.admin.mail import EmailNotificationMixin, Notifier
from wagtail.models import Page, TaskState


def reviewers(task, page):
    """Active users whose groups hold `task.permission` on `page` or an ancestor of it."""
    User = get_user_model()
    ancestors = Page.objects.ancestor_of(page, inclusive=True)
    users = User.objects.filter(
        is_active=True,
        groups__page_permissions__page__in=ancestors,
        groups__page_permissions__permission__codename=f"{task.permission}_page",
    )
    if getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
        users = users | User.objects.filter(is_active=True, is_superuser=True)
    return users.distinct()


class ReviewTaskSubmissionEmailNotifier(EmailNotificationMixin, Notifier):
    notification = "submitted"

    def __init__(self):
        super().__init__((TaskState,))

    def can_handle(self, instance, **kwargs):
        from .models import ReviewTask

        return super().can_handle(instance, **kwargs) and isinstance(instance.task.specific,
                                                                     ReviewTask)

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        context["task"] = task_state.task.specific
        context["object"] = task_state.workflow_state.content_object
        context["model_name"] = context["object"]._meta.verbose_name
        context["page"] = context["object"].specific
        return context

    def get_recipient_users(self, task_state, **kwargs):
        page = task_state.workflow_state.content_object
        if not isinstance(page, Page):
            return set()
        users = reviewers(task_state.task.specific, page)
        if kwargs.get("user") is not None:
            users = users.exclude(pk=kwargs["user"].pk)
        return set(users)
