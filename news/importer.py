"""Reading pages saved from the old portal: its text form (a page copied as text) and its HTML.

`parse_old_page(path)` returns a `ParsedPage` (title, date, body blocks, byline) and raises
`OldPageError` with a Vietnamese reason when the file is not such a page; `parse_old_text(text)`
does the same from text already read (the bulk importer, oldportals/, reads whole old sites). Site chrome (the
page header line, the visitor counter, the portlet permission message) never enters the body.
Writing articles is `services.import_old_page`'s job.
"""

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString
from django.utils.html import escape
from django.utils.translation import gettext as _

from core.vietnamese import fold, nfc, parse_vi_date

MAX_FILE_SIZE = 20 * 1024 * 1024

# Lines of the old portal's chrome, compared folded (no marks, lower case).
_CHROME_PATTERNS = [
    re.compile(r"^chi tiet tin tuc\b"),
    re.compile(r"^(dang online|hom nay|hom qua|da truy cap|luot truy cap|tong( so)? luot truy cap"
               r"|truy cap|trong tuan|trong thang)\s*:?\s*[\d.,\s]*$"),
    re.compile(r"ban chua co du quyen truy nhap portlet nay"),
    re.compile(r"^(in bai viet|gui email|gui cho ban be|quay lai|ve dau trang|chia se|"
               r"cac tin khac|tin lien quan|xem them|binh luan|ban in)\s*[:.]?$"),
]
_DATE_LINE = re.compile(r"^\s*(ngay|cap nhat|ngay dang)?\s*:?\s*\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}"
                        r"(\s+\d{1,2}:\d{2}(:\d{2})?)?\s*$")
_SENTENCE_END = tuple('.!?…:;"”’)»')
# "Nguồn: Báo Hậu Giang", "(Theo Báo Hậu Giang)": a source, not a sentence that starts with
# "Theo" ("Theo kế hoạch, hội nghị sẽ…" stays a paragraph).
_SOURCE_LINES = [
    re.compile(r"^\(?\s*nguồn\s*:\s*(?P<source>[^\n]{2,100}?)\s*\)?$", re.IGNORECASE),
    re.compile(r"^\(?\s*theo\s+(?P<source>[^.,;:!?…\n]{2,60}?)\s*\)?$", re.IGNORECASE),
]
_MAX_CAPTION = 300
_MAX_BYLINE_WORDS = 6


class OldPageError(Exception):
    """The file is not a page of the old portal that we can read; the message says why."""


@dataclass
class ParsedPhoto:
    caption: str = ""
    alt: str = ""
    src: str = ""
    local_file: Path | None = None
    data: bytes | None = None  # an image embedded as a data: URI


@dataclass
class ParsedPage:
    source: object  # the file's Path, or the old URL
    title: str
    date: object  # None only for a plain page (require_date=False)
    blocks: list = field(default_factory=list)  # ("paragraph", rich_html) or ("photo", ParsedPhoto)
    byline: str = ""
    origin: str = ""  # "Nguồn: …"
    content: object = field(default=None, repr=False, compare=False)  # HTML: the content node

    @property
    def legacy_key(self):
        """The same old page gives the same key, in its text form and in its HTML form."""
        day = self.date.isoformat() if self.date else ""
        key = f"{' '.join(fold(self.title).split())}|{day}"
        return hashlib.sha1(key.encode()).hexdigest()

    @property
    def paragraphs(self):
        return [value for kind, value in self.blocks if kind == "paragraph"]

    @property
    def photos(self):
        return [value for kind, value in self.blocks if kind == "photo"]


def _is_source_line(line):
    return any(pattern.match(line) for pattern in _SOURCE_LINES)


def is_chrome(line):
    folded = " ".join(fold(line).split())
    return any(pattern.search(folded) for pattern in _CHROME_PATTERNS)


def _is_date_line(line):
    return bool(_DATE_LINE.match(fold(line))) and parse_vi_date(line) is not None


def _looks_like_caption(line):
    return len(line) <= _MAX_CAPTION and not line.endswith(_SENTENCE_END)


