"""The Projection sheet: the engine's monthly results per stage and priority, as values, in a filterable table."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np

from desktop.io.workbook.safe_text import put_text
from desktop.io.workbook.styles import (
    HEADER,
    HEADER_RIGHT,
    NO_CAPACITY,
    NOTE,
    ONE_DECIMAL,
    RIGHT,
    TITLE_FONT,
    TWO_DECIMALS,
    WHOLE,
    WRAP_TOP,
    YES_NO,
    fitted_width,
    print_setup,
    set_widths,
)
from desktop.io.workbook.xl import Table, TableStyleInfo, Worksheet, get_column_letter
from desktop.model.engine import Projection

COLUMNS: Final = (
    ("Month", "General"),
    ("Stage", "General"),
    ("Priority", "General"),
    ("New items", TWO_DECIMALS),
    ("New work (hours)", WHOLE),
    ("Processed (hours)", WHOLE),
    ("Completed (items)", TWO_DECIMALS),
    ("Waiting at month end (items)", TWO_DECIMALS),
    ("Waiting at month end (hours)", WHOLE),
    ("Expected wait at current rates (days)", ONE_DECIMAL),
    ("Wait of a report arriving this month (days)", ONE_DECIMAL),
    ("Target (days)", "General"),
    ("Over target", YES_NO),
)
HEADER_ROW: Final = 4


@dataclass(frozen=True)
class ProjectionCells:
    """Where the table's columns are, for the Model's check."""

    sheet: str
    first_row: int
    last_row: int

    def column(self, title: str) -> str:
        """``'Projection'!$H$5:$H$508`` for the column titled ``title``."""
        index = [name for name, _ in COLUMNS].index(title) + 1
        letter = get_column_letter(index)
        return f"'{self.sheet}'!${letter}${self.first_row}:${letter}${self.last_row}"


def wait_value(days: float) -> float | str:
    """A wait as the workbook shows it: days, or "no capacity" when the priority gets no capacity at all."""
    return days if math.isfinite(days) else NO_CAPACITY


def write_projection(sheet: Worksheet, projection: Projection, plan_title: str, table_name: str) -> ProjectionCells:
    """One row per stage, priority and month (in that order), with a filter on every column."""
    scenario = projection.scenario
    put_text(sheet, 1, 1, "Projection — " + scenario.name).font = TITLE_FONT
    sheet.row_dimensions[1].height = 24
    note = (
        "The app's monthly results, as values: the authoritative figures of this scenario. Waits are in days: "
        "the expected wait at current rates (the backlog's drain time plus queueing, as if the month's rates "
        "went on), and the wait of a report arriving this month (first come first served within its "
        "priority, its own handling included), on which the target is judged. "
        f'"{NO_CAPACITY}" means the priority gets no hours, so its wait has no end. '
        "Use the filters in the header to pick a stage or a priority."
    )
    put_text(sheet, 2, 1, note, NOTE).alignment = WRAP_TOP
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(COLUMNS))
    sheet.row_dimensions[2].height = 28
    for column, (title, _) in enumerate(COLUMNS, start=1):
        header = put_text(sheet, HEADER_ROW, column, title, HEADER)
        if column > 3:  # over figures, which stand to the right
            header.alignment = HEADER_RIGHT
    sheet.row_dimensions[HEADER_ROW].height = 45

    p = projection
    arrivals = p.arrivals.sum(axis=2)  # (K, M, P)
    completed = p.completed.sum(axis=2)
    waiting_items = p.backlog_items.sum(axis=2)
    breached = p.breached
    formats = [number_format for _, number_format in COLUMNS]
    row = HEADER_ROW + 1
    cell = sheet.cell
    for k, stage in enumerate(scenario.stages):
        for j, priority in enumerate(scenario.priorities):
            columns = (
                arrivals[k, :, j].tolist(),
                p.demand_hours[k, :, j].tolist(),
                p.processed_hours[k, :, j].tolist(),
                completed[k, :, j].tolist(),
                waiting_items[k, :, j].tolist(),
                p.backlog_hours[k, :, j].tolist(),
                [wait_value(days) for days in p.wait_days[k, :, j].tolist()],
                [wait_value(days) for days in p.arrival_wait_days[k, :, j].tolist()],
                np.full(len(p.months), priority.target_days).tolist(),
                breached[k, :, j].astype(int).tolist(),
            )
            for m, month in enumerate(p.months):
                put_text(sheet, row, 1, month)
                put_text(sheet, row, 2, stage.name)
                put_text(sheet, row, 3, priority.name)
                for offset, values in enumerate(columns):
                    value = values[m]
                    target = cell(row=row, column=4 + offset, value=value)
                    target.number_format = formats[3 + offset]
                    if isinstance(value, str):
                        target.alignment = RIGHT
                row += 1
    last_row = row - 1
    reference = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{last_row}"
    table = Table(displayName=table_name, ref=reference)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    sheet.add_table(table)
    set_widths(
        sheet,
        {1: 10, 2: fitted_width([s.name for s in scenario.stages], minimum=12, maximum=30)}
        | {3: fitted_width([q.name for q in scenario.priorities], minimum=12, maximum=30)}
        | dict.fromkeys(range(4, len(COLUMNS) + 1), 13),
    )
    sheet.freeze_panes = f"D{HEADER_ROW + 1}"
    print_setup(sheet, plan_title, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    return ProjectionCells(sheet.title, HEADER_ROW + 1, last_row)
