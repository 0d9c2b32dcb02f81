"""The document and photo forms of the admin: the upload checks of core.uploads, plus, when an
existing file is edited by someone who may publish, the choice to make its file public on
purpose (a form to download that no public page links yet, say)."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.uploads import SafeDocumentForm, SafeImageForm

from .models import PublicFile
from .selectors import is_marked_public, is_public, may_mark_public


class PublicChoiceMixin:
    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return  # a new upload is private until used on a public page or marked here
        marked = is_marked_public(self.instance)
        help_text = _("Anyone may download the original file, even if no public page uses it. "
                      "Otherwise only those who may see a page that uses it, and the staff who "
                      "work with it, can. Only those who may publish may change this.")
        if not marked and is_public(self.instance):
            help_text = format_lazy("{} {}", help_text, _(
                "Right now anyone may download it anyway: a public page or portlet uses it."))
        self.fields["public"] = forms.BooleanField(
            label=_("Public file"), required=False, initial=marked,
            disabled=not may_mark_public(self.user), help_text=help_text)

    def save(self, commit=True):
        instance = super().save(commit=commit)
        field = self.fields.get("public")
        if commit and field is not None and not field.disabled and "public" in self.changed_data:
            kind = ContentType.objects.get_for_model(instance)
            if self.cleaned_data["public"]:
                PublicFile.objects.get_or_create(content_type=kind, object_id=instance.pk,
                                                 defaults={"marked_by": self.user})
            else:
                PublicFile.objects.filter(content_type=kind, object_id=instance.pk).delete()
        return instance


class DocumentForm(PublicChoiceMixin, SafeDocumentForm):
    pass


class ImageForm(PublicChoiceMixin, SafeImageForm):
    pass