def _looks_like_byline(line):
    return (len(line.split()) <= _MAX_BYLINE_WORDS and not line.endswith(tuple(".!?…:;"))
            and not any(ch.isdigit() for ch in line))


def _paragraph_html(text):
    return f"<p>{escape(text)}</p>"


# Headings of the text form: "I. Kết quả", "1. Mục tiêu", "1.2. Nhiệm vụ", "a) Đối tượng".
_ROMAN_HEADING = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})"
                            r"\s*[.)/-]\s*\S")
_NUMBER_HEADING = re.compile(r"^(\d{1,2}(\.\d{1,2}){0,3}|[a-zđ])\s*[.)]\s*\S")
_MAX_HEADING = 200
_MAX_SHORT_HEADING_WORDS = 8
# A caption describes what the photo shows; a line starting so is a caption, not a heading.
_CAPTION_START = re.compile(
    r"^(ảnh|hình|quang cảnh|toàn cảnh|các đại biểu|đại biểu|lãnh đạo|đồng chí|ông|bà|"
    r"phó|chủ tịch|bí thư|giám đốc|trao|tặng|tham quan|kiểm tra|phát biểu)\b", re.IGNORECASE)
_PHOTO_MARK = re.compile(r"\((ảnh|ả|nguồn ảnh)\b|\bảnh\s*:|\bảnh minh họa\b|\bảnh minh hoạ\b",
                         re.IGNORECASE)


def _is_all_caps(line):
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def heading_level(line, next_line=None):
    """2 or 3 when a line of the text form is a heading, else None.

    Numbered by a roman numeral or written in capitals: a section heading (2). Numbered by an
    arabic number or a letter: a subheading (3). A short unnumbered line without final
    punctuation whose next line is a paragraph is a subheading too, unless it reads as a
    photo's caption (it starts as captions do, "Quang cảnh…", "Đồng chí…", or credits a photo):
    the text form keeps a photo's caption where the photo was."""
    if len(line) > _MAX_HEADING or line.endswith(tuple(".!?…;\"”’»")):
        return None
    if _PHOTO_MARK.search(line):
        return None
    if _ROMAN_HEADING.match(line) or _is_all_caps(line):
        return 2
    if _NUMBER_HEADING.match(line):
        return 3
    if line.endswith(":"):
        return None
    if (next_line is not None and len(line.split()) <= _MAX_SHORT_HEADING_WORDS
            and not _CAPTION_START.match(line) and not _is_source_line(line)
            and not _looks_like_caption(next_line) and not _is_source_line(next_line)):
        return 3
    return None


