"""Bytes of an old page → Unicode text in NFC.

Old Vietnamese portals wrote their pages in UTF-8, in the Vietnamese Windows code page
(Windows-1258, whose letters are a base letter followed by a combining tone mark) or, the oldest
ones, in the legacy font encodings of the 1990s: TCVN3 (the "ABC" fonts `.VnTime`, `.VnArial`…,
one byte per letter) and VNI (the `VNI-Times` fonts, a base letter followed by one mark byte).
Pages in those fonts were declared windows-1252 or iso-8859-1 (or not at all): the browser showed
Latin-1 bytes and the font drew Vietnamese letters. We recognise them by the font names in the
page and by which reading gives Vietnamese text, and convert them with the tables below.

`decode(body, content_type)` returns (text, encoding name) or raises `OldPageError`.
"""

import codecs
import re
import unicodedata

from django.utils.translation import gettext as _

from news.importer import OldPageError

TCVN3 = "tcvn3"
VNI = "vni"

# TCVN 5712:1993 VN3 (ABC): lowercase letters and the seven uppercase base letters. Uppercase
# letters with a tone mark have no code: they were written with the same codes in the "H" fonts
# (`.VnTimeH`), which draw them as capitals.
_TCVN3_LETTERS = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}

# VNI for Windows: the mark bytes (as Latin-1 characters) that follow a base letter, lowercase
# after a lowercase letter, uppercase after an uppercase one. Tones: acute, grave, hook, tilde,
# dot below.
_TONES = "\u0301\u0300\u0309\u0303\u0323"
_VNI_TONE = "ùøûõï"            # after a, e, o, u, y, ơ (ô), ư (ö)
_VNI_CIRCUMFLEX_TONE = "áàåãä"  # â ê ô with a tone: "aá" = ấ
_VNI_BREVE_TONE = "éèúüë"       # ă with a tone: "aé" = ắ
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị",
               "î": "ỵ"}


def _vni_table():
    """{VNI sequence (as Latin-1 text): Unicode letter}, lowercase and uppercase."""
    table = {}
    for base in "aeouy":
        for mark, tone in zip(_VNI_TONE, _TONES):
            table[base + mark] = base + tone
    for base in "aeo":
        table[base + "â"] = base + "\u0302"
        for mark, tone in zip(_VNI_CIRCUMFLEX_TONE, _TONES):
            table[base + mark] = base + "\u0302" + tone
    table["aê"] = "a\u0306"
    for mark, tone in zip(_VNI_BREVE_TONE, _TONES):
        table["a" + mark] = "a\u0306" + tone
    for horn, letter in (("ô", "o\u031b"), ("ö", "u\u031b")):
        for mark, tone in zip(_VNI_TONE, _TONES):
            table[horn + mark] = letter + tone
    table.update(_VNI_SINGLE)
    lower = {key: unicodedata.normalize("NFC", value) for key, value in table.items()}
    upper = {key.upper(): value.upper() for key, value in lower.items()}
    return {**lower, **upper}


VNI_TABLE = _vni_table()
TCVN3_TABLE = {byte: letter for byte, letter in _TCVN3_LETTERS.items()}
_VNI_RE = re.compile("|".join(re.escape(key) for key in sorted(VNI_TABLE, key=len, reverse=True)))
_TCVN3_TRANSLATE = str.maketrans({chr(byte): letter for byte, letter in TCVN3_TABLE.items()})

_VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", base + mark + tone)
    for base in "aeiouyAEIOUY"
    for mark in ("", "\u0302", "\u0306", "\u031b")
    for tone in ("", *_TONES)
) | frozenset("đĐ")
_VIETNAMESE_LETTERS = frozenset(ch for ch in _VIETNAMESE_LETTERS if len(ch) == 1 and ord(ch) > 127)
# Characters that are not odd in a Vietnamese page (typographic punctuation, symbols).
_USUAL = frozenset("“”‘’–—…•«»©®°·§€×\u00a0\u200b\ufeff")

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)
_TCVN3_FONT_STRICT = re.compile(rb"\.Vn[A-Z][A-Za-z]*")
_VNI_FONT = re.compile(rb"VNI[- ][A-Z][A-Za-z]*", re.I)
_SINGLE_BYTE_LABELS = {"windows-1252", "cp1252", "iso-8859-1", "latin-1", "latin1", "l1",
                       "us-ascii", "ascii", "iso8859-1", "iso_8859-1", "x-user-defined",
                       "tcvn", "tcvn3", "tcvn-5712", "tcvn5712-1", "x-viet-tcvn", "vni",
                       "x-viet-vni", "windows-1258", "cp1258"}
_H_FONT_SPAN = re.compile(r"(<font[^>]*face\s*=\s*[\"']?\.Vn[A-Za-z]*H\b[^>]*>)(.*?)(</font>)",
                          re.I | re.S)


def _nfc(text):
    return unicodedata.normalize("NFC", text)


def decode_tcvn3(data):
    """TCVN3 (ABC) bytes → NFC text. Bytes outside the table read as Windows-1252."""
    return _nfc(_latin(data).translate(_TCVN3_TRANSLATE))


def decode_vni(data):
    """VNI-Windows bytes → NFC text."""
    return _nfc(_VNI_RE.sub(lambda match: VNI_TABLE[match.group()], _latin(data)))


_CP1252_TABLE = "".join(bytes([byte]).decode("cp1252", errors="strict") if byte not in
                        (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(byte) for byte in range(256))
_CP1252_TRANSLATE = {byte: ch for byte, ch in enumerate(_CP1252_TABLE) if chr(byte) != ch}


def _latin(data):
    """Windows-1252, with the five codes it leaves undefined read as Latin-1."""
    return data.decode("latin-1").translate(_CP1252_TRANSLATE)


_WORD = re.compile(r"[^\W\d_]+")
_SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
                       r"[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$")


def vietnamese_score(text):
    """How much `text` reads as Vietnamese: words of one syllable with at most one tone mark count
    for it; words with symbols, foreign letters or two tone marks count against it. Used to
    choose between the readings of legacy bytes."""
    good = bad = 0
    for word in _WORD.findall(text[:100000]):
        if word.isascii():
            continue
        if any(ord(ch) > 127 and ch not in _VIETNAMESE_LETTERS for ch in word):
            bad += 1
            continue
        decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
        tones = sum(1 for ch in decomposed if ch in _TONES)
        base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if tones <= 1 and _SYLLABLE.match(base):
            good += 1
        else:
            bad += 1
    bad += sum(1 for ch in text[:100000] if ord(ch) > 127 and not ch.isalpha()
               and ch not in _USUAL)
    return good - 3 * bad


def _declared(head, content_type):
    """The charset the HTTP header or the page's <meta> declares, lower case, or ""."""
    match = _HTTP_CHARSET.search(content_type or "")
    if match:
        return match.group(1).lower()
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else ""


def _uppercase_h_fonts(text):
    """Text set in a TCVN3 capital font (`.VnTimeH`) was typed in lowercase codes."""
    def upper(match):
        inner = re.sub(r"(^|>)([^<]+)", lambda m: m.group(1) + m.group(2).upper(), match.group(2))
        return match.group(1) + inner + match.group(3)
    return _H_FONT_SPAN.sub(upper, text)


