"""Vietnamese text: Unicode NFC, folding to ASCII, slugs, and the Vietnamese way of writing dates.

Stored text is only ever made NFC (an author's spelling, "hoà" or "hòa", is kept as written).
Folding (marks removed, đ→d, lower case) is for slugs and matching, never for storage.
"""

import functools
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


# --- Search normalisation -------------------------------------------------------------------
# One normaliser for the search index and for every query. Each word becomes two ASCII keys:
#   folded: marks removed, đ→d, lower case               "Đảng" → "dang",  "đăng" → "dang"
#   marked: the marks kept as Telex letters, the tone last  "Đảng" → "ddangr", "đăng" → "ddawng"
# Writing the tone at the end of the syllable makes tone placement irrelevant ("hoà" and "hòa"
# both give "hoaf"; "thuỷ" and "thủy" give "thuyr"), and a full-text tokenizer (SQLite FTS5)
# keeps such keys as they are. A lone i/y after a consonant is one spelling ("kĩ"/"kỹ",
# "lí"/"lý", "quí"/"quý" all give "i").

# a word: letters and digits; an underscore separates words like any other symbol
WORD_RE = re.compile(r"[^\W_]+")
_CIRCUMFLEX = "\u0302"  # â ê ô: the vowel doubled
_BREVE_OR_HORN = {"\u0306", "\u031b"}  # ă / ơ ư: a "w"
_TONES = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
_I_Y_ONSET = re.compile(r"^(b|ch|c|d|g|h|kh|k|l|m|nh|n|ph|p|qu|r|s|th|tr|t|v|x)y$")
MAX_TOKEN_LENGTH = 40


@functools.lru_cache(maxsize=65536)
def _keys_of_word(word):
    """(folded, marked) keys of one lower-case NFC word; see the comment above."""
    folded_chars, marked_chars, tone = [], [], ""
    for ch in unicodedata.normalize("NFD", word):
        if ch == "đ":
            folded_chars.append("d")
            marked_chars.append("dd")
        elif unicodedata.combining(ch):
            if ch in _TONES:
                tone = _TONES[ch]
            elif marked_chars and ch == _CIRCUMFLEX:
                marked_chars.append(marked_chars[-1][-1])
            elif marked_chars and ch in _BREVE_OR_HORN:
                marked_chars.append("w")
            # other marks (é in a French name, ï) are dropped from both keys
        else:  # a letter or digit, of any script, is kept as it is in both keys
            folded_chars.append(ch)
            marked_chars.append(ch)
    folded = "".join(folded_chars)
    marked = "".join(marked_chars)
    if _I_Y_ONSET.match(folded):
        folded = folded[:-1] + "i"
        marked = marked[:-1] + "i"
    return folded, marked + tone


def search_keys(text):
    """[(folded, marked), …] for each word of `text`, in order: the one normaliser behind the
    search index and every query (NFC or NFD, upper or lower case, either tone placement and
    either i/y spelling give the same keys). Words longer than MAX_TOKEN_LENGTH are dropped."""
    if not text:
        return []
    text = unicodedata.normalize("NFC", text).lower()
    return [_keys_of_word(word) for word in WORD_RE.findall(text)
            if len(word) <= MAX_TOKEN_LENGTH]


def search_forms(text):
    """(folded text, marked text) of `text` for the index: the keys joined by spaces."""
    keys = search_keys(text)
    return " ".join(f for f, _m in keys), " ".join(m for _f, m in keys)


# --- Numbers and codes ----------------------------------------------------------------------
# "1234/QĐ-UBND", "1.009876", "HG.2025.07": the word split above cuts them into pieces (each
# still searchable). Their compact key, the folded pieces run together ("1234qdubnd",
# "1009876", "hg202507"), is one more key that finds them however the separators were typed.

_JOINED_RE = re.compile(r"[^\W_]+(?:[./\-‐‑–][^\W_]+)+")
MAX_COMPACT_LENGTH = 60


def compact_key(text):
    """The folded keys of `text` run together: "1234/QĐ-UBND" and "1234 qđ ubnd" give
    "1234qdubnd"; "" when longer than MAX_COMPACT_LENGTH."""
    key = "".join(folded for folded, _marked in search_keys(text))
    return key if len(key) <= MAX_COMPACT_LENGTH else ""


def joined_codes(text):
    """Compact keys of the codes written in `text` as letters and digits joined by dots,
    slashes or hyphens with at least one digit ("42/2022/NĐ-CP" → "422022ndcp"), in order,
    not repeated."""
    found = []
    for match in _JOINED_RE.finditer(unicodedata.normalize("NFC", text or "")):
        key = compact_key(match.group()) if any(ch.isdigit() for ch in match.group()) else ""
        if key and key not in found:
            found.append(key)
    return found
