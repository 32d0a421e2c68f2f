"""Sheet names, cell addresses and defined names that the sheets share, and the workbook's format marker."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from desktop.io.workbook.xl import DefinedName, Workbook, get_column_letter, quote_sheetname

FORMAT_MARKER: Final = "caseload-planner/workbook 1"
"""Written on every Assumptions sheet; :func:`read_workbook_plan` looks for it to know the workbook is ours."""
FORMAT_NAME: Final = "cp_format"

# Defined names of the input blocks that reading back relies on; ``{i}`` is the scenario's number (1, 2, …).
BLOCK_SCENARIO: Final = "cp_s{i}_scenario"
BLOCK_PRIORITIES: Final = "cp_s{i}_priorities"
BLOCK_STAGES: Final = "cp_s{i}_stages"
BLOCK_SOURCES: Final = "cp_s{i}_sources"
BLOCK_VOLUMES: Final = "cp_s{i}_volumes"
BLOCK_SEASONALITY: Final = "cp_s{i}_seasonality"
BLOCK_EVENTS: Final = "cp_s{i}_events"
BLOCK_CHANGES: Final = "cp_s{i}_changes"

SPARE_ROWS: Final = 3
"""Empty input rows under the events and staffing changes, so that one can be added in the meeting."""


@dataclass(frozen=True)
class SheetNames:
    """The sheets of one scenario; the first scenario's carry no number, later ones " (2)", " (3)", …"""

    number: int

    def _named(self, base: str) -> str:
        return base if self.number == 1 else f"{base} ({self.number})"

    @property
    def summary(self) -> str:
        return self._named("Summary")

    @property
    def assumptions(self) -> str:
        return self._named("Assumptions")

    @property
    def projection(self) -> str:
        return self._named("Projection")

    @property
    def by_month(self) -> str:
        return self._named("By month")

    @property
    def model(self) -> str:
        return self._named("Model")

    @property
    def suffix(self) -> str:
        """For names that must be unique in the workbook (tables, defined names)."""
        return "" if self.number == 1 else f"_{self.number}"


def cell_ref(sheet: str, row: int, column: int, *, absolute: bool = True) -> str:
    """``'Sheet'!$C$5`` (quoted whenever needed)."""
    return f"{quote_sheetname(sheet)}!{address(row, column, absolute=absolute)}"


def range_ref(sheet: str, first_row: int, first_column: int, last_row: int, last_column: int) -> str:
    """``'Sheet'!$C$5:$F$9``."""
    return f"{quote_sheetname(sheet)}!{address(first_row, first_column)}:{address(last_row, last_column)}"


def address(row: int, column: int, *, absolute: bool = True) -> str:
    letter = get_column_letter(column)
    return f"${letter}${row}" if absolute else f"{letter}{row}"


_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9_.]")


@dataclass
class DefinedNames:
    """Defined names of the workbook, made valid and unique whatever the plan's keys are."""

    used: set[str] = field(default_factory=set)

    def name_for(self, *parts: str) -> str:
        """``Growth_ncmec`` from ("Growth", "ncmec"); a key's other characters become "_"."""
        base = "_".join(_NAME_UNSAFE.sub("_", part) for part in parts if part)
        candidate, number = base, 2
        while candidate.lower() in self.used:
            candidate = f"{base}_{number}"
            number += 1
        self.used.add(candidate.lower())
        return candidate

    def add(self, workbook: Workbook, name: str, reference: str) -> None:
        """Define ``name`` (already made unique, or a fixed name of the format) for ``reference``."""
        self.used.add(name.lower())
        workbook.defined_names[name] = DefinedName(name, attr_text=reference)
