from django.http import Http404
from wagtail import hooks

from . import tree
from .languages import language_of


@hooks.register("before_serve_page")
def page_in_its_language(page, request, args, kwargs):
    """A page is served only at an address of its own language: an English address never
    shows a Vietnamese page (Wagtail routes /en/… from the Vietnamese home when the site has
    no English one), so every address has one language (core.languages)."""
    if tree.language_of_page(page) != language_of(request.path_info):
        raise Http404
