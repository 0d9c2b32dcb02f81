"""The admin in English uses the same day-first date pickers as in Vietnamese."""

from ..vi.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS  # noqa: F401
