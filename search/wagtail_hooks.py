"""The abbreviations the public search knows, kept by administrators under Settings. A change
takes effect on the next search: nothing needs reindexing (see `abbreviations.py`)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Abbreviation


class AbbreviationViewSet(SnippetViewSet):
    model = Abbreviation
    icon = "search"
    menu_label = _("Search abbreviations")
    menu_name = "search-abbreviations"
    add_to_settings_menu = True
    list_display = ["short", "long"]
    search_fields = ["short", "long"]
    search_backend_name = None  # the list is short: the database's own search will do
    ordering = ["short", "long"]


register_snippet(AbbreviationViewSet)
