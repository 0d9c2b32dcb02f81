"""Receiving a contact message: stored first, then e-mailed to its unit. A message whose mail
failed is kept with `mail_sent_at` empty; `send_unsent()` (manage.py contact_resend) retries."""

import logging
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import ContactMessage

logger = logging.getLogger(__name__)


def one_line(text):
    """`text` without line breaks of any kind (no header can be slipped into a subject)."""
    return " ".join(str(text).split())


def receive(unit, data):
    """Store what a visitor sent to `unit` (`data`: the contact form's cleaned data), then
    e-mail it. Returns the stored message, whether or not the mail went."""
    message = ContactMessage.objects.create(
        unit=unit, unit_name=unit.name, recipient=unit.email, name=data["name"],
        email=data["email"], phone=data.get("phone", ""), subject=data["subject"],
        message=data["message"])
    send(message)
    return message


def compose(message):
    """The e-mail of `message`: to its unit, Reply-To the sender, plain text."""
    sent_at = timezone.localtime(message.created_at)
    facts = [(_("Recipient unit"), message.unit_name), (_("Sender"), message.name),
             (_("E-mail"), message.email), (_("Telephone"), message.phone or "–"),
             (_("Sent at"), date_format(sent_at, "d/m/Y H:i")), (_("Subject"), message.subject)]
    lines = [_("A message was sent with the contact form of the portal."), "",
             *(f"{label}: {value}" for label, value in facts), "", message.message, "",
             "-- ", _("Reply to this e-mail to answer the sender.")]
    subject = one_line(_("[Contact] %(subject)s") % {"subject": message.subject})[:250]
    return EmailMessage(subject=subject, body="\n".join(lines),
                        from_email=settings.DEFAULT_FROM_EMAIL, to=[message.recipient],
                        reply_to=[formataddr((one_line(message.name), message.email))])


def send(message):
    """E-mail `message`; on success note when. A failure is logged, never raised."""
    try:
        with translation.override(settings.LANGUAGE_CODE):
            compose(message).send()
    except Exception:
        logger.exception("contact message %s not e-mailed to its unit", message.pk)
        return False
    message.mail_sent_at = timezone.now()
    ContactMessage.objects.filter(pk=message.pk).update(mail_sent_at=message.mail_sent_at)
    return True


def send_unsent():
    """Send again every message whose mail failed (and whose sender is not erased):
    (sent, still failing)."""
    sent = failed = 0
    for message in ContactMessage.objects.filter(mail_sent_at__isnull=True).exclude(email=""):
        if send(message):
            sent += 1
        else:
            failed += 1
    return sent, failed
