from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .facets import KIND_FACET
from .selectors import MAX_PAGE

MAX_QUERY_LENGTH = 200
ORDER_CHOICES = [("lien-quan", _("Most relevant")), ("moi-nhat", _("Newest"))]
ORDERS = {"lien-quan": "relevance", "moi-nhat": "date"}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
MIN_YEAR, MAX_YEAR = 1900, 2100


def has_words(request):
    """Whether `request` asks for a search (words in `q`): only those count against the search
    rate limit (core.ratelimit); an empty box costs nothing."""
    return bool(request.GET.get("q", "").strip())


class KeywordsField(forms.CharField):
    """The words typed into a search box (this page's and every section list's), bounded, with
    the reasons in Vietnamese."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Keywords"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        kwargs.setdefault("error_messages", {
            "max_length": _("The keywords are too long: at most %(limit_value)d characters, "
                            "this has %(show_value)d."),
            "null_characters_not_allowed": _("The keywords contain a null character; please "
                                             "type them again.")})
        super().__init__(**kwargs)


class DateInput(forms.DateInput):
    """A browser date picker. It accepts only YYYY-MM-DD, so a date typed in another accepted
    form is shown that way, and one that is not a date is left out (its error says why)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str):
            for date_format in DATE_FORMATS:
                try:
                    return datetime.strptime(value.strip(), date_format).date().isoformat()
                except ValueError:
                    pass
            return ""
        return super().format_value(value)


class SearchForm(forms.Form):
    """The search page's query string. Field names are what the address shows.

    `loai_trang` chooses what is searched (the page types that declare `search_kind`); once it
    is chosen, that type's `search_facets` become fields too, named as the facet (`loai`,
    `linh_vuc`…). A value that is not one of the choices is an error, as for every field."""

    q = KeywordsField()
    loai_trang = forms.ChoiceField(label=_("Looking for"), required=False)
    chuyen_muc = forms.TypedChoiceField(label=_("Section"), required=False, coerce=int,
                                        empty_value=None)
    tu_ngay = forms.DateField(label=_("From date"), required=False, input_formats=DATE_FORMATS,
                              widget=DateInput)
    den_ngay = forms.DateField(label=_("To date"), required=False, input_formats=DATE_FORMATS,
                               widget=DateInput)
    sap_xep = forms.ChoiceField(label=_("Sort by"), required=False, choices=ORDER_CHOICES)
    trang = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, error_messages={
        "invalid": _("The page number must be a whole number: 1, 2, 3…")})

    def __init__(self, *args, sections=(), kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = {page.pk: page for page in sections}
        base_depth = min((page.depth for page in sections), default=0)
        self.fields["chuyen_muc"].choices = [("", _("All sections"))] + [
            (page.pk, "— " * (page.depth - base_depth) + page.title) for page in sections]
        self.kinds = kinds or {}
        self.fields["loai_trang"].choices = [("", _("Everything"))] + [
            (slug, kind.label) for slug, kind in self.kinds.items()]
        chosen = self.kinds.get(self.data.get(KIND_FACET) if self.is_bound else None)
        self.facet_names = []
        for facet in chosen.facets if chosen else ():
            if facet.name in self.fields:  # a facet may not hide a field of the search itself
                continue
            self.fields[facet.name] = forms.ChoiceField(
                label=facet.label, required=False,
                choices=[("", _("All"))] + [(str(value), label)
                                            for value, label in facet.get_choices()])
            self.facet_names.append(facet.name)
        self.order_fields(["q", KIND_FACET, *self.facet_names])

    def _clean_year(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
            raise forms.ValidationError(
                _("Choose a date between the years %(first)d and %(last)d."),
                params={"first": MIN_YEAR, "last": MAX_YEAR}, code="out_of_range")
        return value

    def clean_tu_ngay(self):
        return self._clean_year("tu_ngay")

    def clean_den_ngay(self):
        return self._clean_year("den_ngay")

    def clean(self):
        data = super().clean()
        start, end = data.get("tu_ngay"), data.get("den_ngay")
        if start and end and start > end:
            self.add_error("den_ngay", _("The end date is before the start date."))
        return data

    @property
    def section(self):
        return self.sections.get(self.cleaned_data.get("chuyen_muc"))

    @property
    def has_filters(self):
        """A filter or the order was given: the form shows them open."""
        return self.is_bound and any(self.data.get(name) for name in self.fields
                                     if name not in ("q", "trang"))

    @property
    def kind(self):
        return self.cleaned_data.get(KIND_FACET) or ""

    @property
    def facets(self):
        """(name, value) of the facet fields given a value."""
        return [(name, self.cleaned_data[name]) for name in self.facet_names
                if self.cleaned_data.get(name)]

    @property
    def order(self):
        return ORDERS.get(self.cleaned_data.get("sap_xep") or "lien-quan", "relevance")
