"""The admin lists of the document vocabularies (issuing agencies, fields), so that an editor
of the documents can add the agency a new document comes from."""

from django.utils.translation import gettext_lazy as _

from pages.vocabularies import register_vocabularies

from .models import FIELDS, ISSUERS, LegalDocumentIndexPage

register_vocabularies(LegalDocumentIndexPage, _("Classifications of the documents"), "doc-full", [
    (ISSUERS, "legal_issuers", _("Issuing agencies")),
    (FIELDS, "legal_fields", _("Fields of the documents"))])
