"""One bounded pass over a sheet that is read back: the cells the app's ranges cover, and uncalculated formulas.

The pass reads the rows up to the last one any range needs, refuses a row of more
cells than Excel allows before it is held in memory, and writes a new sheet of just the
cells within the ranges: openpyxl reads that, once per range, instead of the whole sheet.

openpyxl's reading with ``data_only`` gives a formula cell's stored result, and None
when the workbook was saved by a program that does not calculate (openpyxl itself,
some converters): that would read as an empty cell. This pass finds those cells, so
that reading back names them instead of taking a default.

The sheet has passed safe_zip's XML check (no document type declaration, so no entity
can be declared or expanded), so the standard library's C parser is safe and fast here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import XML, Element, SubElement, iterparse, tostring

EXCEL_MAX_ROW = 1_048_576
EXCEL_MAX_COLUMN = 16_384
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _FORMULA, _VALUE = f"{_NS}row", f"{_NS}c", f"{_NS}f", f"{_NS}v"
_TEXT_TYPES = {"str", "inlineStr", "s"}
"""A formula whose stored result is text may store the empty text as an empty value."""
_COORDINATE = re.compile(r"([A-Z]{1,3})(\d{1,7})")
_ROW_START = re.compile(rb"<row[\s/>]")
_ROW_NUMBER = re.compile(rb'\sr\s*=\s*["\'](\d{1,7})["\']')
_CELL_START = re.compile(rb"<c[\s/>]")
_ROOT = re.compile(rb"<worksheet[\s>][^>]*>")

Range = tuple[int, int, int, int]
"""first row, first column, last row, last column (1-based, inclusive)."""


class SheetRefusedError(Exception):
    """The sheet breaks a limit or is not well-formed; ``reason`` says how."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class SheetScan:
    uncalculated: set[tuple[int, int]] = field(default_factory=set)
    """(row, column) of the cells within the ranges that hold a formula without a stored result."""
    data: bytes = b""
    """The sheet of the cells within the ranges, each with its reference."""


@dataclass(frozen=True)
class Renumber:
    """The numbers a kept cell's style and shared text have in the parts openpyxl will read."""

    style: Callable[[str], str]
    text: Callable[[str], str]


def scan_sheet(part: str, data: bytes, ranges: list[Range], renumber: Renumber) -> SheetScan:
    """Scan the sheet XML ``data`` of ``part`` up to the last row of ``ranges``; SheetRefusedError when it is unfit."""
    if ranges:
        for scan_rows in (_scan_by_rows, _scan_by_elements):
            kept = _Kept(ranges, renumber)
            if scan_rows(part, data, kept):
                return kept.scan
    return _Kept(ranges, renumber).scan


class _Kept:
    """The cells within the ranges, as they are found."""

    def __init__(self, ranges: list[Range], renumber: Renumber) -> None:
        self.ranges = ranges
        self._renumber = renumber
        self.first_column = min(r[1] for r in ranges) if ranges else 1
        self.last_column = max(r[3] for r in ranges) if ranges else 0
        self.last_row = max(r[2] for r in ranges) if ranges else 0
        self.root = Element(f"{_NS}worksheet")
        self.sheet_data = SubElement(self.root, f"{_NS}sheetData")
        self.found = SheetScan()
        self._row: Element | None = None
        self._row_number = 0

    def needs_row(self, number: int) -> bool:
        return any(r[0] <= number <= r[2] for r in self.ranges)

    def cell(self, row: int, column: int, element: Element) -> None:
        if not (self.first_column <= column <= self.last_column and _within(row, column, self.ranges)):
            return
        if _uncalculated(element):
            self.found.uncalculated.add((row, column))
        if self._row is None or self._row_number != row:
            self._row = SubElement(self.sheet_data, _ROW, {"r": str(row)})
            self._row_number = row
        element.set("r", _reference(row, column))
        style = element.get("s")
        if style is not None:
            element.set("s", self._renumber.style(style))
        if element.get("t") == "s":
            value = element.find(_VALUE)
            if value is not None and value.text is not None:
                value.text = self._renumber.text(value.text.strip())
        self._row.append(element)

    @property
    def scan(self) -> SheetScan:
        self.found.data = tostring(self.root)
        return self.found


