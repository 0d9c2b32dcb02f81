"""The text of files attached to a page (PDF with pypdf, DOCX with python-docx), indexed with
the page so that a phrase only found in the signed text of a document finds it.

Extraction is bounded (file size, pages, characters, time) and never raises: a broken, encrypted
or too large file is logged and skipped, and the page is indexed without it. The result is kept
by the file's hash (`AttachmentText`), so a reindex reads no file twice and a changed file is
read again."""

import hashlib
import io
import logging
import time
import zipfile
from pathlib import Path

from django.db import IntegrityError, transaction

from core.vietnamese import nfc

from .models import AttachmentText

logger = logging.getLogger(__name__)

MAX_FILE_SIZE = 30 * 1024 * 1024   # bytes read from storage
MAX_XML_SIZE = 50 * 1024 * 1024    # a DOCX's text once unzipped (a zip bomb stops here)
MAX_PAGES = 300                    # PDF pages read
MAX_CHARS = 100_000                # characters kept (as services.MAX_TEXT)
MAX_SECONDS = 15.0                 # checked between pages


class Skipped(Exception):
    """The file gives no text; the message says why (kept, and logged)."""


def _pdf_text(data, deadline):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):  # permissions-only PDFs open with ""
        raise Skipped("encrypted")
    parts, length = [], 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES or length >= MAX_CHARS:
            break
        if time.monotonic() > deadline:
            logger.warning("PDF text cut after %d pages: time limit", number)
            break
        text = page.extract_text() or ""
        parts.append(text)
        length += len(text)
    return "\n".join(parts)


def _docx_text(data, deadline):
    import docx

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(member.file_size for member in archive.infolist()) > MAX_XML_SIZE:
            raise Skipped("too large once unzipped")
    document = docx.Document(io.BytesIO(data))
    parts, length = [], 0
    blocks = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            blocks.append(" | ".join(cell.text for cell in row.cells))
    for text in blocks:
        if length >= MAX_CHARS or time.monotonic() > deadline:
            break
        parts.append(text)
        length += len(text)
    return "\n".join(parts)


EXTRACTORS = {".pdf": _pdf_text, ".docx": _docx_text}


def can_extract(document):
    return Path(document.file.name or "").suffix.lower() in EXTRACTORS


def _clean(text):
    """NFC, spaces made single, lines kept, nulls removed (PostgreSQL refuses them)."""
    lines = (" ".join(line.split()) for line in nfc(text.replace("\x00", " ")).splitlines())
    return "\n".join(line for line in lines if line)[:MAX_CHARS]


def extract(document):
    """The text of a Wagtail document, "" when it has none or cannot be read. Read once per
    file content; every failure is logged, none is raised."""
    if not can_extract(document):
        return ""
    try:
        if document.file_hash:
            cached = AttachmentText.objects.filter(file_hash=document.file_hash).first()
            if cached is not None:
                return cached.text
        size = document.file.size
        if size > MAX_FILE_SIZE:
            raise Skipped(f"larger than {MAX_FILE_SIZE // (1024 * 1024)} MB")
        with document.open_file() as handle:
            data = handle.read(MAX_FILE_SIZE + 1)
    except Skipped as reason:
        return _keep(document.file_hash, "", str(reason), 0, document)
    except Exception:  # a missing or unreadable file may come back: nothing is kept
        logger.exception("Could not read the attached file %s (%s)", document.pk, document.title)
        return ""
    file_hash = document.file_hash or hashlib.sha1(data).hexdigest()
    cached = AttachmentText.objects.filter(file_hash=file_hash).first()
    if cached is not None:
        return cached.text
    started = time.monotonic()
    extractor = EXTRACTORS[Path(document.file.name).suffix.lower()]
    try:
        text, skipped = _clean(extractor(data, started + MAX_SECONDS)), ""
    except Skipped as reason:
        text, skipped = "", str(reason)
    except Exception as error:  # pypdf and python-docx raise many kinds on broken files
        text, skipped = "", f"unreadable: {type(error).__name__}: {error}"[:255]
    return _keep(file_hash, text, skipped, time.monotonic() - started, document)


def _keep(file_hash, text, skipped, seconds, document):
    """Log a skipped file, keep the outcome under the file's hash (when it has one) and give
    the text back."""
    if skipped:
        logger.warning("Attached file %s (%s) not indexed: %s", document.pk, document.title,
                       skipped)
    if file_hash:
        try:
            with transaction.atomic():  # two publications of one file may race: either wins
                AttachmentText.objects.update_or_create(file_hash=file_hash, defaults={
                    "text": text, "skipped": skipped[:255], "seconds": seconds})
        except IntegrityError:
            pass
    return text


def forget_unused():
    """Drop the kept text of files no document holds any more (after a reindex)."""
    from wagtail.documents import get_document_model

    hashes = get_document_model().objects.values("file_hash")
    return AttachmentText.objects.exclude(file_hash__in=hashes).delete()[0]
