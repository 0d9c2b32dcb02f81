"""The shared vocabularies (issuing agencies, fields…) in the admin, where section editors add
and correct the terms their items are filed under."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Term


class TermViewSet(SnippetViewSet):
    model = Term
    icon = "tag"
    menu_label = _("Shared lists")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "vocabulary", "slug"]
    list_filter = ["vocabulary"]
    search_fields = ["name"]
    ordering = ["vocabulary", "name"]


register_snippet(TermViewSet)
