"""The page cache in front of Django's handler (issue 13): a stored page is answered from the
WSGI environment alone, before a request object, the request signals and the middleware are
made; whatever is not stored goes on to Django, whose PageCacheMiddleware stores it.

`vnportal.wsgi.application` is Django's handler wrapped in `PageCacheFront`; the lookup, the
live parts, the ETag, the count and the compression are those of core.page_cache, so both
entrances answer alike."""

import logging

from django.db import close_old_connections

from . import page_cache

logger = logging.getLogger(__name__)


class PageCacheFront:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if page_cache.seconds() and page_cache.may_use(environ):
            _key, stored, current = page_cache.lookup(environ)
            if stored is not None:
                try:
                    status, headers, body = page_cache.answer(
                        stored, environ, lambda: page_cache.anonymous_request(environ),
                        current, compress=True)
                except Exception:  # a live part that failed: Django renders the page instead
                    logger.exception("A stored page could not be answered")
                    close_old_connections()
                else:
                    start_response(page_cache.reason(status), headers)
                    return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [body]
        return self.application(environ, start_response)
