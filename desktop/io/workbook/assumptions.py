"""The Assumptions sheet: every input of a scenario, labelled, with units, in input-styled cells.

The Model sheet's formulas point at these cells (:class:`AssumptionCells` tells it
where they are); reading a workbook back finds the blocks by their defined names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop import __version__
from desktop.io.workbook import layout
from desktop.io.workbook.assumption_tables import write_changes, write_events, write_seasonality, write_volumes
from desktop.io.workbook.formats import month_date, number_format, percent_format
from desktop.io.workbook.safe_text import put_text, put_value
from desktop.io.workbook.styles import (
    COMPUTED,
    HEADER,
    HEADER_RIGHT,
    IDENTIFIER,
    INPUT,
    LABEL,
    MONTH,
    NOTE,
    TITLE_FONT,
    WRAP_TOP,
    fitted_width,
    print_setup,
    section_title,
    set_widths,
)
from desktop.io.workbook.xl import Break, Workbook, Worksheet
from desktop.model.plan import Plan, Scenario

LAST_TEXT_COLUMN = 14
"""Text inputs (title, notes) are merged from column C to this column, wide enough to read."""


@dataclass
class AssumptionCells:
    """Where the Model finds each input: absolute references such as ``'Assumptions'!$C$12``."""

    sheet: str
    start: str = ""
    clear_months: str = ""
    target_days: list[str] = field(default_factory=list)
    hours_per_fte_month: list[str] = field(default_factory=list)
    working_weeks: list[str] = field(default_factory=list)
    initial_backlog: list[list[str]] = field(default_factory=list)  # [stage][priority]
    source_key: list[str] = field(default_factory=list)
    growth: list[str] = field(default_factory=list)
    mix: list[list[str]] = field(default_factory=list)  # [source][priority]
    share: list[list[str]] = field(default_factory=list)  # [source][stage]
    hours: list[list[str]] = field(default_factory=list)  # [source][stage]
    seasonality: list[str] = field(default_factory=list)  # a 12-cell range per source
    volume_used: list[str] = field(default_factory=list)  # a range over the years per source
    first_year: int = 0
    event_source: str = ""
    event_month_number: str = ""
    event_factor: str = ""

    def ref(self, row: int, column: int) -> str:
        return layout.cell_ref(self.sheet, row, column)


def write_assumptions(
    workbook: Workbook,
    sheet: Worksheet,
    plan: Plan,
    scenario: Scenario,
    names: layout.SheetNames,
    defined: layout.DefinedNames,
    exported: dt.date,
) -> AssumptionCells:
    """Fill ``sheet`` with the scenario's inputs; return where the Model finds them."""
    cells = AssumptionCells(sheet=sheet.title)
    last_column = max(LAST_TEXT_COLUMN, 3 + len(scenario.priorities) + 2 * len(scenario.stages))
    title = put_text(sheet, 1, 1, "Assumptions — " + scenario.name)
    title.font = TITLE_FONT
    sheet.row_dimensions[1].height = 24
    intro = (
        "Yellow cells with blue figures are inputs: change one to try an alternative, and the Model sheet "
        "recomputes intake, backlog, waiting times and FTE needed. Staffing (FTE at the start, leavers, "
        "vacancies, ramp-up, changes) is turned by the app into the effective FTE per month on the Model "
        "sheet; change that table to try other staffing. Grey text is an identifier the app uses. Open this "
        "workbook in Caseload Planner to take changed assumptions back into the plan."
    )
    _note(sheet, 2, intro, last_column, lines=3)
    row = _write_scenario(workbook, sheet, plan, scenario, names, defined, cells, 4)
    row = _write_priorities(workbook, sheet, scenario, names, defined, cells, row + 1)
    row = _write_stages(workbook, sheet, scenario, names, defined, cells, row + 1)
    row = write_changes(workbook, sheet, scenario, names, defined, row + 1)
    # The per-source tables start a new printed page, rather than breaking the sources table in two.
    sheet.row_breaks.append(Break(id=row))
    row = _write_sources(workbook, sheet, scenario, names, defined, cells, row + 1)
    row = write_volumes(workbook, sheet, scenario, names, defined, cells, row + 1)
    row = write_seasonality(workbook, sheet, scenario, names, defined, cells, row + 1)
    row = write_events(workbook, sheet, scenario, names, defined, cells, row + 1)
    _write_marker(workbook, sheet, defined, row + 1, exported)
    texts = [[stage.name, stage.team, stage.key] for stage in scenario.stages]
    stage_widths = {3 + k: fitted_width(names_of, minimum=12, maximum=26) for k, names_of in enumerate(texts)}
    key_width = fitted_width([s.key for s in scenario.sources] + [p.key for p in scenario.priorities], minimum=14)
    set_widths(sheet, {1: 44, 2: min(key_width, 24)} | dict.fromkeys(range(3, last_column + 1), 12) | stage_widths)
    sheet.freeze_panes = "C2"  # the title, and the labels and keys when scrolling across years and months
    print_setup(sheet, plan.title)
    return cells


