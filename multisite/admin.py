"""The admin of the sites' aliases: a site's administrators see and change their own site's."""

from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.views import generic

from core.site_scoped import ScopedFormMixin, ScopedIndexMixin, ScopedObjectMixin

from .models import SiteAlias


class AliasIndexView(ScopedIndexMixin, generic.IndexView):
    pass


class AliasCreateView(ScopedFormMixin, generic.CreateView):
    pass


class AliasEditView(ScopedFormMixin, ScopedObjectMixin, generic.EditView):
    pass


class AliasDeleteView(ScopedObjectMixin, generic.DeleteView):
    scoped_action = "delete"


class SiteAliasViewSet(ModelViewSet):
    model = SiteAlias
    icon = "site"
    add_to_settings_menu = True
    form_fields = ["hostname", "site"]
    list_display = ["hostname", "site"]
    search_fields = ["hostname"]
    index_view_class = AliasIndexView
    add_view_class = AliasCreateView
    edit_view_class = AliasEditView
    delete_view_class = AliasDeleteView
