"""Cells read back from a workbook: their values as plan fields, and where each field came from for messages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from desktop.io.workbook.safe_text import decode
from desktop.io.workbook.xl import get_column_letter, quote_sheetname, to_excel
from desktop.model.checks import Problem, join_path

Path_ = tuple[str | int, ...]
_PLAIN_SHEET_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_FIRST_PLAN_YEAR = 1901
"""Dates before this are what a bare number typed into a date cell becomes (serial 1 is 1 January 1900)."""


@dataclass
class Origins:
    """For each field path of the plan (``scenarios[0].sources[2].growth_per_year``): the cell and what it is."""

    cells: dict[str, tuple[str, str]] = field(default_factory=dict)

    def note(self, path: Path_, where: str, label: str) -> None:
        self.cells[join_path(path)] = (where, label)

    def problem(self, problem: Problem, fallback: str) -> Problem:
        """``problem`` told with the cell it concerns: ``Assumptions!D14: growth per year must be …``."""
        path = problem.path
        while path:
            if path in self.cells:
                cell, label = self.cells[path]
                return Problem(cell, f"{label} {problem.message}" if label else problem.message)
            path = _parent(path)
        return Problem(fallback, problem.message)


def _parent(path: str) -> str:
    """``a.b[2]`` → ``a.b``; ``a.b["x"]`` → ``a.b``; ``a.b`` → ``a``."""
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


class _Uncalculated:
    """The value of a cell that holds a formula without a stored result (saved by a program that does not calculate)."""

    def __repr__(self) -> str:
        return "UNCALCULATED"


UNCALCULATED: Any = _Uncalculated()
"""Stands for the value of such a cell, so that it is never read as empty."""

EMPTY = "is empty"
NEVER_CALCULATED = "holds a formula that was never calculated — open and save the workbook in Excel first"


@dataclass(frozen=True)
class Found:
    """A cell's value and where it is (openpyxl's fast read-only mode gives empty cells no address)."""

    sheet: str
    row: int
    column: int
    value: Any

    @property
    def coordinate(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"


def where(cell: Found) -> str:
    """``Assumptions!D14``; a sheet name with spaces is quoted as Excel does: ``'Assumptions (2)'!D14``."""
    shown = cell.sheet if _PLAIN_SHEET_NAME.fullmatch(cell.sheet) else quote_sheetname(cell.sheet)
    return f"{shown}!{cell.coordinate}"


def span(cells: list[Found]) -> str:
    """``Assumptions!D14:F14`` for a row of cells."""
    if len(cells) == 1:
        return where(cells[0])
    return f"{where(cells[0])}:{cells[-1].coordinate}"


def cell_problem(cell: Found, label: str, what: str) -> Problem:
    """``cell Assumptions!C12 (growth per year) is empty``: a problem told by the cell, for the user to find it."""
    return Problem("", f"cell {where(cell)} ({label}) {what}")


def month_problem(cell: Found, label: str) -> str | None:
    """What is wrong with a number in a month cell, or None when it is a month or text.

    A number typed into a cell formatted as a date is shown by Excel as a date in 1900
    (5 is 5 January 1900) and read as one; no plan month lies there.
    """
    value = cell.value
    if isinstance(value, dt.datetime | dt.date) and value.year < _FIRST_PLAN_YEAR:
        serial = to_excel(value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day))
        value = int(serial) if float(serial).is_integer() else serial
    elif not (isinstance(value, int | float) and not isinstance(value, bool)):
        return None
    shown = int(value) if isinstance(value, float) and value.is_integer() else value
    return f"holds the number {shown}, not a month; type the month as YYYY-MM, e.g. 2026-03"


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> Any:
    """A text field: a string as written (decoded), a number typed into it as its digits, empty as ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return decode(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return value


def number(value: Any) -> Any:
    """A number field as it is: validation says what is wrong with text or an empty cell."""
    if isinstance(value, str):
        return decode(value).strip()
    return value


def whole(value: Any) -> Any:
    """A whole-number field: 5.0 (as a spreadsheet may store it) is 5."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return number(value)


def month(value: Any) -> Any:
    """A month field: a date as "YYYY-MM", text as typed, empty as "" (which validation refuses in words)."""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    if value is None:
        return ""
    if isinstance(value, str):
        return decode(value).strip()
    return value


def year(value: Any) -> str | None:
    """A year heading of the volumes table as the plan's "2021", or None when it is not a year."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip().isdigit():
        return value.strip()
    return None
