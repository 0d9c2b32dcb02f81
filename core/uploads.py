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
their name, Office files with macros are refused (Office 97-2003 files are parsed with olefile),
and an image that is not what its extension says gets a message naming the file. Names are
read the way Windows reads them: "run.hta." and "x.hta::$DATA" are .hta files.
"""

import codecs
import io
import os
import struct
import zipfile
import zlib

import olefile
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
    """The extension that decides how the file is checked, in lower case, read as Windows
    reads the name: without trailing dots and spaces, and before any alternate data stream
    ("x.pdf::$DATA" is x.pdf)."""
    return _windows_extension((name or "").split(":")[0])


def _windows_extension(name):
    base = name.replace("\\", "/").rsplit("/", 1)[-1].rstrip(". ")
    return base.rpartition(".")[2].lower() if "." in base else ""


def _windows_extensions(name):
    """Every extension Windows could open `name` by: that of each part of a name with
    alternate data streams ("a.txt:x.exe" names a stream x.exe), each without the trailing dots
    and spaces that Windows drops ("run.hta." is saved as run.hta)."""
    return {_windows_extension(part) for part in (name or "").split(":")}


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


# Types that Windows runs, or opens to run something, when they are double-clicked: programs,
# scripts, shortcuts, help files, disk images that mount, installers and management consoles.
PROGRAM_EXTENSIONS = {
    "exe", "dll", "com", "scr", "pif", "bat", "cmd", "msi", "msp", "msu", "mst", "cpl", "jar",
    "js", "jse", "vb", "vbs", "vbe", "wsf", "wsh", "wsc", "ws", "sct", "ps1", "psm1", "ps1xml",
    "psc1", "msh", "hta", "lnk", "url", "scf", "reg", "inf", "chm", "hlp", "msc", "iso", "img",
    "vhd", "vhdx", "application", "appref-ms", "xbap", "settingcontent-ms", "library-ms",
    "searchconnector-ms", "website", "xll", "gadget", "appx", "appxbundle", "msix", "msixbundle",
    "diagcab", "sh", "app", "apk", "elf"}
# Office types that carry macros: macro-enabled documents, templates and add-ins
# (a .pps slide show holds no more macros than a .ppt: the Office 97-2003 check reads it)
MACRO_EXTENSIONS = {"docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm", "ppam",
                    "sldm", "dot", "xlt", "xla", "xlm", "pot", "ppa"}
# the stub every Windows program carries: found in a document, it holds an embedded program
DOS_STUB = b"This program cannot be run in DOS mode"


MAX_ARCHIVE_MEMBERS = 10_000  # more is a zip bomb, not an agency's document
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # what the check decompresses at most, all members
NESTED_ZIP_MAX = 20 * 1024 * 1024  # a zip inside the zip is opened up to this size
OLE_MEMBER_MAX = 20 * 1024 * 1024  # an Office 97-2003 file inside the zip is parsed up to this


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
            for name in _member_names(archive, info):
                kind = _name_kind(name)
                if kind is not None:
                    raise _ZipProblem(kind, name)
            if info.flag_bits & 0x1:
                raise _ZipProblem("encrypted", info.filename)
        for info in members:
            if info.is_dir():
                continue
            if budget[0] <= 0:  # what lies past the bound cannot be checked: refuse the archive
                raise _ZipProblem("too_large", info.filename)
            with archive.open(info) as entry:
                _scan_member(entry, info, budget, depth)


def _unicode_path_names(extra):
    """Names in the "Info-ZIP Unicode Path" extra fields (0x7075) of a zip header's extra data:
    unzip and 7-Zip extract a member under that name, Python's zipfile ignores it."""
    names, offset = [], 0
    while offset + 4 <= len(extra):
        field, size = struct.unpack_from("<HH", extra, offset)
        data = extra[offset + 4:offset + 4 + size]
        if field == 0x7075 and len(data) > 5:
            names.append(data[5:].decode("utf-8", "replace"))  # version, CRC-32, the name
        offset += 4 + size
    return names


