"""Upload forms that check a file by its content, not by its name.

Wagtail builds every document and image upload form (the single and multiple upload views, the
choosers' upload tab, the admin API) on the base forms named by WAGTAILDOCS_DOCUMENT_FORM_BASE
and WAGTAILIMAGES_IMAGE_FORM_BASE, which point here.

What Wagtail already does and we rely on: the document field refuses files larger than
WAGTAILDOCS_MAX_UPLOAD_SIZE (wagtail/documents/fields.py), the Document model refuses
extensions outside WAGTAILDOCS_EXTENSIONS (wagtail/documents/models.py, Document.clean), and
the image field opens the image with Willow, refuses files larger than
WAGTAILIMAGES_MAX_UPLOAD_SIZE and formats that do not match the extension
(wagtail/images/fields.py). Here: documents must start the way their format starts (only the
head of the file is read; zip directories are read by seeking), programs are refused whatever
their name, and an image that is not what its extension says gets a message naming the file.
"""

import codecs
import io
import os
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

HEAD_SIZE = 8192
CHUNK_SIZE = 1024 * 1024

# Django's message for an extension outside WAGTAILDOCS_EXTENSIONS has no Vietnamese in Django
# 5.2; marked here so that our catalogue carries its translation.
gettext_noop("File extension “%(extension)s” is not allowed. Allowed extensions are: "
             "%(allowed_extensions)s.")

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_STARTS = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with entries, an empty zip
MACH_O = (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe",
          b"\xca\xfe\xba\xbe")
MARKUP_STARTS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml",
                 b"<?php", b"<iframe")
OOXML_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ODF_MIMETYPES = {"odt": b"application/vnd.oasis.opendocument.text",
                 "ods": b"application/vnd.oasis.opendocument.spreadsheet"}
FORMAT_NAMES = {
    "pdf": "PDF", "doc": "Word (DOC)", "docx": "Word (DOCX)", "xls": "Excel (XLS)",
    "xlsx": "Excel (XLSX)", "ppt": "PowerPoint (PPT)", "pptx": "PowerPoint (PPTX)",
    "odt": "OpenDocument (ODT)", "ods": "OpenDocument (ODS)", "rtf": "RTF", "zip": "ZIP",
    "rar": "RAR", "mp4": "MP4", "webm": "WebM", "txt": "TXT", "csv": "CSV",
    "jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WebP",
}


