"""How a page type declares the filters (facets) the public search offers for it.

A searchable page type may set, beside `search_content()`:

- `search_kind`: the slug of its kind in the search's "what" filter (`?loai_trang=van-ban`),
  labelled by `search_kind_label` when set, else by its verbose_name_plural;
- `search_facets`: a list of `Facet`s, each a query parameter of the search page once its kind
  is chosen (`?loai_trang=van-ban&loai=quyet-dinh`).

and `search_content()` returns, beside kind, title, summary, body and date:

- `facets`: {facet name: value or list of values} (the values of `Facet.choices`);
- `identifiers`: the numbers or codes that name the item ("1234/QĐ-UBND", "1.009876",
  "HG.2025.07"): found however they are typed, and an exact match ranks first;
- `attachments`: Wagtail documents whose text (PDF, DOCX) is indexed with the page."""

from dataclasses import dataclass

from django.utils.text import capfirst

KIND_FACET = "loai_trang"  # the query parameter, and the facet name the kind is stored under


@dataclass(frozen=True)
class Facet:
    name: str          # the query parameter, e.g. "loai"
    label: object      # what the search form calls it (lazy translation)
    choices: object    # a callable returning [(value, label), …], read when the form is built

    def get_choices(self):
        return list(self.choices() if callable(self.choices) else self.choices)


@dataclass(frozen=True)
class Kind:
    slug: str
    label: object
    facets: tuple


def search_kinds():
    """{slug: Kind} of the page types that declare `search_kind`, in the order Wagtail lists
    page types; types sharing a slug share one entry (their facets joined, first name wins)."""
    from wagtail.models import get_page_models

    kinds = {}
    for model in get_page_models():
        slug = getattr(model, "search_kind", "")
        if not slug or model._meta.abstract:
            continue
        facets = tuple(getattr(model, "search_facets", ()) or ())
        if slug in kinds:
            known = {facet.name for facet in kinds[slug].facets}
            facets = kinds[slug].facets + tuple(f for f in facets if f.name not in known)
            kinds[slug] = Kind(slug, kinds[slug].label, facets)
        else:
            label = (getattr(model, "search_kind_label", None)
                     or capfirst(model._meta.verbose_name_plural))
            kinds[slug] = Kind(slug, label, facets)
    return kinds