def _read_text(path):
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise OldPageError(_("cannot open the file (%(error)s)") % {"error": error.strerror})
    if size == 0:
        raise OldPageError(_("the file is empty"))
    if size > MAX_FILE_SIZE:
        raise OldPageError(_("the file is larger than 20 MB"))
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return nfc(data.decode("utf-16"))
    if b"\x00" in data[:4096]:
        raise OldPageError(_("the file is not text (binary content)"))
    try:
        return nfc(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    # Pages saved by old Windows browsers may be in the Vietnamese code page.
    head = data[:4096].lower()
    if b"windows-1258" in head or b"cp1258" in head:
        return nfc(data.decode("cp1258", errors="replace"))
    raise OldPageError(_("the file is not UTF-8 text"))


def parse_old_page(path):
    """Parse one saved page of the old portal, as text or as HTML."""
    path = Path(path)
    return parse_old_text(_read_text(path), source=path, base_dir=path.parent)


def looks_like_html(text):
    head = text.lstrip()[:2000].lower()
    return head.startswith("<") and bool(re.search(r"<(html|body|div|p|h1|!doctype)\b", head))


def parse_old_text(text, source=None, base_dir=None, require_date=True, soup=None):
    """Parse the text (already decoded) of one old page, as its text form or as HTML.

    `base_dir`: where photos the page names by a relative path may be read (never outside it);
    None reads no file. `require_date=False` accepts a plain page without a publication date.
    `soup`: the page already parsed by BeautifulSoup (the caller may have read other parts of
    it first); it is modified."""
    if soup is not None or looks_like_html(text):
        return _parse_html(source, text, base_dir=base_dir, require_date=require_date,
                           soup=soup)
    return _parse_text(source, text, require_date=require_date)


def _split_head(lines, require_date=True):
    """(title, date, index of the first body line) from the page's first lines.

    The title is the line right above the date: lines before it are breadcrumbs or the
    category's name, which the text form keeps."""
    for index, line in enumerate(lines[:12]):
        if _is_date_line(line):
            if index == 0:
                raise OldPageError(_("no title before the date line"))
            return lines[index - 1], parse_vi_date(line), index + 1
    if not require_date:
        return lines[0], None, 1
    raise OldPageError(_("no publication date (a line such as “Ngày 28-12-2020”) near the top"))


def _finish(page):
    """Take the byline and the source from the last lines; check there is a body."""
    while page.blocks and page.blocks[-1][0] == "paragraph":
        last = _strip_tags(page.blocks[-1][1])
        match = next(filter(None, (pattern.match(last) for pattern in _SOURCE_LINES)), None)
        if match and not page.origin:
            page.origin = match.group("source")
        elif not page.byline and _looks_like_byline(last) and len(page.paragraphs) > 1:
            page.byline = last
        else:
            break
        page.blocks.pop()
    # A caption-like line with nothing after it is the byline the loop above could not see
    # because the text form had turned it into a photo without a picture.
    if (not page.byline and page.blocks and page.blocks[-1][0] == "photo"
            and not page.blocks[-1][1].src and page.blocks[-1][1].data is None
            and _looks_like_byline(page.blocks[-1][1].caption)):
        page.byline = page.blocks.pop()[1].caption
    if not page.paragraphs:
        raise OldPageError(_("the page has no paragraph of content"))
    if len(page.title) > 255:
        raise OldPageError(_("the title is longer than 255 characters"))
    return page


def _parse_text(source, text, require_date=True):
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line and not is_chrome(line)]
    if not lines:
        raise OldPageError(_("the file has no content"))
    title, date, start = _split_head(lines, require_date)
    page = ParsedPage(source=source, title=title, date=date)
    body = lines[start:]
    for index, line in enumerate(body):
        next_line = body[index + 1] if index + 1 < len(body) else None
        level = heading_level(line, next_line)
        if level:
            page.blocks.append(("paragraph", f"<h{level}>{escape(line)}</h{level}>"))
        elif _looks_like_caption(line) and not _is_source_line(line):
            # In the text form a photo leaves only its caption behind.
            page.blocks.append(("photo", ParsedPhoto(caption=line)))
        else:
            page.blocks.append(("paragraph", _paragraph_html(line)))
    return _finish(page)


# HTML ------------------------------------------------------------------------------------------

_CONTENT_SELECTORS = [
    "[itemprop=articleBody]", ".journal-content-article", ".news-content", ".content-detail",
    ".detail-content", ".noidung", ".article-content", ".entry-content", "article .content",
    "article", "#content", ".content", "main",
]
_TITLE_SELECTORS = ["h1", ".title-news", ".news-title", ".title", "h2"]
_DROP_TAGS = ["script", "style", "noscript", "template", "form", "nav", "iframe", "button",
              "input", "select", "textarea", "svg", "footer"]
# The site's banner and footer: their headings and dates (often today's) are not the article's.
_DROP_SELECTORS = ["#banner", ".banner", "[role=banner]", "#header", "body > header", "#footer",
                   ".footer", "[role=contentinfo]"]
_BLOCK_TAGS = {"p", "div", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "td", "th"}
_INLINE_TAGS = {"a", "b", "strong", "i", "em", "u", "span", "font", "small", "sup", "sub", "br"}


def _strip_tags(html):
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def _all_chrome(node):
    """True when every line of the block (lines split by <br>) is site chrome, such as a
    visitor counter written as "Đang online: 1<br>Hôm nay: 75<br>Đã truy cập: 122121"."""
    lines = [" ".join(line.split()) for line in node.get_text("\n").splitlines()]
    lines = [line for line in lines if line]
    return bool(lines) and all(is_chrome(line) for line in lines)


