"""Checking a workbook before openpyxl reads it, so that no file can exhaust the laptop or crash the app.

An .xlsx is a zip of XML parts. A hostile or damaged one can unpack to gigabytes, hold an
XML entity bomb or an external reference, declare sizes that are not true, or point a defined
name at a million rows. :func:`checked_package` looks at the zip's directory first (number and
names of the parts, declared sizes, compression, encryption), then unpacks only the parts
that reading back needs, each with a cap on what it unpacks to, checks their XML (well-formed,
no document type declaration, a bounded number of elements, no text longer than a cell
can hold) and the ranges of the app's defined names, and builds a new in-memory package of
just those parts. openpyxl sees nothing else: not the Model sheet, not the charts.

Every refusal is a :class:`WorkbookRefusedError` with a sentence for the user.
The limits are far above what an exported workbook holds (docs/workbook.md gives both).
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree.ElementTree import XML
from xml.parsers import expat

import numpy as np

from desktop.io.workbook.sheet_scan import (
    EXCEL_MAX_COLUMN,
    EXCEL_MAX_ROW,
    Renumber,
    SheetRefusedError,
    SheetScan,
    scan_sheet,
)
from desktop.io.workbook.slim_parts import SlimStrings, SlimStyles, slim_workbook

MB = 1024 * 1024
MAX_FILE_BYTES = 256 * MB
"""The file on disk. The large benchmark plan exports 1.5 MB; the app writes workbooks up to about 20 MB."""
MAX_PARTS = 2_000
"""Parts in the zip; an exported workbook has 25 to 30, and about 6 more per further scenario."""
MAX_NAME_LENGTH = 260
MAX_DIRECTORY_BYTES = 4 * MB
"""The zip's list of parts: an entry takes 46 bytes and its name, so 2,000 entries take well under 1 MB."""
_EOCD_SEARCH = 22 + 65_535
"""The zip's end record is within this many bytes of the end (it may be followed by a comment of up to 64 KB)."""
MAX_DECLARED_TOTAL = 2048 * MB
"""What all parts declare they unpack to (the large plan's export: 12.6 MB); parts not read are never unpacked."""
MAX_TEXT_RUN = 200_000
"""Bytes of XML without markup in one piece: a cell holds at most 32,767 characters, each at most 6 bytes."""
MAX_SHARED_STRINGS = 100_000
"""Texts in the shared strings part; the large plan's workbook, saved by LibreOffice, has 419 (28 KB)."""
MAX_DEFINED_NAMES = 50_000
"""The large plan's export has 273."""
MAX_BLOCK_CELLS = 200_000
MAX_BLOCK_ROWS = 20_000
MAX_BLOCK_COLUMNS = 1_000
"""The largest input block of a valid plan: 200 sources × 63 columns, or 12,000 staffing changes × 4."""


@dataclass(frozen=True)
class PartLimit:
    """What one part may unpack to: ``bytes``, and ``elements`` (its count of ``<``)."""

    what: str
    bytes: int
    elements: int


CONTENT_TYPES = "[Content_Types].xml"
STYLES = "xl/styles.xml"
"""openpyxl reads the styles from this path whatever the package says."""
_SMALL = PartLimit("the index of the parts", 1 * MB, 20_000)
_WORKBOOK = PartLimit("the list of sheets and names", 8 * MB, 100_000)
"""The large plan's: 20 KB (34 KB saved by LibreOffice)."""
_STYLES = PartLimit("the cell styles", 8 * MB, 100_000)
"""12 KB exported, 28 KB saved by LibreOffice; Excel's can grow to a few MB."""
_SHARED_STRINGS = PartLimit("the texts of the cells", 8 * MB, 500_000)
_SHEET = PartLimit("a sheet that is read", 32 * MB, 500_000)
"""An Assumptions sheet: the large plan's is 103 KB with 7,661 elements; the largest plan that validates
(200 sources, 20 stages, 20 priorities, 50 years, 1,000 events) would have about 300,000."""

