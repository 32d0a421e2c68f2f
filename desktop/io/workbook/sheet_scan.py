"""A bounded pass over a sheet that is read back: rows and cells within Excel's limits, and uncalculated formulas.

openpyxl's reading with ``data_only`` gives a formula cell's stored result, and None
when the workbook was saved by a program that does not calculate (openpyxl itself,
some converters): that would read as an empty cell. This pass finds those cells, so
that reading back names them instead of taking a default. It reads the rows up to the
last one any range needs, as openpyxl will, and refuses a row of more cells than Excel
allows before it is held in memory.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped]

EXCEL_MAX_ROW = 1_048_576
EXCEL_MAX_COLUMN = 16_384
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _FORMULA, _VALUE = f"{_NS}row", f"{_NS}c", f"{_NS}f", f"{_NS}v"
_TEXT_TYPES = {"str", "inlineStr", "s"}
"""A formula whose stored result is text may store the empty text as an empty value."""
_COORDINATE = re.compile(r"([A-Z]{1,3})(\d{1,7})")

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


def scan_sheet(part: str, data: bytes, ranges: list[Range]) -> SheetScan:
    """Scan the sheet XML ``data`` of ``part`` up to the last row of ``ranges``; SheetRefusedError when it is unfit."""
    scan = SheetScan()
    if not ranges:
        return scan
    last_needed = max(r[2] for r in ranges)
    row_number = 0
    column = 0
    cells_in_row = 0
    events = iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True)
    try:
        for event, element in events:
            tag = element.tag
            if event == "start":
                if tag == _ROW:
                    row_number = _row_number(part, element, row_number)
                    if row_number > last_needed:
                        break
                    column = cells_in_row = 0
                elif tag == _CELL:
                    cells_in_row += 1
                    if cells_in_row > EXCEL_MAX_COLUMN:
                        raise SheetRefusedError(
                            f"row {row_number:,} of part {part} holds more than {EXCEL_MAX_COLUMN:,} cells, "
                            "more than Excel allows"
                        )
                continue
            if tag == _CELL:
                column = _column_number(part, element, column)
                if _uncalculated(element) and _within(row_number, column, ranges):
                    scan.uncalculated.add((row_number, column))
            elif tag == _ROW:
                element.clear()
    except (DefusedXmlException, SyntaxError, ValueError) as error:
        raise SheetRefusedError(f"part {part} of the workbook is damaged ({error})") from None
    return scan


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
