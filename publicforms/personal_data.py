"""Where the portal keeps what visitors told about themselves, declared once per model, so that
one command can export or erase one person's data (a request under Nghị định 13/2023/NĐ-CP)
and old data can be anonymised after PERSONAL_DATA_RETENTION_DAYS.

An app declares each model that holds personal data with `register(PersonalDataHolder(...))`
in its AppConfig.ready(): which field holds the e-mail the person is found by, which fields
are personal (blanked when erased or anonymised), which are files (deleted), the date that
starts the retention period, and what may be kept (the model may narrow `expired()`, e.g. to
questions that are closed)."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

ERASED = ""  # what a personal text field holds once erased


@dataclass(frozen=True)
class PersonalDataHolder:
    model: str  # "app_label.ModelName"
    email_field: str = "email"
    fields: tuple = ()  # personal text fields, blanked (the e-mail field included)
    files: tuple = ()  # file fields, deleted with their files
    date_field: str = "created_at"  # the retention period runs from it
    keep: dict = field(default_factory=dict)  # lookups of rows the retention keeps (open ones)
    label: str = ""  # what the export calls these rows

    def get_model(self):
        return apps.get_model(self.model)

    def of_person(self, email):
        return self.get_model().objects.filter(**{f"{self.email_field}__iexact": email.strip()})

    def expired(self, now=None):
        """Rows older than the retention period whose personal data is still there."""
        now = now or timezone.now()
        days = int(getattr(settings, "PERSONAL_DATA_RETENTION_DAYS", 730))
        rows = self.get_model().objects.filter(**{f"{self.date_field}__lt": now - timedelta(
            days=days)}).exclude(**{self.email_field: ERASED})
        return rows.exclude(**self.keep) if self.keep else rows

    def export(self, row):
        data = {"id": row.pk, self.date_field: getattr(row, self.date_field).isoformat()}
        for name in self.fields:
            data[name] = getattr(row, name)
        for name in self.files:
            value = getattr(row, name)
            data[name] = value.name if value else ""
        for name in getattr(row, "exported_fields", ()):
            value = getattr(row, name)
            data[name] = str(value) if value is not None else None
        return data

    def erase(self, rows):
        """Blank the personal fields of `rows` and delete their files; returns how many."""
        count = 0
        for row in rows:
            for name in self.files:
                value = getattr(row, name)
                if value:
                    value.delete(save=False)
            for name in self.fields:
                model_field = row._meta.get_field(name)
                setattr(row, name, None if model_field.null else ERASED)
            if hasattr(row, "personal_data_erased"):
                row.personal_data_erased()
            row.save()
            count += 1
        return count


_holders = []


def register(holder):
    if holder.model not in {known.model for known in _holders}:
        _holders.append(holder)


def holders():
    return list(_holders)


def export_person(email):
    """{label: [rows as dicts]} of everything held for `email`."""
    return {holder.label or holder.model: [holder.export(row) for row in holder.of_person(email)]
            for holder in _holders}


@transaction.atomic
def erase_person(email):
    """Erase every personal field held for `email`; {model: rows erased}."""
    return {holder.model: holder.erase(holder.of_person(email)) for holder in _holders}


@transaction.atomic
def anonymise_expired(now=None):
    """Erase the personal fields of every row past the retention period; {model: rows}."""
    return {holder.model: holder.erase(holder.expired(now)) for holder in _holders}