def _extension(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def _read_head(upload, size=HEAD_SIZE):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def is_program(head):
    """Whether the file starts like an executable: Windows (MZ), Linux (ELF), macOS (Mach-O)
    or a script with a `#!` line."""
    # a DOS/Windows header always has NUL bytes soon after "MZ"; a text starting "MZ" has none
    return (head.startswith((b"\x7fELF", b"#!") + MACH_O)
            or (head.startswith(b"MZ") and b"\x00" in head[:64]))


def _looks_like_markup(head):
    start = head.removeprefix(codecs.BOM_UTF8).lstrip().lower()
    return start.startswith(MARKUP_STARTS)


def _zip_names(upload):
    """The names in the zip archive, or None when it is not one (the directory at the end of
    the file is read by seeking, not the whole file)."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)


def _read_zip_member(upload, member, size=200):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive, archive.open(member) as entry:
            return entry.read(size)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, RuntimeError):
        return b""
    finally:
        upload.seek(0)


PROGRAM_EXTENSIONS = {"exe", "dll", "com", "scr", "pif", "bat", "cmd", "msi", "msp", "cpl", "jar",
                      "js", "jse", "vbs", "vbe", "wsf", "wsh", "ps1", "psm1", "hta", "lnk", "reg",
                      "sh", "app", "apk", "elf"}
# the stub every Windows program carries: found in a document, it holds an embedded program
DOS_STUB = b"This program cannot be run in DOS mode"


MAX_ARCHIVE_MEMBERS = 10_000  # more is a zip bomb, not an agency's document
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # what the check decompresses at most, all members
NESTED_ZIP_MAX = 20 * 1024 * 1024  # a zip inside the zip is opened up to this size


def _zip_entry_count(upload):
    """The number of entries the archive's end record announces (read from its last 64 KiB,
    before zipfile parses a directory that could be huge), or None when there is none."""
    upload.seek(0, os.SEEK_END)
    size = upload.tell()
    upload.seek(max(0, size - 65_557))
    tail = upload.read()
    upload.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 12:
        return None
    return int.from_bytes(tail[at + 10:at + 12], "little")


class _ZipProblem(Exception):
    def __init__(self, code, member=""):
        super().__init__(code)
        self.code, self.member = code, member


def _scan_zip(fileobj, budget, depth=0):
    """Raise _ZipProblem for a program inside the archive (by its name, its first bytes or a
    Windows program's stub in its unpacked bytes, one nested zip deep), an encrypted member
    (which cannot be checked) or too many members. `budget` is a one-item list of the bytes
    still allowed to be unpacked."""
    with zipfile.ZipFile(fileobj) as archive:
        members = archive.infolist()
        if len(members) > MAX_ARCHIVE_MEMBERS:
            raise _ZipProblem("too_many")
        for info in members:
            if info.is_dir():
                continue
            if _extension(info.filename) in PROGRAM_EXTENSIONS:
                raise _ZipProblem("program", info.filename)
            if info.flag_bits & 0x1:
                raise _ZipProblem("encrypted", info.filename)
        for info in members:
            if info.is_dir() or budget[0] <= 0:
                continue
            with archive.open(info) as entry:
                head = entry.read(HEAD_SIZE)
                if is_program(head):
                    raise _ZipProblem("program", info.filename)
                if depth == 0 and head.startswith(ZIP_STARTS) and \
                        info.file_size <= NESTED_ZIP_MAX:
                    nested = io.BytesIO(head + entry.read(NESTED_ZIP_MAX))
                    budget[0] -= nested.getbuffer().nbytes
                    try:
                        _scan_zip(nested, budget, depth + 1)
                    except zipfile.BadZipFile:
                        pass
                    continue
                budget[0] -= len(head)
                if _holds_dos_stub(entry, head, budget):
                    raise _ZipProblem("program", info.filename)


def _zip_problem(upload):
    """What `_scan_zip` finds wrong with the archive, or None."""
    upload.seek(0)
    try:
        _scan_zip(upload, [MAX_UNPACKED_BYTES])
    except _ZipProblem as found:
        return found
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError,
            NotImplementedError, zlib.error):
        return _ZipProblem("unreadable")
    finally:
        upload.seek(0)
    return None


def _zip_error(problem, name):
    """The ValidationError, in Vietnamese, for an archive's problem."""
    if problem.code == "program":
        return ValidationError(
            _("The file “%(name)s” contains a program (“%(member)s”), which cannot be "
              "uploaded.") % {"name": name, "member": problem.member}, code="program_inside")
    if problem.code == "encrypted":
        return ValidationError(
            _("The file “%(name)s” holds a password-protected file (“%(member)s”) that cannot be "
              "checked. Upload it without a password.") % {"name": name,
                                                             "member": problem.member},
            code="encrypted")
    if problem.code == "too_many":
        return ValidationError(
            _("The file “%(name)s” holds more than %(count)s files, which cannot be checked.")
            % {"name": name, "count": f"{MAX_ARCHIVE_MEMBERS:,}".replace(",", ".")},
            code="too_many_files")
    return _mismatch(name, _extension(name))


def _holds_dos_stub(stream, start=b"", budget=None):
    """Whether a Windows program's DOS stub is in `start` (bytes already read) or in what is
    left of `stream`, read in chunks; at most `budget[0]` more bytes when a budget (a one-item
    list, decremented) is given."""
    tail = start
    while DOS_STUB not in tail:
        if budget is not None and budget[0] <= 0:
            return False
        chunk = stream.read(CHUNK_SIZE)
        if not chunk:
            return False
        if budget is not None:
            budget[0] -= len(chunk)
        tail = tail[-len(DOS_STUB):] + chunk
    return True


def _holds_windows_program(upload):
    """Whether the file's bytes hold a Windows program's DOS stub (read in chunks)."""
    upload.seek(0)
    try:
        return _holds_dos_stub(upload)
    finally:
        upload.seek(0)


def _has_macros(names):
    return any(name.lower().endswith("vbaproject.bin") or name.startswith(("Basic/", "Scripts/"))
               for name in names)


def _is_utf8_text(upload):
    """Whether the whole file is UTF-8 (a BOM allowed) without NUL bytes, read in chunks."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    upload.seek(0)
    try:
        while chunk := upload.read(CHUNK_SIZE):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        upload.seek(0)
    return True


def _mismatch(name, extension):
    return ValidationError(
        _("The file “%(name)s” is not a valid %(format)s file: its content does not match "
          "its extension.") % {"name": name, "format": FORMAT_NAMES.get(extension, extension)},
        code="content_mismatch")


def check_document(upload):
    """Raise ValidationError (in Vietnamese, naming the file) when the content of `upload` is
    not what its extension says, is a program, or is an office file with macros. Extensions
    that are not allowed are left to Wagtail's check."""
    name = os.path.basename(upload.name or "")
    extension = _extension(name)
    allowed = {ext.lower() for ext in getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or []}
    if allowed and extension not in allowed:
        return
    head = _read_head(upload)
    if is_program(head):
        raise ValidationError(
            _("The file “%(name)s” is a program or a script, which cannot be uploaded.")
            % {"name": name}, code="program")
    if extension in ("txt", "csv"):
        if not _is_utf8_text(upload):
            raise ValidationError(
                _("The file “%(name)s” is not UTF-8 text: it holds binary data or text in "
                  "another encoding. Save it as UTF-8 and upload it again.") % {"name": name},
                code="not_utf8")
        if _looks_like_markup(head):
            raise ValidationError(
                _("The file “%(name)s” holds a web page or a script (HTML, SVG, XML), not plain "
                  "text.") % {"name": name}, code="markup")
        return
    if extension == "pdf":
        valid = b"%PDF-" in head[:1024] and not _looks_like_markup(head)
    elif extension in ("doc", "xls", "ppt"):
        valid = head.startswith(OLE2)
    elif extension == "rtf":
        valid = head.startswith(b"{\\rtf")
    elif extension == "rar":
        valid = head.startswith(b"Rar!\x1a\x07")
    elif extension == "mp4":
        valid = head[4:8] == b"ftyp"
    elif extension == "webm":
        valid = head.startswith(b"\x1a\x45\xdf\xa3")
    elif extension in ("zip", *OOXML_FOLDERS, *ODF_MIMETYPES):
        is_zip = head.startswith(ZIP_STARTS)
        count = _zip_entry_count(upload) if is_zip else None
        if count is not None and count > MAX_ARCHIVE_MEMBERS:  # before parsing its directory
            raise _zip_error(_ZipProblem("too_many"), name)
        names = _zip_names(upload) if is_zip else None
        valid = names is not None
        if valid and extension in OOXML_FOLDERS:
            valid = ("[Content_Types].xml" in names
                     and any(n.startswith(OOXML_FOLDERS[extension]) for n in names))
        elif valid and extension in ODF_MIMETYPES:
            valid = ("mimetype" in names
                     and _read_zip_member(upload, "mimetype").strip() == ODF_MIMETYPES[extension])
        problem = _zip_problem(upload) if valid else None
        if problem is not None:
            raise _zip_error(problem, name)
        if valid and extension != "zip" and _has_macros(names):
            raise ValidationError(
                _("The file “%(name)s” contains macros, which cannot be uploaded. Save the "
                  "document without macros and upload it again.") % {"name": name},
                code="macros")
    else:  # an extension added to the settings without a check here: Wagtail's checks only
        valid = True
    if not valid:
        raise _mismatch(name, extension)
    if extension not in ("zip", "rar", "mp4", "webm") and _holds_windows_program(upload):
        raise ValidationError(
            _("The file “%(name)s” contains a program, which cannot be uploaded.")
            % {"name": name}, code="program_inside")


class SafeDocumentForm(BaseDocumentForm):
    """Wagtail's document form, with the content of a new file checked (`check_document`)."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # not the stored file of a document being edited
            check_document(upload)
        return upload

    def _update_errors(self, errors):
        # Document.clean checks the extension of the model's file, which is still empty when
        # the upload was refused above: its "extension “” is not allowed" would only confuse.
        if "file" in self._errors and hasattr(errors, "error_dict"):
            errors.error_dict.pop("file", None)
            if not errors.error_dict:
                return
        super()._update_errors(errors)


IMAGE_ERROR_CODES = {"invalid_image", "invalid_image_known_format"}


class SafeImageForm(BaseImageForm):
    """Wagtail's image form; when Wagtail finds that a file is no image of the format its
    extension names, the message says so naming the file (and says when it is a program)."""

    def clean(self):
        cleaned_data = super().clean()
        upload = self.files.get(self.add_prefix("file")) if self.files else None
        errors = self._errors.get("file") if self._errors else None
        if upload is not None and errors is not None:
            codes = {error.code for error in errors.as_data()}
            if codes & IMAGE_ERROR_CODES:
                self._errors["file"] = self.error_class([self._image_message(upload)])
        return cleaned_data

    @staticmethod
    def _image_message(upload):
        name = os.path.basename(upload.name or "")
        if is_program(_read_head(upload)):
            return _("The file “%(name)s” is a program or a script, which cannot be "
                     "uploaded.") % {"name": name}
        extension = _extension(name)
        return _("The file “%(name)s” is not a valid %(format)s image: its content does not "
                 "match its extension.") % {"name": name,
                                            "format": FORMAT_NAMES.get(extension, extension)}
