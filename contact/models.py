"""The contact page (Liên hệ), the units a visitor may write to, and the messages sent."""

from django.db import models
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from pages.models import BasePage


class ContactPage(BasePage):
    """The agency's address block (from its settings), an introduction and the contact form.
    The page is the same for every anonymous reader and is cached like any other: its form
    needs no CSRF cookie and is sent to `contact.views.send`."""

    intro = models.TextField(_("introduction"), blank=True)
    summary_fields = ("intro",)
    rated = False  # no satisfaction box (feedback) under a form page

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("units", heading=_("Units a visitor may write to"), label=_("unit"),
                    min_num=1),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    template = "contact/contact_page.html"
    max_count_per_parent = 1  # one per home page: the Vietnamese and the English
    subpage_types = []

    class Meta:
        verbose_name = _("contact page")
        verbose_name_plural = _("contact pages")

    def search_content(self):
        """What the public search indexes (see search.services)."""
        return {"kind": _("Page"), "title": self.title, "summary": self.intro, "body": "",
                "date": self.last_published_at}

    def get_context(self, request, *args, form=None, **kwargs):
        from publicforms.views import thanks_value

        from .forms import ContactForm

        context = super().get_context(request, *args, **kwargs)
        context["form"] = form or ContactForm(units=self.units.all())
        context["thanks"] = thanks_value(request) if form is None else None
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if "ma" in request.GET:  # a thank-you: never stored, by us or a proxy
            patch_cache_control(response, private=True, no_store=True)
        return response


class ContactUnit(Orderable):
    """A unit of the agency a visitor may write to (Văn phòng, Thanh tra…): its e-mail receives
    the messages and is never shown on the page."""

    page = ParentalKey(ContactPage, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail that receives the messages"))

    panels = [FieldPanel("name"), FieldPanel("email")]

    class Meta(Orderable.Meta):
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name


class ContactMessage(models.Model):
    """A message sent with the contact form: stored first, then e-mailed to its unit
    (`mail_sent_at` stays empty until that succeeds; `manage.py contact_resend` retries)."""

    unit = models.ForeignKey(ContactUnit, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("unit"))
    unit_name = models.CharField(_("unit"), max_length=200)
    recipient = models.EmailField(_("sent to"))
    name = models.CharField(_("full name"), max_length=100)
    email = models.EmailField(_("e-mail"), db_index=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    subject = models.CharField(pgettext_lazy("contact message", "subject"), max_length=200)
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    mail_sent_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    handled = models.BooleanField(_("handled"), default=False)

    exported_fields = ("unit_name", "mail_sent_at", "handled")

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject or str(self.pk)
