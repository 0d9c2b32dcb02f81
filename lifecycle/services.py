"""Writes of the page life cycle: change notes kept and published with their revision, and the
retirement of a page (withdraw, remove as gone, redirect) and its undoing, each logged."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.log_actions import log
from wagtail.signals import page_published, published

from core.vietnamese import nfc

from .models import EXPLANATION_MAX_LENGTH, NOTE_MAX_LENGTH, ChangeNote, Retirement


def clean_text(text, limit):
    """Plain text as stored: NFC, spaces and line breaks run together, at most `limit`
    characters (templates escape it)."""
    return " ".join(nfc(text or "").split())[:limit]


def set_pending_note(page, text, revision):
    """The page's unpublished change note becomes `text`, written with `revision` (removed
    when `text` is empty: a minor edit). Published at once when `revision` is already live
    (the editor published it: Wagtail's page_published came before the edit hook)."""
    text = clean_text(text, NOTE_MAX_LENGTH)
    pending = ChangeNote.objects.filter(page=page, published_at__isnull=True).first()
    if not text:
        if pending is not None:
            pending.delete()
        return None
    if pending is None:
        pending = ChangeNote(page=page)
    pending.note, pending.revision = text, revision
    if revision is not None and page.live and page.live_revision_id == revision.pk:
        pending.published_at = page.last_published_at or timezone.now()
    pending.save()
    return pending


def publish_change_notes(sender, instance, revision=None, **kwargs):
    """page_published: the page's unpublished note, written with this revision or an earlier
    one, is public from now (a writer's note, when the approver publishes)."""
    if revision is None:
        return
    notes = ChangeNote.objects.filter(page_id=instance.pk, published_at__isnull=True,
                                      revision_id__lte=revision.pk)
    for note in notes:  # saved one by one: a saved row is a change of content
        note.published_at = instance.last_published_at or timezone.now()
        note.save(update_fields=["published_at"])


def page_path(page):
    """The page's address on its site, as Wagtail's redirects store it."""
    parts = page.get_url_parts()
    if parts is None:
        return None, None
    site_id, _root, path = parts
    return site_id, Redirect.normalise_path(path)


class CannotUndo(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def is_retirable(page):
    """Whether the page's type may be withdrawn, removed or redirected (the kit's
    `BasePage.retirable`; a page type not on the kit may)."""
    return getattr(page.specific_class or type(page), "retirable", True)


@transaction.atomic
def retire(page, user, kind, explanation="", alternative_page=None, alternative_url=""):
    """Withdraws the page (it stays published, marked), removes it (unpublished; its address
    answers 410 Gone) or redirects it (unpublished; its address answers 301 to the
    replacement). The action is in the page's history."""
    site_id, path = page_path(page)
    Retirement.objects.filter(page=page).delete()
    record = Retirement(page=page, kind=kind, path=path or "", site_id=site_id, user=user,
                        explanation=clean_text(explanation, EXPLANATION_MAX_LENGTH),
                        alternative_page=alternative_page, alternative_url=alternative_url or "",
                        live_revision_id=page.live_revision_id if page.live else None)
    if kind == Retirement.REDIRECT:
        Redirect.objects.filter(old_path=path, site_id=site_id).delete()
        record.redirect = Redirect.objects.create(
            old_path=path, site_id=site_id, is_permanent=True,
            redirect_page=alternative_page, redirect_link="" if alternative_page else
            alternative_url)
    else:
        Retirement.objects.filter(kind=Retirement.GONE, path=path, site_id=site_id).delete()
    record.save()
    if kind != Retirement.WITHDRAWN and page.live:
        page.unpublish(user=user)
    log(instance=page, action=f"lifecycle.{kind}", user=user,
        data={"explanation": record.explanation, "replacement": record.alternative})
    return record


@transaction.atomic
def undo(page, user):
    """Ends the page's retirement: a withdrawn page loses its banner; a removed or redirected
    page is published again, in the revision that was public when it was retired (a later
    draft still goes through approval), and its 410 or redirect ends. CannotUndo when that
    revision is no longer kept: nothing is changed then."""
    record = Retirement.objects.filter(page=page).select_related("live_revision").first()
    if record is None:
        return None
    revision = None
    if record.kind != Retirement.WITHDRAWN and not page.live:
        revision = record.live_revision
        if revision is None or revision.object_id != str(page.pk):
            raise CannotUndo(_(
                "The version that was public when this page was removed is no longer kept, and "
                "a later version must be approved: publish the page from its edit form, then "
                "undo the removal to end its 410 or redirect."))
    if record.redirect_id:
        Redirect.objects.filter(pk=record.redirect_id).delete()
    record.delete()
    if revision is not None:
        _PublishKeepingWorkflow(revision, user=user).execute()
    log(instance=page, action="lifecycle.undo", user=user, data={"kind": record.kind})
    return record


class _PublishKeepingWorkflow(PublishPageRevisionAction):
    """Wagtail's publishing of a page revision, except that it leaves the page's workflow
    alone: undoing a removal republishes the revision that was public before it, and a later
    draft waiting for approval must stay in the approvers' queue (Wagtail cancels it on
    publishing, WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH). What Wagtail does after publishing a page,
    less that cancellation."""

    def _after_publish(self):
        from wagtail.models import COMMENTS_RELATION_NAME

        for comment in getattr(self.object, COMMENTS_RELATION_NAME).all().only("position"):
            comment.save(update_fields=["position"])
        page_published.send(sender=self.object.specific_class, instance=self.object.specific,
                            revision=self.revision)
        published.send(sender=type(self.object), instance=self.object, revision=self.revision)
        self.object.update_aliases(revision=self.revision, _content=self.revision.content)
