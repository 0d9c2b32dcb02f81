"""Working days for the notice a planned maintenance gives: Monday to Friday, less Vietnam's
fixed-date public holidays (Bộ luật Lao động 2019, Điều 112: 1/1, 30/4, 1/5, 2/9) and the dates
listed in the PUBLIC_HOLIDAYS setting (the lunar holidays, Tết and Giỗ Tổ Hùng Vương, and the
days the Government moves each year: the operator lists them, nothing is guessed)."""

from datetime import date, timedelta

from django.conf import settings

FIXED_HOLIDAYS = {(1, 1), (4, 30), (5, 1), (9, 2)}


def extra_holidays():
    return {date.fromisoformat(str(value)) for value in getattr(settings, "PUBLIC_HOLIDAYS", ())}


def is_working_day(day, extra=None):
    extra = extra_holidays() if extra is None else extra
    return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS and day not in extra


def working_days_before(day, count):
    """The date `count` working days before `day`."""
    extra = extra_holidays()
    while count > 0:
        day -= timedelta(days=1)
        if is_working_day(day, extra):
            count -= 1
    return day


def working_days_between(first, last):
    """How many working days lie from `first` (included) to `last` (excluded)."""
    extra = extra_holidays()
    count, day = 0, first
    while day < last:
        if is_working_day(day, extra):
            count += 1
        day += timedelta(days=1)
    return count
