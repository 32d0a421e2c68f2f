"""Rows of the Model sheet: a label on the left, one formula per month across, and where each row is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from desktop.io.workbook.safe_text import put_text
from desktop.io.workbook.styles import BOLD, HEADER_FILL, INPUT, LABEL
from desktop.io.workbook.xl import Font, PatternFill, Worksheet, get_column_letter

LABEL_COLUMN: Final = 1
STAGE_COLUMN: Final = 2
PRIORITY_COLUMN: Final = 3
SOURCE_COLUMN: Final = 4
PARAMETER_COLUMN: Final = 5
"""A figure the row's formulas use (hours per item, hours per FTE), pulled from the Assumptions sheet."""
START_COLUMN: Final = 6
"""The value before the first month (the backlog at the start)."""
FIRST_MONTH_COLUMN: Final = 7

_BLOCK_FILL: Final = PatternFill("solid", fgColor=HEADER_FILL)
_GROUP_FONT: Final = Font(name="Calibri", size=11, bold=True, color="1F3A5F")

MonthFormula = Callable[[str, str], str]
"""(this month's column letter, the column letter before it) → the formula of that cell."""


@dataclass
class ModelRows:
    """Writes the Model's rows from top to bottom and remembers the calendar rows formulas refer to."""

    sheet: Worksheet
    months: int
    row: int
    letters: list[str] = field(default_factory=list)
    year_row: int = 0
    month_of_year_row: int = 0
    month_number_row: int = 0

    def __post_init__(self) -> None:
        self.letters = [get_column_letter(FIRST_MONTH_COLUMN + m) for m in range(self.months)]

    @property
    def last_letter(self) -> str:
        return self.letters[-1]

    @property
    def before_letters(self) -> list[str]:
        """The column before each month: the start column before the first."""
        return [get_column_letter(START_COLUMN), *self.letters[:-1]]

    def heading(self, text: str) -> int:
        """A bold heading row across the block."""
        self.row += 1
        put_text(self.sheet, self.row, LABEL_COLUMN, text).font = _GROUP_FONT
        row = self.row
        self.row += 1
        return row

    def group(self, text: str) -> int:
        """A shaded sub-heading row (one stage and priority)."""
        put_text(self.sheet, self.row, LABEL_COLUMN, text).font = BOLD
        for column in range(LABEL_COLUMN, FIRST_MONTH_COLUMN + self.months):
            self.sheet.cell(row=self.row, column=column).fill = _BLOCK_FILL
        row = self.row
        self.row += 1
        return row

    def labelled(self, label: str, stage: str = "", priority: str = "", source: str = "") -> int:
        """Start a row with its labels; return its number."""
        row = self.row
        put_text(self.sheet, row, LABEL_COLUMN, label, LABEL)
        for column, text in ((STAGE_COLUMN, stage), (PRIORITY_COLUMN, priority), (SOURCE_COLUMN, source)):
            if text:
                put_text(self.sheet, row, column, text, LABEL)
        self.row += 1
        return row

    def formulas(
        self,
        label: str,
        formula: MonthFormula,
        number_format: str,
        *,
        stage: str = "",
        priority: str = "",
        source: str = "",
        parameter: str | None = None,
        parameter_format: str = "General",
        start: str | None = None,
    ) -> int:
        """A row of one formula per month; ``parameter`` and ``start`` fill the E and F columns."""
        row = self.labelled(label, stage, priority, source)
        cell = self.sheet.cell
        if parameter is not None:
            parameter_cell = cell(row=row, column=PARAMETER_COLUMN, value=parameter)
            parameter_cell.number_format = parameter_format
        if start is not None:
            start_cell = cell(row=row, column=START_COLUMN, value=start)
            start_cell.number_format = number_format
        for m, (letter, before) in enumerate(zip(self.letters, self.before_letters, strict=True)):
            target = cell(row=row, column=FIRST_MONTH_COLUMN + m, value=formula(letter, before))
            target.number_format = number_format
        return row

    def inputs(self, label: str, values: list[float], number_format: str, *, stage: str = "") -> int:
        """A row of input values (styled as inputs)."""
        row = self.labelled(label, stage)
        for m, value in enumerate(values):
            target = self.sheet.cell(row=row, column=FIRST_MONTH_COLUMN + m, value=value)
            target.style = INPUT
            target.number_format = number_format
        return row

    def values(self, label: str, values: list[int] | list[str], number_format: str = "General") -> int:
        row = self.labelled(label)
        for m, value in enumerate(values):
            target = self.sheet.cell(row=row, column=FIRST_MONTH_COLUMN + m, value=value)
            target.number_format = number_format
        return row

    def span(self, row: int) -> str:
        """The months of ``row``, e.g. ``G12:CL12``."""
        return f"{self.letters[0]}{row}:{self.last_letter}{row}"


def filled_in(template: str) -> MonthFormula:
    """A formula for each month from a template in which ``{m}`` stands for the month's column."""

    def formula(month: str, _: str) -> str:
        return template.replace("{m}", month)

    return formula


def plus(cells: list[str]) -> str:
    """``a+b+c`` — summed left to right, as the engine sums."""
    return "+".join(cells)


def sum_of(ranges: list[str]) -> str:
    """SUM over many ranges, nested so that no SUM has more than 250 arguments (Excel's limit is 255)."""
    if len(ranges) <= 250:
        return "SUM(" + ",".join(ranges) + ")"
    return sum_of([sum_of(ranges[i : i + 250]) for i in range(0, len(ranges), 250)])
