"""Writes of the consultation app: a comment received, and its moderation."""

from django.db import transaction
from django.utils import timezone

from core.page_cache import content_changed

from .models import CommentStatus, DraftComment


def receive_comment(page, cleaned_data, now=None):
    """Store a comment from the public form's `cleaned_data` on `page`, awaiting moderation.
    Nothing public changes, so the stored pages stay (the model is not content)."""
    now = now or timezone.now()
    return DraftComment.objects.create(
        page=page, name=cleaned_data["name"], email=cleaned_data["email"],
        organisation=cleaned_data.get("organisation") or "",
        show_name=bool(cleaned_data.get("show_name")), content=cleaned_data["content"],
        consented_at=now, created_at=now)


@transaction.atomic
def moderate(comment_id, status, user, now=None):
    """Set the status of comment `comment_id` to `status` (approved or rejected) on behalf of
    `user`, whose right to moderate the caller has checked. The stored pages are made again
    when the comment appears on its draft's page or leaves it. Returns the comment."""
    if status not in (CommentStatus.APPROVED, CommentStatus.REJECTED, CommentStatus.PENDING):
        raise ValueError(f"unknown status {status!r}")
    comment = DraftComment.objects.select_for_update().get(pk=comment_id)
    was_shown = comment.is_shown
    comment.status = status
    comment.moderated_by = user
    comment.moderated_at = now or timezone.now()
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    if comment.is_shown != was_shown:
        content_changed()
    return comment
