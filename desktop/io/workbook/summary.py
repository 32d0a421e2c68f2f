"""The Summary sheet: the headline figures and the charts, on one landscape page."""

from __future__ import annotations

import datetime as dt
import math
from typing import Final

import numpy as np

from desktop import __version__
from desktop.io.workbook.by_month import FIRST_ROW, ByMonthCells
from desktop.io.workbook.charts import PALETTE, PRIORITY_COLOURS, Line, line_chart, place, stacked_area_chart
from desktop.io.workbook.safe_text import put_text, put_value
from desktop.io.workbook.styles import (
    BOLD,
    HEADER,
    HEADER_RIGHT,
    LABEL,
    NO_CAPACITY,
    NOTE,
    ONE_DECIMAL,
    RIGHT,
    SECTION_FONT,
    SUBTITLE_FONT,
    TITLE_FONT,
    WARNING_FONT,
    WHOLE,
    WRAP_TOP,
    print_setup,
    set_widths,
)
from desktop.io.workbook.xl import Worksheet
from desktop.model.engine import Projection
from desktop.model.measures import Headlines, StageHeadline
from desktop.model.plan import Plan, Priority
from desktop.model.story import stage_story

CHART_WIDTH_CHARS: Final = 50
FIRST_BAND_ROWS: Final = 16
"""The first row of charts (intake, waiting) has room for a legend of several sources."""
STAGE_BAND_ROWS: Final = 13
FIRST_CHART_ROW: Final = 6
LABEL_WIDTH: Final = 44
VALUE_WIDTH: Final = 15
HIRE_LABEL: Final = "Posts to fund from {month} to meet every target"
WAIT_SCALE_CUT: Final = 3.0
"""The wait charts show up to 300 % of the target; a line above runs off the top."""


def write_summary(
    sheet: Worksheet,
    plan: Plan,
    projection: Projection,
    figures: Headlines,
    by_month_sheet: Worksheet,
    by_month: ByMonthCells,
    model_check: str,
    exported: dt.date,
) -> None:
    scenario = projection.scenario
    n_stages = len(scenario.stages)
    value_columns = max(2, n_stages)
    chart_column = 2 + value_columns + 1  # a narrow gap after the figures
    put_text(sheet, 1, 1, plan.title).font = TITLE_FONT
    sheet.row_dimensions[1].height = 26
    last_month = projection.months[-1]
    line = f"Scenario: {scenario.name} — {scenario.start} to {last_month} ({scenario.months} months)"
    put_text(sheet, 2, 1, line).font = SUBTITLE_FONT
    put_text(sheet, 3, 1, f"Exported on {exported.isoformat()} by Caseload Planner {__version__}", NOTE)
    changed = (
        f'=IF({model_check}=0,"","Assumptions were changed in this workbook after export: the figures and charts '
        'on this page are the plan as exported; the Model sheet shows the changes.")'
    )
    sheet.cell(row=4, column=1, value=changed).font = WARNING_FONT

    row = _intake_table(sheet, figures, FIRST_CHART_ROW)
    decision = scenario.decision_month or scenario.start
    row = _stage_table(sheet, scenario.priorities, figures.stages, scenario.clear_months, row + 1, decision)
    stories = [stage_story(projection, figures, k) for k in range(n_stages)]
    row = _notes(sheet, [*stories, scenario.notes, plan.notes], row + 1, 1 + value_columns)

    last_row = max(row, FIRST_CHART_ROW + FIRST_BAND_ROWS + n_stages * STAGE_BAND_ROWS)
    _charts(sheet, projection, by_month_sheet, by_month, chart_column)
    set_widths(
        sheet,
        {1: LABEL_WIDTH}
        | {1 + c: VALUE_WIDTH for c in range(1, value_columns + 1)}
        | {chart_column - 1: 2, chart_column: CHART_WIDTH_CHARS, chart_column + 1: CHART_WIDTH_CHARS},
    )
    sheet.print_area = f"A1:{sheet.cell(row=last_row, column=chart_column + 1).coordinate}"
    print_setup(sheet, plan.title, one_page=True)
    sheet.sheet_view.showGridLines = False


