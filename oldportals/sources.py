"""The saved resources of one old site, one at a time, in a fixed order.

`open_source(path, host)` reads any of:

- a folder saved by `wget --mirror` (PATH is the folder named after the host). wget keeps the
  query string in the file name after a `?` (`@` with `--restrict-file-names=windows`), writes
  a `/` inside the query as `%2F`, saves a directory URL as `index.html`, and with
  `--adjust-extension` adds `.html` to pages whose name does not end in `.htm`/`.html`. We map
  each file back to the URL it was fetched from; when the name cannot tell whether `.html` was
  added, the other reading is kept in `aliases`;
- pages saved by a browser (`X.html` beside an `X_files/` folder): the old URL is taken from the
  "saved from url" comment or the canonical link when the page has one;
- the text form of a page (`.txt`, a page copied as text);
- a WARC file (`.warc`, `.warc.gz`): the HTML responses are the pages, the images are kept for
  photos.

Iteration streams (one resource in memory at a time) and is deterministic: folders are walked
in sorted order, a WARC in its record order, so a restarted run sees the same sequence.
`source.find(url, page)` returns a photo's or attachment's bytes by the URL a page gives, or
None when the crawl does not have it.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

MAX_PAGE_BYTES = 20 * 1024 * 1024  # the parse refuses larger pages; we read one byte more

PAGE_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".php", ".asp", ".aspx", ".jsp", ".do",
                 ".cfm", ".txt", ""}
ASSET_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".svg",
                  ".ico", ".css", ".js", ".woff", ".woff2", ".ttf", ".eot", ".pdf", ".doc",
                  ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".7z", ".mp3",
                  ".mp4", ".flv", ".swf", ".xml", ".json", ".rss"}
_SCRIPT_SUFFIX = re.compile(r"\.(php|asp|aspx|jsp|do|cfm|cgi|pl)$", re.I)
_HTML_END = re.compile(r"\.html?$", re.I)
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)
_CANONICAL = re.compile(rb"""<link[^>]+rel=["']?canonical["']?[^>]+href=["']([^"']+)["']"""
                        rb"""|<meta[^>]+property=["']og:url["'][^>]+content=["']([^"']+)["']""",
                        re.I)
_SAFE_PATH = "/-._~!$&'()*+,;=:@%"
_SAFE_QUERY = "/-._~!$&'()*+,;=:@%?"
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"BM", b"RIFF", b"II*\x00", b"MM\x00*")


@dataclass(frozen=True)
class OldResource:
    """One saved page: its URL on the old site (path and query string), its bytes, the content
    type the server sent ("" when unknown), and the file or WARC it was read from."""

    old_url: str
    body: bytes
    content_type: str = ""
    base_path: Path | None = None
    aliases: tuple = ()  # other URLs the same file may have been served at
    size: int = 0  # the size on disk (the body stops one byte past MAX_PAGE_BYTES)


def normalise_url(url):
    """The path and query of `url` (absolute or not) as an old site's address: percent-encoded
    the same way whatever the saved form wrote ("/tin-tức/" and "/tin-t%E1%BB%A9c/" are one)."""
    parts = urlsplit(url)
    path = quote(unquote(parts.path or "/"), safe=_SAFE_PATH.replace("%", ""))
    path = "/" + path.lstrip("/")
    if parts.query:
        query = quote(unquote(parts.query), safe=_SAFE_QUERY.replace("%", ""))
        return f"{path}?{query}"
    return path


def _sniff_page(head):
    if head.startswith(_IMAGE_MAGIC) or head.startswith(b"%PDF") or head.startswith(b"PK\x03"):
        return False
    return True


class Source:
    """Base class: iterate OldResources; find other resources by URL."""

    host = ""

    def __iter__(self):
        raise NotImplementedError

    def count(self):
        """How many pages iteration will give (for a progress bar), without reading them."""
        return sum(1 for _ in self.page_paths())

    def page_paths(self):
        raise NotImplementedError

    def find(self, url, page=None):
        """The bytes behind `url` as `page` references it, or None ("missing")."""
        raise NotImplementedError

    def _absolute_path(self, url, page):
        """The old site's path (with query) of a reference in a page; None when it is on
        another host or is no web address."""
        url = (url or "").strip()
        if not url or url.startswith(("data:", "javascript:", "mailto:", "#")):
            return None
        base = f"http://{self.host or 'old.invalid'}{page.old_url if page else '/'}"
        absolute = urlsplit(urljoin(base, url))
        if absolute.scheme not in ("http", "https"):
            return None
        if self.host and absolute.hostname and not _same_host(absolute.hostname, self.host):
            return None
        path = absolute.path + (f"?{absolute.query}" if absolute.query else "")
        return normalise_url(path)


