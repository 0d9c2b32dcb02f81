"""Listing helpers shared by every list of pages: the "not public" filter and pagination that
answers a page number out of range with a 404 instead of an error."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.utils.translation import gettext as _

from .selectors import restricted_paths


def public(queryset, restricted=None):
    """Wagtail's `.public()`, with the restrictions read once per page rather than per list:
    pages under a view restriction are left out."""
    for path in restricted_paths() if restricted is None else restricted:
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def paginate_or_404(items, number, per_page, allow_empty_first_page=True):
    """The `number`-th page (1 when empty) of `items`; a number that is not a page is a 404."""
    paginator = Paginator(items, per_page, allow_empty_first_page=allow_empty_first_page)
    try:
        return paginator.page(number or 1)
    except (PageNotAnInteger, EmptyPage):
        raise Http404(_("This page of the list does not exist."))
