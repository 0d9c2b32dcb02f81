from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Portlet


class PortletViewSet(SnippetViewSet):
    model = Portlet
    icon = "placeholder"
    menu_label = _("Portlets")
    menu_name = "portlets"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["title", "type_name", "visibility", "updated_at"]
    list_filter = ["visibility"]
    search_fields = ["title"]


register_snippet(PortletViewSet)
