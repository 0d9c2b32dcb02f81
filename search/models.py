"""The public search index: one row per public page of a searchable type.

A page type takes part by having a `search_content()` method (see `services.index_page` and
`facets.py`). The row keeps the text that results show (title, summary, plain body, the text of
its attached files); the normalised forms that are matched live beside it in the database's own
full-text structure (`backends.py`). Its facets are rows of `SearchFacet`.

Also here: the abbreviations editors keep (`Abbreviation`) and the text extracted from
attached files, kept by the file's hash so that a reindex does not read the files again."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import NFCModelMixin
from core.vietnamese import search_keys


class SearchDocument(models.Model):
    page = models.OneToOneField("wagtailcore.Page", on_delete=models.CASCADE, primary_key=True,
                                related_name="+")
    # a copy of the page's tree path, so that a search filters by section and privacy without
    # joining the page table (kept in step on publish and on moves)
    path = models.CharField(max_length=255, db_index=True)
    kind = models.CharField(_("kind"), max_length=100)
    title = models.TextField(_("title"))
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"), blank=True)
    # the numbers or codes naming the item ("1234/QĐ-UBND"), one a line
    identifiers = models.TextField(_("identifiers"), blank=True)
    # [{"id": document id, "title": …, "text": …}, …]: the indexed text of the attached files
    attachments = models.JSONField(_("attached files"), default=list, blank=True)
    published_at = models.DateTimeField(_("date"))
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        # newest first, walked backwards: sorting by date and picking the newest candidates
        # read the index instead of sorting every match
        indexes = [models.Index(fields=["published_at", "page"], name="portal_search_date")]
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return self.title


class SearchFacet(models.Model):
    """One value of one facet of a document (`search_content()["facets"]`, and the page type's
    `search_kind` under the name "loai_trang"): what the search page's filters match."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=50)
    value = models.CharField(max_length=255)

    class Meta:
        indexes = [models.Index(fields=["name", "value", "document"], name="portal_search_facet")]
        constraints = [models.UniqueConstraint(fields=["document", "name", "value"],
                                               name="portal_search_facet_unique")]


class Abbreviation(NFCModelMixin, models.Model):
    """A short form and what it stands for ("UBND", "ủy ban nhân dân"): searching for either
    finds both (see `abbreviations.py`). A short form may stand for several long forms, each
    its own row."""

    short = models.CharField(_("abbreviation"), max_length=30,
                             help_text=_("As it is written, e.g. “UBND” or “KH&CN”."))
    long = models.CharField(_("stands for"), max_length=200,
                            help_text=_("The words in full, e.g. “ủy ban nhân dân”."))

    class Meta:
        verbose_name = _("abbreviation")
        verbose_name_plural = _("abbreviations")
        ordering = ["short", "long"]
        constraints = [models.UniqueConstraint(fields=["short", "long"],
                                               name="portal_search_abbreviation_unique")]

    def __str__(self):
        return f"{self.short} – {self.long}"

    def clean(self):
        self.short, self.long = " ".join(self.short.split()), " ".join(self.long.split())
        errors = {}
        for name in ("short", "long"):
            if not any(ch.isalpha() for ch in getattr(self, name)):
                errors[name] = _("Write at least one letter.")
        if errors:
            raise ValidationError(errors)
        short_keys = [key[0] for key in search_keys(self.short)]
        long_keys = [key[0] for key in search_keys(self.long)]
        if short_keys == long_keys:
            raise ValidationError(_("The abbreviation and the words it stands for are the same "
                                    "once accents and case are set aside."))
        for other in Abbreviation.objects.exclude(pk=self.pk):
            if ([key[0] for key in search_keys(other.short)] == short_keys
                    and [key[0] for key in search_keys(other.long)] == long_keys):
                raise ValidationError(_("This abbreviation is already in the list: “%(other)s”."),
                                      params={"other": other})


class AttachmentText(models.Model):
    """The text of an attached file, extracted once per file content (`file_hash` as Wagtail
    computes it: SHA-1). `skipped` says why a file gave no text (broken, encrypted, too
    large…); it is not tried again until its content changes."""

    file_hash = models.CharField(max_length=40, unique=True)
    text = models.TextField(blank=True)
    skipped = models.CharField(max_length=255, blank=True)
    seconds = models.FloatField(default=0)
    extracted_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.file_hash
