"""Reads shared by every public view: which parts of the page tree are not public."""

from wagtail.models import PageViewRestriction


def restricted_paths():
    """Tree paths of the pages with a view restriction: nothing below them is public."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def is_restricted(path, restricted):
    """Whether the page at tree `path` is under one of the `restricted` paths."""
    return any(path.startswith(prefix) for prefix in restricted)
