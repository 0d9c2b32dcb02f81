"""What a citizen typed, turned into groups of normalised keys that every backend matches.

Words outside quotes are each required; text in quotes (straight or curly) is a phrase. Any
other character, FTS or SQL operator included, only separates words: nothing typed reaches a
query language except the ASCII-or-letter keys of `core.vietnamese.search_keys`."""

import re
from dataclasses import dataclass, field

from core.vietnamese import MAX_TOKEN_LENGTH, WORD_RE, nfc, search_keys

MAX_GROUPS = 12
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_PHRASE_RE = re.compile(r'"([^"]*)"')


@dataclass
class ParsedQuery:
    # each group is a list of (folded, marked) keys: one for a word, several for a phrase
    groups: list = field(default_factory=list)
    # every key in the order typed: neighbours that stand together in a page rank it higher
    sequence: list = field(default_factory=list)

    too_long: bool = False  # words were dropped for being longer than MAX_TOKEN_LENGTH

    def __bool__(self):
        return bool(self.groups)

    @property
    def folded_words(self):
        """Every folded key of the query, for highlighting."""
        return {folded for group in self.groups for folded, _marked in group}

    @property
    def pairs(self):
        """Neighbouring keys of the query as two-key phrases (Vietnamese words are mostly two
        syllables: "hậu giang", "đảng bộ"), not repeated."""
        pairs = []
        for pair in zip(self.sequence, self.sequence[1:]):
            if list(pair) not in pairs:
                pairs.append(list(pair))
        return pairs[:MAX_GROUPS]


def parse_query(text):
    text = nfc(text or "").translate(_QUOTES)
    parsed, seen = ParsedQuery(), set()

    def add(keys):
        key = tuple(keys)
        if keys and key not in seen:
            seen.add(key)
            parsed.groups.append(list(keys))

    # split() with a group alternates text outside quotes and inside them; a lone quote left
    # over only separates words
    for position, part in enumerate(_PHRASE_RE.split(text)):
        keys = search_keys(part)
        parsed.sequence += keys
        if position % 2:
            add(keys)
        else:
            for word in keys:
                add([word])
    parsed.too_long = any(len(word) > MAX_TOKEN_LENGTH for word in WORD_RE.findall(text))
    parsed.groups = parsed.groups[:MAX_GROUPS]
    parsed.sequence = parsed.sequence[:MAX_GROUPS * 2]
    return parsed
