"""The admin lists of the procedures' vocabularies (fields, agencies carrying them out)."""

from django.utils.translation import gettext_lazy as _

from pages.vocabularies import register_vocabularies

from .models import AGENCY_VOCABULARY, FIELD_VOCABULARY, ProcedureIndexPage

register_vocabularies(ProcedureIndexPage, _("Classifications of the procedures"), "list-ul", [
    (FIELD_VOCABULARY, "procedure_fields", _("Fields of the procedures")),
    (AGENCY_VOCABULARY, "procedure_agencies", _("Agencies carrying out procedures"))])
