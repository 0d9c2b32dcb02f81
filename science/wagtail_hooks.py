"""The admin list of the fields of science and technology the tasks are filed under."""

from django.utils.translation import gettext_lazy as _

from pages.vocabularies import register_vocabularies

from .models import FIELD_VOCABULARY, ScienceTaskIndexPage

register_vocabularies(ScienceTaskIndexPage, _("Terms of the tasks"), "tasks", [
    (FIELD_VOCABULARY, "science_fields", _("Fields of science and technology")),
])