def _member_names(archive, info):
    """Every name a member may be extracted under: the central directory's, the local header's
    (some tools read that one), and any Unicode Path name of either."""
    names = [info.filename, *_unicode_path_names(info.extra)]
    try:
        archive.fp.seek(info.header_offset)
        local = archive.fp.read(30)
        if len(local) == 30 and local[:4] == b"PK\x03\x04":
            flags, = struct.unpack_from("<H", local, 6)
            name_length, extra_length = struct.unpack_from("<HH", local, 26)
            raw_name = archive.fp.read(name_length)
            names.append(raw_name.decode("utf-8" if flags & 0x800 else "cp437", "replace"))
            names += _unicode_path_names(archive.fp.read(extra_length))
    except (OSError, ValueError, struct.error):
        pass
    return names


def _scan_member(entry, info, budget, depth):
    """Raise _ZipProblem for one member of an archive: a program (its first bytes or a Windows
    program's stub), an Office document with macros (a zip, one nested zip deep, whose members
    are then scanned too; an Office 97-2003 file, read whole up to OLE_MEMBER_MAX), or an Office
    97-2003 file that cannot be checked."""
    head = entry.read(HEAD_SIZE)
    if is_program(head):
        raise _ZipProblem("program", info.filename)
    if depth == 0 and head.startswith(ZIP_STARTS) and info.file_size <= NESTED_ZIP_MAX:
        nested = io.BytesIO(head + entry.read(NESTED_ZIP_MAX))
        budget[0] -= nested.getbuffer().nbytes
        try:
            if _office_zip_has_macros(nested):
                raise _ZipProblem("macros", info.filename)
            _scan_zip(nested, budget, depth + 1)
        except zipfile.BadZipFile:
            pass
        return
    if head.startswith(OLE2) and info.file_size <= OLE_MEMBER_MAX:
        data = head + entry.read(OLE_MEMBER_MAX)
        budget[0] -= len(data)
        if DOS_STUB in data:
            raise _ZipProblem("program", info.filename)
        problem = _ole_problem(io.BytesIO(data))
        if problem is not None:
            raise _ZipProblem("macros" if problem == "macros" else "unchecked_office",
                              info.filename)
        return
    budget[0] -= len(head)
    if _holds_dos_stub(entry, head, budget):
        raise _ZipProblem("program", info.filename)
    if head.startswith(OLE2):  # larger than OLE_MEMBER_MAX
        raise _ZipProblem("unchecked_office", info.filename)


def _office_zip_has_macros(fileobj):
    """Whether the zip is an Office document (OOXML or OpenDocument) whose member names show
    macros (`_has_macros`); a plain zip may well hold a folder named Scripts."""
    with zipfile.ZipFile(fileobj) as archive:
        names = archive.namelist()
    fileobj.seek(0)
    return ("[Content_Types].xml" in names or "mimetype" in names) and _has_macros(names)


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
    if problem.code == "macros":
        return ValidationError(
            _("The file “%(name)s” holds an Office file with macros or of a macro-enabled type "
              "(“%(member)s”), which cannot be uploaded.") % {"name": name,
                                                            "member": problem.member},
            code="macros_inside")
    if problem.code == "unchecked_office":
        return ValidationError(
            _("The file “%(name)s” holds an Office 97-2003 file (“%(member)s”) that is damaged "
              "or too large to be checked.") % {"name": name, "member": problem.member},
            code="unchecked_inside")
    if problem.code == "too_large":
        return ValidationError(
            _("The file “%(name)s” unpacks to more than can be checked (from “%(member)s” on). "
              "Upload its files one by one, or in smaller archives.") % {
                "name": name, "member": problem.member}, code="too_large_unpacked")
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
    """Whether an Office zip's member names show macros: a VBA project (vbaProject.bin), Excel 4
    macro sheets, OpenDocument Basic or scripts."""
    return any(name.lower().endswith("vbaproject.bin")
               or name.lower().startswith(("xl/macrosheets/", "xl/intlmacrosheets/"))
               or name.startswith(("Basic/", "Scripts/")) for name in names)


def _name_kind(name):
    """"program" when Windows would open `name` as a program or a script, "macros" when as an
    Office file that carries macros, else None (`_windows_extensions`)."""
    extensions = _windows_extensions(name)
    if extensions & PROGRAM_EXTENSIONS:
        return "program"
    if extensions & MACRO_EXTENSIONS:
        return "macros"
    return None


# Office 97-2003 files (OLE2 compound files) ---------------------------------------------------