_WORKBOOK_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
)
_SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_WORKSHEET_REL = "/worksheet"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Excel saves a password-protected workbook as an OLE compound file, not a zip."""
_SHARED_STRING_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?")
_METHODS = {
    zipfile.ZIP_BZIP2: "bzip2",
    zipfile.ZIP_LZMA: "LZMA",
    9: "Deflate64",
    12: "bzip2",
    93: "Zstandard",
    98: "PPMd",
}
NOT_A_WORKBOOK = "this is not an Excel workbook (.xlsx), or it is damaged"
BLOCK_PREFIX = "cp_"
"""The app's defined names (the input blocks and the format marker) start with this; only they are read."""

Progress = Callable[[int, str], None]


class WorkbookRefusedError(Exception):
    """The workbook cannot be read safely; ``reason`` says why, for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class CheckedPackage:
    """The parts reading back needs, checked, as a new zip for openpyxl, with what the sheets' scans found."""

    data: bytes
    scans: dict[str, SheetScan] = field(default_factory=dict)
    """Sheet name → the scan of its part (formulas that were never calculated, by cell)."""


@dataclass(frozen=True)
class Block:
    """A defined name of the app: the sheet and the cells it covers (1-based, inclusive)."""

    sheet: str
    first_column: int
    first_row: int
    last_column: int
    last_row: int


def checked_package(path: Path, progress: Progress | None = None) -> CheckedPackage:
    """The parts of the workbook at ``path`` that reading back needs, once each passed every check.

    WorkbookRefusedError when a check fails; OSError (and FileNotFoundError, PermissionError)
    when the file cannot be read at all. ``progress(percent, what)`` is called as it goes
    (0 … 50); an exception it raises stops the work.
    """
    report = progress or (lambda _percent, _what: None)
    with _open_regular(path) as stream:
        if stream.read(len(_OLE_SIGNATURE)) == _OLE_SIGNATURE:
            raise WorkbookRefusedError(
                "this workbook is protected with a password (encrypted); save a copy without a password in Excel"
            )
        _check_central_directory(stream)
        stream.seek(0)
        try:
            archive = zipfile.ZipFile(stream)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
            raise WorkbookRefusedError(NOT_A_WORKBOOK) from None
        with archive:
            members = _check_directory(archive)
            report(5, "")
            return _checked_parts(archive, members, report)


