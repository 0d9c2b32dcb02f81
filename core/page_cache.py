"""The shared cache of the public pages anonymous readers get (issue 13, first step).

**What enters it.** A GET (or HEAD) of a Wagtail page by a reader who holds no session (so
nobody signed in, no preview, no page password given) that answers 200, sets no cookie (a page
with a form sets the CSRF cookie) and does not call itself private or unstorable. Everything
else passes by, untouched.

**Where it lives.** The cache alias "pages": Redis when `REDIS_URL` is set, shared by every app
server; else files under the var directory, shared by every process of the one server (the
per-process memory of the default cache would let one worker serve what another invalidated).

**Invalidation.** Every key holds the site's content *generation*, a random token stored in the
same cache. A publication, an unpublication, a move or a deletion of a page, and any saved or
deleted row of what pages show (portlets, snippets, settings, terms, images, documents, view
restrictions, redirects, sites…) draw a new token: the very next request, in any process, looks
for keys nobody wrote. The token is drawn again when the change is committed, so that a request
rendering from the old data meanwhile stores its page under a dead token. A lost token is drawn
anew, never reused. What is not content (sessions, sign-ins, revisions and drafts, logs, the
visit counters, search indexes, renditions) draws none.

**Live numbers.** What changes with every visit ("Lượt xem", the visitor counter, "Tin đọc
nhiều") is written between markers (`live()`); a page served from the store has each marked
part made again for this request by the function registered for its kind (`register_live`),
so its numbers are those of the moment, with or without JavaScript.

It is off unless `PAGE_CACHE_SECONDS` is set, until the whole suite runs with it."""

import logging
import re
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)
GENERATION_KEY = "generation"
# which page made a response: set by every page served (core.models.VietnamesePageMixin,
# pages.models.SectionIndexPage), read by the visit counter and the page cache
PAGE_HEADER = "X-Page-Id"
STATUS_HEADER = "X-Page-Cache"

# rows whose change shows on no public page (app labels, then model labels)
NOT_CONTENT_APPS = {"sessions", "admin", "contenttypes", "axes", "otp_totp", "visits",
                    "wagtailsearch", "accounts", "editorial", "wagtailadmin", "wagtailusers"}
NOT_CONTENT_MODELS = {
    "wagtailcore.revision", "wagtailcore.pagelogentry", "wagtailcore.modellogentry",
    "wagtailcore.workflowstate", "wagtailcore.taskstate", "wagtailcore.comment",
    "wagtailcore.commentreply", "wagtailcore.pagesubscription", "wagtailcore.referenceindex",
    "wagtailcore.uploadedfile", "wagtailcore.apitoken", "wagtailcore.groupapprovaltask",
    "wagtailcore.grouppagepermission", "wagtailcore.groupcollectionpermission",
    "wagtailcore.groupsitepermission", "wagtailcore.task", "wagtailcore.workflow",
    "wagtailcore.workflowtask", "wagtailcore.workflowpage", "wagtailcore.workflowcontenttype",
    "wagtailimages.rendition", "downloads.publicfile", "auth.group", "auth.permission",
    "portal_search.searchdocument", "portal_search.searchfacet", "portal_search.attachmenttext"}
# query parameters a stored page may have: the filters of the section lists and the page
# number; any other (a free text `q`, a made-up one) is answered but not stored, so that
# nobody can fill the store with addresses of their own
STORED_QUERY_KEYS = {"trang", "nam", "loai", "co_quan", "linh_vuc", "tinh_trang", "hieu_luc",
                     "cap", "muc_do"}
# response headers a stored page does not keep (they belong to the request that made it)
NOT_STORED_HEADERS = {"set-cookie", "date", "content-length", STATUS_HEADER.lower()}


def store():
    return caches["pages"]


def generation_store():
    """Where the generation lives: apart from the pages where the store has room for them
    (a full file store drops entries at random: it must not be the generation)."""
    return caches["page-generation"] if "page-generation" in settings.CACHES else store()


def seconds():
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def generation():
    """The current content generation; drawn when the store has none (first use, or lost)."""
    value = generation_store().get(GENERATION_KEY)
    if value is None:
        value = uuid.uuid4().hex
        if not generation_store().add(GENERATION_KEY, value, None):  # another drew it first
            value = generation_store().get(GENERATION_KEY) or value
    return value


def new_generation():
    try:
        generation_store().set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:  # an unwritable store: nothing is served from it either
        logger.exception("Could not draw a new page cache generation")


def content_changed():
    """Invalidate every cached page now and again once the change is committed; whether or
    not this process serves from the cache (an import, a shell, the scheduler)."""
    new_generation()
    connection = transaction.get_connection()
    if not any(entry[1] is new_generation for entry in connection.run_on_commit):
        transaction.on_commit(new_generation)  # once per transaction, however many rows