def _wrap_loose_text(soup, content):
    """Text written straight into a container that also holds paragraphs (`<div>Đoạn đầu…<p>…`)
    is wrapped in a <p> of its own, so that the walk keeps it, in its place."""
    containers = [content, *content.find_all(["div", "td", "section", "article", "main", "li",
                                               "blockquote"])]
    for container in containers:
        if not container.find(list(_BLOCK_TAGS), recursive=False):
            continue
        run = []
        for child in [*container.children, None]:
            inline = child is not None and (
                (isinstance(child, NavigableString) and not isinstance(child, PreformattedString))
                or (isinstance(child, Tag) and child.name in _INLINE_TAGS))
            if inline:
                run.append(child)
                continue
            if run and "".join(part.get_text() for part in run).strip():
                paragraph = soup.new_tag("p")
                run[0].insert_before(paragraph)
                for part in run:
                    paragraph.append(part.extract())
            run = []


def _text(node):
    return nfc(" ".join(node.get_text(" ").split()))


def _inline_html(node):
    """The node's content as Wagtail rich text: text, <b>, <i>, safe links and line breaks."""
    parts = []
    for child in node.children:
        if isinstance(child, PreformattedString):  # comments (Word's <!--[if mso]>…), CDATA
            continue
        if isinstance(child, NavigableString):
            parts.append(escape(" ".join(str(child).split(" ")).replace("\n", " ")))
        elif isinstance(child, Tag):
            inner = _inline_html(child)
            if child.name in ("b", "strong"):
                parts.append(f"<b>{inner}</b>" if inner.strip() else inner)
            elif child.name in ("i", "em"):
                parts.append(f"<i>{inner}</i>" if inner.strip() else inner)
            elif child.name == "br":
                parts.append("<br/>")
            elif child.name == "a":
                href = (child.get("href") or "").strip()
                if urlparse(href).scheme in ("http", "https", "mailto") and inner.strip():
                    parts.append(f'<a href="{escape(href)}">{inner}</a>')
                else:
                    parts.append(inner)
            elif child.name != "img":
                parts.append(inner)
    return nfc(re.sub(r"\s+", " ", "".join(parts)).strip())


def _find_title(soup, content):
    """The article's heading: an <h1> (in the content block, then anywhere: the banner is gone
    by now), else a heading with a title class, else an <h2>."""
    for selector in _TITLE_SELECTORS:
        for scope in (content, soup):
            for node in scope.select(selector):
                text = _text(node)
                if text and not is_chrome(text) and not _is_date_line(text):
                    return node, text
    meta = soup.find("meta", attrs={"property": "og:title"})
    if meta and meta.get("content"):
        return None, nfc(meta["content"].strip())
    return None, ""


def _find_content(soup):
    for selector in _CONTENT_SELECTORS:
        nodes = [node for node in soup.select(selector) if node.find("p")]
        if nodes:
            return max(nodes, key=lambda node: len(node.find_all("p")))
    parents = {}
    for paragraph in soup.find_all("p"):
        parents[paragraph.parent] = parents.get(paragraph.parent, 0) + len(_text(paragraph))
    if parents:
        return max(parents, key=parents.get)
    return soup.body or soup


def _find_date(soup, content, title_node):
    """The publication date: the first short date text after the title, else in the content."""
    pattern = re.compile(r"\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}")
    candidates = []
    if title_node is not None:
        candidates.append(title_node.find_all_next(string=pattern))
    candidates += [content.find_all(string=pattern), soup.find_all(string=pattern)]
    for nodes in candidates:
        for node in nodes:
            text = " ".join(str(node).split())
            if len(text) <= 60 and parse_vi_date(text):
                return node, parse_vi_date(text)
    time = soup.find("time", attrs={"datetime": True})
    if time:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", time["datetime"])
        if match:
            from datetime import date

            return time, date(*(int(part) for part in match.groups()))
    raise OldPageError(_("no publication date (such as “Ngày 28-12-2020”) in the page"))


