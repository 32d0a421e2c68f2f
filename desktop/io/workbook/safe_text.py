"""Plan text written as text, never as a formula, and characters XML cannot hold escaped the way Excel does.

A name such as ``=HYPERLINK("x","y")`` or ``+31 …`` must stay a string: openpyxl
would otherwise store a text that starts with "=" as a formula and one that
reads "#N/A" as an error. XML 1.0 cannot hold most control characters (and
would turn a carriage return into a line feed); OOXML writes them as
``_xHHHH_``, which Excel and LibreOffice decode, and :func:`decode` undoes it
when a workbook is read back.
"""

from __future__ import annotations

import re
from typing import Any

from desktop.io.workbook.xl import Cell, Worksheet

_ESCAPE_PATTERN = re.compile(r"_x[0-9A-Fa-f]{4}_")
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MAX_CELL_TEXT = 32_767


def encode(text: str) -> str:
    """``text`` as OOXML stores it: characters XML cannot hold as ``_xHHHH_``, a literal ``_xHHHH_`` protected."""
    if "_x" in text:
        # A literal escape sequence gets its underscore escaped, so that decoding gives it back unchanged.
        text = _ESCAPE_PATTERN.sub(lambda match: "_x005F" + match.group(0), text)
    if _NOT_IN_XML.search(text):
        text = _NOT_IN_XML.sub(lambda match: f"_x{ord(match.group(0)):04X}_", text)
    return text


def decode(text: str) -> str:
    """The text that :func:`encode` (or Excel) stored as ``text``."""
    if "_x" not in text:
        return text
    return _ESCAPE_PATTERN.sub(lambda match: chr(int(match.group(0)[2:6], 16)), text)


def put_text(sheet: Worksheet, row: int, column: int, text: str, style: str | None = None) -> Cell:
    """Write ``text`` to a cell as a string, whatever it starts with."""
    cell = sheet.cell(row=row, column=column)
    set_text(cell, text)
    if style is not None:
        cell.style = style
    return cell


def set_text(cell: Cell, text: str) -> None:
    """Give ``cell`` the string ``text``; never a formula, an error value or a number."""
    encoded = encode(text)[:_MAX_CELL_TEXT]
    # Bypass openpyxl's guessing: assigning the internal value and the type keeps "=…" a string.
    cell._value = encoded
    cell.data_type = "s"


def put_value(sheet: Worksheet, row: int, column: int, value: Any, style: str | None = None) -> Cell:
    """Write a number, a date or None; text goes through :func:`set_text`."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value
    if style is not None:
        cell.style = style
    return cell