def is_content(model):
    meta = model._meta
    return not (meta.app_label in NOT_CONTENT_APPS or meta.label_lower in NOT_CONTENT_MODELS)


def _saved(sender, instance, created=False, raw=False, **kwargs):
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Page

    if raw or not is_content(sender):
        return
    # a page's row is saved by drafts too: its publication, move and deletion count, and its
    # creation when live (an alias); a site's settings are created with the defaults pages
    # already show, on first reading; an account's sign-in time shows nowhere
    if isinstance(instance, Page) and not (created and instance.live):
        return
    if created and isinstance(instance, (BaseSiteSetting, BaseGenericSetting)):
        return
    if kwargs.get("update_fields") and set(kwargs["update_fields"]) <= {"last_login"}:
        return
    content_changed()


def _deleted(sender, instance, **kwargs):
    if is_content(sender):
        content_changed()


def _m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and is_content(type(instance)):
        content_changed()


def _page_event(**kwargs):
    content_changed()


def connect_signals():
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(_saved, dispatch_uid="page-cache-saved")
    post_delete.connect(_deleted, dispatch_uid="page-cache-deleted")
    m2m_changed.connect(_m2m_changed, dispatch_uid="page-cache-m2m")
    page_published.connect(_page_event, dispatch_uid="page-cache-published")
    page_unpublished.connect(_page_event, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(_page_event, dispatch_uid="page-cache-moved")


# --- live parts -----------------------------------------------------------------------------

LIVE = re.compile(r"<!--live:([a-z-]+):(\d+)-->.*?<!--/live-->", re.S)
_live_renderers = {}


def register_live(kind):
    """Register `function(arg, request)`, which returns the marked HTML (`live()`) of a part of
    kind `kind` for the number `arg` (a page's or a portlet's id)."""
    def register(function):
        _live_renderers[kind] = function
        return function
    return register


def live(kind, arg, html):
    """`html` marked as a live part: made again for each reader of a stored page."""
    return mark_safe(f"<!--live:{kind}:{int(arg)}-->{html}<!--/live-->")


def fill_live(content, request):
    """`content` (bytes of a stored page) with each live part made again for `request`."""
    if b"<!--live:" not in content:
        return content

    def again(match):
        render = _live_renderers.get(match.group(1))
        return str(render(int(match.group(2)), request)) if render else match.group(0)
    return LIVE.sub(again, content.decode()).encode()


# --- the middleware -------------------------------------------------------------------------

def may_use(request):
    """Whether `request` may be answered from, and stored into, the shared cache."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def key_for(request):
    """The key of the page `request` asks for, or None (a host the site does not serve)."""
    from django.core.exceptions import DisallowedHost

    try:
        host = request.get_host().lower()
    except DisallowedHost:
        return None
    if not set(request.GET) <= STORED_QUERY_KEYS:
        return None
    # by name only: repeated values keep their order (?trang=1&trang=2 is not ?trang=2&trang=1)
    query = "&".join(sorted(filter(None, request.META.get("QUERY_STRING", "").split("&")),
                            key=lambda part: part.split("=", 1)[0]))
    # the local day too: what a page shows may follow today's date (a document's status); the
    # scheme: absolute links (canonical, feeds) are written with it
    return ":".join(["page", generation(), timezone.localdate().isoformat(), request.scheme,
                     host, translation.get_language() or "", request.path, query])


def lifetime(response):
    """How long `response` may be kept: PAGE_CACHE_SECONDS, or less when it says so itself
    (max-age or s-maxage)."""
    found = [int(value) for value in re.findall(r"(?:^|[\s,])s?-?max-?age=(\d+)",
                                                 response.get("Cache-Control", ""))]
    return min([seconds(), *found])


def may_store(response):
    if response.status_code != 200 or PAGE_HEADER not in response or response.cookies:
        return False
    if getattr(response, "streaming", False):
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache")) \
        and lifetime(response) > 0


class PageCacheMiddleware:
    """Answers a cached page before sessions, CSRF, authentication and rendering run; stores
    what may be shared on the way out (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not seconds() or not may_use(request):
            return self.get_response(request)
        try:
            key = key_for(request)
            stored = store().get(key) if key is not None else None
        except Exception:  # an unreadable store (its files another user's): serve uncached
            logger.exception("The page cache cannot be read")
            return self.get_response(request)
        if key is None:
            return self.get_response(request)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(fill_live(content, request), status=status)
            for name, value in headers:
                response[name] = value
            response["Content-Length"] = len(response.content)  # live parts change it
            response[STATUS_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if may_store(response):
            headers = [(name, value) for name, value in response.items()
                       if name.lower() not in NOT_STORED_HEADERS]
            try:
                store().set(key, (response.status_code, headers, response.content),
                            lifetime(response))
                response[STATUS_HEADER] = "miss"
            except Exception:
                logger.exception("The page cache cannot be written")
        return response