def _legacy(data, declared):
    """(text, encoding) of a page that is not UTF-8: the reading that gives the most Vietnamese,
    with the font names the page uses as a strong hint."""
    head = data[:65536]
    candidates = {"windows-1258": lambda: _nfc(data.decode("cp1258", errors="replace")),
                  TCVN3: lambda: _uppercase_h_fonts(decode_tcvn3(data)),
                  VNI: lambda: decode_vni(data)}
    bonus = {"windows-1258": 0, TCVN3: 0, VNI: 0}
    if declared in ("windows-1258", "cp1258"):
        bonus["windows-1258"] += 20
    if _TCVN3_FONT_STRICT.search(head):
        bonus[TCVN3] += 20
    if _VNI_FONT.search(head):
        bonus[VNI] += 20
    best = None
    for name, read in candidates.items():
        text = read()
        score = vietnamese_score(text) + bonus[name]
        if best is None or score > best[0]:
            best = (score, text, name)
    score, text, name = best
    if score <= 0:
        return None
    if _damaged(text):
        raise OldPageError(_("the page's text is damaged: letters were lost as “?” or “�” when "
                             "it was saved in %(encoding)s") % {"encoding": name})
    return text, name


_LOST_LETTER = re.compile(r"\w[?\ufffd]+\w")


def _damaged(text):
    """Whether the words of `text` (tags left out) hold letters lost as "?" or U+FFFD: a page
    saved in a code page that could not hold them. Read as they are, they would make titles
    and categories such as "Tho?ng baỡo"."""
    words = re.sub(r"<[^>]*>", " ", text)
    lost = len(_LOST_LETTER.findall(words))
    return lost >= 3 and lost * 100 >= len(_WORD.findall(words))


def encode_cp1258(text):
    """`text` as Windows-1258 writes Vietnamese: base letters with their circumflex, breve or
    horn precomposed (â, ă, ê, ô, ơ, ư, đ), tone marks as combining characters after them. The
    inverse of reading it; for tests and the fake crawls."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        kept = "".join(c for c in decomposed if c not in tones)
        out.append(unicodedata.normalize("NFC", kept)
                   + "".join(c for c in decomposed if c in tones))
    return "".join(out).encode("cp1258")


def decode(body, content_type=""):
    """(NFC text, encoding name) of a page's bytes; OldPageError with the reason when no reading
    of them is text."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            try:
                return _nfc(body.decode(codec)), codec.replace("-sig", "")
            except UnicodeDecodeError:
                raise OldPageError(_("the file starts as %(encoding)s text but is not")
                                   % {"encoding": codec.replace("-sig", "").upper()})
    head = body[:4096]
    declared = _declared(head, content_type)
    if declared.startswith(("utf-16", "utf-32")):
        try:
            return _nfc(body.decode(declared)), declared
        except (UnicodeDecodeError, LookupError):
            pass
    if b"\x00" in head:
        raise OldPageError(_("the file is not text (binary content)"))
    if declared and declared not in _SINGLE_BYTE_LABELS:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = None
        if codec not in (None, "utf-8"):
            try:
                return _nfc(body.decode(codec)), codec
            except (UnicodeDecodeError, LookupError):
                pass
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _nfc(text), "utf-8"
    found = _legacy(body, declared)
    if found:
        return found
    if declared and declared not in _SINGLE_BYTE_LABELS:
        raise OldPageError(_("the page's encoding “%(encoding)s” is unknown or does not match "
                             "its bytes") % {"encoding": declared[:40]})
    raise OldPageError(_("the page's encoding cannot be recognised (not UTF-8, Windows-1258, "
                         "TCVN3 or VNI)"))


def encode_tcvn3(text):
    """Unicode → TCVN3 bytes (for tests and the fake generator); capitals with a tone mark are
    written with the lowercase codes, as in the H fonts."""
    inverse = {letter: byte for byte, letter in TCVN3_TABLE.items()}
    out = bytearray()
    for ch in _nfc(text):
        if ch in inverse:
            out.append(inverse[ch])
        elif ch.lower() in inverse:
            out.append(inverse[ch.lower()])
        else:
            out += ch.encode("cp1252")
    return bytes(out)


def encode_vni(text):
    """Unicode → VNI-Windows bytes (for tests and the fake generator)."""
    inverse = {letter: sequence for sequence, letter in VNI_TABLE.items()}
    out = []
    for ch in _nfc(text):
        out.append(inverse.get(ch, ch))
    return "".join(out).encode("cp1252")
