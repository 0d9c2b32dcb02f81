"""What staff and the site do with a question: receive it, assign it, draft its answer (a page
of the section that goes through approval), decline it, merge it into another, and tell the
asker by e-mail. E-mails are plain text; their headers hold nothing the asker typed but the
address, which the form has validated (a name or title with a line break cannot add a
header)."""

import logging
import re

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from pages.models import Term

from .models import (FIELD_VOCABULARY, STANDARD_FIELDS, UNIT_VOCABULARY, Question,
                     QuestionPage, QuestionStatus)

logger = logging.getLogger(__name__)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)(\+?84|0)[\d .()-]{8,14}\d(?!\w)")
REDACTED = "[…]"
HANDLER_GROUP = "Cán bộ xử lý hỏi đáp"
HANDLER_PERMISSIONS = ("view_question", "change_question")
STANDARD_UNITS = ["Văn phòng Sở", "Phòng Quản lý khoa học", "Phòng Quản lý công nghệ và Sở hữu "
                  "trí tuệ", "Chi cục Tiêu chuẩn Đo lường Chất lượng",
                  "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ"]


def ensure_fields():
    """The standard fields and units exist as terms (idempotent; after every migrate)."""
    for name in STANDARD_FIELDS:
        Term.get_or_create_named(FIELD_VOCABULARY, name)
    for name in STANDARD_UNITS:
        Term.get_or_create_named(UNIT_VOCABULARY, name)


def ensure_handler_group():
    """The group of staff who handle questions: they see the queue with the askers' contacts.
    (Drafting an answer also needs a page right on the section: its editors' group.)"""
    from publicforms.groups import ensure_group

    return ensure_group(HANDLER_GROUP, [f"qa.{codename}" for codename in HANDLER_PERMISSIONS])


def _mail(question, subject, template, **context):
    """Send one of the asker's e-mails; a failure is logged, never shown to the asker."""
    if not question.email:
        return False
    body = render_to_string(template, {"question": question, "site_url": settings.SITE_URL,
                                       **context})
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [question.email])
        return True
    except Exception:
        logger.exception("could not e-mail the asker of question %s", question.code)
        return False


def set_status(question, status, **changes):
    question.status = status
    question.status_changed_at = timezone.now()
    for name, value in changes.items():
        setattr(question, name, value)
    question.save()


def receive(cleaned_data, lookup_url):
    """Store a question from the public form, then e-mail its tracking code to the asker."""
    question = Question.objects.create(
        name=cleaned_data["name"], email=cleaned_data["email"],
        phone=cleaned_data.get("phone", ""), address=cleaned_data.get("address", ""),
        name_shown=cleaned_data["name_shown"], field=cleaned_data.get("field"),
        title=cleaned_data["title"], body=cleaned_data["body"],
        attachment=cleaned_data.get("attachment") or "", consent_at=timezone.now())
    transaction.on_commit(lambda: _mail(
        question, _("Your question has been received: %(code)s") % {"code": question.code},
        "qa/emails/received.txt", lookup_url=lookup_url))
    return question


def assign(question, unit=None, expert=None):
    changes = {"unit": unit, "expert": expert}
    status = question.status
    if status == QuestionStatus.RECEIVED:
        status = QuestionStatus.HANDLING
    set_status(question, status, **changes)


def redact(text, question):
    """`text` without the e-mail addresses, telephone numbers, and the asker's own name,
    address and telephone, that it holds: what staff start the published question from (they
    read it again before it goes for approval)."""
    for value in (question.name, question.address, question.phone, question.email):
        value = (value or "").strip()
        if len(value) >= 3:
            text = re.sub(re.escape(value), REDACTED, text, flags=re.IGNORECASE)
    return PHONE.sub(REDACTED, EMAIL.sub(REDACTED, text))


