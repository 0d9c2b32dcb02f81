"""Reads shared by every public view: which parts of the page tree are not public."""

from .tree import restricted_paths  # noqa: F401 (read once per content generation)


def any_public(paths):
    """Whether any of the live pages at tree `paths` is open to anonymous visitors (the
    restrictions are read only when there is a path to test)."""
    paths = list(paths)
    if not paths:
        return False
    restricted = restricted_paths()
    return any(not is_restricted(path, restricted) for path in paths)


def is_restricted(path, restricted):
    """Whether the page at tree `path` is under one of the `restricted` paths."""
    return any(path.startswith(prefix) for prefix in restricted)
