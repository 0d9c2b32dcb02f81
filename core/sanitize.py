"""Cleaning of rich text in Wagtail's database format ("DB-HTML") and of addresses.

`clean_rich_text(html)` keeps only what the rich text editors of the portal can produce
(paragraphs, h2-h4, bold, italic, lists, links, sup/sub, rules, and Wagtail's
`<a linktype="page|document" id="…">` and `<embed embedtype="image" …/>` placeholders) and
drops the rest: scripts and styles with their content, event handlers, `javascript:`, `data:`
and `vbscript:` addresses. It is done with nh3 (the Rust sanitizer ammonia, which parses like a
browser), then written back in the form Wagtail's editor writes (`<br/>`, `<embed …/>`), so
that harmless stored HTML comes back unchanged and cleaning twice changes nothing.

`is_safe_url(url)` says whether an address may go into an `href` or `src`: http, https, mailto,
tel, or relative.
"""

import re
from functools import cache

import nh3

ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "b", "i", "strong", "em", "ol", "ul", "li", "a",
                "sup", "sub", "hr", "embed"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# removed with everything inside them, not only the tags
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "noscript", "template",
                        "textarea", "select", "title", "xmp", "noembed", "noframes"}
_BLOCK_KEY = {"data-block-key"}  # Wagtail's editor marks each block with one
ATTRIBUTES = {
    "*": set(),  # not even nh3's default title and lang
    "p": _BLOCK_KEY, "h2": _BLOCK_KEY, "h3": _BLOCK_KEY, "h4": _BLOCK_KEY, "li": _BLOCK_KEY,
    "a": {"href", "id"},
    "embed": {"id", "alt"},
}
LINK_TYPES = {"page", "document"}
EMBED_TYPES = {"image"}  # not "media": an oEmbed provider's HTML would be put in the page

# nh3's output is well formed: text has <, > and & escaped, every attribute is name="value"
# with " and & escaped. So this finds every tag of it.
_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?:\s+[^\s="<>/]+="[^"]*")*)\s*/?>')
_ATTR = re.compile(r'([^\s="<>/]+)="([^"]*)"')
_VOID = {"br", "hr", "embed"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
# what browsers ignore in an address before reading its scheme
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")


@cache
def _cleaner():
    # image formats are registered by apps (wagtail_hooks), so build the cleaner on first use
    from wagtail.images.formats import get_image_formats

    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        tag_attribute_values={
            "a": {"linktype": LINK_TYPES},
            "embed": {"embedtype": EMBED_TYPES,
                      "format": {image_format.name for image_format in get_image_formats()}},
        },
        attribute_filter=_filter_attribute,
        url_schemes=URL_SCHEMES,
        link_rel=None,  # no rel added: stored links stay as the editor wrote them
        strip_comments=True,
    )


def _filter_attribute(tag, name, value):
    if name == "id":  # Wagtail's ids of pages, documents and images are numbers
        return value if value.isdigit() else None
    return value


def _rewrite_tag(match):
    closing, name, attrs = match.group(1), match.group(2), match.group(3)
    if closing:
        return f"</{name}>"
    found = dict(_ATTR.findall(attrs))
    if name == "embed" and not ("embedtype" in found and "id" in found and "format" in found):
        return ""  # Wagtail would fail on it or drop it anyway
    if name == "a" and "linktype" in found and "id" not in found:
        found.pop("linktype")  # a link to no page: Wagtail's reference index would fail on it
    # nh3 leaves < and > in attribute values; Wagtail reads tags with [^>]*
    attrs = "".join(f' {key}="{value.replace("<", "&lt;").replace(">", "&gt;")}"'
                    for key, value in found.items())
    return f"<{name}{attrs}/>" if name in _VOID else f"<{name}{attrs}>"


def clean_rich_text(html):
    """`html` (rich text in Wagtail's database format) with only the allowed tags, attributes
    and addresses left, written the way Wagtail's editor writes it."""
    if not html:
        return ""
    cleaned = _cleaner().clean(str(html))
    cleaned = _TAG.sub(_rewrite_tag, cleaned)
    return cleaned.replace("&nbsp;", "\u00a0")


def is_safe_url(url):
    """Whether `url` may be an href or src: an http(s), mailto or tel address, or a relative
    one. `javascript:`, `data:`, `vbscript:` (in any case, with spaces, tabs or control
    characters mixed in, as browsers read them) are not."""
    if not url:
        return True
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", str(url)))
    return match is None or match.group(1).lower() in URL_SCHEMES


def safe_url(url):
    """`url` when it is safe (see `is_safe_url`), else an empty string."""
    return url if is_safe_url(url) else ""


_CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")


def strip_control(text):
    """`text` without the control characters XML 1.0 cannot hold (tab and line breaks stay):
    one pasted into a title must not break a feed."""
    return str(text or "").translate(_CONTROL)
