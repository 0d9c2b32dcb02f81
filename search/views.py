"""The public search page, /tim-kiem/?q=…"""

from django.template.response import TemplateResponse
from wagtail.models import Site

from core.ratelimit import rate_limited
from core.vietnamese import MAX_TOKEN_LENGTH

from . import selectors
from .facets import search_kinds
from .forms import SearchForm, has_words


@rate_limited("search", when=has_words)
def search(request):
    site = Site.find_for_request(request)
    site_root = site.root_page if site is not None else None
    form = SearchForm(request.GET or None, sections=selectors.section_pages(site_root),
                      kinds=search_kinds())
    context = {"form": form, "results": None, "query": "", "max_word_length": MAX_TOKEN_LENGTH}
    if not request.GET:
        return TemplateResponse(request, "search/search.html", context)
    if not form.is_valid():
        # bad input (a too long query, an unknown section, kind or facet value, an impossible
        # date): say so
        return TemplateResponse(request, "search/search.html", context, status=400)
    query = form.cleaned_data["q"]
    context["query"] = query
    if query:
        context["results"] = selectors.search(
            query, site_root=site_root, section=form.section,
            date_from=form.cleaned_data["tu_ngay"], date_to=form.cleaned_data["den_ngay"],
            kind=form.kind, facets=form.facets, order=form.order,
            page_number=form.cleaned_data["trang"] or 1, request=request)
    return TemplateResponse(request, "search/search.html", context)