def _photo_from_img(img, base_dir):
    """The photo of an <img>; `local_file` only for a file inside `base_dir`."""
    src = (img.get("src") or img.get("data-src") or "").strip()
    photo = ParsedPhoto(src=src, alt=nfc((img.get("alt") or "").strip()))
    if src.startswith("data:image/"):
        try:
            photo.data = base64.b64decode(src.split(",", 1)[1], validate=False)
            photo.src = ""
        except (IndexError, binascii.Error, ValueError):
            photo.data = None
    elif src and not urlparse(src).scheme and base_dir is not None:
        candidate = (base_dir / unquote(src.split("?")[0])).resolve()
        if candidate.is_file() and base_dir.resolve() in candidate.parents:
            photo.local_file = candidate
    return photo


def _caption_for(img):
    """The caption of an <img>: its <figcaption>, or the text of the table cell or row that old
    portals (Liferay's editor) put under it."""
    figure = img.find_parent("figure")
    if figure and figure.find("figcaption"):
        return _text(figure.find("figcaption")), figure.find("figcaption")
    table = img.find_parent("table")
    if table:
        text = _text(table)
        if text and len(text) <= _MAX_CAPTION:
            return text, table
    return "", None


def _parse_html(source, text, base_dir=None, require_date=True, soup=None):
    soup = soup if soup is not None else BeautifulSoup(text, "html.parser")
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    for selector in _DROP_SELECTORS:
        for tag in soup.select(selector):
            tag.decompose()
    content = _find_content(soup)
    _wrap_loose_text(soup, content)
    title_node, title = _find_title(soup, content)
    if not title:
        raise OldPageError(_("no title (no <h1> heading) in the page"))
    try:
        date_node, date = _find_date(soup, content, title_node)
    except OldPageError:
        if require_date:
            raise
        date_node, date = None, None
    page = ParsedPage(source=source, title=title, date=date, content=content)
    consumed = set()
    pending_photo = None

    for node in content.descendants:
        if not isinstance(node, Tag) or id(node) in consumed:
            continue
        if any(id(parent) in consumed for parent in node.parents):
            continue
        if node is title_node or (date_node is not None and (
                node is date_node or node is getattr(date_node, "parent", None))):
            if node.name in _BLOCK_TAGS and not node.find("img"):
                consumed.add(id(node))
                continue
        if node.name == "img":
            photo = _photo_from_img(node, base_dir)
            caption, caption_node = _caption_for(node)
            photo.caption = caption
            if caption_node is not None:
                consumed.add(id(caption_node))
            page.blocks.append(("photo", photo))
            pending_photo = photo if not caption else None
            continue
        if node.name in ("figcaption",):
            continue
        if node.name not in _BLOCK_TAGS or node.find(list(_BLOCK_TAGS)):
            continue
        line = _text(node)
        if not line or _all_chrome(node) or line == title or _is_date_line(line):
            continue
        if node.find("img"):
            # A paragraph holding a photo: the photo is emitted when the walk reaches the <img>;
            # its text (if any) follows as a paragraph or a caption.
            for img in node.find_all("img"):
                photo = _photo_from_img(img, base_dir)
                page.blocks.append(("photo", photo))
                pending_photo = photo
                consumed.add(id(img))
            consumed.add(id(node))
            rich = _inline_html(node)
            if rich:
                if _looks_like_caption(line):
                    pending_photo.caption = line
                    pending_photo = None
                else:
                    page.blocks.append(("paragraph", f"<p>{rich}</p>"))
            continue
        consumed.add(id(node))
        if pending_photo is not None and _looks_like_caption(line):
            pending_photo.caption = line
            pending_photo = None
            continue
        pending_photo = None
        tag = node.name if node.name in ("h2", "h3", "h4") else "p"
        level = heading_level(line) if tag == "p" else None
        if level:  # "<p><b>I. Kết quả</b></p>": a heading written as a paragraph
            page.blocks.append(("paragraph", f"<h{level}>{escape(line)}</h{level}>"))
            continue
        page.blocks.append(("paragraph", f"<{tag}>{_inline_html(node)}</{tag}>"))
    return _finish(page)
