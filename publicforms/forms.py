"""The form kit every public form is made of (questions, comments on drafts, contact, ratings).

`PublicForm` adds to a Django form what every form the public fills in needs:

- a honeypot field no person sees; a submission that fills it is refused;
- the CAPTCHA (publicforms.captcha), checked last, once everything typed is valid;
- rate limits per address (every attempt, and every stored submission) and per e-mail, on the
  shared store of core.ratelimit; over one, a 429 with a Vietnamese message;
- a cap on the number of links in what the visitor wrote; text fields (`PlainTextField`) with
  a size limit each, made NFC, without control characters;
- `submit(request, save)`, which runs those checks in order and calls `save()` only when all
  pass; every refusal leaves the form bound to what was typed, with a message, and a 4xx status
  for the view to answer with (`status`, `retry_after`).

A form names its `scope` (what its counts are kept under) and, when it asks for one, its
`email_field`. Views never read the session or the signed-in user while handling one: a public
form acts for nobody, so it needs no CSRF cookie and its page can be cached like any other."""

import os
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.ratelimit import address_key, email_key, get_limiter
from core.sanitize import strip_control
from core.vietnamese import nfc

from . import captcha

HONEYPOT = "trang_web"  # "web site": a field a spam robot fills in
CAPTCHA = "altcha"  # the widget's own name for its hidden field
LINK = re.compile(r"(https?://|www\.|\b[a-z0-9-]+\.(com|net|org|info|xyz|top|ru|cn|io|vn)\b/?)",
                  re.IGNORECASE)
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG"}
DOCUMENT_EXTENSIONS = ("pdf", "doc", "docx", "odt", "xls", "xlsx", "ods")


class PlainTextField(forms.CharField):
    """Text a visitor types: a length limit always, made NFC, without control characters; one
    line unless `multiline` (line breaks and tabs of a one-line field become spaces)."""

    def __init__(self, *, max_length, multiline=False, **kwargs):
        self.multiline = multiline
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8}))
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value):
        value = strip_control(nfc(super().to_python(value)))
        if self.multiline:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        else:
            value = " ".join(value.split())
        return value.strip()

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.multiline:
            # the browser does not stop the typing: the count is shown by the server's message
            attrs.pop("maxlength", None)
        return attrs


class AttachmentField(forms.FileField):
    """An optional file sent with a form: a PDF, an office document or a photo of at most
    PUBLIC_FORMS_ATTACHMENT_MAX_BYTES, checked by its content as the admin's uploads are
    (core.uploads): no program, no macros, no file that is not what its name says."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 150)  # the file's name
        super().__init__(**kwargs)

    @staticmethod
    def max_bytes():
        return int(getattr(settings, "PUBLIC_FORMS_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))

    @classmethod
    def extensions(cls):
        return (*DOCUMENT_EXTENSIONS, *IMAGE_FORMATS)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = ",".join(f".{extension}" for extension in self.extensions())
        return attrs

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        name = os.path.basename(upload.name or "")
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if upload.size > self.max_bytes():
            raise ValidationError(
                _("The file “%(name)s” is larger than %(size)s MB.")
                % {"name": name, "size": self.max_bytes() // (1024 * 1024)}, code="too_large")
        if extension not in self.extensions():
            raise ValidationError(
                _("The file “%(name)s” is not of an accepted type (%(types)s).")
                % {"name": name, "types": ", ".join(self.extensions())}, code="type")
        if extension in IMAGE_FORMATS:
            self._check_image(upload, name, extension)
        else:
            from core.uploads import check_document

            check_document(upload)
        upload.seek(0)
        return upload

    @staticmethod
    def _check_image(upload, name, extension):
        from PIL import Image

        try:
            upload.seek(0)
            with Image.open(upload) as image:
                found = image.format
                image.verify()
        except Exception:
            found = None
        if found != IMAGE_FORMATS[extension]:
            raise ValidationError(
                _("The file “%(name)s” is not a valid %(format)s image.")
                % {"name": name, "format": IMAGE_FORMATS[extension]}, code="image")


class ConsentField(forms.BooleanField):
    """The ticked box by which a visitor agrees to the processing of their personal data
    (Nghị định 13/2023/NĐ-CP): required, and its notice is the field's help text."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", True)
        kwargs.setdefault("label", _("I agree to the processing of my personal data as set out "
                                     "above."))
        kwargs.setdefault("error_messages", {"required": _(
            "Your question can only be received with your agreement to the processing of "
            "your personal data.")})
        super().__init__(**kwargs)


