"""What dates and times typed in forms may look like. Django's Vietnamese locale defines none, so
Django fell back to month first: "05/11/2026" was 11 May and "20/11/2026" no date at all, while
the admin's date pickers write day first (WAGTAIL_DATE_FORMAT, WAGTAIL_DATETIME_FORMAT). Day
first, as in Vietnam, then ISO."""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M", "%Y-%m-%d",
]
