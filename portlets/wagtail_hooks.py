from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies.sites import SitePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets

from core.site_scoped import ScopedFormMixin, ScopedIndexMixin, ScopedObjectMixin

from .models import Portlet

# a site's administrators hold the portlet rights on their own site (GroupSitePermission)
register_permission_policy(Portlet, SitePermissionPolicy(Portlet))


class PortletIndexView(ScopedIndexMixin, snippets.IndexView):
    pass


class PortletCreateView(ScopedFormMixin, snippets.CreateView):
    pass


class PortletEditView(ScopedFormMixin, ScopedObjectMixin, snippets.EditView):
    pass


class PortletDeleteView(ScopedObjectMixin, snippets.DeleteView):
    scoped_action = "delete"


class PortletViewSet(snippets.SnippetViewSet):
    model = Portlet
    index_view_class = PortletIndexView
    add_view_class = PortletCreateView
    edit_view_class = PortletEditView
    delete_view_class = PortletDeleteView
    icon = "placeholder"
    menu_label = _("Portlets")
    menu_name = "portlets"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["title", "type_name", "site", "visibility", "updated_at"]
    list_filter = ["visibility", "site"]
    search_fields = ["title"]


register_snippet(PortletViewSet)