def _open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading, once it is known to be an ordinary file of an acceptable size."""
    try:
        info = path.stat()
    except ValueError:  # a NUL character in the name
        raise WorkbookRefusedError("this is not a valid file name") from None
    if stat.S_ISDIR(info.st_mode):
        raise WorkbookRefusedError("this is a folder, not a workbook")
    if not stat.S_ISREG(info.st_mode):
        # A pipe or a device could block forever or never end.
        raise WorkbookRefusedError("this is not an ordinary file")
    _check_file_size(info.st_size)
    # Not blocking where the system has the flag, should a pipe have taken the file's place since stat().
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    stream = os.fdopen(descriptor, "rb")
    try:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise WorkbookRefusedError("this is not an ordinary file")
        _check_file_size(info.st_size)
    except BaseException:
        stream.close()
        raise
    return stream


def _check_central_directory(stream: BinaryIO) -> None:
    """The zip's directory small enough to read: Python's zipfile makes an object of every entry it holds
    (whatever count the end record gives), so a directory of millions of entries would cost gigabytes."""
    size = stream.seek(0, os.SEEK_END)
    tail_size = min(size, _EOCD_SEARCH)
    stream.seek(size - tail_size)
    tail = stream.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        raise WorkbookRefusedError(NOT_A_WORKBOOK)
    entries, directory = struct.unpack_from("<HI", tail, at + 10)
    if (entries == 0xFFFF or directory == 0xFFFFFFFF) and at >= 20 and tail[at - 20 : at - 16] == b"PK\x06\x07":
        (record,) = struct.unpack_from("<Q", tail, at - 12)  # the zip64 end record, for sizes past 4 GB
        if record + 56 <= size:
            stream.seek(record)
            big = stream.read(56)
            if big[:4] == b"PK\x06\x06":
                entries, directory = struct.unpack_from("<QQ", big, 32)
    if entries > MAX_PARTS:
        raise WorkbookRefusedError(
            f"the workbook holds {entries:,} parts; at most {MAX_PARTS:,} are accepted "
            "(an exported workbook has about 30)"
        )
    if directory > MAX_DIRECTORY_BYTES:
        raise WorkbookRefusedError(
            f"the workbook's list of parts takes {_mb(directory)}; at most {MAX_DIRECTORY_BYTES // MB} MB is accepted "
            "(an exported workbook's takes 3 KB)"
        )


def _check_file_size(size: int) -> None:
    if size == 0:
        raise WorkbookRefusedError("the file is empty")
    if size > MAX_FILE_BYTES:
        raise WorkbookRefusedError(
            f"the file is {_mb(size)}; a workbook of at most {MAX_FILE_BYTES // MB} MB is read "
            "(an exported workbook is a few MB)"
        )


def _mb(size: int) -> str:
    shown = -(-size * 10 // MB) / 10  # rounded up, so a size just over a limit does not read as the limit
    return f"{shown:,.1f} MB"


def _check_directory(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The parts by name, once their number, names, declared sizes, compression and encryption are acceptable."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise WorkbookRefusedError(
            f"the workbook holds {len(infos):,} parts; at most {MAX_PARTS:,} are accepted "
            "(an exported workbook has about 30)"
        )
    members: dict[str, zipfile.ZipInfo] = {}
    declared = 0
    for info in infos:
        name = info.filename
        shown = _shown_name(name)
        if (
            len(name) > MAX_NAME_LENGTH
            or not name.isprintable()
            or name.startswith("/")
            or "\\" in name
            or ".." in name.split("/")
        ):
            raise WorkbookRefusedError(f"the workbook holds a part with an impossible name ({shown})")
        if name in members:
            raise WorkbookRefusedError(f"the workbook holds two parts named {shown}")
        if info.flag_bits & 0x1:
            raise WorkbookRefusedError(
                f"part {shown} of the workbook is encrypted; save a copy without a password in Excel"
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            method = _METHODS.get(info.compress_type, f"method {info.compress_type}")
            raise WorkbookRefusedError(
                f"part {shown} of the workbook is compressed with {method}, which Excel does not use"
            )
        declared += info.file_size
        members[name] = info
    if declared > MAX_DECLARED_TOTAL:
        raise WorkbookRefusedError(
            f"the workbook's parts would unpack to {_mb(declared)}; at most {MAX_DECLARED_TOTAL // MB:,} MB "
            "are accepted (an exported workbook unpacks to a few MB)"
        )
    return members


def _shown_name(name: str) -> str:
    shown = name if len(name) <= 60 else name[:57] + "..."
    return ascii(shown)[1:-1] if not shown.isprintable() else shown


def _checked_parts(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], report: Progress) -> CheckedPackage:
    parts: dict[str, bytes] = {}

    def take(name: str, limit: PartLimit) -> bytes:
        if name not in members:
            raise WorkbookRefusedError(NOT_A_WORKBOOK)
        data = _unpacked(archive, members[name], limit)
        _check_xml(name, data, limit)
        parts[name] = data
        return data

    content_types = _tree(CONTENT_TYPES, take(CONTENT_TYPES, _SMALL))
    overrides = {
        str(item.get("PartName", "")).lstrip("/"): str(item.get("ContentType", ""))
        for item in content_types.iter(f"{_CT_NS}Override")
    }
    workbook_part = next((part for part, kind in overrides.items() if kind in _WORKBOOK_TYPES), "xl/workbook.xml")
    workbook = _tree(workbook_part, take(workbook_part, _WORKBOOK))
    folder = posixpath.dirname(workbook_part)
    rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook_part) + ".rels")
    targets = _relationships(_tree(rels_part, take(rels_part, _SMALL)), folder)
    report(10, "")
    shared = next((part for part, kind in overrides.items() if kind == _SHARED_STRINGS_TYPE), None)
    if shared is not None and shared not in members:
        shared = None  # openpyxl would fail to find it; reading finds no texts, and says what is wrong
    strings = SlimStrings(_tree(shared, take(shared, _SHARED_STRINGS)) if shared is not None else None)
    styles = SlimStyles(_tree(STYLES, take(STYLES, _STYLES)) if STYLES in members else None)
    report(20, "")

    blocks = _blocks(workbook)
    sheets = _sheet_parts(workbook, targets)
    scans: dict[str, SheetScan] = {}
    needed = sorted({block.sheet for block in blocks.values()})
    for n, sheet in enumerate(needed):
        part = sheets.get(sheet)
        if part is None or part not in members:
            continue  # reading back says which name no longer points at a sheet
        data = take(part, _SHEET)
        ranges = [(b.first_row, b.first_column, b.last_row, b.last_column) for b in blocks.values() if b.sheet == sheet]
        try:
            scans[sheet] = scan_sheet(part, data, ranges, Renumber(styles.restyle, strings.renumber))
        except SheetRefusedError as error:
            raise WorkbookRefusedError(error.reason) from None
        parts[part] = scans[sheet].data  # openpyxl reads the cells within the ranges, not the whole sheet
        report(20 + 30 * (n + 1) // len(needed), "")
    parts[STYLES] = styles.part()
    if shared is not None:
        parts[shared] = strings.part()
    parts[workbook_part] = slim_workbook(workbook, set(needed), _app_names(workbook))
    return CheckedPackage(_package(parts), scans)


def _unpacked(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: PartLimit) -> bytes:
    """The part unpacked, by pieces, never past ``limit`` whatever its header says."""
    shown = _shown_name(info.filename)
    too_large = WorkbookRefusedError(
        f"part {shown} of the workbook ({limit.what}) unpacks to more than {limit.bytes // MB} MB, "
        "far more than in an exported workbook (the file may have been made to exhaust the computer)"
    )
    if info.file_size > limit.bytes:
        raise too_large
    pieces: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as member:
            while piece := member.read(MB):
                total += len(piece)
                if total > limit.bytes:
                    raise too_large
                pieces.append(piece)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        raise WorkbookRefusedError(f"part {shown} of the workbook is damaged: its data cannot be unpacked") from None
    except (NotImplementedError, RuntimeError):  # a method or encryption the directory did not tell
        raise WorkbookRefusedError(f"part {shown} of the workbook cannot be unpacked") from None
    if total != info.file_size:
        raise WorkbookRefusedError(f"part {shown} of the workbook is damaged: it is not the size its header says")
    return b"".join(pieces)


def _check_xml(name: str, data: bytes, limit: PartLimit) -> None:
    """Well-formed XML, no document type declaration, a bounded number of elements, no huge text in one piece."""
    shown = _shown_name(name)
    marks = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("<"))
    if marks.size > limit.elements:
        raise WorkbookRefusedError(
            f"part {shown} of the workbook holds {marks.size:,} XML elements; at most {limit.elements:,} are accepted"
        )
    if marks.size:
        gaps = int(np.diff(marks).max()) - 1 if marks.size > 1 else 0
        longest = max(int(marks[0]), len(data) - 1 - int(marks[-1]), gaps)
    else:
        longest = len(data)
    if longest > MAX_TEXT_RUN:
        raise WorkbookRefusedError(
            f"part {shown} of the workbook holds text or padding of {longest:,} bytes in one piece; "
            "a cell holds at most 32,767 characters"
        )
    if limit is _SHARED_STRINGS:
        count = len(_SHARED_STRING_TAG.findall(data))
        if count > MAX_SHARED_STRINGS:
            raise WorkbookRefusedError(
                f"the workbook holds {count:,} shared texts; at most {MAX_SHARED_STRINGS:,} are accepted "
                "(an exported workbook saved by Excel holds a few hundred)"
            )
    parser = expat.ParserCreate()

    def refuse(*_args: object) -> None:
        raise WorkbookRefusedError(
            f"part {shown} of the workbook holds a document type declaration, which a workbook never has "
            "(it can expand entities or load other files)"
        )

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        reason = expat.ErrorString(error.code) if error.code is not None else str(error)
        raise WorkbookRefusedError(
            f"part {shown} of the workbook is damaged: {reason} at line {error.lineno}, column {error.offset + 1}"
        ) from None


def _tree(name: str, data: bytes) -> Any:
    """The part parsed. It passed _check_xml, which refuses a document type declaration, so no entity
    can be declared: the standard library's parser (in C, unlike defusedxml's) is safe here."""
    try:
        return XML(data)
    except (SyntaxError, ValueError):  # _check_xml refused what is not well-formed; a second guard
        raise WorkbookRefusedError(f"part {_shown_name(name)} of the workbook is damaged") from None


def _relationships(root: Any, folder: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (part name, type) of the workbook's relationships."""
    found: dict[str, tuple[str, str]] = {}
    for item in root.iter(f"{_REL_NS}Relationship"):
        target = str(item.get("Target", ""))
        if item.get("TargetMode") == "External" or not target:
            continue
        part = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[str(item.get("Id", ""))] = (part, str(item.get("Type", "")))
    return found


