"""One saved resource of an old portal → an `OldItem` ready to be saved.

`parse_resource(resource, source=None)` decodes the bytes (encodings.py), recognises the page
(platforms.py), reads the article the way `news.importer` does (title, date, body blocks, byline,
source, photos with captions), and adds what a whole-site import needs: the breadcrumb (category
names, else the category slug the URL carries), the attached files, and for documents and
procedures the fields their pages show (số ký hiệu, ngày ban hành, cơ quan ban hành, trích yếu;
tên thủ tục, lĩnh vực…). With `source`, the photos' bytes are looked up in the crawl; those it
does not have are listed in `missing_photos`.

Every problem raises `news.importer.OldPageError` with a Vietnamese reason; a caller records it
and goes on with the next page. List pages and site chrome come back as kind SKIP with a reason,
without being parsed.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from django.utils.html import escape
from django.utils.translation import gettext as _

from core.vietnamese import fold, nfc, parse_vi_date
from news.importer import (OldPageError, ParsedPhoto, is_chrome, looks_like_html,
                           parse_old_text)

from . import platforms
from .encodings import decode
from .sources import MAX_PAGE_BYTES, normalise_url

ATTACHMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods",
                       ".rtf", ".zip", ".rar")
# labels of the fields of document and procedure pages, folded
DOCUMENT_LABELS = {
    "number": ("so ky hieu", "so/ky hieu", "so hieu", "so van ban", "ky hieu"),
    "issued_on": ("ngay ban hanh", "ngay ky", "ban hanh ngay"),
    "effective_on": ("ngay hieu luc", "ngay co hieu luc", "hieu luc tu ngay"),
    "issuer": ("co quan ban hanh", "noi ban hanh", "don vi ban hanh", "cap ban hanh"),
    "summary": ("trich yeu", "trich yeu noi dung", "tom tat"),
    "signer": ("nguoi ky",),
    "document_type": ("loai van ban", "hinh thuc van ban", "the loai"),
    "field": ("linh vuc",),
}
PROCEDURE_LABELS = {
    "name": ("ten thu tuc", "ten thu tuc hanh chinh"),
    "field": ("linh vuc",),
    "agency": ("co quan thuc hien", "co quan giai quyet", "don vi thuc hien"),
    "duration": ("thoi han giai quyet", "thoi gian giai quyet"),
    "fee": ("phi, le phi", "phi le phi", "le phi", "phi"),
    "level": ("muc do",),
    "code": ("ma thu tuc", "ma so"),
}
_DATE_FIELDS = ("issued_on", "effective_on")
_HOME_CRUMBS = {"trang chu", "trang nhat", "home", "trang chinh", "homepage"}
_CRUMB_SEPARATORS = re.compile(r"\s*(?:>>|»|›|>|\|)\s*|\s+/\s+")
_BREADCRUMB_ATTR = re.compile(r"breadcrumb|sitemapdirectional|duong-dan|duongdan|navigation-path",
                              re.I)


@dataclass
class Attachment:
    url: str  # the old site's path of the file, or the absolute URL when on another host
    title: str
    src: str  # as the page wrote it


@dataclass
class OldItem:
    old_url: str
    kind: str
    platform: str
    old_id: str = ""
    category: str = ""  # slug the URL carries
    title: str = ""
    date: object = None
    blocks: list = field(default_factory=list)  # as news.services expects them
    byline: str = ""
    source: str = ""  # "Nguồn: …"
    breadcrumb: list = field(default_factory=list)  # category names, outermost first
    breadcrumb_from_url: bool = False
    attachments: list = field(default_factory=list)
    fields: dict = field(default_factory=dict)  # documents and procedures
    aliases: tuple = ()
    encoding: str = ""
    missing_photos: list = field(default_factory=list)  # srcs ("" when only a caption survived)
    skip_reason: str = ""

    @property
    def photos(self):
        return [value for kind, value in self.blocks if kind == "photo"]

    @property
    def paragraphs(self):
        return [value for kind, value in self.blocks if kind == "paragraph"]


def _label_key(label, labels):
    folded = " ".join(fold(label).replace("(", " ").replace(")", " ").split()).rstrip(" :.")
    for key, names in labels.items():
        if folded in names:
            return key
    return None


def _pairs(soup):
    """(label, value, node) pairs a page shows: table rows, <dt>/<dd>, "Label: value" lines."""
    for row in soup.find_all("tr"):
        cells = row.find_all(["td", "th"], recursive=False)
        if len(cells) >= 2:
            label = " ".join(cells[0].get_text(" ").split())
            if 0 < len(label) <= 60:
                yield label, " ".join(cells[1].get_text(" ").split()), row
    for term in soup.find_all("dt"):
        value = term.find_next_sibling("dd")
        if value is not None:
            yield " ".join(term.get_text(" ").split()), " ".join(value.get_text(" ").split()), term


def _line_pairs(text):
    for line in text.splitlines():
        label, sep, value = line.partition(":")
        if sep and 0 < len(label.strip()) <= 60 and value.strip():
            yield label.strip(), " ".join(value.split()), None


def _read_fields(pairs, labels):
    fields, nodes = {}, []
    for label, value, node in pairs:
        key = _label_key(label, labels)
        if key and value and key not in fields:
            fields[key] = nfc(value)
            if node is not None:
                nodes.append(node)
    for key in _DATE_FIELDS:
        if key in fields:
            fields[key] = parse_vi_date(fields[key]) or fields[key]
    return fields, nodes


def _clean_crumbs(names, title=""):
    crumbs = []
    folded_title = " ".join(fold(title).split())
    for name in names:
        name = nfc(" ".join(name.split())).strip(" >»›/|-")
        folded = " ".join(fold(name).split())
        if not name or folded in _HOME_CRUMBS or len(name) > 120 or is_chrome(name):
            continue
        if folded == folded_title:
            continue
        if not crumbs or crumbs[-1] != name:
            crumbs.append(name)
    return crumbs


def _html_breadcrumb(soup):
    node = soup.find(attrs={"class": _BREADCRUMB_ATTR}) or soup.find(id=_BREADCRUMB_ATTR) \
        or soup.find(attrs={"itemtype": re.compile("BreadcrumbList", re.I)})
    if node is None:
        return []
    items = node.find_all("li")
    if items:
        names = [item.get_text(" ") for item in items]
    else:
        links = node.find_all(["a", "span"])
        names = [link.get_text(" ") for link in links if not link.find(["a", "span"])]
    names = names or [node.get_text(" ")]
    node.decompose()  # chrome: not part of the body
    return [part for name in names for part in _CRUMB_SEPARATORS.split(name)]


def _text_breadcrumb(text, title):
    lines = [" ".join(line.split()) for line in text.splitlines()]
    crumbs = []
    for line in lines:
        if line == title:
            break
        if line and _CRUMB_SEPARATORS.search(line) and len(line) <= 200 and not is_chrome(line):
            crumbs = _CRUMB_SEPARATORS.split(line)
    return crumbs


def _attachments(node, source_host_path):
    found, seen = [], set()
    if node is None:
        return found
    for link in node.find_all("a", href=True):
        href = link["href"].strip()
        path = unquote(urlsplit(href).path).lower()
        if not any(path.endswith(suffix) or f"{suffix}/" in path
                   for suffix in ATTACHMENT_SUFFIXES):
            continue
        url = source_host_path(href) or href
        if url in seen:
            continue
        seen.add(url)
        title = " ".join(link.get_text(" ").split()) or unquote(path.rsplit("/", 1)[-1])
        found.append(Attachment(url=url, title=nfc(title), src=href))
    return found


def _size_check(resource):
    size = max(resource.size or 0, len(resource.body))
    if size == 0:
        raise OldPageError(_("the file is empty"))
    if size > MAX_PAGE_BYTES:
        raise OldPageError(_("the file is larger than 20 MB"))


def parse_resource(resource, source=None):
    """The OldItem of one saved resource; OldPageError (with a Vietnamese reason) when it cannot
    be read."""
    recognition = platforms.recognise(resource.old_url)
    item = OldItem(old_url=resource.old_url, kind=recognition.kind,
                   platform=recognition.platform, old_id=recognition.old_id,
                   category=recognition.category, aliases=resource.aliases)
    if recognition.kind == platforms.SKIP:
        item.skip_reason = recognition.reason
        return item
    _size_check(resource)
    text, item.encoding = decode(resource.body, resource.content_type)
    if "\x00" in text[:4096]:
        raise OldPageError(_("the file is not text (binary content)"))
    try:
        if resource.content_type.startswith("text/plain") or not looks_like_html(text):
            _parse_text_form(item, text)
        else:
            _parse_html_page(item, text, source, resource)
    except OldPageError:
        raise
    except (RecursionError, ValueError, AssertionError, AttributeError, TypeError) as error:
        raise OldPageError(_("the HTML is broken (%(error)s)")
                           % {"error": type(error).__name__}) from error
    if item.kind == platforms.SKIP:
        return item
    if not item.breadcrumb and item.category:
        item.breadcrumb, item.breadcrumb_from_url = [item.category], True
    _find_photos(item, resource, source)
    return item


def _refine_kind(item, page):
    if item.kind == platforms.PAGE and item.platform == platforms.UNKNOWN and page.date:
        item.kind = platforms.ARTICLE


def _copy(item, page):
    item.title, item.date, item.blocks = page.title, page.date, page.blocks
    item.byline, item.source = page.byline, page.origin
    if item.kind != platforms.ARTICLE and item.byline:
        # only articles are signed: the short last line is the page's own
        item.blocks.append(("paragraph", f"<p>{escape(item.byline)}</p>"))
        item.byline = ""


def _drop_attachment_lines(item):
    """A document's paragraph that is only the name of its attached file."""
    names = {attachment.title for attachment in item.attachments}
    item.blocks = [(kind, value) for kind, value in item.blocks
                   if not (kind == "paragraph" and _plain(value) in names)]