def _same_host(one, other):
    strip = lambda host: host.lower().removeprefix("www.")  # noqa: E731
    return strip(one) == strip(other)


class FolderSource(Source):
    """A folder of saved pages: a wget mirror, pages saved by a browser, text forms, or a mix."""

    def __init__(self, root, host=""):
        self.root = Path(root)
        self.host = host or ""
        names = os.listdir(self.root) if self.root.is_dir() else []
        self.query_sep = "@" if not any("?" in name for name in names) and any(
            re.search(r"@[^/]*=", name) for name in names) else "?"

    # walking ---------------------------------------------------------------------------------
    def _walk(self):
        """Files under the root, in sorted order, skipping browsers' `X_files` folders."""
        stack = [self.root]
        while stack:
            folder = stack.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except OSError:
                continue
            files, folders = [], []
            names = {entry.name for entry in entries}
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stem = entry.name[:-6] if entry.name.endswith("_files") else None
                    if stem is not None and ({f"{stem}.html", f"{stem}.htm"} & names):
                        continue
                    folders.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    files.append(Path(entry.path))
            yield from files
            stack.extend(reversed(folders))

    def page_paths(self):
        for path in self._walk():
            name = path.name.split(self.query_sep, 1)[0] if self.query_sep in path.name \
                else path.name
            suffix = Path(name).suffix.lower()
            if suffix in ASSET_SUFFIXES and not _HTML_END.search(path.name):
                continue
            if suffix not in PAGE_SUFFIXES and not _HTML_END.search(path.name) \
                    and self.query_sep not in path.name:
                continue
            if not _HTML_END.search(path.name) and suffix != ".txt":
                try:  # "article?img_id=4567": a name without extension may be a picture
                    with path.open("rb") as handle:
                        if not _sniff_page(handle.read(16)):
                            continue
                except OSError:
                    continue
            yield path

    def __iter__(self):
        for path in self.page_paths():
            try:
                size = path.stat().st_size
                with path.open("rb") as handle:
                    body = handle.read(MAX_PAGE_BYTES + 1)
            except OSError:
                continue
            old_url, aliases = self.url_of(path, body)
            content_type = "text/plain" if path.suffix.lower() == ".txt" else ""
            yield OldResource(old_url=old_url, body=body, content_type=content_type,
                              base_path=path, aliases=aliases, size=size)

    # file name → URL ---------------------------------------------------------------------------
    def url_of(self, path, body=b""):
        """(old URL, aliases) of a saved file."""
        head = body[:4096]
        if path.suffix.lower() in (".html", ".htm"):
            stem = path.name.rsplit(".", 1)[0]
            saved = _SAVED_FROM.search(head)
            browser = (path.parent / f"{stem}_files").is_dir()
            if saved or browser:
                found = saved.group(1) if saved else None
                if found is None:
                    canonical = _CANONICAL.search(body[:65536])
                    found = (canonical.group(1) or canonical.group(2)) if canonical else None
                if found:
                    url = found.decode("utf-8", errors="replace")
                    if not url.startswith(("http://", "https://", "/")):
                        url = "/" + url
                    return normalise_url(url), ()
        relative = path.relative_to(self.root).as_posix()
        return self._url_from_name(relative)

    def _url_from_name(self, relative):
        path_part, sep, query = relative.partition(self.query_sep)
        if sep:
            query = unquote(query)  # wget wrote "/" in the query as %2F
        candidates = []
        if sep:
            # "index.php?nv=news.html": .html added by --adjust-extension unless the query
            # really ended in it (NukeViet's "op=…/bai-viet-12.html")
            if _HTML_END.search(query):
                trimmed = _HTML_END.sub("", query)
                value = query.rsplit("=", 1)[-1]
                real = "/" in value or bool(re.search(r"-\d+\.html?$", value, re.I)) or (
                    "nv=" in query and "op=" in query)  # NukeViet's op ends in .html
                full = f"/{path_part}?{query}"
                short = f"/{path_part}?{trimmed}"
                candidates = [full, short] if real else [short, full]
            else:
                candidates = [f"/{path_part}?{query}"]
        else:
            if path_part == "index.html" or path_part.endswith("/index.html"):
                directory = "/" + path_part[: -len("index.html")]
                candidates = [directory, "/" + path_part]
            elif _HTML_END.search(path_part):
                trimmed = _HTML_END.sub("", path_part)
                if _SCRIPT_SUFFIX.search(trimmed) or "/-/" in f"/{trimmed}" or \
                        trimmed.startswith(("web/", "group/")):
                    # "index.php.html", Liferay's pages: the extension is wget's
                    candidates = ["/" + trimmed, "/" + path_part]
                else:
                    candidates = ["/" + path_part, "/" + trimmed]
            else:
                candidates = ["/" + path_part]
        urls = []
        for candidate in candidates:
            url = normalise_url(candidate)
            if url not in urls:
                urls.append(url)
        return urls[0], tuple(urls[1:])

    # URL → file ------------------------------------------------------------------------------
    def _file_for(self, url_path):
        """The saved file of an old site path (with query), inside the root, or None."""
        parts = urlsplit(url_path)
        path = unquote(parts.path).lstrip("/")
        names = [path]
        if parts.query:
            query = unquote(parts.query).replace("/", "%2F")
            names = [f"{path}{self.query_sep}{query}", f"{path}{self.query_sep}{query}.html"]
        elif not path or path.endswith("/"):
            names = [f"{path}index.html"]
        else:
            names.append(f"{path}.html")
        root = self.root.resolve()
        for name in names:
            candidate = (root / name).resolve()
            if root in candidate.parents and candidate.is_file():
                return candidate
        return None

    def find(self, url, page=None):
        url = (url or "").strip()
        # pages saved by a browser: "tin_files/anh.jpg" beside the page
        if page is not None and page.base_path is not None and url and not urlsplit(url).scheme \
                and not url.startswith("/"):
            root = self.root.resolve()
            candidate = (page.base_path.parent / unquote(url.split("?")[0])).resolve()
            if root in candidate.parents and candidate.is_file():
                return candidate.read_bytes()
        target = self._absolute_path(url, page)
        if target is None:
            return None
        found = self._file_for(target)
        return found.read_bytes() if found else None