# Storages and streams of a VBA project ([MS-OVBA] 2.2): Word keeps it in Macros, Excel in
# _VBA_PROJECT_CUR, both with VBA/_VBA_PROJECT and VBA/dir; names are compared in lower case.
VBA_STORAGES = {"macros", "vba", "_vba_project_cur"}
# PowerPoint 97-2003 keeps its VBA project compressed inside the PowerPoint Document stream; a
# VBAInfoContainer record ([MS-PPT] 2.4.8) points to it: the container's header (version 0xF,
# instance 1, type 0x03FF, 20 bytes) and its VBAInfoAtom's (version 2, type 0x0400, 12 bytes).
# The atom's fHasMacros follows 4 bytes later.
PPT_VBA_INFO = b"\x1f\x00\xff\x03\x14\x00\x00\x00\x02\x00\x00\x04\x0c\x00\x00\x00"
# Excel's BoundSheet8 record ([MS-XLS] 2.4.28) names each sheet with its type: 1 is an Excel 4
# (XLM) macro sheet, 6 a VBA module sheet. They come before the end of the workbook globals.
BIFF_BOUNDSHEET, BIFF_EOF, BIFF_FILEPASS = 0x0085, 0x000A, 0x002F
MACRO_SHEETS = {1, 6}


class _OleReader(olefile.OleFileIO):
    """olefile's reader, keeping the first sectors of the streams it has seen in sets: olefile
    keeps them in lists, and opening a crafted file with 100,000 small streams would take
    minutes."""

    def _check_duplicate_stream(self, first_sect, minifat=False):
        if not minifat and first_sect in (olefile.DIFSECT, olefile.FATSECT, olefile.ENDOFCHAIN,
                                          olefile.FREESECT):
            return
        seen = self.__dict__.setdefault("_seen_minifat" if minifat else "_seen_fat", set())
        if first_sect in seen:
            self._raise_defect(olefile.DEFECT_INCORRECT, "Stream referenced twice")
        seen.add(first_sect)


def _ole_header_fits(fileobj, size):
    """Whether the OLE header's counts of FAT, MiniFAT and DIFAT sectors fit in a file of `size`
    bytes: olefile builds tables of the announced size before it notices that they are not
    there."""
    fileobj.seek(0)
    header = fileobj.read(512)
    shift = int.from_bytes(header[30:32], "little")
    if len(header) < 512 or shift not in (9, 12):
        return False
    sectors = size >> shift
    return all(int.from_bytes(header[at:at + 4], "little") <= sectors for at in (44, 64, 72))


def _ole_entries(ole):
    """Every directory entry of the file, those that are not linked into the tree too (olevba
    looks there as well: a tree olefile cannot follow may be followed by Office)."""
    for sid, entry in enumerate(ole.direntries):
        yield entry if entry is not None else ole._load_direntry(sid)


def _read_ole_stream(ole, path, size):
    """The bytes of the stream `path` of a file of `size` bytes. A stream that claims to be
    larger than the file (or a mini stream whose container does) is a damaged file: olefile
    would follow a looping sector chain for as long as the claim."""
    if ole.get_size(path) > size or ole.root.size > size:
        raise ValueError(f"OLE stream {path} larger than the file")
    return ole.openstream(path).read()


def _ppt_has_vba(stream):
    """Whether a PowerPoint Document stream holds a VBAInfoContainer saying there are macros."""
    at = stream.find(PPT_VBA_INFO)
    while at >= 0:
        if stream[at + 20:at + 24] != b"\x00\x00\x00\x00":  # fHasMacros (or cut short)
            return True
        at = stream.find(PPT_VBA_INFO, at + 1)
    return False


def _xls_has_macro_sheets(stream):
    """Whether an Excel BIFF5/BIFF8 Workbook stream's globals declare a macro sheet or a VBA
    module sheet (BoundSheet8 records, walked up to the globals' EOF record). The records of an
    encrypted workbook (after FILEPASS) cannot be read: they are left unchecked."""
    at = 0
    while at + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, at)
        if kind in (BIFF_EOF, BIFF_FILEPASS):
            return False
        if kind == BIFF_BOUNDSHEET and length >= 6 and stream[at + 9] in MACRO_SHEETS:
            return True
        at += 4 + length
    return False