def _plain(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _is_list_page(soup):
    """A page made mostly of links to articles, documents or procedures: a category's list."""
    linked = 0
    for link in soup.find_all("a", href=True):
        kind = platforms.recognise(urlsplit(link["href"]).path + (
            "?" + urlsplit(link["href"]).query if urlsplit(link["href"]).query else "")).kind
        if kind in (platforms.ARTICLE, platforms.DOCUMENT, platforms.PROCEDURE):
            linked += len(link.get_text(" ", strip=True)) or 1
    if not linked:
        return False
    body = soup.body or soup
    return linked >= 0.4 * len(body.get_text(" ", strip=True)) and len(
        [a for a in body.find_all("a", href=True)]) >= 3


def _read_body(item, text, soup=None):
    """The article part, as news.importer reads it, copied into the item; None for a document
    or procedure page that has its fields but no text of its own."""
    try:
        page = parse_old_text(text, source=item.old_url,
                              require_date=item.kind == platforms.ARTICLE, soup=soup)
    except OldPageError:
        if not item.fields:
            raise
        return None
    _refine_kind(item, page)
    _copy(item, page)
    return page


def _parse_text_form(item, text):
    special = item.kind in (platforms.DOCUMENT, platforms.PROCEDURE)
    labels = PROCEDURE_LABELS if item.kind == platforms.PROCEDURE else DOCUMENT_LABELS
    if special or item.kind == platforms.PAGE:
        fields, _nodes = _read_fields(_line_pairs(text), labels)
        if special or len(fields) >= 2:
            item.fields = fields
    _read_body(item, text)
    _finish_special(item, None)
    item.breadcrumb = _clean_crumbs(_text_breadcrumb(text, item.title), item.title)


def _parse_html_page(item, text, source, resource):
    soup = BeautifulSoup(text, "lxml")
    if soup.body is None or not soup.body.get_text(strip=True):
        raise OldPageError(_("the HTML is broken: no readable content"))
    if item.platform == platforms.UNKNOWN:
        item.platform = platforms.platform_from_html(text)
    if item.kind == platforms.PAGE and _is_list_page(soup):
        item.kind, item.skip_reason = platforms.SKIP, _("list page (mostly links to items)")
        return
    crumbs = _html_breadcrumb(soup)
    heading = soup.find("h1")
    fields_node = None
    folded_head = fold(text[:200000]) if item.kind == platforms.PAGE else ""
    if item.kind == platforms.PAGE and ("so ky hieu" in folded_head
                                        or "ten thu tuc" in folded_head):
        item.kind = platforms.PROCEDURE if "ten thu tuc" in folded_head else platforms.DOCUMENT
    if item.kind in (platforms.DOCUMENT, platforms.PROCEDURE):
        labels = PROCEDURE_LABELS if item.kind == platforms.PROCEDURE else DOCUMENT_LABELS
        item.fields, nodes = _read_fields(_pairs(soup), labels)
        if nodes:
            fields_node = nodes[0].find_parent(["table", "dl"]) or nodes[0].parent
            holder = fields_node.parent or soup
            item.attachments = _attachments(holder.parent or holder, _resolver(source, resource))
            fields_node.extract()
    page = _read_body(item, text, soup)
    if page is not None:
        if not item.attachments:
            item.attachments = _attachments(page.content, _resolver(source, resource))
    elif heading is not None:
        item.title = nfc(" ".join(heading.get_text(" ").split()))
    if item.kind == platforms.DOCUMENT:
        _drop_attachment_lines(item)
    _finish_special(item, heading)
    item.breadcrumb = _clean_crumbs(crumbs, item.title)


def _finish_special(item, heading):
    if item.kind == platforms.DOCUMENT:
        if not item.title:
            item.title = item.fields.get("summary") or item.fields.get("number", "")
        if item.date is None and hasattr(item.fields.get("issued_on"), "isoformat"):
            item.date = item.fields["issued_on"]
    elif item.kind == platforms.PROCEDURE:
        item.title = item.fields.get("name") or item.title
    if not item.title:
        raise OldPageError(_("no title (no <h1> heading) in the page"))
    if len(item.title) > 255:
        raise OldPageError(_("the title is longer than 255 characters"))


def _resolver(source, resource):
    def resolve(href):
        if source is None:
            return None
        return source._absolute_path(href, resource)
    return resolve


def _find_photos(item, resource, source):
    for photo in item.photos:
        if photo.data is not None or photo.local_file is not None:
            continue
        data = source.find(photo.src, resource) if (source is not None and photo.src) else None
        if data:
            photo.data = data
        else:
            item.missing_photos.append(photo.src)


__all__ = ["OldItem", "Attachment", "ParsedPhoto", "parse_resource", "OldPageError",
           "normalise_url"]
