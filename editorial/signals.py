"""Every section (a page type with `has_editor_groups`: news categories, Văn bản, Thủ tục hành
chính…) gets its per-section groups when it is created, renamed when a new title is published,
removed with it; `post_migrate` makes any that are missing (a section created by a data import,
a new section type). A submitted review step e-mails its reviewers."""

from django.db.models.signals import post_migrate, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import TaskState
from wagtail.signals import page_published, task_submitted

from . import services
from .notifications import ReviewTaskSubmissionEmailNotifier


def _is_section(sender):
    return getattr(sender, "has_editor_groups", False)


@receiver(post_save)
def section_created(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw and _is_section(sender):
        services.ensure_category_groups(instance)


@receiver(page_published)
def section_published(sender, instance, **kwargs):
    # the groups follow the published title, not a draft's
    if _is_section(sender):
        services.ensure_category_groups(instance)


@receiver(pre_delete)
def section_deleted(sender, instance, **kwargs):
    if _is_section(sender):
        services.remove_category_groups(instance)


@receiver(post_migrate)
def sections_after_migrate(sender, app_config=None, using="default", **kwargs):
    if app_config is not None and app_config.name == "editorial":
        services.ensure_all_section_groups()


review_submission_notifier = ReviewTaskSubmissionEmailNotifier()
task_submitted.connect(review_submission_notifier, sender=TaskState,
                       dispatch_uid="editorial_review_task_submitted_email")
