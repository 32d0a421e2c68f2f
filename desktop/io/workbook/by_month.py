"""The "By month" sheet: one row per month, the series the Summary's charts draw, as values."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Final

from desktop.io.workbook.formats import month_date
from desktop.io.workbook.safe_text import put_text
from desktop.io.workbook.styles import (
    CENTRE,
    HEADER,
    MONTH,
    NOTE,
    ONE_DECIMAL,
    TITLE_FONT,
    WHOLE,
    print_setup,
    set_widths,
)
from desktop.io.workbook.xl import Break, Worksheet
from desktop.model.engine import Array, Projection

GROUP_ROW: Final = 4
HEADER_ROW: Final = 5
FIRST_ROW: Final = 6
MONTHS_PER_PAGE: Final = 36


@dataclass
class ByMonthCells:
    """Column numbers of each series; rows run from :data:`FIRST_ROW` to ``last_row``."""

    sheet: str
    last_row: int = 0
    intake: list[int] = field(default_factory=list)  # per source
    intake_total: int = 0
    new_work: list[int] = field(default_factory=list)  # per stage
    capacity: list[int] = field(default_factory=list)
    fte_available: list[int] = field(default_factory=list)
    fte_required: list[int] = field(default_factory=list)
    fte_required_to_clear: list[int] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)  # per priority, all stages
    wait_days: list[list[int]] = field(default_factory=list)  # [stage][priority]: expected at current rates
    arrival_wait_days: list[list[int]] = field(default_factory=list)  # [stage][priority]: arriving that month
    wait_share: list[list[int]] = field(default_factory=list)  # [stage][priority]: arrival wait ÷ target
    target_line: int = 0
    """A column of 100 %: the target, for the charts of wait ÷ target."""


def write_by_month(sheet: Worksheet, projection: Projection, plan_title: str) -> ByMonthCells:
    """Months down, series across under group headings; infinite waits are left empty (a gap in the chart)."""
    p, scenario = projection, projection.scenario
    cells = ByMonthCells(sheet.title)
    put_text(sheet, 1, 1, "By month — " + scenario.name).font = TITLE_FONT
    sheet.row_dimensions[1].height = 24
    note = (
        "The app's projection month by month, as values; the Summary's charts draw these columns. "
        "Waits: of a report arriving that month (its own handling included; the targets are judged on it) and "
        "the expected wait at current rates. A wait left empty has no end (the Projection shows “no capacity”)."
    )
    put_text(sheet, 2, 1, note, NOTE)
    columns: list[tuple[str, str, list[float | None], str]] = []  # group, header, values, number format

    def add(group: str, header: str, values: list[float | None], number_format: str) -> int:
        columns.append((group, header, values, number_format))
        return len(columns) + 1  # column 1 is the month

    intake_group = "Reports received"
    for s, source in enumerate(scenario.sources):
        cells.intake.append(add(intake_group, source.name, list(p.intake[:, s].tolist()), WHOLE))
    cells.intake_total = add(intake_group, "All sources", list(p.intake.sum(axis=1).tolist()), WHOLE)
    demand = p.demand_hours.sum(axis=2)
    for k, stage in enumerate(scenario.stages):
        group = f"{stage.name} (team {stage.team})"
        cells.new_work.append(add(group, "New work (hours)", list(demand[k].tolist()), WHOLE))
        cells.capacity.append(add(group, "Capacity (hours)", list(p.capacity_hours[k].tolist()), WHOLE))
        cells.fte_available.append(add(group, "FTE available", list(p.fte_available[k].tolist()), ONE_DECIMAL))
        cells.fte_required.append(add(group, "FTE needed for new work", _finite(p.fte_required[k]), ONE_DECIMAL))
        cells.fte_required_to_clear.append(
            add(group, "FTE needed incl. clearing the backlog", _finite(p.fte_required_to_clear[k]), ONE_DECIMAL)
        )
    waiting = p.backlog_items.sum(axis=(0, 2))  # (M, P): every stage and source
    for j, priority in enumerate(scenario.priorities):
        cells.waiting.append(add("Reports waiting, all stages", priority.name, list(waiting[:, j].tolist()), WHOLE))
    for k, stage in enumerate(scenario.stages):
        cells.arrival_wait_days.append(
            [
                add(
                    f"Wait of a report arriving at {stage.name} (days)",
                    priority.name,
                    _finite(p.arrival_wait_days[k, :, j]),
                    ONE_DECIMAL,
                )
                for j, priority in enumerate(scenario.priorities)
            ]
        )
        cells.wait_days.append(
            [
                add(
                    f"Expected wait at current rates at {stage.name} (days)",
                    priority.name,
                    _finite(p.wait_days[k, :, j]),
                    ONE_DECIMAL,
                )
                for j, priority in enumerate(scenario.priorities)
            ]
        )
    for k, stage in enumerate(scenario.stages):
        cells.wait_share.append(
            [
                add(
                    f"Wait of a report arriving at {stage.name} as % of the target",
                    priority.name,
                    _finite(p.arrival_wait_days[k, :, j] / priority.target_days),
                    "0%",
                )
                for j, priority in enumerate(scenario.priorities)
            ]
        )
    cells.target_line = add("Target", "Target", [1.0] * len(p.months), "0%")

    put_text(sheet, HEADER_ROW, 1, "Month", HEADER)
    sheet.cell(row=GROUP_ROW, column=1).style = HEADER
    group_start = 2
    for index, (group, header, values, number_format) in enumerate(columns):
        column = index + 2
        sheet.cell(row=GROUP_ROW, column=column).style = HEADER
        if index + 1 == len(columns) or columns[index + 1][0] != group:
            put_text(sheet, GROUP_ROW, group_start, group).alignment = CENTRE
            if column > group_start:
                sheet.merge_cells(start_row=GROUP_ROW, start_column=group_start, end_row=GROUP_ROW, end_column=column)
            group_start = column + 1
        put_text(sheet, HEADER_ROW, column, header, HEADER).alignment = CENTRE
        for m, value in enumerate(values):
            sheet.cell(row=FIRST_ROW + m, column=column, value=value).number_format = number_format
    for m, month in enumerate(p.months):
        # A date, so that the charts get a time axis labelled by year.
        sheet.cell(row=FIRST_ROW + m, column=1, value=month_date(month)).number_format = MONTH
    cells.last_row = FIRST_ROW + len(p.months) - 1
    sheet.row_dimensions[GROUP_ROW].height = 30
    sheet.row_dimensions[HEADER_ROW].height = 45
    set_widths(sheet, {1: 10} | dict.fromkeys(range(2, len(columns) + 2), 12))
    sheet.freeze_panes = f"B{FIRST_ROW}"
    # Three years of months to a printed page, so that no page holds a stray row or two.
    for first_of_page in range(FIRST_ROW + MONTHS_PER_PAGE, cells.last_row + 1, MONTHS_PER_PAGE):
        sheet.row_breaks.append(Break(id=first_of_page - 1))
    titles = f"{GROUP_ROW}:{HEADER_ROW}"
    print_setup(sheet, plan_title, title_rows=titles, title_columns="A:A", fit_width=False, scale=65)
    return cells


def _finite(values: Array) -> list[float | None]:
    """Values with infinities as empty cells: a chart leaves a gap instead of plotting a number."""
    return [value if math.isfinite(value) else None for value in values.tolist()]