def _note(sheet: Worksheet, row: int, text: str, last_column: int, *, lines: int = 1) -> None:
    put_text(sheet, row, 1, text, NOTE).alignment = WRAP_TOP
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
    sheet.row_dimensions[row].height = 13 * lines + 2


def _text_input(sheet: Worksheet, row: int, text: str, *, lines: int = 1) -> None:
    cell = put_text(sheet, row, 3, text, INPUT)
    cell.alignment = WRAP_TOP
    sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=LAST_TEXT_COLUMN)
    if lines > 1:
        sheet.row_dimensions[row].height = 13.5 * lines


def _lines_needed(text: str, width_chars: int = 150) -> int:
    return max(1, min(12, sum(1 + len(part) // width_chars for part in text.split("\n"))))


def _write_scenario(
    workbook: Workbook,
    sheet: Worksheet,
    plan: Plan,
    scenario: Scenario,
    names: layout.SheetNames,
    defined: layout.DefinedNames,
    cells: AssumptionCells,
    row: int,
) -> int:
    section_title(sheet, row, "Plan and scenario", LAST_TEXT_COLUMN)
    first = row + 1
    rows: list[tuple[str, str]] = [
        ("Plan title", "text"),
        ("Plan notes", "text"),
        ("Scenario", "text"),
        ("Scenario notes", "text"),
        ("Start month", "month"),
        ("Length of the projection", "months"),
        ("Months to clear a backlog", "months"),
        ("Decision month: advice from", "month"),
    ]
    for offset, (label, unit) in enumerate(rows):
        put_text(sheet, first + offset, 1, label, LABEL).alignment = WRAP_TOP
        put_text(sheet, first + offset, 2, unit, IDENTIFIER).alignment = WRAP_TOP
    for offset, text in enumerate((plan.title, plan.notes, scenario.name, scenario.notes)):
        _text_input(sheet, first + offset, text, lines=_lines_needed(text))
    start = put_value(sheet, first + 4, 3, month_date(scenario.start), INPUT)
    start.number_format = MONTH
    put_value(sheet, first + 5, 3, scenario.months, INPUT).number_format = "0"
    put_value(sheet, first + 6, 3, scenario.clear_months, INPUT).number_format = "0"
    decision = month_date(scenario.decision_month) if scenario.decision_month else None
    put_value(sheet, first + 7, 3, decision, INPUT).number_format = MONTH
    put_text(sheet, first + 7, 4, "Months before it are history: no advice for them. Empty: the start month.", NOTE)
    put_text(sheet, first + 5, 4, "The length and the start take effect when the plan is opened in the app.", NOTE)
    cells.start = cells.ref(first + 4, 3)
    cells.clear_months = cells.ref(first + 6, 3)
    i = names.number
    defined.add(workbook, layout.BLOCK_SCENARIO.format(i=i), layout.range_ref(sheet.title, first, 3, first + 7, 3))
    defined.add(workbook, defined.name_for("Start_Month", names.suffix[1:]), cells.start)
    defined.add(workbook, defined.name_for("Clear_Months", names.suffix[1:]), cells.clear_months)
    return first + len(rows)


def _write_priorities(
    workbook: Workbook,
    sheet: Worksheet,
    scenario: Scenario,
    names: layout.SheetNames,
    defined: layout.DefinedNames,
    cells: AssumptionCells,
    row: int,
) -> int:
    section_title(sheet, row, "Priorities (most urgent first)", LAST_TEXT_COLUMN)
    for column, text in enumerate(("Priority", "Key", "Target (days)"), start=1):
        put_text(sheet, row + 1, column, text, HEADER)
    sheet.cell(row=row + 1, column=3).alignment = HEADER_RIGHT
    first = row + 2
    for offset, priority in enumerate(scenario.priorities):
        r = first + offset
        put_text(sheet, r, 1, priority.name, INPUT)
        put_text(sheet, r, 2, priority.key, IDENTIFIER)
        put_value(sheet, r, 3, priority.target_days, INPUT).number_format = number_format(priority.target_days)
        cells.target_days.append(cells.ref(r, 3))
        defined.add(workbook, defined.name_for("Target", priority.key, names.suffix[1:]), cells.ref(r, 3))
    last = first + len(scenario.priorities) - 1
    defined.add(
        workbook, layout.BLOCK_PRIORITIES.format(i=names.number), layout.range_ref(sheet.title, first, 1, last, 3)
    )
    put_text(sheet, last + 1, 1, "A report that waits longer than its target counts as over target.", NOTE)
    return last + 2


_STAGE_ROWS: list[tuple[str, str]] = [
    ("Key (identifier)", ""),
    ("Name", "text"),
    ("Team", "text"),
    ("FTE funded at the start", "FTE"),
    ("Paid hours per FTE per year", "hours"),
    ("Share of paid hours for casework", "%"),
    ("Share of casework spent viewing material", "%"),
    ("Cap on viewing material per person", "hours per week"),
    ("Staff leaving per year", "% of staff"),
    ("Months from a vacancy to its filling", "months"),
    ("Months until a newcomer is fully productive", "months"),
    ("Highest occupancy planned", "% of casework hours"),
    ("Working weeks per person per year", "weeks"),
]


def _write_stages(
    workbook: Workbook,
    sheet: Worksheet,
    scenario: Scenario,
    names: layout.SheetNames,
    defined: layout.DefinedNames,
    cells: AssumptionCells,
    row: int,
) -> int:
    section_title(sheet, row, "Stages and their teams", LAST_TEXT_COLUMN)
    put_text(sheet, row + 1, 1, "Parameter", HEADER)
    put_text(sheet, row + 1, 2, "Unit", HEADER)
    for k, _stage in enumerate(scenario.stages):
        put_text(sheet, row + 1, 3 + k, f"Stage {k + 1}", HEADER)
    first = row + 2
    labels = _STAGE_ROWS + [(f"Waiting at the start: {p.name}", "items") for p in scenario.priorities]
    for offset, (label, unit) in enumerate(labels):
        put_text(sheet, first + offset, 1, label, LABEL)
        put_text(sheet, first + offset, 2, unit, IDENTIFIER)
    h_row = first + len(labels)
    put_text(sheet, h_row, 1, "Casework hours per FTE per month (after the cap)", LABEL)
    put_text(sheet, h_row, 2, "hours (computed)", IDENTIFIER)
    for k, stage in enumerate(scenario.stages):
        column = 3 + k
        put_text(sheet, first, column, stage.key, IDENTIFIER)
        put_text(sheet, first + 1, column, stage.name, INPUT)
        put_text(sheet, first + 2, column, stage.team, INPUT)
        numbers: list[tuple[float | None, str]] = [
            (stage.fte, number_format(stage.fte)),
            (stage.hours_per_fte_year, number_format(stage.hours_per_fte_year)),
            (stage.productive_share, percent_format(stage.productive_share)),
            (stage.exposure_share, percent_format(stage.exposure_share)),
            (stage.max_exposure_hours_per_week, number_format(stage.max_exposure_hours_per_week)),
            (stage.attrition_per_year, percent_format(stage.attrition_per_year)),
            (stage.vacancy_months, "0"),
            (stage.ramp_up_months, "0"),
            (stage.max_occupancy, percent_format(stage.max_occupancy)),
            (stage.working_weeks_per_year, number_format(stage.working_weeks_per_year)),
        ]
        numbers += [
            (stage.initial_backlog.get(p.key), number_format(stage.initial_backlog.get(p.key)))
            for p in scenario.priorities
        ]
        for offset, (value, shown) in enumerate(numbers):
            put_value(sheet, first + 3 + offset, column, value, INPUT).number_format = shown
        hours_year, productive, exposure, cap, weeks = (
            cells.ref(first + offset, column) for offset in (4, 5, 6, 7, 12)
        )
        # The cap counts only where the stage views material and a cap is given (docs/method.md, Capacity).
        formula = (
            f'=IF(AND({cap}<>"",{exposure}>0),MIN({hours_year}/12*{productive},{cap}*{weeks}/12/{exposure}),'
            f"{hours_year}/12*{productive})"
        )
        h_cell = sheet.cell(row=h_row, column=column, value=formula)
        h_cell.style = COMPUTED
        h_cell.number_format = "#,##0.00"
        cells.hours_per_fte_month.append(cells.ref(h_row, column))
        cells.working_weeks.append(weeks)
        cells.initial_backlog.append(
            [cells.ref(first + len(_STAGE_ROWS) + p, column) for p in range(len(scenario.priorities))]
        )
        defined.add(workbook, defined.name_for("FTE", stage.key, names.suffix[1:]), cells.ref(first + 3, column))
        defined.add(
            workbook, defined.name_for("Hours_per_FTE_month", stage.key, names.suffix[1:]), cells.ref(h_row, column)
        )
    last_column = 2 + len(scenario.stages)
    defined.add(
        workbook,
        layout.BLOCK_STAGES.format(i=names.number),
        layout.range_ref(sheet.title, first, 3, h_row - 1, last_column),
    )
    note = "Cap: empty when there is none. Staffing figures reach the Model through the effective FTE table there."
    put_text(sheet, h_row + 1, 1, note, NOTE)
    return h_row + 2


def _write_sources(
    workbook: Workbook,
    sheet: Worksheet,
    scenario: Scenario,
    names: layout.SheetNames,
    defined: layout.DefinedNames,
    cells: AssumptionCells,
    row: int,
) -> int:
    n_priorities = len(scenario.priorities)
    last_column = 3 + n_priorities + 2 * len(scenario.stages)
    section_title(sheet, row, "Sources of reports", max(LAST_TEXT_COLUMN, last_column + 1))
    group, header = row + 1, row + 2
    for column in range(1, last_column + 2):
        sheet.cell(row=group, column=column).style = HEADER
    put_text(sheet, group, 4, "Priority mix (% of reports)", HEADER)
    sheet.merge_cells(start_row=group, start_column=4, end_row=group, end_column=3 + n_priorities)
    for column, text in enumerate(("Source", "Key", "Growth per year"), start=1):
        put_text(sheet, header, column, text, HEADER)
    for p, priority in enumerate(scenario.priorities):
        put_text(sheet, header, 4 + p, priority.name, HEADER)
    for k, stage in enumerate(scenario.stages):
        column = 4 + n_priorities + 2 * k
        put_text(sheet, group, column, stage.name, HEADER)
        sheet.merge_cells(start_row=group, start_column=column, end_row=group, end_column=column + 1)
        put_text(sheet, header, column, "Share", HEADER)
        put_text(sheet, header, column + 1, "Hours per item", HEADER)
    put_text(sheet, header, last_column + 1, "Mix total", HEADER)
    for column in range(3, last_column + 2):
        sheet.cell(row=header, column=column).alignment = HEADER_RIGHT
    sheet.row_dimensions[header].height = 28
    first = header + 1
    suffix = names.suffix[1:]
    for s, source in enumerate(scenario.sources):
        r = first + s
        put_text(sheet, r, 1, source.name, INPUT)
        put_text(sheet, r, 2, source.key, IDENTIFIER)
        put_value(sheet, r, 3, source.growth_per_year, INPUT).number_format = percent_format(source.growth_per_year)
        cells.source_key.append(cells.ref(r, 2))
        cells.growth.append(cells.ref(r, 3))
        defined.add(workbook, defined.name_for("Growth", source.key, suffix), cells.ref(r, 3))
        mix_refs = []
        for p, priority in enumerate(scenario.priorities):
            share = source.priority_mix.get(priority.key)
            put_value(sheet, r, 4 + p, share, INPUT).number_format = percent_format(share)
            mix_refs.append(cells.ref(r, 4 + p))
        cells.mix.append(mix_refs)
        defined.add(
            workbook,
            defined.name_for("Mix", source.key, suffix),
            layout.range_ref(sheet.title, r, 4, r, 3 + n_priorities),
        )
        shares, hours = [], []
        for k, stage in enumerate(scenario.stages):
            column = 4 + n_priorities + 2 * k
            work = source.work[stage.key]
            put_value(sheet, r, column, work.share, INPUT).number_format = percent_format(work.share)
            put_value(sheet, r, column + 1, work.hours, INPUT).number_format = number_format(work.hours)
            shares.append(cells.ref(r, column))
            hours.append(cells.ref(r, column + 1))
            defined.add(workbook, defined.name_for("Share", stage.key, source.key, suffix), shares[-1])
            defined.add(workbook, defined.name_for("Hours", stage.key, source.key, suffix), hours[-1])
        cells.share.append(shares)
        cells.hours.append(hours)
        total = sheet.cell(
            row=r, column=last_column + 1, value=f"=SUM({layout.address(r, 4)}:{layout.address(r, 3 + n_priorities)})"
        )
        total.style = COMPUTED
        total.number_format = "0.0%"
    last = first + len(scenario.sources) - 1
    defined.add(
        workbook,
        layout.BLOCK_SOURCES.format(i=names.number),
        layout.range_ref(sheet.title, first, 1, last, last_column),
    )
    first_stage = scenario.stages[0].name
    note = (
        f"Share: at {first_stage}, the share of reports that need it; at a later stage, the share of the items "
        "completed at the stage before that go on to it. The priority mix of each source must add up to 100%."
    )
    _note(sheet, last + 1, note, max(LAST_TEXT_COLUMN, last_column + 1), lines=2)
    return last + 2


def _write_marker(
    workbook: Workbook, sheet: Worksheet, defined: layout.DefinedNames, row: int, exported: dt.date
) -> None:
    put_text(sheet, row, 1, "Workbook format", IDENTIFIER)
    marker = put_text(sheet, row, 2, layout.FORMAT_MARKER, IDENTIFIER)
    text = f"Exported by Caseload Planner {__version__} on {exported.isoformat()}; the app reads this sheet back."
    put_text(sheet, row, 5, text, IDENTIFIER)
    if layout.FORMAT_NAME not in workbook.defined_names:
        defined.add(workbook, layout.FORMAT_NAME, layout.cell_ref(sheet.title, marker.row, marker.column))
