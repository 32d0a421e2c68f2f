"""The Scenarios sheet: the headline figures of several scenarios side by side, with the differences from the first."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from desktop.io.workbook.layout import SheetNames
from desktop.io.workbook.safe_text import put_text, put_value
from desktop.io.workbook.styles import (
    BOLD,
    HEADER,
    HEADER_RIGHT,
    LABEL,
    NOTE,
    ONE_DECIMAL,
    RIGHT,
    SECTION_FONT,
    TITLE_FONT,
    WHOLE,
    print_setup,
    set_widths,
)
from desktop.io.workbook.xl import Worksheet
from desktop.model.measures import Headlines, StageHeadline
from desktop.model.plan import Scenario

Value = float | str | None
VALUE_WIDTH = 20


@dataclass(frozen=True)
class Compared:
    """One exported scenario: its assumptions and its headline figures."""

    scenario: Scenario
    figures: Headlines
    names: SheetNames


def _rows(compared: list[Compared]) -> list[tuple[str, str, list[Value]]]:
    """(label, number format, one value per scenario); rows are matched by year and by stage and priority key."""
    rows: list[tuple[str, str, list[Value]]] = []
    years = sorted({year for c in compared for year in c.figures.intake_per_year})
    for year in years:
        values: list[Value] = [c.figures.intake_per_year.get(year) for c in compared]
        rows.append((f"Reports received in {year}", WHOLE, values))
    stage_keys: list[tuple[str, str]] = []
    for c in compared:
        for stage in c.scenario.stages:
            if stage.key not in [key for key, _ in stage_keys]:
                stage_keys.append((stage.key, stage.name))
    for key, name in stage_keys:
        found = [next((s for s in c.figures.stages if s.stage == key), None) for c in compared]
        rows.append((f"§{name}", "", []))

        def measure(
            label: str,
            get: Callable[[StageHeadline], Value],
            number_format: str = ONE_DECIMAL,
            found: list[StageHeadline | None] = found,
        ) -> None:
            rows.append((label, number_format, [None if s is None else get(s) for s in found]))

        measure("Reports waiting at the end", lambda s: s.backlog_items_end, WHOLE)
        measure("FTE available (mean, last 12 months)", lambda s: s.fte_available)
        measure("FTE needed for the work reaching it (mean, last 12 months)", lambda s: s.need_today.fte)
        measure("FTE needed if every stage before it kept up", lambda s: s.need_if_upstream_kept_up.fte)
        measure("FTE short for the work reaching it", lambda s: s.gap_today)
        measure("FTE more to clear the end backlog", lambda s: s.clear_fte)
        measure("Posts to fund from the decision month to meet every target", _hire_fte)
        measure("New work first exceeds capacity", lambda s: s.first_month_over_capacity or "never", "General")
        priority_names: dict[str, str] = {}
        for c in compared:
            priority_names.update({p.key: p.name for p in c.scenario.priorities})
        for priority_key, priority_name in priority_names.items():

            def months_over(s: StageHeadline, key: str = priority_key) -> Value:
                return s.months_in_breach.get(key)

            measure(f"Months over target: {priority_name}", months_over, "0")
    return rows


def _hire_fte(stage: StageHeadline) -> Value:
    if stage.hire is None:
        return None
    return stage.hire.fte if stage.hire.fte is not None else "not possible"


def _difference(value: Value, base: Value) -> Value:
    if isinstance(value, float | int) and isinstance(base, float | int):
        difference = float(value) - float(base)
        return difference if math.isfinite(difference) else None
    return None


def write_scenarios(sheet: Worksheet, compared: list[Compared], plan_title: str) -> None:
    put_text(sheet, 1, 1, "Scenarios side by side").font = TITLE_FONT
    sheet.row_dimensions[1].height = 26
    base = compared[0].scenario.name
    note = (
        f"Differences are against the first scenario, {base}. "
        "Each scenario has its own Summary, Assumptions, Projection and Model."
    )
    put_text(sheet, 2, 1, note, NOTE)
    header = 4
    put_text(sheet, header, 1, "Headline figure", HEADER)
    columns: list[tuple[int, int | None]] = []  # (scenario index, base index for a difference)
    column = 2
    for index, c in enumerate(compared):
        put_text(sheet, header, column, c.scenario.name, HEADER).alignment = HEADER_RIGHT
        columns.append((index, None))
        column += 1
        if index:
            put_text(sheet, header, column, f"Difference {c.names.number} − 1", HEADER).alignment = HEADER_RIGHT
            columns.append((index, 0))
            column += 1
    longest = max(len(c.scenario.name) for c in compared)
    sheet.row_dimensions[header].height = 15 * min(4, max(2, -(-longest // (VALUE_WIDTH - 2))))
    row = header + 1
    for label, number_format, values in _rows(compared):
        if label.startswith("§"):
            row += 1
            put_text(sheet, row, 1, label[1:]).font = SECTION_FONT
            row += 1
            continue
        put_text(sheet, row, 1, label, LABEL)
        for offset, (index, against) in enumerate(columns):
            value = values[index] if against is None else _difference(values[index], values[against])
            if value is None or (isinstance(value, float) and not math.isfinite(value)):
                value = "—" if against is None or value is None else value
            cell = put_value(sheet, row, 2 + offset, value, LABEL)
            cell.number_format = number_format if number_format != "General" or against is None else "General"
            cell.alignment = RIGHT
            if against is not None:
                cell.font = BOLD
        row += 1
    set_widths(sheet, {1: 48} | {2 + offset: VALUE_WIDTH for offset in range(len(columns))})
    sheet.freeze_panes = f"B{header + 1}"
    print_setup(sheet, plan_title, title_rows=f"{header}:{header}")