def _ole_has_macros(ole, size):
    """Whether the opened OLE file holds macros: a VBA storage or stream anywhere (Word's
    Macros, Excel's _VBA_PROJECT_CUR, VBA, _VBA_PROJECT*, in embedded objects too), PowerPoint's
    VBA info, or an Excel 4 macro sheet."""
    for entry in _ole_entries(ole):
        name = entry.name.lower()
        if entry.entry_type == olefile.STGTY_STORAGE and \
                (name in VBA_STORAGES or name.startswith("_vba_project")):
            return True
        if entry.entry_type == olefile.STGTY_STREAM and name.startswith("_vba_project"):
            return True
    if ole.get_type("PowerPoint Document") == olefile.STGTY_STREAM and \
            _ppt_has_vba(_read_ole_stream(ole, "PowerPoint Document", size)):
        return True
    return any(ole.get_type(book) == olefile.STGTY_STREAM
               and _xls_has_macro_sheets(_read_ole_stream(ole, book, size))
               for book in ("Workbook", "Book"))


def _ole_problem(fileobj):
    """"macros" when the OLE2 file (Office 97-2003) holds macros (`_ole_has_macros`),
    "damaged" when olefile cannot parse it, else None. olefile reads the header, the FAT and the
    directory, and the streams that are looked into, each no larger than the file."""
    size = fileobj.seek(0, os.SEEK_END)
    # olefile raises many kinds of errors on a damaged file (OSError, ValueError, struct.error,
    # IndexError, RecursionError on a directory tree too deep): each means "not readable"
    try:
        if not _ole_header_fits(fileobj, size):
            return "damaged"
        with _OleReader(fileobj) as ole:
            return "macros" if _ole_has_macros(ole, size) else None
    except Exception:
        return "damaged"
    finally:
        fileobj.seek(0)


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


def _check_name(name, extension, allowed):
    """Refuse a name that Windows would open as a program or as an Office file with macros
    (`_name_kind`: "run.hta.", "a.pdf:x.exe", "x.docm" when docm is allowed), except a plain
    name whose extension is not allowed: Wagtail refuses that one with a message naming it."""
    kind = _name_kind(name)
    plain = os.path.splitext(name)[1].lower().lstrip(".")
    if kind is None or (allowed and plain not in allowed and plain == extension):
        return
    raise _program_error(name) if kind == "program" else _macros_error(name)


def _program_error(name):
    return ValidationError(
        _("The file “%(name)s” is a program or a script, which cannot be uploaded.")
        % {"name": name}, code="program")


def _macros_error(name):
    return ValidationError(
        _("The file “%(name)s” contains macros, which cannot be uploaded. Save the "
          "document without macros and upload it again.") % {"name": name}, code="macros")


def _check_ole(upload, name):
    """Refuse an OLE2 file (Office 97-2003) with macros or that olefile cannot parse."""
    problem = _ole_problem(upload)
    if problem == "macros":
        raise _macros_error(name)
    if problem == "damaged":
        raise ValidationError(
            _("The file “%(name)s” is damaged: it starts like an Office 97-2003 file but cannot "
              "be read as one, so it cannot be checked.") % {"name": name}, code="damaged")


def check_document(upload):
    """Raise ValidationError (in Vietnamese, naming the file) when the content of `upload` is
    not what its extension says, is a program, or is an office file with macros, or when
    Windows would open its name as a program or a macro-enabled Office file (`_check_name`).
    Extensions that are not allowed are otherwise left to Wagtail's check."""
    name = os.path.basename(upload.name or "")
    extension = _extension(name)
    allowed = {ext.lower() for ext in getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or []}
    _check_name(name, extension, allowed)
    if allowed and extension not in allowed:
        return
    head = _read_head(upload)
    if is_program(head):
        raise _program_error(name)
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
        if valid and extension != "zip" and _has_macros(names):
            raise _macros_error(name)
        problem = _zip_problem(upload) if valid else None
        if problem is not None:
            raise _zip_error(problem, name)
    else:  # an extension added to the settings without a check here: Wagtail's checks only
        valid = True
    if not valid:
        raise _mismatch(name, extension)
    if extension not in ("zip", "rar", "mp4", "webm") and _holds_windows_program(upload):
        raise ValidationError(
            _("The file “%(name)s” contains a program, which cannot be uploaded.")
            % {"name": name}, code="program_inside")
    if head.startswith(OLE2):  # a .doc, .xls or .ppt, or an allowed type without its own check
        _check_ole(upload, name)


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
