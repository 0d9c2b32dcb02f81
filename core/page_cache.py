"""The shared cache of the public pages anonymous readers get (issue 13, first step).

**What enters it.** A GET (or HEAD) of a Wagtail page by a reader who holds no session (so
nobody signed in, no preview, no page password given) that answers 200, sets no cookie (a page
with a form sets the CSRF cookie) and does not call itself private or unstorable. Everything
else passes by, untouched.

**Where it lives.** The cache alias "pages": Redis when `REDIS_URL` is set, shared by every app
server; else files under the var directory, shared by every process of the one server (the
per-process memory of the default cache would let one worker serve what another invalidated).

**Invalidation.** Every entry holds the site's content *generation* it was made in, a random
token stored in the same cache. A publication, an unpublication, a move or a deletion of a
page, and any saved or deleted row of what pages show (portlets, snippets, settings, terms,
images, documents, view restrictions, redirects, sites…) draw a new token: the very next
request, in any process, finds every entry of another generation and renders anew. The token
is drawn again when the change is committed, and a page is stored with the token read before
it was rendered, so that a request rendering from the old data meanwhile stores a dead entry. A lost token is drawn
anew, never reused. What is not content (sessions, sign-ins, revisions and drafts, logs, the
visit counters, search indexes, renditions) draws none.

**Live numbers.** What changes with every visit ("Lượt xem", the visitor counter, "Tin đọc
nhiều") is written between markers (`live()`); a page served from the store has each marked
part made again for this request by the function registered for its kind (`register_live`),
so its numbers are those of the moment, with or without JavaScript.

It is on unless `PAGE_CACHE_SECONDS` is 0 (the default with DEBUG on, so that a developer sees
a changed template at once); `migrate`, which a release runs, starts a new generation."""

import contextvars
import functools
import gzip
import hashlib
import logging
import re
import time
import uuid
from http import HTTPStatus

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from .languages import language_of

logger = logging.getLogger(__name__)
GENERATION_KEY = "generation"
# which page made a response: set by every page served (core.models.VietnamesePageMixin,
# pages.models.SectionIndexPage), read by the visit counter and the page cache
PAGE_HEADER = "X-Page-Id"
STATUS_HEADER = "X-Page-Cache"
PROXY_HEADER = "X-Accel-Expires"  # nginx: keep this answer that many seconds
MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage

# rows whose change shows on no public page (app labels, then model labels)
NOT_CONTENT_APPS = {"sessions", "admin", "contenttypes", "axes", "otp_totp", "visits",
                    "wagtailsearch", "accounts", "editorial", "wagtailadmin", "wagtailusers",
                    "publicforms", "feedback"}
NOT_CONTENT_MODELS = {
    "wagtailcore.revision", "wagtailcore.pagelogentry", "wagtailcore.modellogentry",
    "wagtailcore.workflowstate", "wagtailcore.taskstate", "wagtailcore.comment",
    "wagtailcore.commentreply", "wagtailcore.pagesubscription", "wagtailcore.referenceindex",
    "wagtailcore.uploadedfile", "wagtailcore.apitoken", "wagtailcore.groupapprovaltask",
    "wagtailcore.grouppagepermission", "wagtailcore.groupcollectionpermission",
    "wagtailcore.groupsitepermission", "wagtailcore.task", "wagtailcore.workflow",
    "wagtailcore.workflowtask", "wagtailcore.workflowpage", "wagtailcore.workflowcontenttype",
    "wagtailimages.rendition", "downloads.publicfile", "auth.group", "auth.permission",
    "core.throttle", "qa.question", "portal_search.searchdocument", "portal_search.searchfacet",
    "portal_search.attachmenttext", "contact.contactmessage",
    # a comment awaiting moderation shows nowhere (its approval calls content_changed())
    "consultation.draftcomment",
    # what an import of an old portal remembers of each old page (its pages are content)
    "oldportals.importeditem",
    # an old address's mapping answers only what no stored page answers: an old host's
    # addresses (answered before any page; its OldHost row is content) and 404s (never stored)
    "oldurls.oldurl", "oldurls.unmappedhit"}
# query parameters a stored page may have: the filters of the section lists and the page
# number; any other (a free text `q`, a made-up one) is answered but not stored, so that
# nobody can fill the store with addresses of their own (and only those the page reads, with
# values its list offers: query_is_the_pages_own)
STORED_QUERY_KEYS = {"trang", "nam", "loai", "co_quan", "linh_vuc", "tinh_trang", "hieu_luc",
                     "cap", "muc_do"}