class WarcSource(Source):
    """The pages of a WARC file, in record order; images and documents by URL for `find`."""

    def __init__(self, path, host=""):
        self.path = Path(path)
        self.host = host or ""
        self._index = None

    def _records(self):
        from warcio.archiveiterator import ArchiveIterator

        with self.path.open("rb") as handle:
            iterator = ArchiveIterator(handle)
            for record in iterator:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode()
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                content_type = record.http_headers.get_header("Content-Type") or ""
                yield iterator, record, status, url, content_type

    def _is_page(self, url, content_type):
        if self.host and not _same_host(urlsplit(url).hostname or "", self.host):
            return False
        kind = content_type.split(";")[0].strip().lower()
        return kind in ("text/html", "application/xhtml+xml", "text/plain")

    def page_paths(self):
        for _iterator, _record, status, url, content_type in self._records():
            if status == "200" and self._is_page(url, content_type):
                yield url

    def __iter__(self):
        seen = set()
        for _iterator, record, status, url, content_type in self._records():
            if status != "200" or not self._is_page(url, content_type):
                continue
            old_url = normalise_url(url)
            if old_url in seen:
                continue
            seen.add(old_url)
            body = record.content_stream().read(MAX_PAGE_BYTES + 1)
            yield OldResource(old_url=old_url, body=body, content_type=content_type,
                              base_path=self.path, size=len(body))

    def _build_index(self):
        """{old path: offset of its record} for everything that is not a page."""
        index = {}
        for iterator, _record, status, url, content_type in self._records():
            if status == "200" and not self._is_page(url, content_type):
                if self.host and not _same_host(urlsplit(url).hostname or "", self.host):
                    continue
                index.setdefault(normalise_url(url), iterator.get_record_offset())
        return index

    def find(self, url, page=None):
        from warcio.archiveiterator import ArchiveIterator

        target = self._absolute_path(url, page)
        if target is None:
            return None
        if self._index is None:
            self._index = self._build_index()
        offset = self._index.get(target)
        if offset is None:
            return None
        with self.path.open("rb") as handle:
            handle.seek(offset)
            for record in ArchiveIterator(handle):
                return record.content_stream().read()
        return None


class FileSource(FolderSource):
    """One saved file."""

    def __init__(self, path, host=""):
        super().__init__(Path(path).parent, host)
        self.file = Path(path)

    def page_paths(self):
        yield self.file


def open_source(path, host=""):
    """The source for PATH: a WARC file, a folder (or its subfolder named after the host), or
    one saved file."""
    path = Path(path)
    if path.is_file():
        name = path.name.lower()
        if name.endswith((".warc", ".warc.gz", ".arc.gz")):
            return WarcSource(path, host)
        return FileSource(path, host)
    if path.is_dir():
        if host and (path / host).is_dir():
            path = path / host
        return FolderSource(path, host)
    raise FileNotFoundError(path)


__all__ = ["OldResource", "Source", "FolderSource", "WarcSource", "FileSource", "open_source",
           "normalise_url", "MAX_PAGE_BYTES"]
