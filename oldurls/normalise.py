"""One form for each old address, so that the many ways one old page was linked find one
mapping (alphagov/transition's "canonical URL": host aliases, significant query parameters).

`normalise(url)` gives `(host, path_and_query)`:

- the fragment is dropped (browsers never send it);
- the path is percent-decoded (UTF-8, text made NFC) and encoded again one way: unreserved
  characters plain, everything else `%XX` in upper case; `//` becomes `/`, `.` and `..`
  segments are resolved;
- a last segment that is a default document (`index.php`, `index.html`, `default.aspx`…) is
  dropped: `/tin-tuc/index.php` is `/tin-tuc/`, NukeViet's `/index.php?nv=news` is `/?nv=news`;
- the final slash is dropped (`/tin-tuc/` is `/tin-tuc`), except for `/` itself;
- **case**: an address shaped like IIS/SharePoint (a segment ending in `.aspx`, `.asp`,
  `.ashx`, `.asmx`, or a path under `/_layouts/`, `/Lists/`, `/Pages/`, `/SitePages/`) is
  lower-cased, path and query parameter names, because IIS answered `/Pages/Default.aspx` and
  `/pages/default.aspx` alike and links in the wild mix both. Any other address keeps its case:
  Liferay (Tomcat) and NukeViet (Apache, PHP) ran on servers where case tells addresses apart.
  Query values keep their case everywhere (an id, a slug);
- query parameters that carry no meaning are dropped: Liferay's portlet state (`p_p_id`,
  `p_p_lifecycle`, `p_p_state`, `p_p_mode`, `p_p_col_id`, `p_p_col_pos`, `p_p_col_count`,
  `p_p_auth`, `p_auth`, `redirect`, any `_…_WAR_…` parameter, a portlet's own `_…_redirect`
  and `_…_backURL`) and tracking (`utm_*`, `fbclid`, `gclid`, `msclkid`, `zarsrc`, `_ga`,
  `_gl`). NukeViet's `language`, `nv` and `op` and Liferay's `p_l_id` carry meaning and stay;
- the remaining parameters are sorted (by name, then value), each written `name=value`.

`key(...)` is the fixed-length hash a mapping is found by (one indexed column)."""

import hashlib
import posixpath
import re
import unicodedata
from urllib.parse import parse_qsl, quote, unquote, urlsplit

MAX_URL_LENGTH = 4096  # longer addresses are no old address we keep (nor look up)
MAX_PREFIX_SEGMENTS = 16  # a prefix rule is at most this many segments deep
DEFAULT_DOCUMENTS = {"index.php", "index.html", "index.htm", "index.asp", "index.aspx",
                     "index.jsp", "index.shtml", "default.asp", "default.aspx", "default.htm",
                     "default.html"}
IIS_SUFFIXES = (".aspx", ".asp", ".ashx", ".asmx")
IIS_PREFIXES = ("/_layouts/", "/lists/", "/pages/", "/sitepages/")
MEANINGLESS = {"p_p_id", "p_p_lifecycle", "p_p_state", "p_p_mode", "p_p_col_id", "p_p_col_pos",
               "p_p_col_count", "p_p_auth", "p_auth", "redirect", "fbclid", "gclid",
               "msclkid", "zarsrc", "_ga", "_gl"}
MEANINGLESS_PATTERN = re.compile(r"^(utm_.*|_.+_WAR_.*|_.+_(redirect|backURL))$", re.I)
# what stays plain in a path and a query (RFC 3986 unreserved, and the path's sub-delimiters)
PATH_SAFE = "/-._~!$'()*+,;=:@"
QUERY_SAFE = "-._~!$'()*,;:@/"
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class BadUrl(ValueError):
    """An address that cannot be an old address: empty, too long, a control character, not
    http(s)."""


def _text(value):
    """Percent-decoded text (UTF-8; an invalid sequence stays as it was written), NFC."""
    try:
        decoded = unquote(value, errors="strict") if "%" in value else value
    except UnicodeDecodeError:
        decoded = value
    return unicodedata.normalize("NFC", decoded)


def _encode(value, safe):
    try:
        return quote(value, safe=safe)
    except UnicodeEncodeError:  # a lone surrogate: keep what can be kept
        return quote(value.encode("utf-8", "surrogatepass"), safe=safe)


def is_iis_shaped(path):
    lowered = path.lower()
    return lowered.startswith(IIS_PREFIXES) or any(
        segment.endswith(IIS_SUFFIXES) for segment in lowered.split("/"))