def _sheet_parts(workbook: Any, targets: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Sheet name → the part that holds the worksheet."""
    parts: dict[str, str] = {}
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(str(sheet.get(_R_ID, "")))
        if target is not None and target[1].endswith(_WORKSHEET_REL):
            parts[str(sheet.get("name", ""))] = target[0]
    return parts


def _blocks(workbook: Any) -> dict[str, Block]:
    """The app's defined names (``cp_…``) and what they cover, once each is a range reading back can read."""
    names = list(workbook.iter(f"{_MAIN_NS}definedName"))
    if len(names) > MAX_DEFINED_NAMES:
        raise WorkbookRefusedError(
            f"the workbook holds {len(names):,} defined names; at most {MAX_DEFINED_NAMES:,} are accepted "
            "(an exported workbook has a few hundred)"
        )
    blocks: dict[str, Block] = {}
    for item in names:
        name = str(item.get("name", ""))
        if not name.startswith(BLOCK_PREFIX) or item.get("localSheetId") is not None:
            continue
        block = _block(name, (item.text or "").strip())
        if block is not None:
            blocks[name] = block
    return blocks


def _app_names(workbook: Any) -> set[str]:
    """The names of the app's global defined names, ranges or not (reading back says what is wrong with one)."""
    return {
        str(item.get("name"))
        for item in workbook.iter(f"{_MAIN_NS}definedName")
        if str(item.get("name", "")).startswith(BLOCK_PREFIX) and item.get("localSheetId") is None
    }


def _block(name: str, value: str) -> Block | None:
    """The range of a defined name ``'Sheet'!$A$1:$C$5``; None when it is not one range (reading back says so)."""
    sheet_text, bang, reference = value.rpartition("!")
    if not bang:
        return None
    sheet = sheet_text[1:-1].replace("''", "'") if sheet_text.startswith("'") else sheet_text
    match = _REFERENCE.fullmatch(reference)
    if match is None:
        return None
    first_column, first_row = _column(match[1]), int(match[2])
    last_column, last_row = (_column(match[3]), int(match[4])) if match[3] else (first_column, first_row)
    shown = f"{name} ({_shown_name(value)})"
    if not (
        1 <= first_row <= EXCEL_MAX_ROW
        and 1 <= last_row <= EXCEL_MAX_ROW
        and 1 <= first_column <= EXCEL_MAX_COLUMN
        and 1 <= last_column <= EXCEL_MAX_COLUMN
    ):
        raise WorkbookRefusedError(f"the range named {shown} lies outside a sheet")
    if last_row < first_row or last_column < first_column:
        raise WorkbookRefusedError(f"the range named {shown} ends before it starts")
    rows, columns = last_row - first_row + 1, last_column - first_column + 1
    if rows > MAX_BLOCK_ROWS or columns > MAX_BLOCK_COLUMNS or rows * columns > MAX_BLOCK_CELLS:
        raise WorkbookRefusedError(
            f"the range named {shown} covers {rows * columns:,} cells ({rows:,} rows, {columns:,} columns); "
            f"the app's ranges cover at most {MAX_BLOCK_ROWS:,} rows, {MAX_BLOCK_COLUMNS:,} columns "
            f"and {MAX_BLOCK_CELLS:,} cells"
        )
    return Block(sheet, first_column, first_row, last_column, last_row)


def _column(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _package(parts: dict[str, bytes]) -> bytes:
    """A zip of ``parts``, stored (they are small, and packing them again would only cost time)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()
