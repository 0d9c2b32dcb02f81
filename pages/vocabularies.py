"""The shared vocabularies (`Term`s: issuing agencies, fields…) in the admin: one menu for each
section type, one list for each vocabulary, with its Vietnamese name.

A section type declares its vocabularies in its `wagtail_hooks.py`:

    register_vocabularies(LegalDocumentIndexPage, _("Classifications of the documents"),
                          "doc-full", [(ISSUERS, "legal_issuers", _("Issuing agencies")), …])

Who may change the terms of a vocabulary: a superuser; an account holding the term rights
site-wide (the "Quản trị" role); an editor or approver of a section of that type, and no other
section's editor (`editorial.services.may_manage_terms`). A term's address (slug) is made from
its name; the vocabulary is the list's own, never typed."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.text import capfirst
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import Term


@dataclass(frozen=True)
class Vocabulary:
    key: str             # Term.vocabulary ("legal.issuer")
    label: str           # shown in the admin ("Cơ quan ban hành")
    section_model: type  # the section type whose editors keep it
    admin_name: str      # its admin list's name ("legal_issuers": /admin/legal_issuers/)


VOCABULARIES = {}


def vocabulary_of(key):
    return VOCABULARIES.get(key)


def may_manage(user, action, key):
    """May `user` do `action` ("add", "change", "delete") on the terms of vocabulary `key`?"""
    from editorial.services import may_manage_terms

    vocabulary = vocabulary_of(key)
    if vocabulary is None:  # a vocabulary no section declares: superusers only
        return bool(user.is_active and user.is_superuser)
    return may_manage_terms(user, action, vocabulary.section_model)


class TermPermissionPolicy(ModelPermissionPolicy):
    """Term rights are Django's model permissions narrowed to the sections one edits: the views
    of one vocabulary check `may_manage`, and so does any view given a term."""

    def user_has_permission(self, user, action):
        return super().user_has_permission(user, action) and any(
            may_manage(user, action, key) for key in VOCABULARIES)

    def user_has_permission_for_instance(self, user, action, instance):
        return may_manage(user, action, instance.vocabulary)

    def instances_user_has_permission_for(self, user, action):
        keys = [key for key in VOCABULARIES if may_manage(user, action, key)]
        return Term.objects.filter(vocabulary__in=keys)


class NamedListMixin:
    """A view of one vocabulary titled with its name ("Cơ quan ban hành"), not the model's."""

    vocabulary_label = ""

    def get_page_title(self):
        if isinstance(self, generic.IndexView):
            return self.vocabulary_label
        return super().get_page_title()

    def get_breadcrumbs_items(self):
        plural = capfirst(Term._meta.verbose_name_plural)
        return [{**item, "label": self.vocabulary_label} if item.get("label") == plural else item
                for item in super().get_breadcrumbs_items()]


class TermIndexView(NamedListMixin, generic.IndexView):
    pass


class TermURLFinder(ModelAdminURLFinder):
    """The edit address of a term is in its own vocabulary's list (the admin's history and
    reports link to it); one finder for every list, registered by the kit."""

    def construct_edit_url(self, instance):
        vocabulary = vocabulary_of(instance.vocabulary)
        if vocabulary is None:
            return None
        return reverse(f"{vocabulary.admin_name}:edit", args=(quote(instance.pk),))


class AddTermView(NamedListMixin, generic.CreateView):
    vocabulary = ""

    def get_page_subtitle(self):
        return self.vocabulary_label  # "Mới: Cơ quan ban hành"

    def get_initial_form_instance(self):
        return Term(vocabulary=self.vocabulary)


class EditTermView(NamedListMixin, generic.EditView):
    pass


class DeleteTermView(NamedListMixin, generic.DeleteView):
    pass


class VocabularyViewSet(ModelViewSet):
    """The terms of one vocabulary: listed, added (the address is made from the name), renamed
    and deleted by those who may (`may_manage`); the terms of other vocabularies are out of
    reach (404)."""

    model = Term
    vocabulary = ""
    form_fields = ["name"]
    list_display = ["name", "slug"]
    search_fields = ["name"]
    icon = "tag"
    copy_view_enabled = False  # a copy would only be the same term twice
    index_view_class = TermIndexView
    add_view_class = AddTermView
    edit_view_class = EditTermView
    delete_view_class = DeleteTermView

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            queryset=Term.objects.filter(vocabulary=self.vocabulary), **kwargs)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(vocabulary_label=self.menu_label, **kwargs)

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(vocabulary=self.vocabulary,
                                           vocabulary_label=self.menu_label, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(vocabulary_label=self.menu_label, **kwargs)

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(vocabulary_label=self.menu_label, **kwargs)

    def register_admin_url_finder(self):
        pass  # one for all the lists: TermURLFinder

    def get_urlpatterns(self):
        """Every view of the list first asks whether its user may change this vocabulary (add
        to it, delete from it, for those views), and answers 404 for a term of another list."""
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = self._guarded(pattern.callback)
        return patterns

    def _guarded(self, view):
        vocabulary = self.vocabulary

        def guarded(request, *args, **kwargs):
            name = request.resolver_match.url_name
            action = name if name in ("add", "delete") else "change"
            if not may_manage(request.user, action, vocabulary):
                raise PermissionDenied
            pk = kwargs.get("pk")  # a term of another list is not in this one (history, usage…)
            if pk is not None and not Term.objects.filter(pk=pk, vocabulary=vocabulary).exists():
                raise Http404
            return view(request, *args, **kwargs)
        return guarded

    @property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        vocabulary = self.vocabulary

        class VocabularyMenuItem(MenuItem):
            def is_shown(self, request):
                return may_manage(request.user, "change", vocabulary)

        return VocabularyMenuItem


def register_vocabularies(section_model, menu_label, menu_icon, vocabularies):
    """Declare a section type's vocabularies [(key, admin name, label)…] and give them one
    admin menu; call from the app's `wagtail_hooks.py`."""
    items = []
    for key, name, label in vocabularies:
        VOCABULARIES[key] = Vocabulary(key, label, section_model, name)
        items.append(type(f"{name.title().replace('_', '')}ViewSet", (VocabularyViewSet,), {
            "vocabulary": key, "name": name, "menu_label": label}))
    group = type(f"{section_model.__name__}Vocabularies", (ViewSetGroup,), {
        "menu_label": menu_label, "menu_icon": menu_icon, "items": tuple(items)})
    hooks.register("register_admin_viewset", group)