def _intake_table(sheet: Worksheet, figures: Headlines, row: int) -> int:
    put_text(sheet, row, 1, "Reports received per year").font = SECTION_FONT
    put_text(sheet, row + 1, 1, "Year", HEADER)
    put_text(sheet, row + 1, 2, "Reports", HEADER).alignment = RIGHT
    row += 2
    for year, total in figures.intake_per_year.items():
        months = figures.months_per_year[year]
        label = str(year) if months == 12 else f"{year} ({months} months)"
        put_text(sheet, row, 1, label, LABEL)
        put_value(sheet, row, 2, total, LABEL).number_format = WHOLE
        row += 1
    return row


def _shown(value: float, number_format: str = ONE_DECIMAL) -> tuple[float | str, str]:
    return (value, number_format) if math.isfinite(value) else (NO_CAPACITY, "General")


def _stage_table(
    sheet: Worksheet,
    priorities: list[Priority],
    stages: list[StageHeadline],
    clear_months: int,
    row: int,
    decision_month: str,
) -> int:
    hire_label = HIRE_LABEL.format(month=decision_month)
    put_text(sheet, row, 1, "Per stage (FTE: means over the last 12 months)").font = SECTION_FONT
    row += 1
    put_text(sheet, row, 1, "", HEADER)
    for k, stage in enumerate(stages):
        put_text(sheet, row, 2 + k, stage.name, HEADER).alignment = HEADER_RIGHT
    for offset, texts in enumerate(([stage.name for stage in stages], [stage.team for stage in stages])):
        lines_needed = min(3, math.ceil(max(len(text) for text in texts) / (VALUE_WIDTH - 1)))
        sheet.row_dimensions[row + offset].height = 14 * lines_needed
    row += 1
    first_stage = stages[0] if stages else None
    occupancy = ", ".join(sorted({f"{stage.max_occupancy:.0%}" for stage in stages}))
    lines: list[tuple[str, list[tuple[float | str, str]]]] = [
        ("Team", [(stage.team, "General") for stage in stages]),
        (
            "New work first exceeds capacity",
            [(stage.first_month_over_capacity or "never", "General") for stage in stages],
        ),
        ("Reports waiting at the end", [_shown(stage.backlog_items_end, WHOLE) for stage in stages]),
        ("Hours of work waiting at the end", [_shown(stage.backlog_hours_end, WHOLE) for stage in stages]),
        ("FTE available (effective)", [_shown(stage.fte_available) for stage in stages]),
        ("Posts funded", [_shown(stage.posts_funded) for stage in stages]),
        (
            f"FTE needed for the work reaching the team (at {occupancy} occupancy)",
            [_shown(stage.need_today.fte) for stage in stages],
        ),
        ("  in its peak month", [_shown(stage.need_today.peak_fte) for stage in stages]),
        ("  peak month", [(stage.need_today.peak_month, "General") for stage in stages]),
        ("  as funded posts (vacancies and ramp-up allowed for)", [_shown(stage.need_today.posts) for stage in stages]),
        (
            "FTE needed if every stage before it kept up",
            [
                ("same", "General") if stage is first_stage else _shown(stage.need_if_upstream_kept_up.fte)
                for stage in stages
            ],
        ),
        (
            "  as funded posts",
            [
                ("same", "General") if stage is first_stage else _shown(stage.need_if_upstream_kept_up.posts)
                for stage in stages
            ],
        ),
        ("FTE short for the work reaching it (negative: to spare)", [_shown(stage.gap_today) for stage in stages]),
        (
            "FTE short if every stage before it kept up",
            [
                ("same", "General") if stage is first_stage else _shown(stage.gap_if_upstream_kept_up)
                for stage in stages
            ],
        ),
        (
            f"FTE more to clear the end backlog in {clear_months} months",
            [_shown(stage.clear_fte) for stage in stages],
        ),
    ]
    for priority in priorities:
        label = f"Months over target: {priority.name} ({priority.target_days:g} days)"
        lines.append((label, [(stage.months_in_breach[priority.key], "0") for stage in stages]))
    lines += [
        (hire_label, [_hire(stage) for stage in stages]),
        ("New posts filled from", [_hire_month(stage) for stage in stages]),
        ("Months over target before they can be filled", [_before_hires(stage) for stage in stages]),
    ]
    for label, cells in lines:
        put_text(sheet, row, 1, label, LABEL)
        for k, (value, number_format) in enumerate(cells):
            cell = put_value(sheet, row, 2 + k, value, LABEL)
            cell.number_format = number_format
            cell.alignment = HEADER_RIGHT if isinstance(value, str) else RIGHT
        if label == hire_label:  # the answer management asks for
            for column in range(1, 2 + len(stages)):
                sheet.cell(row=row, column=column).font = BOLD
        row += 1
    return row


