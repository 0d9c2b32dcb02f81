"""Every news category gets its per-category groups when it is created, renamed when a new
title is published; a submitted review step e-mails its reviewers."""

from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import TaskState
from wagtail.signals import page_published, task_submitted

from news.models import NewsCategoryPage

from . import services
from .notifications import ReviewTaskSubmissionEmailNotifier


@receiver(post_save, sender=NewsCategoryPage)
def category_created(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        services.ensure_category_groups(instance)


@receiver(page_published, sender=NewsCategoryPage)
def category_published(sender, instance, **kwargs):
    # the groups follow the published title, not a draft's
    services.ensure_category_groups(instance)


@receiver(pre_delete, sender=NewsCategoryPage)
def category_deleted(sender, instance, **kwargs):
    services.remove_category_groups(instance)


review_submission_notifier = ReviewTaskSubmissionEmailNotifier()
task_submitted.connect(review_submission_notifier, sender=TaskState,
                       dispatch_uid="editorial_review_task_submitted_email")
