"""What a citizen typed, turned into groups of normalised keys that every backend matches.

Words outside quotes are each required; text in quotes (straight or curly) is a phrase. Any
other character, FTS or SQL operator included, only separates words: nothing typed reaches a
query language except the ASCII-or-letter keys of `core.vietnamese.search_keys`.

A group is required as a whole and may be written several ways (its alternatives): as typed,
and in the other forms of an abbreviation it holds ("ubnd" or "ủy ban nhân dân"). Numbers and
codes also give compact keys ("1234/QĐ-UBND" → "1234qdubnd") that rank the page they name
first."""

import re
from dataclasses import dataclass, field

from core.vietnamese import (MAX_COMPACT_LENGTH, MAX_TOKEN_LENGTH, WORD_RE, joined_codes, nfc,
                             search_keys)

from .abbreviations import Abbreviations

MAX_GROUPS = 12
MAX_ALTERNATIVES = 8   # ways of writing one group
MAX_COMPACTS = 24
MAX_RUN = 5            # words run together into a compact key
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_PHRASE_RE = re.compile(r'"([^"]*)"')


@dataclass
class ParsedQuery:
    # each group is a list of alternatives, the first as typed; an alternative is a list of
    # phrases that must all match; a phrase is a list of (folded, marked) keys side by side:
    #   "hậu"               [[ [hau] ]]
    #   "\"hậu giang\""     [[ [hau, giang] ]]
    #   "ubnd"              [[ [ubnd] ], [ [uy, ban, nhan, dan] ]]
    #   "ủy ban nhân dân"   [[ [uy], [ban], [nhan], [dan] ], [ [ubnd] ]]
    groups: list = field(default_factory=list)
    # every key in the order typed: neighbours that stand together in a page rank it higher
    sequence: list = field(default_factory=list)
    # compact keys of the numbers and codes the query may be ("1234qdubnd", "hg202507"): a
    # page whose identifier is one of them comes first
    compacts: list = field(default_factory=list)

    too_long: bool = False  # words were dropped for being longer than MAX_TOKEN_LENGTH

    def __bool__(self):
        return bool(self.groups)

    @property
    def typed_phrases(self):
        """The phrases of the groups as typed (not their other forms)."""
        return [phrase for group in self.groups for phrase in group[0]]

    @property
    def all_phrases(self):
        return [phrase for group in self.groups for alternative in group
                for phrase in alternative]

    @property
    def folded_words(self):
        """Every folded key of the query and of the other forms of its abbreviations, for
        highlighting."""
        return {folded for phrase in self.all_phrases for folded, _marked in phrase}

    @property
    def pairs(self):
        """Neighbouring keys of the query as two-key phrases (Vietnamese words are mostly two
        syllables: "hậu giang", "đảng bộ"), not repeated."""
        pairs = []
        for pair in zip(self.sequence, self.sequence[1:]):
            if list(pair) not in pairs:
                pairs.append(list(pair))
        return pairs[:MAX_GROUPS]


def _compacts(text, phrases, sequence):
    """Compact keys the query may name an identifier by: its codes as written ("1.009876"),
    the whole query and each quoted phrase run together ("HG 2025 07"), then runs of up to
    MAX_RUN neighbouring words ("quyết định 1234 qđ ubnd"), longest first, and short runs with
    their last word first ("qđ 1234" → "1234qd"); only those holding a digit (identifiers do;
    other words would only add terms)."""
    runs = [[key[0] for key in keys] for keys in [sequence, *phrases] if len(keys) > 1]
    words = [key[0] for key in sequence]
    for length in range(min(MAX_RUN, len(words)), 1, -1):
        runs += [words[start:start + length] for start in range(len(words) - length + 1)]
    # "qđ 1234", "qd ubnd 1234": the number typed last, as it is said
    runs += [[*run[-1:], *run[:-1]] for run in runs if len(run) <= 3]
    found = joined_codes(text) + ["".join(run) for run in runs]
    found = [key for key in dict.fromkeys(found)
             if len(key) <= MAX_COMPACT_LENGTH and any(ch.isdigit() for ch in key)]
    return found[:MAX_COMPACTS]


def parse_query(text, abbreviations=None):
    """The groups of `text`; `abbreviations` (an `Abbreviations`) adds the other forms."""
    abbreviations = abbreviations or Abbreviations()
    text = nfc(text or "").translate(_QUOTES)
    parsed, seen, phrases = ParsedQuery(), set(), []

    def add(alternatives):
        key = tuple(tuple(tuple(phrase) for phrase in alternative) for alternative in alternatives)
        if alternatives[0] and key not in seen:
            seen.add(key)
            parsed.groups.append(alternatives[:MAX_ALTERNATIVES])

    # split() with a group alternates text outside quotes and inside them; a lone quote left
    # over only separates words
    for position, part in enumerate(_PHRASE_RE.split(text)):
        keys = search_keys(part)
        parsed.sequence += keys
        if position % 2:
            if keys:
                phrases.append(keys)
                add([[keys]] + [[variant] for variant in abbreviations.variants(keys)])
        else:
            for start, end, others in abbreviations.spans(keys):
                add([[[word] for word in keys[start:end]]] + [[other] for other in others])
    parsed.too_long = any(len(word) > MAX_TOKEN_LENGTH for word in WORD_RE.findall(text))
    parsed.groups = parsed.groups[:MAX_GROUPS]
    parsed.sequence = parsed.sequence[:MAX_GROUPS * 2]
    parsed.compacts = _compacts(text, phrases, parsed.sequence)
    return parsed
