"""How a page type declares the filters (facets) the public search offers for it.

A searchable page type may set, beside `search_content()`:

- `search_kind`: the slug of its kind in the search's "what" filter (`?loai-trang=van-ban`);
- `search_facets`: a list of `Facet`s, each a query parameter of the search page once its kind
  is chosen (`?loai-trang=van-ban&loai=quyet-dinh`).

and `search_content()` returns, beside kind, title, summary, body and date:

- `facets`: {facet name: value or list of values} (the values of `Facet.choices`);
- `identifiers`: the numbers or codes that name the item ("1234/QĐ-UBND", "1.009876",
  "HG.2025.07"): found however they are typed, and an exact match ranks first;
- `attachments`: Wagtail documents whose text (PDF, DOCX) is indexed with the page."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Facet:
    name: str          # the query parameter, e.g. "loai"
    label: object      # what the search form calls it (lazy translation)
    choices: object    # a callable returning [(value, label), …], read when the form is built

    def get_choices(self):
        return list(self.choices() if callable(self.choices) else self.choices)
