from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import MaintenanceNotice


class MaintenanceNoticeViewSet(SnippetViewSet):
    """Planned maintenance, in the admin menu of those who may add it (Quản trị)."""

    model = MaintenanceNotice
    icon = "warning"
    menu_label = _("Planned maintenance")
    menu_name = "maintenance"
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["__str__", "ends_at", "show_from"]


register_snippet(MaintenanceNoticeViewSet)
