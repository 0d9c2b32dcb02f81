"""Vietnamese text: Unicode NFC, folding to ASCII, slugs, and the Vietnamese way of writing dates.

Stored text is only ever made NFC (an author's spelling, "hoà" or "hòa", is kept as written).
Folding (marks removed, đ→d, lower case) is for slugs and matching, never for storage.
"""

import re
import unicodedata
from datetime import date, datetime

from django.utils import timezone

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_DATE_RE = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})")


def nfc(text):
    """Return `text` in Unicode NFC (text pasted from Word or macOS often arrives decomposed)."""
    if not isinstance(text, str) or text.isascii():
        return text
    return unicodedata.normalize("NFC", text)


def nfc_deep(value):
    """NFC every string inside nested lists and dicts (StreamField data, JSON)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc_deep(item) for item in value]
    if isinstance(value, tuple):
        return tuple(nfc_deep(item) for item in value)
    if isinstance(value, dict):
        return {key: nfc_deep(item) for key, item in value.items()}
    return value


def fold(text):
    """Fold to lower-case ASCII letters: marks removed, "đ" → "d" ("Đảng bộ" → "dang bo")."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


def slugify_vi(text, max_length=200):
    """A URL slug folded to ASCII: "Hậu Giang học tập" → "hau-giang-hoc-tap".

    Cut at a word boundary when longer than `max_length`; empty input gives "".
    """
    slug = _NON_SLUG.sub("-", fold(text or "")).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
    return slug


def parse_vi_date(text):
    """The first day-month-year date in `text` ("Ngày 28-12-2020", "28/12/2020") or None."""
    match = _DATE_RE.search(text or "")
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def format_date_vi(value, with_time=False):
    """ "Thứ Hai, 28/12/2020" (and ", 08:30" with `with_time`) in the current time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        text = f"{WEEKDAYS[value.weekday()]}, {value:%d/%m/%Y}"
        return f"{text}, {value:%H:%M}" if with_time else text
    return f"{WEEKDAYS[value.weekday()]}, {value:%d/%m/%Y}"