def start_answer(question, user):
    """The draft page of the question's answer (made once): the question as the asker wrote
    it, without what plainly identifies them (`redact`), for staff to read again before it
    goes for approval."""
    if question.answer_page_id:
        return question.answer_page
    section = _section()
    page = QuestionPage(title=redact(question.title, question),
                        question_text=redact(question.body, question),
                        asker=question.shown_name, field=question.field, unit=question.unit,
                        answer=[{"type": "paragraph", "value": ""}],  # ready to type in
                        live=False, owner=user)
    section.add_child(instance=page)
    page.save_revision(user=user)
    status = question.status
    if status == QuestionStatus.RECEIVED:
        status = QuestionStatus.HANDLING
    set_status(question, status, answer_page=page)
    return page


def _section():
    from .models import QuestionIndexPage

    section = QuestionIndexPage.objects.order_by("path").first()
    if section is None:
        raise ValueError(_("There is no questions and answers section to publish answers in."))
    return section


def decline(question, reason, user=None):
    """Decline an open question. A draft answer it had is cancelled in its workflow and no
    longer the question's: approving it later publishes nothing on the question's behalf."""
    page = question.answer_page
    if page is not None and not page.live:
        state = page.current_workflow_state
        if state is not None:
            state.cancel(user=user)
        question.answer_page = None
    set_status(question, QuestionStatus.DECLINED, decline_reason=reason)
    _mail(question, _("About your question %(code)s") % {"code": question.code},
          "qa/emails/declined.txt")


def merge(duplicate, kept):
    """`duplicate` asks what `kept` asks: it takes the kept one's answer. Its own answer page,
    if published, is unpublished and its address redirects to the kept one's."""
    from wagtail.contrib.redirects.models import Redirect

    if kept.final.pk == duplicate.pk:
        raise ValueError(_("A question cannot be merged into itself."))
    page = duplicate.answer_page
    target = kept.final.answer_page
    if page is not None and page.live and target is not None and target.live:
        old_path = Redirect.normalise_path(page.url or "")
        page.unpublish()
        if old_path:
            Redirect.objects.update_or_create(old_path=old_path, site=None,
                                              defaults={"redirect_page": target})
    set_status(duplicate, QuestionStatus.MERGED, merged_into=kept)
    _mail(duplicate, _("About your question %(code)s") % {"code": duplicate.code},
          "qa/emails/merged.txt", kept=kept.final)


def answer_submitted(page):
    question = getattr(page, "question", None)
    if question is not None and question.status in (QuestionStatus.RECEIVED,
                                                    QuestionStatus.HANDLING):
        set_status(question, QuestionStatus.ANSWERED)


def answer_published(page):
    """The answer is public: the question is published and its asker told, once."""
    try:
        question = Question.objects.get(answer_page=page)
    except Question.DoesNotExist:
        return
    if question.status not in (QuestionStatus.MERGED, QuestionStatus.DECLINED):
        set_status(question, QuestionStatus.PUBLISHED)
    # the asker and the askers of its duplicates, each told once
    for asker in [question, *question.duplicates.filter(status=QuestionStatus.MERGED)]:
        if asker.published_mail_sent_at is None and asker.status != QuestionStatus.DECLINED:
            sent = _mail(asker, _("The answer to your question %(code)s is published")
                         % {"code": asker.code}, "qa/emails/published.txt",
                         answer_url=page.get_full_url())
            if sent:
                Question.objects.filter(pk=asker.pk).update(
                    published_mail_sent_at=timezone.now())


def erase_public_name(question):
    """The asker's name taken off the published answer and every revision of it (their data
    was erased or its retention period ended)."""
    from core.page_cache import content_changed

    page = question.answer_page
    if page is None:
        return
    QuestionPage.objects.filter(pk=page.pk).update(asker="")
    for revision in page.revisions.all():
        if revision.content.get("asker"):
            revision.content["asker"] = ""
            revision.save(update_fields=["content"])
    content_changed()


def answer_unpublished(page):
    question = Question.objects.filter(answer_page=page,
                                       status=QuestionStatus.PUBLISHED).first()
    if question is not None:
        set_status(question, QuestionStatus.ANSWERED)