# response headers a stored page does not keep (they belong to the request that made it)
NOT_STORED_HEADERS = {"set-cookie", "date", "content-length", "etag", "content-encoding",
                      STATUS_HEADER.lower(), PAGE_HEADER.lower(), PROXY_HEADER.lower()}
# what a 304 keeps of the answer it stands for (RFC 9110, 15.4.5)
NOT_MODIFIED_HEADERS = {"cache-control", "content-location", "etag", "expires", "vary",
                        "last-modified", PROXY_HEADER.lower(), PAGE_HEADER.lower()}
# types worth compressing (HTML, feeds); photos and documents are compressed already
COMPRESSIBLE = ("text/", "application/rss+xml", "application/atom+xml", "application/xml",
                "application/json", "application/javascript")


def store():
    return caches["pages"]


def generation_store():
    """Where the generation lives: apart from the pages where the store has room for them
    (a full file store drops entries at random: it must not be the generation)."""
    return caches["page-generation"] if "page-generation" in settings.CACHES else store()


def seconds():
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


def live_seconds():
    return float(getattr(settings, "PAGE_CACHE_LIVE_SECONDS", 2) or 0)


def generation():
    """The current content generation; drawn when the store has none (first use, or lost)."""
    value = generation_store().get(GENERATION_KEY)
    if value is None:
        value = uuid.uuid4().hex
        if not generation_store().add(GENERATION_KEY, value, None):  # another drew it first
            value = generation_store().get(GENERATION_KEY) or value
    return value


# the generation read when a request began (PageCacheMiddleware), for what it reads later
_request_generation = contextvars.ContextVar("page_cache_generation", default=None)
# {(generation, name, transaction mark): value}: what `kept` made in this process, for the
# last two generations it saw (a request may still be rendering from the one before)
_kept = {}
# the same for values kept per item (`many`: an article's card…), of which a large site has
# more than a process should hold: bounded apart, the oldest dropped first, so that they never
# push out what every render needs (the site, the menu, the placements, the month counts)
_kept_items = {}
KEPT_ITEMS = 10000
_kept_generations = []
_MISSING = object()


def _transaction_mark():
    """None, unless this thread is inside a transaction that changed content: then what tells
    its reads apart (and those of each savepoint in it), so that nothing read from uncommitted
    rows is kept for anyone else, or kept at all once they are rolled back."""
    connection = transaction.get_connection()
    mark = getattr(connection, "_content_changed_in", None)
    if not connection.in_atomic_block or mark is None or \
            mark[0] is not connection.atomic_blocks[0]:
        return None
    return mark[1], tuple(connection.savepoint_ids)


def in_changed_transaction():
    """Whether this thread is inside a transaction that changed content: what it reads must
    not be stored where others read it (it may be rolled back)."""
    return _transaction_mark() is not None


def _forget_site_root_paths():
    """Wagtail keeps the sites' root paths (what every page's address is made from) in the
    default cache for an hour; that cache is each process's own without Redis, so a site made
    by another process (create_site, merge_site) would have no addresses here until then. A
    process seeing a new content generation reads them again."""
    try:
        from wagtail.models import Site

        Site.clear_site_root_paths_cache()
    except Exception:  # no cache to clear (starting up): they are read when first needed
        logger.debug("site root paths not cleared", exc_info=True)


def kept(name, make):
    """What `make()` returns, made once in this process for each content generation: reads
    that every render repeats (the site, the menu, the restrictions; core.tree). The value is
    shared by every request of the process: plain data, or bytes to make fresh objects from.
    When the generation cannot be read, made each time."""
    return kept_many([name], lambda missing: {name: make()})[name]