def normalise_path(path):
    """The path's one form (see the module's docstring), always starting with "/"."""
    path = _text(path or "/")
    if not path.startswith("/"):
        path = "/" + path
    path = re.sub(r"/{2,}", "/", path)
    had_slash = path.endswith("/")
    path = posixpath.normpath(path) if path != "/" else "/"
    if path.startswith("//"):  # normpath keeps a leading "//"
        path = "/" + path.lstrip("/")
    if had_slash and not path.endswith("/"):
        path += "/"
    head, _slash, last = path.rpartition("/")
    if last.lower() in DEFAULT_DOCUMENTS:
        path = head + "/"
    if is_iis_shaped(path):
        path = path.lower()
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return _encode(path, PATH_SAFE)


def normalise_query(query, iis=False):
    """The query's one form: meaningless parameters dropped, the rest sorted."""
    if not query:
        return ""
    pairs = []
    for name, value in parse_qsl(query, keep_blank_values=True):
        name = unicodedata.normalize("NFC", name)
        if name.lower() in MEANINGLESS or MEANINGLESS_PATTERN.match(name):
            continue
        if iis:
            name = name.lower()
        pairs.append((name, unicodedata.normalize("NFC", value)))
    pairs.sort()
    return "&".join(f"{_encode(name, QUERY_SAFE)}={_encode(value, QUERY_SAFE)}"
                    for name, value in pairs)


def split(url):
    """(host or "", path, query) of an old address as written: absolute (`http://host/…`,
    `//host/…`), or a path (`/…`, or without its first slash). Raises BadUrl."""
    if url is None:
        raise BadUrl("empty")
    url = str(url).strip()
    if not url:
        raise BadUrl("empty")
    if len(url) > MAX_URL_LENGTH:
        raise BadUrl("too long")
    if CONTROL.search(url):
        raise BadUrl("control character")
    lowered = url.lower()
    if lowered.startswith(("http://", "https://", "//")):
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
        except ValueError as error:
            raise BadUrl(str(error)) from error
        if not host:
            raise BadUrl("no host")
        return host.rstrip("."), parts.path or "/", parts.query
    if re.match(r"^[a-z][a-z0-9+.-]*:", lowered) and not lowered.startswith("/"):
        raise BadUrl("not http")
    url = url.split("#", 1)[0]
    path, _mark, query = url.partition("?")
    return "", path or "/", query


def normalise(url):
    """(host, normalised path and query) of an old address; host "" when it has none. Raises
    BadUrl."""
    host, path, query = split(url)
    path = normalise_path(path)
    query = normalise_query(query, iis=is_iis_shaped(path))
    return host, f"{path}?{query}" if query else path


def normalise_request(path, query_string):
    """The normalised path and query of a request (its decoded path, its raw query)."""
    if len(path) + len(query_string) > MAX_URL_LENGTH or CONTROL.search(path):
        raise BadUrl("too long or control character")
    path = normalise_path(_encode(path, PATH_SAFE))  # a "%" in it is a "%" (%25)
    query = normalise_query(query_string, iis=is_iis_shaped(path))
    return f"{path}?{query}" if query else path


def prefixes(normalised):
    """The prefix paths an address falls under, longest first: `/a/b?x=1` gives `/a/b`, `/a`,
    `/`. At most MAX_PREFIX_SEGMENTS + 1 of them."""
    path = normalised.split("?", 1)[0]
    segments = [segment for segment in path.split("/") if segment][:MAX_PREFIX_SEGMENTS]
    found = ["/" + "/".join(segments[:count]) for count in range(len(segments), 0, -1)]
    return [*found, "/"]


EXACT, PREFIX = "=", ">"


def key(site_id, kind, normalised):
    """The hash a mapping is stored and found under: of its site, its kind (exact or prefix)
    and its normalised address. 64 hexadecimal characters, whatever the address's length."""
    material = f"{site_id}|{kind}|{normalised}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(material).hexdigest()


def lookup_keys(site_id, normalised):
    """{key: (kind, what)} of every mapping that could answer the address: the exact one, then
    each prefix of its path."""
    keys = {key(site_id, EXACT, normalised): (EXACT, normalised)}
    for prefix in prefixes(normalised):
        keys[key(site_id, PREFIX, prefix)] = (PREFIX, prefix)
    return keys


OLD_PLATFORM = re.compile(
    r"(^/web/|^/c/portal/|/-/|^/html/|^/documents/\d|^/o/|\.(php|aspx?|ashx|jsp|html?|cfm)$|"
    r"^/_layouts/|^/lists/|^/pages/|^/sitepages/|^/vi/|^/en/news/)", re.I)


def looks_old(path, query_string=""):
    """Whether an address on a site's own host looks like one of an old portal's (Liferay,
    NukeViet, SharePoint…): its 404 is counted as an unmapped old address."""
    return bool(OLD_PLATFORM.search(path)) or bool(
        re.search(r"(^|&)(nv|p_p_id|itemid)=", query_string or "", re.I))
