"""Which platform an old page came from and what it is, from its URL (and its HTML when the URL
says nothing).

`recognise(old_url, html="")` returns a `Recognition`: the platform (Liferay, NukeViet,
SharePoint or unknown), the kind (a news article, a legal document, an administrative procedure,
a plain page, or a list / chrome page to skip), the old id the platform gave the item, and the
category the URL carries (a slug, such as "tin-tuc" or "hoat-dong-so").
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from django.utils.translation import gettext_lazy as _

from core.vietnamese import fold

LIFERAY = "liferay"
NUKEVIET = "nukeviet"
SHAREPOINT = "sharepoint"
UNKNOWN = "unknown"

ARTICLE = "article"
DOCUMENT = "document"
PROCEDURE = "procedure"
PAGE = "page"
SKIP = "skip"


@dataclass(frozen=True)
class Recognition:
    platform: str
    kind: str
    old_id: str = ""
    category: str = ""  # slug of the category the URL names
    slug: str = ""
    reason: str = ""  # why a page is skipped (a list, the search page…)


# words in a URL that name a kind of content, compared folded and without separators
_DOCUMENT_WORDS = ("vanban", "van-ban", "vbqppl", "laws", "legal", "document", "congvan",
                   "cong-van", "quyetdinh", "chidao")
_PROCEDURE_WORDS = ("thutuc", "thu-tuc", "tthc", "procedure", "dichvucong", "dich-vu-cong")
_LIST_WORDS = ("timkiem", "tim-kiem", "search", "seek", "sitemap", "so-do", "lien-he", "contact",
               "users", "dang-nhap", "login", "rss", "feeds", "print", "in-bai", "sendmail",
               "gui-email", "allitems", "_layouts", "tag", "tags")
_ID_SLUG = re.compile(r"^(?P<slug>.*?)-(?P<id>\d+)(?:\.html?)?$", re.I)


def _words(text):
    return fold(unquote(text or "")).lower()


def _kind_from_words(text, default=ARTICLE):
    words = _words(text)
    if any(word in words for word in _PROCEDURE_WORDS):
        return PROCEDURE
    if any(word in words for word in _DOCUMENT_WORDS):
        return DOCUMENT
    return default


def _slug_id(segment):
    match = _ID_SLUG.match(segment or "")
    if match:
        return match.group("slug"), match.group("id")
    return re.sub(r"\.html?$", "", segment or "", flags=re.I), ""


def _liferay(path, query):
    params = dict(parse_qsl(query, keep_blank_values=True))
    if "/-/" in path:
        page, _slash, rest = path.partition("/-/")
        parts = [part for part in rest.split("/") if part]
        page_parts = [part for part in page.split("/") if part]
        if page_parts[:1] in (["web"], ["group"]):
            page_parts = page_parts[2:]
        category = page_parts[-1] if page_parts else ""
        if parts[:1] == ["asset_publisher"]:
            # /web/guest/tin-tuc/-/asset_publisher/<inst>/content/<slug>[/id/<id>]
            tail = parts[2:]
            if tail[:1] != ["content"] or len(tail) < 2:
                return Recognition(LIFERAY, SKIP, category=category,
                                   reason=_("Liferay asset publisher list"))
            slug = tail[1]
            old_id = tail[tail.index("id") + 1] if "id" in tail[2:] and tail[-1] != "id" else ""
            kind = _kind_from_words(category + " " + slug)
            if category in ("chi-tiet", "chi-tiet-tin", "detail"):
                category = ""
            return Recognition(LIFERAY, kind, old_id or slug, category, slug)
        if parts:
            # /chi-tiet/-/tin-tuc/<slug>-<id>, /van-ban/-/van-ban/<slug>-<id>
            mapping, last = parts[0], parts[-1]
            slug, old_id = _slug_id(last)
            if len(parts) == 1:
                return Recognition(LIFERAY, SKIP, category=category, reason=_("Liferay list"))
            kind = _kind_from_words(mapping + " " + category)
            hint = category if category not in ("chi-tiet", "chi-tiet-tin", "detail") else ""
            if not hint and len(parts) > 2:
                hint = parts[-2]
            return Recognition(LIFERAY, kind, old_id or slug, hint, slug)
    portlet = params.get("p_p_id", "")
    if portlet:
        prefix = f"_{portlet}_"
        fields = {key[len(prefix):]: value for key, value in params.items()
                  if key.startswith(prefix)}
        action = fields.get("struts_action", "") + fields.get("mvcPath", "")
        slug = fields.get("urlTitle", "")
        old_id = fields.get("assetEntryId") or fields.get("articleId") or fields.get(
            "entryId") or slug
        page_parts = [part for part in path.split("/") if part]
        if page_parts[:1] in (["web"], ["group"]):
            page_parts = page_parts[2:]
        category = page_parts[-1] if page_parts else ""
        if old_id and ("view_content" in action or "view" in action or slug):
            return Recognition(LIFERAY, _kind_from_words(category + " " + portlet), old_id,
                               category, slug)
        return Recognition(LIFERAY, SKIP, category=category, reason=_("Liferay portlet action"))
    if path.startswith(("/web/", "/group/")):
        parts = [part for part in path.split("/") if part][2:]
        if not parts:
            return Recognition(LIFERAY, SKIP, reason=_("Liferay home page"))
        return Recognition(LIFERAY, PAGE, category=parts[-1], slug=parts[-1])
    if path.startswith("/documents/") or path.startswith("/c/document_library"):
        return Recognition(LIFERAY, SKIP, reason=_("Liferay document library file"))
    return None


_NV_SKIP = {"users", "contact", "seek", "feeds", "siteterms", "statistics", "banners",
            "voting", "comment", "rss", "search", "sitemap", "two-step-verification"}


_NV_MODULES = {"news", "laws", "vanban", "van-ban", "page", "about", "tthc", "thu-tuc"}


def _nukeviet_op(module, op):
    """(kind, id, category, slug) of a NukeViet module and `op` ("tin-tuc/abc-123.html")."""
    if module in _NV_SKIP:
        return SKIP, "", "", ""
    parts = [part for part in op.split("/") if part]
    if not parts or not re.search(r"\.html?$", parts[-1], re.I):
        if module in ("laws", "vanban", "van-ban") and parts[:1] == ["detail"] and len(parts) > 1:
            slug, old_id = _slug_id(parts[1])
            return DOCUMENT, old_id or slug, "", slug
        return SKIP, "", parts[0] if parts else "", ""
    slug, old_id = _slug_id(parts[-1])
    category = parts[-2] if len(parts) > 1 else ""
    if module == "page":
        return PAGE, slug, "", slug
    if module in ("laws", "vanban", "van-ban", "legal"):
        return DOCUMENT, old_id or slug, category, slug
    if module in ("tthc", "thu-tuc", "thutuc", "procedure"):
        return PROCEDURE, old_id or slug, category, slug
    return _kind_from_words(category, ARTICLE), old_id or slug, category, slug


def _nukeviet(path, query):
    params = dict(parse_qsl(query, keep_blank_values=True))
    if "nv" in params and (path.endswith("index.php") or path == "/"):
        kind, old_id, category, slug = _nukeviet_op(params["nv"], params.get("op", ""))
        reason = _("NukeViet list or tool page") if kind == SKIP else ""
        return Recognition(NUKEVIET, kind, old_id, category, slug, reason)
    match = re.match(r"^/(?:(?P<lang>[a-z]{2})/)?(?P<module>[a-z0-9-]+)/(?P<op>.+)$", path)
    if match and (match.group("lang") or match.group("module") in _NV_MODULES) and \
            re.search(r"\.html?$|/detail/", path, re.I) and not path.endswith("/index.html"):
        kind, old_id, category, slug = _nukeviet_op(match.group("module"), match.group("op"))
        if kind != SKIP or match.group("lang"):
            return Recognition(NUKEVIET, kind, old_id, category, slug,
                               "NukeViet list or tool page" if kind == SKIP else "")
    return None


def _sharepoint(path, query):
    lower = path.lower()
    params = {key.lower(): value for key, value in parse_qsl(query, keep_blank_values=True)}
    if "/_layouts/" in lower or "/forms/" in lower:
        return Recognition(SHAREPOINT, SKIP, reason=_("SharePoint system page"))
    match = re.search(r"/lists/(?P<list>[^/]+)/(?P<view>[^/]+\.aspx)$", path, re.I)
    if match:
        list_name, view = match.group("list"), match.group("view").lower()
        item = params.get("itemid") or params.get("id") or ""
        if item and view.startswith(("view_detail", "dispform", "chitiet", "detail")):
            kind = _kind_from_words(list_name, ARTICLE)
            return Recognition(SHAREPOINT, kind, item, list_name.lower(), "")
        return Recognition(SHAREPOINT, SKIP, category=list_name.lower(),
                           reason=_("SharePoint list view"))
    match = re.search(r"^(?P<site>.*?)/pages/(?P<page>[^/]+)\.aspx$", path, re.I)
    if match:
        page = match.group("page")
        site = [part for part in match.group("site").split("/") if part]
        category = site[-1].lower() if site else ""
        item = params.get("itemid") or params.get("id") or ""
        if page.lower() in ("default", "home", "trangchu", "trang-chu") and not item:
            return Recognition(SHAREPOINT, SKIP, category=category,
                               reason=_("SharePoint home page"))
        if item:
            kind = _kind_from_words(page + " " + params.get("list", "") + " " + category)
            return Recognition(SHAREPOINT, kind, item, category or params.get("list", ""), "")
        return Recognition(SHAREPOINT, PAGE, page, category, page.lower())
    return None


_CONTENT_MARKERS = (
    (LIFERAY, re.compile(r"journal-content-article|portlet-boundary|Liferay\.", re.I)),
    (NUKEVIET, re.compile(r"""id=["']?bodytext|class=["'][^"']*bodytext|nv_base_siteurl""",
                          re.I)),
    (SHAREPOINT, re.compile(r"ms-rtestate-field|_spPageContextInfo|ms-rteTable", re.I)),
)


def platform_from_html(html):
    """The platform whose page markup `html` carries, or UNKNOWN."""
    for platform, pattern in _CONTENT_MARKERS:
        if pattern.search(html[:200000]):
            return platform
    return UNKNOWN


def recognise(old_url, html=""):
    """What the old page at `old_url` is; `html` (its text) only when the URL says nothing."""
    parts = urlsplit(old_url)
    path, query = unquote(parts.path) or "/", parts.query
    if any(word in _words(path).replace("_", "-").split("/") for word in _LIST_WORDS) or \
            _words(path).rstrip("/").endswith(("rss", ".rss", "/print", "/feed")):
        return Recognition(UNKNOWN, SKIP, reason=_("search, contact, feed or print page"))
    for reader in (_liferay, _nukeviet, _sharepoint):
        found = reader(path, query)
        if found is not None:
            return found
    platform = platform_from_html(html) if html else UNKNOWN
    segments = [part for part in path.split("/") if part]
    if not segments or segments[-1].lower() in ("index.html", "index.htm", "index.php",
                                                "default.aspx", "default.asp"):
        if len(segments) <= 1:
            return Recognition(platform, SKIP, reason=_("home page"))
    last = segments[-1] if segments else ""
    slug, old_id = _slug_id(last)
    category = segments[-2] if len(segments) > 1 else ""
    return Recognition(platform, _kind_from_words(category + " " + slug, PAGE), old_id or slug,
                       category, slug)