def kept_many(names, make, many=False):
    """{name: value} for each of `names`, as `kept` would give it; those not kept yet are made
    by one call of `make(missing names)`, which returns {name: value} (a list's items read in
    one query, each kept on its own and shared with other lists). `many`: values per item, of
    which at most KEPT_ITEMS are kept, apart from the rest."""
    try:
        current = _request_generation.get() or generation()
    except Exception:  # an unreadable store: logged where the page cache reads it
        return make(list(names))
    mark = _transaction_mark()
    store = _kept_items if many else _kept
    found = {name: store.get((current, name, mark), _MISSING) for name in names}
    missing = [name for name, value in found.items() if value is _MISSING]
    if missing:
        made = make(missing)
        if current not in _kept_generations:
            _kept_generations.append(current)
            _forget_site_root_paths()
            while len(_kept_generations) > 2:  # the values of older generations are dead
                dead = _kept_generations.pop(0)
                for each in (_kept, _kept_items):
                    for key in [key for key in list(each) if key[0] == dead]:
                        each.pop(key, None)
        if many and len(store) + len(missing) > KEPT_ITEMS:
            for key in list(store)[:len(store) + len(missing) - KEPT_ITEMS + KEPT_ITEMS // 4]:
                store.pop(key, None)  # the oldest first (a dict keeps its order)
        elif len(store) + len(missing) > 10000:  # a safety net: only what every render needs
            store.clear()
        for name in missing:
            found[name] = made[name]
            if not many or len(missing) <= KEPT_ITEMS:
                store[(current, name, mark)] = made[name]
    return found


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
    if connection.in_atomic_block:  # what this transaction reads is its own (`kept`)
        mark = getattr(connection, "_content_changed_in", None)
        if mark is None or mark[0] is not connection.atomic_blocks[0]:
            connection._content_changed_in = (connection.atomic_blocks[0], uuid.uuid4().hex)
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


def _migrated(sender, **kwargs):
    """A release runs `migrate` once (README, "Deploying"): its templates and code may show
    pages otherwise, so nothing stored before it is served after it."""
    if sender.name == "core":
        new_generation()


def connect_signals():
    from django.db.models.signals import post_migrate
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_migrate.connect(_migrated, dispatch_uid="page-cache-migrated")
    post_save.connect(_saved, dispatch_uid="page-cache-saved")
    post_delete.connect(_deleted, dispatch_uid="page-cache-deleted")
    m2m_changed.connect(_m2m_changed, dispatch_uid="page-cache-m2m")
    page_published.connect(_page_event, dispatch_uid="page-cache-published")
    page_unpublished.connect(_page_event, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(_page_event, dispatch_uid="page-cache-moved")


# --- live parts -----------------------------------------------------------------------------

LIVE = re.compile(rb"<!--live:([a-z-]+):(\d+)-->.*?<!--/live-->", re.S)  # on the page's bytes
_live_renderers = {}
_live_per_host = set()  # kinds whose parts are made per host (register_live)
# {(generation, kind, arg): (until, html)}: a live part made for one reader serves the readers
# of the next PAGE_CACHE_LIVE_SECONDS in this process (the numbers may lag that much, no more)
_live_made = {}
_hit_counters = []


def register_live(kind, per_host=False):
    """Register `function(arg, request)`, which returns the marked HTML (`live()`) of a part of
    kind `kind` for the number `arg` (a page's or a portlet's id), for an anonymous reader.
    `per_host`: what it shows depends on the site the request is for (a visitor counter
    shared by several sites), so what is made for a reader is reused on that host only."""
    def register(function):
        _live_renderers[kind] = function
        if per_host:
            _live_per_host.add(kind)
        return function
    return register


def register_hit_counter(function):
    """Register `function(meta, page_id, content_type)`, called for each answer served from the
    store (the visit counter: a stored page is read as much as a rendered one)."""
    _hit_counters.append(function)
    return function


def live(kind, arg, html):
    """`html` marked as a live part: made again for each reader of a stored page."""
    return mark_safe(f"<!--live:{kind}:{int(arg)}-->{html}<!--/live-->")


def fill_live(content, make_request, current=None, language=None, host=""):
    """`content` (bytes of a stored page) with each live part made again: by its renderer, with
    the request `make_request()` gives, or as made for a reader of the last few seconds (of
    the same `host`: each site counts its own visitors); in `language`, the page's (its
    address's: core.languages), Vietnamese when not given."""
    if b"<!--live:" not in content:
        return content
    request = []
    language = language or settings.LANGUAGE_CODE
    if translation.get_language() != language:  # a thread left in another one
        with translation.override(language):
            return fill_live(content, make_request, current, language, host)

    def again(match):
        kind, arg = match.group(1).decode(), int(match.group(2))
        render = _live_renderers.get(kind)
        if render is None:
            return match.group(0)

        def make():
            if not request:
                request.append(make_request())
            return render(arg, request[0])
        return made_live(kind, arg, make, current, host).encode()
    return LIVE.sub(again, content)  # the page's bytes stay as they are around the parts


def made_live(kind, arg, make, current=None, host=""):
    """The live part (kind, arg) as `make()` returns it, or as made for a reader of the last
    PAGE_CACHE_LIVE_SECONDS in this process (in the same content generation, on the same
    `host`: a portlet shared by several sites shows each its own figures): a page rendered
    anew and a stored page answered share it."""
    keep = live_seconds()
    if not keep:
        return str(make())
    if current is None:
        try:
            current = generation()
        except Exception:  # an unreadable store: logged where the page cache reads it
            return str(make())
    # the language too: an editor's preview renders in the admin's language
    host = host if kind in _live_per_host else ""
    now, memo = time.monotonic(), (current, translation.get_language(), kind, arg, host)
    made = _live_made.get(memo)
    if made is not None and made[0] > now:
        return made[1]
    html = str(make())
    if len(_live_made) > 10000:
        _live_made.clear()
    _live_made[memo] = (now + keep, html)
    return html


# --- keys -----------------------------------------------------------------------------------

def scheme_of(meta):
    """What `HttpRequest.scheme` says, from the WSGI environment alone."""
    header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if header and meta.get(header[0]) is not None:
        return "https" if meta[header[0]].split(",", 1)[0].strip() == header[1] else "http"
    return meta.get("wsgi.url_scheme", "http")


def may_use(meta):
    """Whether a request (its WSGI environment) may be answered from, and stored into, the
    shared cache: a GET or HEAD by a reader who holds no session, has no message waiting (a
    form's "thank you", kept in a cookie) and sends no credentials."""
    if meta.get("REQUEST_METHOD") not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in meta:
        return False
    cookies = meta.get("HTTP_COOKIE", "")
    names = (settings.SESSION_COOKIE_NAME, MESSAGES_COOKIE)
    return not (any(name in cookies for name in names)
                and any(name in parse_cookie(cookies) for name in names))


def host_of(meta):
    """The host (and port) a request (its WSGI environment) was sent to, lower case."""
    if getattr(settings, "USE_X_FORWARDED_HOST", False) and "HTTP_X_FORWARDED_HOST" in meta:
        host = meta["HTTP_X_FORWARDED_HOST"]
    else:
        host = meta.get("HTTP_HOST") or f"{meta.get('SERVER_NAME')}:{meta.get('SERVER_PORT')}"
    return host.lower()


def key_for(meta):
    """The key of the page a request asks for, or None when it is not to be stored (a query
    parameter that is not a list's own). Made from the WSGI environment alone, the same before
    Django's handler (core.front) and inside it (the middleware). The host is not checked here:
    only a page Django rendered, for a host it serves, is ever stored under it."""
    parts = [part for part in meta.get("QUERY_STRING", "").split("&") if part]
    if any(part.split("=", 1)[0] not in STORED_QUERY_KEYS for part in parts):
        return None
    if len(parts) != len(meta.get("QUERY_STRING", "").split("&")) and parts:
        return None  # `?trang=2&`: not an address the site writes (nginx would keep a copy)
    # by name only: repeated values keep their order (?trang=1&trang=2 is not ?trang=2&trang=1)
    query = "&".join(sorted(parts, key=lambda part: part.split("=", 1)[0]))
    host = host_of(meta)
    # the local day: what a page shows may follow today's date (a document's status); the
    # scheme: absolute links (canonical, feeds) are written with it; the language of a public
    # page follows its address (core.languages: no cookie, no Accept-Language)
    what = "\n".join([timezone.localdate().isoformat(), scheme_of(meta), host,
                      language_of(meta.get("PATH_INFO", "")), meta.get("SCRIPT_NAME", ""),
                      meta.get("PATH_INFO", ""), query])
    digest = hashlib.sha256(what.encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{digest}"


def lifetime(response, limit=None):
    """How long `response` may be kept: `limit` (PAGE_CACHE_SECONDS), or less when it says so
    itself (max-age or s-maxage)."""
    found = [int(value) for value in re.findall(r"(?:^|[\s,])s?-?max-?age=(\d+)",
                                                 response.get("Cache-Control", ""))]
    return min([seconds() if limit is None else limit, *found])


def uses_query(request, *names):
    """Say that the page answering `request` reads these query parameters (a list's filters
    and page number): only then is a page asked with them stored."""
    request.page_query_names = getattr(request, "page_query_names", set()) | set(names)


PAGE_NUMBER = re.compile(r"[1-9]\d{0,5}")


def query_is_the_pages_own(request):
    """Whether the query of `request` is one the page reads, each name once, the page number
    written as the page's own links write it, so that nobody can fill the store with copies
    of a page under made-up addresses (`?trang=01`, `?nam=…` on an article). Values a list
    does not offer are refused by its filter form (400), which is not stored either."""
    names = [part.split("=", 1)[0] for part in
             request.META.get("QUERY_STRING", "").split("&") if part]
    if len(names) != len(set(names)) or not set(names) <= getattr(request, "page_query_names",
                                                                   set()):
        return False
    return "trang" not in request.GET or bool(PAGE_NUMBER.fullmatch(request.GET["trang"]))


def proxy_seconds():
    return int(getattr(settings, "PROXY_CACHE_SECONDS", 0) or 0)


def page_id_of(response):
    """The page that made `response` (the visit counter takes the header away, leaving this
    attribute), or None when no page did."""
    value = getattr(response, "page_id", None) or response.get(PAGE_HEADER)
    return int(value) if value and str(value).isdigit() else None


def shared(view):
    """Mark what `view` answers as a public page the cache may store, like a page of the tree
    (which says so by its page id): for public views outside the tree, such as a tag's list."""
    @functools.wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.shared_page = True
        return response
    return marked


def may_share(response):
    """Whether `response` is a public page that a shared cache may keep (for its lifetime)."""
    if response.status_code != 200 or response.cookies or (
            page_id_of(response) is None and not getattr(response, "shared_page", False)):
        return False
    if getattr(response, "streaming", False) or response.has_header("Content-Encoding"):
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


# --- answering from the store ---------------------------------------------------------------

def lookup(meta):
    """(key, stored entry or None, current generation) for a request that may use the cache;
    the key is None when the page may not be stored, or the store cannot be read (logged: the
    page is served uncached). An entry holds the generation it was made in: one of another
    generation is not answered (and is overwritten when the page is stored again). With Redis
    the generation and the entry come in one round trip."""
    try:
        key = key_for(meta)
        if key is None:
            return None, None, None
        if generation_store() is store():
            found = store().get_many([GENERATION_KEY, key])
            current = found.get(GENERATION_KEY) or generation()
            entry = found.get(key)
        else:
            current = generation()
            entry = _read.get(key)  # read by this process before, of this generation, unexpired
            if entry is None or entry[0] != current or entry[5] <= time.time():
                entry = store().get(key)
                if entry is not None and entry[0] == current and len(entry) == 6:
                    _remember(key, entry)
    except Exception:  # an unreadable store (its files another user's): serve uncached
        logger.exception("The page cache cannot be read")
        return None, None, None
    if entry is not None and entry[0] == current:
        return key, entry[1:6], current
    return key, None, current


# Entries this process read from the embedded store (files), kept in memory until they expire
# or their generation ends: an entry never changes in its generation before it expires, so a
# hit reads only the generation's small file, not the page's (a zlib'd pickle) again.
_read = {}
READ_KEPT = 200


def _remember(key, entry):
    if len(_read) >= READ_KEPT:
        for old in list(_read)[:READ_KEPT // 4]:  # the first read first
            _read.pop(old, None)
    _read[key] = entry


def _matches(if_none_match, etag):
    bare = etag.removeprefix("W/")
    return any(tag.strip() in ("*", bare) or tag.strip().removeprefix("W/") == bare
               for tag in if_none_match.split(","))


def not_modified(headers):
    """What a 304 keeps of the headers [(name, value), …] of the answer it stands for."""
    return [(name, value) for name, value in headers if name.lower() in NOT_MODIFIED_HEADERS]


def answer(stored, meta, make_request, current=None, compress=False):
    """(status, [(header, value), …], body) for a request served from the store: live parts
    made again, an ETag of what is sent (so a 304 never keeps old numbers), 304 when the
    reader has it already, compressed when `compress` and the reader accepts gzip (inside
    Django the compressing middleware does that). Each answer is counted as a read."""
    status, headers, content, page_id, expires = stored
    body = fill_live(content, make_request, current, language_of(meta.get("PATH_INFO", "")),
                     host_of(meta))
    headers = list(headers)
    # a page that set its own shared lifetime (s-maxage: the maintenance banner's next change)
    # tells the caches after us what is left of it, not what it had when it was stored
    left = max(0, int(expires - time.time()))
    limited = False
    for index, (name, value) in enumerate(headers):
        if name.lower() == "cache-control" and "s-maxage=" in value:
            headers[index] = (name, re.sub(r"s-maxage=\d+", f"s-maxage={left}", value))
            limited = True
    content_type = next((value for name, value in headers if name.lower() == "content-type"), "")
    for count in _hit_counters:
        count(meta, page_id, content_type)
    gzipped = (compress and getattr(settings, "COMPRESS_PAGES", True)
               and "gzip" in meta.get("HTTP_ACCEPT_ENCODING", "") and len(body) >= 200
               and content_type.startswith(COMPRESSIBLE))
    etag = f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'
    if compress:
        vary = [value for name, value in headers if name.lower() == "vary"]
        headers = [(name, value) for name, value in headers if name.lower() != "vary"]
        headers.append(("Vary", ", ".join([*vary, "Accept-Encoding"])))
    if gzipped:
        etag = "W/" + etag
    headers.append(("ETag", etag))
    if proxy_seconds():  # a stored page is one the proxy in front may keep too
        headers.append((PROXY_HEADER, str(min(proxy_seconds(), left) if limited
                                          else proxy_seconds())))
        if page_id is not None:
            headers.append((PAGE_HEADER, str(page_id)))
    if _matches(meta.get("HTTP_IF_NONE_MATCH", ""), etag):
        return 304, not_modified(headers), b""
    if gzipped:
        body = gzip.compress(body, compresslevel=6, mtime=0)
        headers.append(("Content-Encoding", "gzip"))
    headers.append(("Content-Length", str(len(body))))
    headers.append((STATUS_HEADER, "hit"))
    return status, headers, body


def anonymous_request(environ):
    """A Django request for a WSGI environment, read by nobody signed in: what a live part is
    made for when the page comes from the store before Django's handler."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.handlers.wsgi import WSGIRequest

    request = WSGIRequest(environ)
    request.user = AnonymousUser()
    return request


def reason(status):
    return f"{status} {HTTPStatus(status).phrase}"


# --- the middleware -------------------------------------------------------------------------

class PageCacheMiddleware:
    """Answers a stored page before any other middleware runs (but the compression around it);
    stores what may be shared on the way out (see the module's docstring). Under a WSGI server, core.front
    answers stored pages before Django's handler; this serves the same store wherever Django's
    handler is entered otherwise (the test client, another server)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_use(request.META):
            return self._finish(self.get_response(request), shared=False)
        key, stored, current = lookup(request.META) if seconds() else (None, None, None)
        if stored is not None:
            status, headers, body = answer(stored, request.META, lambda: request, current)
            response = HttpResponse(body, status=status)
            for name, value in headers:
                response[name] = value
            return response
        # a page that may be stored is rendered whole, and stored, even for a reader (or nginx,
        # revalidating) who has it already: the 304 is made here, after storing
        condition = request.META.pop("HTTP_IF_NONE_MATCH", None) if key is not None else None
        # what the page reads through `kept` belongs to the generation it is stored under
        token = _request_generation.set(current) if current is not None else None
        try:
            response = self.get_response(request)
        finally:
            if token is not None:
                _request_generation.reset(token)
        shared = (may_share(response) and key_for(request.META) is not None
                  and query_is_the_pages_own(request))
        if shared and key is not None and lifetime(response) > 0:
            headers = [(name, value) for name, value in response.items()
                       if name.lower() not in NOT_STORED_HEADERS]
            try:  # (a 200: the host is one the site serves, Django answers 400 otherwise)
                seconds_kept = lifetime(response)
                store().set(key, (current, response.status_code, headers, response.content,
                                  page_id_of(response), time.time() + seconds_kept),
                            seconds_kept)
                response[STATUS_HEADER] = "miss"
            except Exception:
                logger.exception("The page cache cannot be written")
        if condition and response.status_code == 200 and \
                _matches(condition, response.get("ETag", '"-"')):
            unchanged = HttpResponse(status=304)
            for name, value in not_modified(response.items()):
                unchanged[name] = value
            unchanged.page_id = page_id_of(response)
            response = unchanged
        return self._finish(response, shared)

    @staticmethod
    def _finish(response, shared):
        """The page id is for the proxy in front only (its log counts what it serves from its
        cache); X-Accel-Expires tells it what it may keep, and how long (the nginx recipe)."""
        page_id = page_id_of(response)
        if PAGE_HEADER in response:
            del response[PAGE_HEADER]
        if shared and proxy_seconds():
            response[PROXY_HEADER] = str(lifetime(response, proxy_seconds()))
            if page_id is not None:
                response[PAGE_HEADER] = str(page_id)
        return response
