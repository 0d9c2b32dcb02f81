"""Reads shared by every public view: which parts of the page tree are not public."""

from wagtail.models import PageViewRestriction


def restricted_paths():
    """Tree paths of the pages with a view restriction: nothing below them is public."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))
