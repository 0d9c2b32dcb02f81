"""The admin lists of the document vocabularies (issuing agencies, fields), so that an editor
can add the agency a new document comes from; the kit has no admin for `pages.Term` yet."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.views import generic

from pages.models import Term

from .models import FIELDS, ISSUERS


class AddTermView(generic.CreateView):
    vocabulary = ""

    def get_initial_form_instance(self):
        return Term(vocabulary=self.vocabulary)


class VocabularyViewSet(ModelViewSet):
    """The terms of one vocabulary: listed, added (the address is made from the name), renamed
    and deleted; the terms of other vocabularies are out of reach."""

    model = Term
    vocabulary = ""
    form_fields = ["name"]
    list_display = ["name", "slug"]
    search_fields = ["name"]
    icon = "tag"
    add_view_class = AddTermView

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            queryset=Term.objects.filter(vocabulary=self.vocabulary), **kwargs)

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(vocabulary=self.vocabulary, **kwargs)


class IssuerViewSet(VocabularyViewSet):
    vocabulary = ISSUERS
    name = "legal_issuers"
    menu_label = _("Issuing agencies")


class FieldViewSet(VocabularyViewSet):
    vocabulary = FIELDS
    name = "legal_fields"
    menu_label = _("Fields of the documents")


class LegalVocabularies(ViewSetGroup):
    menu_label = _("Terms of the documents")
    menu_icon = "doc-full"
    items = (IssuerViewSet, FieldViewSet)


@hooks.register("register_admin_viewset")
def register_vocabularies():
    return LegalVocabularies()
