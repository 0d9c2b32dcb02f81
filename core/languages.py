"""Which language a public address is in: Vietnamese everywhere (LANGUAGE_CODE, no prefix),
each other content language under its own prefix (`/en/…`). Decided by the address alone,
never by a cookie or Accept-Language, so that a stored page (core.page_cache, nginx) is the
same for every reader and needs no `Vary: Accept-Language`.

Imports nothing of ours but settings: the page cache and core.front read it before Django's
handler runs."""

from django.conf import settings


def prefixed_languages():
    """The content languages with an address prefix: all but the default."""
    codes = [code for code, _name in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES",
                                             settings.LANGUAGES)]
    return [code for code in codes if code != settings.LANGUAGE_CODE]


def language_of(path):
    """The language of the public address `path` (a request's PATH_INFO)."""
    for code in prefixed_languages():
        if path == f"/{code}" or path.startswith(f"/{code}/"):
            return code
    return settings.LANGUAGE_CODE
