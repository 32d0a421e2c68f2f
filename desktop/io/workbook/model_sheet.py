"""The Model sheet: the projection recomputed by Excel formulas from the Assumptions and an effective-FTE table.

Change a volume, a growth rate, a share, hours per item or FTE, and intake,
backlog, waiting times and FTE needed follow. The check at the top compares the
Model with the Projection sheet: zero as exported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.io.workbook import layout
from desktop.io.workbook.assumptions import AssumptionCells
from desktop.io.workbook.by_month import FIRST_ROW as BY_MONTH_FIRST_ROW
from desktop.io.workbook.by_month import ByMonthCells
from desktop.io.workbook.model_queue import StageRows, write_stage_queues
from desktop.io.workbook.model_rows import (
    FIRST_MONTH_COLUMN,
    LABEL_COLUMN,
    PARAMETER_COLUMN,
    START_COLUMN,
    ModelRows,
    filled_in,
    sum_of,
)
from desktop.io.workbook.projection_sheet import ProjectionCells
from desktop.io.workbook.safe_text import put_text
from desktop.io.workbook.styles import (
    BOLD,
    HEADER,
    NOTE,
    ONE_DECIMAL,
    TITLE_FONT,
    TWO_DECIMALS,
    WARNING_FONT,
    WHOLE,
    WRAP_TOP,
    fitted_width,
    print_setup,
    set_widths,
)
from desktop.io.workbook.xl import FormulaRule, Workbook, Worksheet, get_column_letter
from desktop.model.engine import Projection

HEADER_ROW = 5
CHECK_ROW = 3


@dataclass
class ModelCells:
    """Rows of the Model that other sheets and the tests refer to."""

    sheet: str
    check: str = ""
    """Absolute reference of the check cell: the largest relative difference from the Projection."""
    intake: list[int] = field(default_factory=list)
    fte: list[int] = field(default_factory=list)
    capacity: list[int] = field(default_factory=list)
    stages: list[StageRows] = field(default_factory=list)


def write_model(
    workbook: Workbook,
    sheet: Worksheet,
    projection: Projection,
    plan_title: str,
    cells: AssumptionCells,
    projection_cells: ProjectionCells,
    by_month: ByMonthCells,
    names: layout.SheetNames,
    defined: layout.DefinedNames,
) -> ModelCells:
    scenario = projection.scenario
    out = ModelCells(sheet.title)
    last_column = FIRST_MONTH_COLUMN + scenario.months - 1
    put_text(sheet, 1, 1, "Model — " + scenario.name + ": the projection recomputed by formulas").font = TITLE_FONT
    sheet.row_dimensions[1].height = 24
    note = (
        "Every figure here is a formula on the Assumptions sheet and on the effective FTE per month below "
        "(yellow: inputs). Change them and intake, backlog, waiting times and FTE needed follow. The app works "
        "out effective FTE from staffing (leavers, vacancies, ramp-up); to try other staffing here, change that "
        "table. Column E holds the figure a row uses (hours per item, hours per FTE), column F the start."
    )
    put_text(sheet, 2, 1, note, NOTE).alignment = WRAP_TOP
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=FIRST_MONTH_COLUMN + 11)
    sheet.row_dimensions[2].height = 40

    header = ["What", "Stage", "Priority", "Source", "Per item / FTE", "Start", *projection.months]
    for column, text in enumerate(header, start=1):
        put_text(sheet, HEADER_ROW, column, text, HEADER)
    rows = ModelRows(sheet, scenario.months, HEADER_ROW + 1)
    _calendar(rows, projection)
    out.intake = _intake(rows, projection, cells)
    out.fte, out.capacity = _capacity(workbook, rows, projection, cells, names, defined)
    out.stages = write_stage_queues(rows, scenario, cells, out.intake, out.capacity, out.fte)
    out.check = _check(workbook, sheet, rows, out, projection_cells, by_month, defined, names)

    stage_names = [stage.name for stage in scenario.stages]
    widths = {
        LABEL_COLUMN: 44,
        2: fitted_width(stage_names, minimum=10, maximum=24),
        3: fitted_width([p.name for p in scenario.priorities], minimum=10, maximum=24),
        4: fitted_width([s.name for s in scenario.sources], minimum=10, maximum=28),
        PARAMETER_COLUMN: 10,
        START_COLUMN: 10,
    }
    set_widths(sheet, widths | dict.fromkeys(range(FIRST_MONTH_COLUMN, last_column + 1), 10))
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=FIRST_MONTH_COLUMN).coordinate
    # A year of months per printed page across; the labels repeat on every page.
    pages_wide = -(-scenario.months // 12)
    print_setup(
        sheet,
        plan_title,
        fit_width=False,
        pages_wide=pages_wide,
        title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
        title_columns="A:D",
    )
    return out


def _calendar(rows: ModelRows, projection: Projection) -> None:
    rows.heading("Calendar")
    years = [int(month[:4]) for month in projection.months]
    months_of_year = [int(month[5:]) for month in projection.months]
    rows.year_row = rows.values("Year", years, "0")
    rows.month_of_year_row = rows.values("Month of the year", months_of_year, "0")
    rows.month_number_row = rows.values("Months from the start", list(range(len(projection.months))), "0")


def _intake(rows: ModelRows, projection: Projection, cells: AssumptionCells) -> list[int]:
    """Per source: the factor of the events so far, then reports per month (docs/method.md, Intake)."""
    scenario = projection.scenario
    rows.heading("Reports received per month")
    event_rows = []
    number, source_range, factor = rows.month_number_row, cells.event_source, cells.event_factor
    month_number = cells.event_month_number
    for s, source in enumerate(scenario.sources):
        key = cells.source_key[s]
        # The product of the factors of this source's events up to the month; a factor 0 (a source
        # switched off) cannot go through a logarithm, so it is tested for first.
        applies = f"EXACT({source_range},{key})*({month_number}<={{m}}${number})"
        formula = f"=IF(SUMPRODUCT({applies}*({factor}=0))>0,0,EXP(SUMPRODUCT({applies}*LN({factor}+({factor}=0)))))"
        event_rows.append(rows.formulas("Factor of events so far", filled_in(formula), "0.000", source=source.name))
    intake_rows = []
    year, month_of_year = rows.year_row, rows.month_of_year_row
    for s, source in enumerate(scenario.sources):
        used, season, events = cells.volume_used[s], cells.seasonality[s], event_rows[s]

        def reports(
            m: str, _: str, used: str = used, season: str = season, events: int = events, first: int = cells.first_year
        ) -> str:
            volume = f"INDEX({used},1,{m}${year}-{first}+1)"
            seasonal = f"INDEX({season},1,{m}${month_of_year})*12/SUM({season})"
            return f"={volume}/12*{seasonal}*{m}{events}"

        intake_rows.append(rows.formulas("Reports received", reports, ONE_DECIMAL, source=source.name))
    first, last = intake_rows[0], intake_rows[-1]
    rows.formulas("Reports received, all sources", lambda m, _: f"=SUM({m}{first}:{m}{last})", WHOLE)
    return intake_rows


def _capacity(
    workbook: Workbook,
    rows: ModelRows,
    projection: Projection,
    cells: AssumptionCells,
    names: layout.SheetNames,
    defined: layout.DefinedNames,
) -> tuple[list[int], list[int]]:
    """The effective FTE per month (inputs, from the app's staffing calculation) and the hours they give."""
    scenario = projection.scenario
    rows.heading("Effective FTE per month (input) and capacity")
    fte_rows = []
    for k, stage in enumerate(scenario.stages):
        row = rows.inputs("Effective FTE", projection.fte_available[k].tolist(), TWO_DECIMALS, stage=stage.name)
        fte_rows.append(row)
        reference = layout.range_ref(
            rows.sheet.title, row, FIRST_MONTH_COLUMN, row, FIRST_MONTH_COLUMN + scenario.months - 1
        )
        defined.add(workbook, defined.name_for("Effective_FTE", stage.key, names.suffix[1:]), reference)
    capacity_rows = []
    for k, stage in enumerate(scenario.stages):
        capacity_rows.append(
            rows.formulas(
                "Capacity (hours)",
                filled_in(f"={{m}}{fte_rows[k]}*$E${rows.row}"),
                WHOLE,
                stage=stage.name,
                parameter=f"={cells.hours_per_fte_month[k]}",
                parameter_format=TWO_DECIMALS,
            )
        )
    return fte_rows, capacity_rows


_CHECKS = (
    ("Reports received", "intake"),
    ("Completed (items)", "completed_items"),
    ("Waiting at month end (items)", "waiting_items"),
    ("Waiting at month end (hours)", "waiting_hours"),
    ("Expected wait at current rates (days)", "wait_days"),
    ("Wait of a report arriving this month (days)", "arrival_wait_days"),
    ("Over target", "over_target"),
)


def _check(
    workbook: Workbook,
    sheet: Worksheet,
    rows: ModelRows,
    out: ModelCells,
    projection_cells: ProjectionCells,
    by_month: ByMonthCells,
    defined: layout.DefinedNames,
    names: layout.SheetNames,
) -> str:
    """Totals over every month of the Model and of the Projection, side by side; the top cell shows the largest gap."""
    rows.heading("Check: the Model against the Projection (totals over every month, stage and priority)")
    header = rows.row
    for column, text in enumerate(("Total of", "", "", "", "Model", "Projection", "Relative difference"), start=1):
        if text:
            put_text(sheet, header, column, text, HEADER)
    rows.row += 1
    span = rows.span
    by_month_total = (
        f"'{by_month.sheet}'!${get_column_letter(by_month.intake_total)}${BY_MONTH_FIRST_ROW}:"
        f"${get_column_letter(by_month.intake_total)}${by_month.last_row}"
    )
    first_difference = rows.row
    for label, attribute in _CHECKS:
        if attribute == "intake":
            model = sum_of([span(row) for row in out.intake])
            projection = f"SUM({by_month_total})"
        else:
            if attribute in ("wait_days", "arrival_wait_days", "over_target"):
                parts = [getattr(p, attribute) for stage in out.stages for p in stage.priorities]
            else:
                parts = [getattr(stage, attribute) for stage in out.stages]
            model = sum_of([span(row) for row in parts])
            projection = f"SUM({projection_cells.column(label)})"
        row = rows.labelled(label)
        sheet.cell(row=row, column=5, value=f"={model}").number_format = WHOLE
        sheet.cell(row=row, column=6, value=f"={projection}").number_format = WHOLE
        # Relative, and rounded far below any figure shown, so that the sums' rounding reads as zero.
        difference = f"=ROUND((E{row}-F{row})/MAX(1,ABS(F{row})),9)"
        sheet.cell(row=row, column=7, value=difference).number_format = "0.0000%"
    differences = f"$G${first_difference}:$G${rows.row - 1}"
    put_text(sheet, CHECK_ROW, 1, "Check: largest difference from the Projection").font = BOLD
    check = sheet.cell(row=CHECK_ROW, column=5, value=f"=MAX(MAX({differences}),-MIN({differences}))")
    check.number_format = "0.0000%"
    check.font = BOLD
    status = (
        f'=IF(E{CHECK_ROW}=0,"The Model agrees with the Projection: no assumption has been changed.",'
        '"Assumptions or FTE differ from the exported plan: the Model shows their effect; '
        'the Projection and the Summary show the plan as exported.")'
    )
    sheet.cell(row=CHECK_ROW, column=6, value=status).font = BOLD
    # Red only when the Model has moved away from the export.
    changed = FormulaRule(formula=[f"$E${CHECK_ROW}<>0"], font=WARNING_FONT)
    sheet.conditional_formatting.add(f"F{CHECK_ROW}", changed)
    reference = layout.cell_ref(sheet.title, CHECK_ROW, 5)
    defined.add(workbook, defined.name_for("Model_Check", names.suffix[1:]), reference)
    return reference