def _scan_by_rows(part: str, data: bytes, kept: _Kept) -> bool:
    """The fast way: rows found by their start tags, and only the rows the ranges need parsed.

    False when the sheet is not written the usual way (a prefix on its tags, a row without
    its number): then every element must be read.
    """
    root = _ROOT.search(data)
    start = data.find(b"<sheetData")
    if root is None or start < 0:
        return False  # written with a prefix on its tags (or without cells: the thorough way is quick then)
    end = data.rfind(b"</sheetData>")
    if end < 0:
        return data.find(b"<row", start) < 0  # <sheetData/>
    # Each row is parsed within the sheet's own start tag, which declares the prefixes its attributes use.
    wrapper = root[0] + b"<sheetData>%s</sheetData></worksheet>"
    starts = [match.start() for match in _ROW_START.finditer(data, start, end)]
    previous = 0
    for i, at in enumerate(starts):
        close = data.find(b">", at, end)
        found = _ROW_NUMBER.search(data, at, close) if close > 0 else None
        if found is None:
            return False
        number = int(found[1])
        if not previous < number <= EXCEL_MAX_ROW:
            raise SheetRefusedError(f"part {part} of the workbook is damaged (row {number:,} is out of order)")
        previous = number
        if number > kept.last_row:
            break
        if not kept.needs_row(number):
            continue
        chunk = data[at : starts[i + 1] if i + 1 < len(starts) else end]
        if len(_CELL_START.findall(chunk)) > EXCEL_MAX_COLUMN:
            raise _too_many_cells(part, number)
        try:
            [[row]] = XML(wrapper % chunk)
        except (SyntaxError, ValueError):
            raise SheetRefusedError(f"part {part} of the workbook is damaged (row {number:,})") from None
        column = 0
        for element in row:
            if element.tag == _CELL:
                column = _column_number(part, element, column)
                kept.cell(number, column, element)
    return True


def _scan_by_elements(part: str, data: bytes, kept: _Kept) -> bool:
    """The thorough way: every element, in order."""
    row_number = 0
    column = 0
    cells_in_row = 0
    try:
        for event, element in iterparse(io.BytesIO(data), events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == _ROW:
                    row_number = _row_number(part, element, row_number)
                    if row_number > kept.last_row:
                        break
                    column = cells_in_row = 0
                elif tag == _CELL:
                    cells_in_row += 1
                    if cells_in_row > EXCEL_MAX_COLUMN:
                        raise _too_many_cells(part, row_number)
                continue
            if tag == _CELL:
                column = _column_number(part, element, column)
                kept.cell(row_number, column, element)
            elif tag == _ROW:
                element.clear()
    except SyntaxError as error:  # xml.etree's ParseError; the check before makes it unlikely
        raise SheetRefusedError(f"part {part} of the workbook is damaged ({error})") from None
    return True


def _too_many_cells(part: str, row: int) -> SheetRefusedError:
    return SheetRefusedError(
        f"row {row:,} of part {part} holds more than {EXCEL_MAX_COLUMN:,} cells, more than Excel allows"
    )


def _reference(row: int, column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row}"


def _row_number(part: str, element: Any, previous: int) -> int:
    text = element.get("r")
    number = previous + 1
    if text is not None:
        if not (text.isascii() and text.isdigit() and len(text) <= 7):
            raise SheetRefusedError(f"part {part} of the workbook is damaged (a row is numbered {text[:20]!r})")
        number = int(text)
    if not previous < number <= EXCEL_MAX_ROW:
        raise SheetRefusedError(f"part {part} of the workbook is damaged (row {number:,} is out of order)")
    return number


def _column_number(part: str, element: Any, previous: int) -> int:
    text = element.get("r")
    if text is None:
        number = previous + 1
    else:
        match = _COORDINATE.fullmatch(text)
        if match is None:
            raise SheetRefusedError(f"part {part} of the workbook is damaged (a cell is named {text[:20]!r})")
        number = 0
        for letter in match[1]:
            number = number * 26 + ord(letter) - ord("A") + 1
    if number > EXCEL_MAX_COLUMN:
        raise SheetRefusedError(f"part {part} of the workbook is damaged (a cell lies beyond the last column)")
    return number


def _uncalculated(cell: Any) -> bool:
    if cell.find(_FORMULA) is None:
        return False
    value = cell.find(_VALUE)
    if value is None:
        return True
    return not value.text and cell.get("t", "n") not in _TEXT_TYPES


def _within(row: int, column: int, ranges: list[Range]) -> bool:
    return any(r[0] <= row <= r[2] and r[1] <= column <= r[3] for r in ranges)
