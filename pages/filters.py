"""The filter form of a section list. Its fields are query parameters (`?loai=quyet-dinh&nam=
2025`), so every filtered list has a stable address; a value that is not one of the choices is
an error shown on the form (and a 400), never a 500.

A section's form subclasses `SectionFilterForm`, adds its fields and names in `lookups` the
queryset lookup each one filters by; a filter that needs more than a lookup defines
`filter_<name>(queryset, value)`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from search.forms import KeywordsField

ALL = ("", _("All"))


class TermChoiceField(forms.TypedChoiceField):
    """A term of a vocabulary (pages.Term), chosen by its slug; cleans to the term's id."""

    def __init__(self, vocabulary, **kwargs):
        self.vocabulary = vocabulary
        kwargs.setdefault("required", False)
        super().__init__(coerce=str, empty_value=None, **kwargs)

    def setup(self, form):
        from .models import Term

        terms = list(Term.objects.filter(vocabulary=self.vocabulary).values_list("pk", "slug",
                                                                                 "name"))
        self.ids = {slug: pk for pk, slug, _name in terms}
        self.choices = [ALL] + [(slug, name) for _pk, slug, name in terms]

    def clean(self, value):
        slug = super().clean(value)
        return self.ids.get(slug) if slug else None


class YearChoiceField(forms.TypedChoiceField):
    """A year among those of the section's items (`date_field`), newest first."""

    def __init__(self, date_field, **kwargs):
        self.date_field = date_field
        kwargs.setdefault("required", False)
        super().__init__(coerce=int, empty_value=None, **kwargs)

    def setup(self, form):
        years = []
        dated = form.section.item_months() if form.section is not None else None
        if dated is not None and dated[0] == self.date_field:  # kept with the list's count
            years = sorted({month.year for month, _held in dated[1]}, reverse=True)
        elif form.section is not None:
            years = [day.year for day in form.section.items()
                     .order_by().dates(self.date_field, "year", order="DESC")]
        self.choices = [ALL] + [(str(year), str(year)) for year in years]

    def valid_value(self, value):
        """Any year from 1900 to 2100: a bookmarked list of a year whose items are gone is an
        empty list, not an error. The choices offered are the years that have items."""
        value = str(value)
        return value.isascii() and value.isdigit() and 1900 <= int(value) <= 2100


class SectionFilterForm(forms.Form):
    q = KeywordsField()
    lookups = {}

    def __init__(self, data=None, *, section=None, **kwargs):
        super().__init__(data, **kwargs)
        self.section = section
        for field in self.fields.values():
            if hasattr(field, "setup"):
                field.setup(self)

    @property
    def is_filtered(self):
        return self.is_bound and not self.errors and any(
            value not in (None, "", [], ()) for value in self.cleaned_data.values())

    def filter_queryset(self, queryset):
        for name, value in self.cleaned_data.items():
            if value in (None, "", [], ()):
                continue
            method = getattr(self, f"filter_{name}", None)
            if method is not None:
                queryset = method(queryset, value)
            elif name in self.lookups:
                queryset = queryset.filter(**{self.lookups[name]: value})
        return queryset

    def filter_q(self, queryset, value):
        """The items holding every word typed, through the public search index."""
        from search.selectors import matching_page_ids

        return queryset.filter(pk__in=matching_page_ids(value, under=self.section))

    def shown_fields(self):
        """The fields shown beside the keywords box."""
        return [field for field in self if field.name != "q"]
