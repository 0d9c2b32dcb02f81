"""Abbreviations of Vietnamese administration ("UBND" ↔ "ủy ban nhân dân"): a query word or
phrase that is one form also finds the other.

They are applied when a query is parsed, not when pages are indexed: an editor's change to the
list (the "Abbreviations" snippet in the admin) takes effect on the next search with no
reindex, a quoted phrase can hold either form, and a page is ranked by what it really says (the
form typed earns the accent and neighbour bonuses; the other form only makes a match).

Forms are compared by their folded keys (`core.vietnamese.search_keys`), whole words only:
"CV" is the word "cv", never the letters inside "cvđ"; "KH&CN" is the two words "kh cn"."""

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, product

from core.vietnamese import search_keys

MAX_VARIANTS = 8  # other spellings of one quoted phrase


def folded(keys):
    return tuple(key[0] for key in keys)


@dataclass
class Abbreviations:
    """What each form stands for: {folded keys of a form: [keys of another form, …]}. A short
    form gives its long forms and the other short forms of those ("KHCN" → "khoa học và công
    nghệ", "KH&CN"); a long form gives its short forms. Short forms that share a long form
    stand for each other; two long forms never do (an ambiguous "TT" must not make "thông tư"
    find "trung tâm")."""

    alternatives: dict = field(default_factory=dict)
    longest: int = 0

    @classmethod
    def from_pairs(cls, pairs):
        """From (short, long) texts; pairs with no letter, or whose forms fold alike, are
        left out."""
        shorts, longs, spelled = {}, {}, {}
        for short, long in pairs:
            short_keys, long_keys = search_keys(short), search_keys(long)
            if not short_keys or not long_keys or folded(short_keys) == folded(long_keys):
                continue
            s, l = folded(short_keys), folded(long_keys)
            spelled.setdefault(s, short_keys)
            spelled.setdefault(l, long_keys)
            shorts.setdefault(s, []).append(l)
            longs.setdefault(l, []).append(s)
        others = {}
        for s, its_longs in shorts.items():
            found = list(its_longs)
            found += [other for l in its_longs for other in longs[l] if other != s]
            others[s] = found
        for l, its_shorts in longs.items():
            others.setdefault(l, [])
            others[l] += its_shorts
        alternatives = {form: [spelled[other] for other in dict.fromkeys(found) if other != form]
                        for form, found in others.items()}
        return cls(alternatives, max((len(form) for form in alternatives), default=0))

    def spans(self, keys):
        """(start, end, other forms) covering `keys` from left to right: the longest form found
        at each place, or one word with no other form."""
        words, start = folded(keys), 0
        while start < len(keys):
            for length in range(min(self.longest, len(keys) - start), 0, -1):
                found = self.alternatives.get(words[start:start + length])
                if found:
                    yield start, start + length, found
                    start += length
                    break
            else:
                yield start, start + 1, []
                start += 1

    def variants(self, keys):
        """Other spellings of the phrase `keys`, each form in it replaced by another (at most
        MAX_VARIANTS)."""
        choices = [[keys[start:end], *others] for start, end, others in self.spans(keys)]
        if all(len(options) == 1 for options in choices):
            return []
        spelled = (sum(combination, []) for combination in product(*choices))
        next(spelled)  # the phrase as typed
        return [list(variant) for variant in islice(spelled, MAX_VARIANTS)]


def current():
    """The list editors keep in the admin: read at every search (one small query, so a change
    is seen at once by every process), built again only when it changed."""
    from .models import Abbreviation

    return _built(tuple(Abbreviation.objects.order_by("pk").values_list("short", "long")))


@lru_cache(maxsize=4)
def _built(pairs):
    return Abbreviations.from_pairs(pairs)