class CaptchaWidget(forms.Widget):
    template_name = "publicforms/widgets/captcha.html"


class PublicForm(forms.Form):
    """The base of every form the public fills in (module docstring)."""

    scope = None  # the name the form's counts are kept under, e.g. "qa.question"
    email_field = None  # the field whose value is limited per e-mail, if any
    max_links = 2  # links allowed in all the text of one submission
    use_required_attribute = False  # the server's messages, in Vietnamese, not the browser's
    error_css_class = "has-error"

    def __init__(self, data=None, files=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, files, **kwargs)
        self.fields[HONEYPOT] = forms.CharField(
            required=False, max_length=200, label=_("Leave this field empty"))
        self.fields[CAPTCHA] = forms.CharField(
            required=False, max_length=captcha.MAX_PAYLOAD_LENGTH, widget=CaptchaWidget,
            label=_("Spam check"))
        self.status = 200
        self.retry_after = 0

    def visible_fields(self):
        return [field for field in super().visible_fields()
                if field.name not in (HONEYPOT, CAPTCHA)]

    @property
    def limits(self):
        """(name, count, seconds) of each limit; PUBLIC_FORMS_LIMITS overrides per name,
        "<scope>.<name>" before "<name>"."""
        defaults = {"attempts": (30, 3600), "address": (10, 3600), "email": (5, 3600)}
        configured = getattr(settings, "PUBLIC_FORMS_LIMITS", {})
        return {name: tuple(configured.get(f"{self.scope}.{name}",
                                           configured.get(name, default)))
                for name, default in defaults.items()}

    def clean(self):
        cleaned_data = super().clean()
        links = sum(len(LINK.findall(value)) for name, value in cleaned_data.items()
                    if isinstance(self.fields[name], PlainTextField) and value)
        if links > self.max_links:
            raise ValidationError(ngettext(
                "Your message holds %(count)d links; at most %(max)d is accepted.",
                "Your message holds %(count)d links; at most %(max)d are accepted.",
                self.max_links) % {"count": links, "max": self.max_links}, code="links")
        return cleaned_data

    def refuse(self, status, message, field=None, retry_after=0):
        self.status, self.retry_after = status, retry_after
        self.add_error(field, ValidationError(message, code=str(status)))
        return False

    def _count(self, name, key):
        number, seconds = self.limits[name]
        return get_limiter().hit(f"{self.scope}.{name}", key, number, seconds)

    def submit(self, request, save):
        """Check the bound form in order and call `save(self)` when every check passes.
        Returns whether it was saved; otherwise `status` is 400 or 429 and the form carries a
        message (as a field error or a non-field one)."""
        from core.addresses import client_address

        address = address_key(client_address(request))
        verdict = self._count("attempts", address)
        if not verdict.allowed:
            self.is_valid()  # keeps the typed values shown, bound and cleaned
            return self.refuse(429, too_many(verdict.retry_after), retry_after=verdict.retry_after)
        if not self.is_valid():
            self.status = 400
            return False
        if self.cleaned_data.get(HONEYPOT):
            return self.refuse(400, _("Your message could not be sent. Leave empty the field "
                                      "that asks to be left empty, then send it again."))
        if not captcha.verify(self.cleaned_data.get(CAPTCHA)):
            return self.refuse(400, _("The spam check was not passed or has expired. Tick "
                                      "“I am not a robot”, wait for the tick, then send "
                                      "again."), field=CAPTCHA)
        for name, key in (("address", address),
                          ("email", email_key(self.cleaned_data.get(self.email_field or "")))):
            if key is None:
                continue
            verdict = self._count(name, key)
            if not verdict.allowed:
                return self.refuse(429, too_many(verdict.retry_after),
                                   retry_after=verdict.retry_after)
        save(self)
        return True


def too_many(seconds):
    minutes = max(1, (seconds + 59) // 60)
    return ngettext(
        "Too many messages have been sent from your address or e-mail. Please try again in "
        "%(minutes)d minute; what you typed is kept below.",
        "Too many messages have been sent from your address or e-mail. Please try again in "
        "%(minutes)d minutes; what you typed is kept below.", minutes) % {"minutes": minutes}
