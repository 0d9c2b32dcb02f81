"""Highlighting in the application: the database matched normalised keys, so the words to mark
are found again here by normalising each word of the shown text the same way."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.vietnamese import WORD_RE, nfc, search_keys

SCAN_LENGTH = 20000  # a snippet comes from the first characters of a very long text


def _matches(text, words):
    """[(start, end), …] of the words of `text` (split as `search_keys` splits) with a folded
    key in `words`."""
    return [match.span() for match in WORD_RE.finditer(text)
            if any(folded in words for folded, _marked in search_keys(match.group()))]


def _marked(text, spans, start=0, end=None):
    end = len(text) if end is None else end
    out, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(escape(text[position:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(escape(text[position:end]))
    return "".join(out)


def highlight(text, words):
    """`text` as safe HTML with the words of the query in <mark>."""
    text = nfc(text or "")
    return mark_safe(_marked(text, _matches(text, words)))


def best_snippet(texts, words, length=240):
    """(index, snippet) of the text among `texts` (a page's own text, then its attached
    files') that holds the most different words of the query, the first on a tie. The snippet
    is about `length` characters around the text's densest cluster of matched words, as safe
    HTML with those words in <mark>; the beginning of the text when nothing matches."""
    best, best_found, best_spans = 0, -1, []
    for index, text in enumerate(texts):
        text = " ".join(nfc(text or "")[:SCAN_LENGTH].split())
        spans = _matches(text, words)
        found = len({search_keys(text[start:end])[0][0] for start, end in spans})
        if found > best_found:
            best, best_found, best_spans, best_text = index, found, spans, text
    if best_found < 0:
        return 0, ""
    return best, _snippet(best_text, best_spans, length)


def _snippet(text, spans, length):
    """The window of `text` holding most of `spans`."""
    if not text:
        return ""
    start = 0
    if spans:
        best, best_count, j = 0, 0, 0
        for i, (span_start, _end) in enumerate(spans):  # the window holding most matches
            while j < len(spans) and spans[j][0] - span_start <= length * 0.7:
                j += 1
            if j - i > best_count:
                best, best_count = i, j - i
        start = spans[best][0]
        # step back to a word boundary some way before the first match
        back = text.rfind(" ", 0, max(0, start - length // 4))
        start = back + 1 if back >= 0 else 0
    end = start + length
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    else:
        end = len(text)
    html = _marked(text, spans, start, end)
    return mark_safe(("… " if start else "") + html + (" …" if end < len(text) else ""))