def _hire(stage: StageHeadline) -> tuple[float | str, str]:
    if stage.hire is None:
        return "—", "General"
    if stage.hire.fte is None:
        return "not possible", "General"
    return stage.hire.fte, ONE_DECIMAL


def _hire_month(stage: StageHeadline) -> tuple[float | str, str]:
    hire = stage.hire
    return (hire.first_month_helped or "after the end", "General") if hire is not None else ("—", "General")


def _before_hires(stage: StageHeadline) -> tuple[float | str, str]:
    hire = stage.hire
    return (hire.months_breached_before_hires, "0") if hire is not None else ("—", "General")


def _notes(sheet: Worksheet, texts: list[str], row: int, last_column: int) -> int:
    """Paragraphs under the table, each in cells merged across the figures' width."""
    for text in texts:
        if not text.strip():
            continue
        put_text(sheet, row, 1, text, NOTE).alignment = WRAP_TOP
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
        width = LABEL_WIDTH + VALUE_WIDTH * (last_column - 1)
        sheet.row_dimensions[row].height = 12 * max(1, math.ceil(len(text) * 1.15 / width))
        row += 1
    return row


def _charts(sheet: Worksheet, projection: Projection, data: Worksheet, cells: ByMonthCells, chart_column: int) -> None:
    scenario = projection.scenario
    first, last = FIRST_ROW, cells.last_row

    def at(top: int, rows: int, column: int, chart: object) -> None:
        place(sheet, chart, chart_column + column, top, chart_column + column + 1, top + rows)

    sources = [Line(cells.intake[s], PALETTE[s % len(PALETTE)]) for s in range(len(scenario.sources))]
    intake = stacked_area_chart(
        data, first, last, sources, title="Reports received per month, by source", y_title="reports"
    )
    at(FIRST_CHART_ROW, FIRST_BAND_ROWS, 0, intake)
    waiting = [
        Line(cells.waiting[j], PRIORITY_COLOURS[j % len(PRIORITY_COLOURS)]) for j in range(len(scenario.priorities))
    ]
    backlog = stacked_area_chart(
        data, first, last, waiting, title="Reports waiting, all stages, by priority", y_title="reports"
    )
    at(FIRST_CHART_ROW, FIRST_BAND_ROWS, 1, backlog)
    for k, stage in enumerate(scenario.stages):
        top = FIRST_CHART_ROW + FIRST_BAND_ROWS + k * STAGE_BAND_ROWS
        work = [
            Line(cells.new_work[k], "C8553D"),
            Line(cells.capacity[k], "1F3A5F", dashed=True),
        ]
        title = f"{stage.name}: new work and capacity"
        at(top, STAGE_BAND_ROWS, 0, line_chart(data, first, last, work, title=title, y_title="hours per month"))
        waits = [
            Line(cells.wait_share[k][j], PRIORITY_COLOURS[j % len(PRIORITY_COLOURS)])
            for j in range(len(scenario.priorities))
        ]
        waits.append(Line(cells.target_line, "6B7280", dashed=True, width_pt=1.25))
        targets = np.array([priority.target_days for priority in scenario.priorities])
        shares = projection.arrival_wait_days[k] / targets  # the wait the targets are judged on
        over = bool((~np.isfinite(shares)).any() or (shares > WAIT_SCALE_CUT).any())
        title = f"{stage.name}: wait of reports arriving, as % of the target"
        chart = line_chart(
            data,
            first,
            last,
            waits,
            title=title,
            y_title="% of target" + (" (cut at 300 %)" if over else ""),
            number_format="0%",
            y_max=WAIT_SCALE_CUT if over else None,
        )
        at(top, STAGE_BAND_ROWS, 1, chart)
