"""A small writer of OLE2 compound files (the container of Office 97-2003 .doc, .xls and .ppt),
for tests: olefile can read these files but not create them.

The layout follows [MS-CFB], version 3: 512-byte sectors; the header, then the sectors of every
stream, then the directory, then the FAT. Every stream is padded to 4096 bytes (the mini-stream
cutoff) so that all of them live in ordinary sectors and no MiniFAT is needed. The children of a
storage form a balanced binary search tree in [MS-CFB] order (shorter names first, then by
upper-case name), all nodes black: readers, olefile among them, do not check the red-black
balance.
"""

import struct

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SECTOR = 512
MINI_CUTOFF = 4096
FREESECT, ENDOFCHAIN, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5


class _Entry:
    def __init__(self, name, kind, data=b""):
        self.name, self.kind, self.data = name, kind, data
        self.children = {}
        self.sid = self.start = 0
        self.left = self.right = self.child = NOSTREAM


def _tree(entries):
    """Link `entries` (sorted) as a balanced binary search tree; return the root's sid."""
    if not entries:
        return NOSTREAM
    middle = len(entries) // 2
    node = entries[middle]
    node.left, node.right = _tree(entries[:middle]), _tree(entries[middle + 1:])
    return node.sid


def _order(entry):
    return (len(entry.name), entry.name.upper())


def _directory_entry(entry):
    name = entry.name.encode("utf-16-le")
    assert len(name) <= 62, entry.name  # 31 characters and the closing NUL
    return struct.pack("<64sHBBIII16sIQQIQ", name, len(name) + 2, entry.kind, 1, entry.left,
                       entry.right, entry.child, b"\x00" * 16, 0, 0, 0, entry.start,
                       len(entry.data))


def build_ole(streams):
    """The bytes of a compound file holding `streams`, a dict of path ("Macros/VBA/dir") to
    bytes; the storages on the paths are created."""
    root = _Entry("Root Entry", ROOT)
    for path, data in streams.items():
        *folders, name = path.split("/")
        parent = root
        for folder in folders:
            parent = parent.children.setdefault(folder, _Entry(folder, STORAGE))
        parent.children[name] = _Entry(name, STREAM, data.ljust(MINI_CUTOFF, b"\x00"))

    entries = [root]  # in directory order, sid = index
    for entry in entries:  # breadth first: the list grows while it is walked
        entries.extend(sorted(entry.children.values(), key=_order))
    for index, entry in enumerate(entries):
        entry.sid = index
    for entry in entries:
        entry.child = _tree(sorted(entry.children.values(), key=_order))

    fat, body = [], bytearray()
    for entry in entries:
        if entry.kind == STREAM:
            count = -(-len(entry.data) // SECTOR)
            entry.start = len(fat)
            fat += list(range(len(fat) + 1, len(fat) + count)) + [ENDOFCHAIN]
            body += entry.data.ljust(count * SECTOR, b"\x00")
    root.start = ENDOFCHAIN  # no mini stream

    directory = b"".join(_directory_entry(entry) for entry in entries)
    unused = struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM,
                         b"\x00" * 16, 0, 0, 0, 0, 0)
    directory += unused * (-len(entries) % (SECTOR // 128))
    directory_start, directory_sectors = len(fat), len(directory) // SECTOR
    fat += list(range(directory_start + 1, directory_start + directory_sectors)) + [ENDOFCHAIN]
    body += directory

    fat_sectors = 1
    while (len(fat) + fat_sectors) > fat_sectors * (SECTOR // 4):
        fat_sectors += 1
    assert fat_sectors <= 109, "more FAT sectors than the header holds: no DIFAT here"
    fat_start = len(fat)
    fat += [FATSECT] * fat_sectors
    fat += [FREESECT] * (fat_sectors * (SECTOR // 4) - len(fat))
    body += struct.pack(f"<{len(fat)}I", *fat)

    difat = list(range(fat_start, fat_start + fat_sectors)) + [FREESECT] * (109 - fat_sectors)
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", SIGNATURE, b"\x00" * 16, 0x3E, 3, 0xFFFE,
                         9, 6, b"\x00" * 6, 0, fat_sectors, directory_start, 0, MINI_CUTOFF,
                         ENDOFCHAIN, 0, ENDOFCHAIN, 0)
    header += struct.pack("<109I", *difat)
    assert len(header) == SECTOR
    return header + bytes(body)
