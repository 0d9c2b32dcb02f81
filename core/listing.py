"""Listing helpers shared by every list of pages: the "not public" filter and pagination that
answers a page number out of range with a 404 instead of an error."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.utils.translation import gettext as _

from .selectors import restricted_paths


def public(queryset, restricted=None):
    """Wagtail's `.public()`, with the restrictions read once per page rather than per list:
    pages under a view restriction are left out."""
    for path in restricted_paths() if restricted is None else restricted:
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def paginate_or_404(items, number, per_page, allow_empty_first_page=True, months=None):
    """The `number`-th page (1 when empty) of `items`; a number that is not a page is a 404.
    With `months` (see `month_counts`), a `MonthPaginator`."""
    if months is not None:
        paginator = MonthPaginator(items, per_page, *months,
                                   allow_empty_first_page=allow_empty_first_page)
    else:
        paginator = Paginator(items, per_page, allow_empty_first_page=allow_empty_first_page)
    try:
        return paginator.page(number or 1)
    except (PageNotAnInteger, EmptyPage):
        raise Http404(_("This page of the list does not exist."))


def month_counts(items, field):
    """How many of `items` each month holds, by `field` (a date or date-time that is never
    empty, in the site's time zone): ((first day of the month, count), …), newest first, in one
    grouped query."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    return tuple(sorted(items.order_by().annotate(month=TruncMonth(field))
                        .values_list("month").annotate(n=Count("pk")), reverse=True))


class MonthPaginator(Paginator):
    """The pages of a list ordered newest first by `field`, knowing how many items each month
    holds (`month_counts`): the count is their sum, and a page deep in the list is read from the
    end of its month along the date's index, instead of counting and skipping every newer item
    (on a section of 100,000 articles, OFFSET 50,000 read them all)."""

    def __init__(self, object_list, per_page, field, months, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.field, self.months = field, months

    @property
    def count(self):
        return sum(number for _month, number in self.months)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        items, skipped = self.object_list, 0
        for month, held in self.months:  # newest first: skip whole months before the page
            if skipped + held > bottom:
                break
            skipped += held
            items = self.object_list.filter(**{f"{self.field}__lt": month})
        return self._get_page(items[bottom - skipped:top - skipped], number, self)
