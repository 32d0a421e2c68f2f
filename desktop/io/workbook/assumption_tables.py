"""Tables of the Assumptions sheet with a row per item: staffing changes, reports per year, seasonality, events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.io.workbook import layout
from desktop.io.workbook.formats import month_date, number_format
from desktop.io.workbook.safe_text import put_text, put_value
from desktop.io.workbook.styles import (
    COMPUTED,
    HEADER,
    HEADER_RIGHT,
    IDENTIFIER,
    INPUT,
    MONTH,
    NOTE,
    YEAR,
    section_title,
)
from desktop.io.workbook.xl import Workbook, Worksheet
from desktop.model.months import month_ordinal
from desktop.model.plan import Scenario

if TYPE_CHECKING:
    from desktop.io.workbook.assumptions import AssumptionCells

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def year_span(scenario: Scenario) -> list[int]:
    """Every calendar year of the projection and of any figure given, first to last."""
    first_year = month_ordinal(scenario.start) // 12
    last_year = (month_ordinal(scenario.start) + scenario.months - 1) // 12
    figures = [int(year) for source in scenario.sources for year in source.volumes]
    return list(range(min(first_year, *figures), max(last_year, *figures) + 1))


def _source_labels(sheet: Worksheet, row: int, scenario: Scenario, s: int, style: str = IDENTIFIER) -> None:
    source = scenario.sources[s]
    put_text(sheet, row, 1, source.name, style)
    put_text(sheet, row, 2, source.key, IDENTIFIER)


def _year_header(sheet: Worksheet, row: int, label: str, years: list[int]) -> None:
    put_text(sheet, row, 1, label, HEADER)
    put_text(sheet, row, 2, "Key", HEADER)
    for j, year in enumerate(years):
        cell = put_value(sheet, row, 3 + j, year, HEADER)
        cell.number_format = YEAR
        cell.alignment = HEADER_RIGHT


def write_volumes(
    workbook: Workbook,
    sheet: Worksheet,
    scenario: Scenario,
    names: layout.SheetNames,
    defined: layout.DefinedNames,
    cells: AssumptionCells,
    row: int,
) -> int:
    """Figures per year (inputs), then the volumes the projection uses: figures, or carried by growth."""
    years = year_span(scenario)
    last_column = 2 + len(years)
    section_title(sheet, row, "Reports per year (an empty cell is carried by growth)", max(14, last_column))
    _year_header(sheet, row + 1, "Source", years)
    first = row + 2
    n_sources = len(scenario.sources)
    suffix = names.suffix[1:]
    for s, source in enumerate(scenario.sources):
        _source_labels(sheet, first + s, scenario, s)
        for j, year in enumerate(years):
            given = source.volumes.get(str(year))
            put_value(sheet, first + s, 3 + j, given, INPUT).number_format = number_format(given)
        defined.add(
            workbook,
            defined.name_for("Volumes", source.key, suffix),
            layout.range_ref(sheet.title, first + s, 3, first + s, last_column),
        )
    defined.add(
        workbook,
        layout.BLOCK_VOLUMES.format(i=names.number),
        layout.range_ref(sheet.title, row + 1, 3, first + n_sources - 1, last_column),
    )
    used_header = first + n_sources
    _year_header(sheet, used_header, "Used by the projection", years)
    carried_header = used_header + n_sources + 1
    _year_header(sheet, carried_header, "Working: figures carried forward", years)
    for s in range(n_sources):
        figure_row, used_row, carried_row = first + s, used_header + 1 + s, carried_header + 1 + s
        _source_labels(sheet, used_row, scenario, s)
        _source_labels(sheet, carried_row, scenario, s)
        growth = cells.growth[s]
        for j in range(len(years)):
            column = 3 + j
            figure = layout.address(figure_row, column, absolute=False)
            carried = layout.address(carried_row, column, absolute=False)
            if j == 0:
                carried_formula = f'=IF({figure}<>"",{figure},"")'
            else:
                before = layout.address(carried_row, column - 1, absolute=False)
                carried_formula = f'=IF({figure}<>"",{figure},IF({before}="","",{before}*(1+{growth})))'
            # Before the first figure the volume is carried back: the next year's ÷ (1 + growth).
            if j == len(years) - 1:
                used_formula = f'=IF({carried}="",0,{carried})'
            else:
                after = layout.address(used_row, column + 1, absolute=False)
                used_formula = f'=IF({carried}<>"",{carried},{after}/(1+{growth}))'
            for r, formula in ((carried_row, carried_formula), (used_row, used_formula)):
                cell = sheet.cell(row=r, column=column, value=formula)
                cell.style = COMPUTED
                cell.number_format = "#,##0"
        cells.volume_used.append(layout.range_ref(sheet.title, used_row, 3, used_row, last_column))
    cells.first_year = years[0]
    end = carried_header + n_sources
    note = (
        "A year without a figure gets the year before × (1 + growth); years before the first figure get "
        "the year after ÷ (1 + growth)."
    )
    put_text(sheet, end + 1, 1, note, NOTE)
    return end + 2


def write_seasonality(
    workbook: Workbook,
    sheet: Worksheet,
    scenario: Scenario,
    names: layout.SheetNames,
    defined: layout.DefinedNames,
    cells: AssumptionCells,
    row: int,
) -> int:
    """Twelve factors per source; the Model normalises them to an average of 1."""
    section_title(sheet, row, "Seasonality (factor per calendar month)", 14)
    put_text(sheet, row + 1, 1, "Source", HEADER)
    put_text(sheet, row + 1, 2, "Key", HEADER)
    for month, name in enumerate(MONTH_NAMES):
        put_text(sheet, row + 1, 3 + month, name, HEADER).alignment = HEADER_RIGHT
    first = row + 2
    for s, source in enumerate(scenario.sources):
        _source_labels(sheet, first + s, scenario, s)
        for month, factor in enumerate(source.seasonality):
            put_value(sheet, first + s, 3 + month, factor, INPUT).number_format = number_format(factor, whole="0")
        span = layout.range_ref(sheet.title, first + s, 3, first + s, 14)
        cells.seasonality.append(span)
        defined.add(workbook, defined.name_for("Seasonality", source.key, names.suffix[1:]), span)
    last = first + len(scenario.sources) - 1
    defined.add(
        workbook, layout.BLOCK_SEASONALITY.format(i=names.number), layout.range_ref(sheet.title, first, 3, last, 14)
    )
    note = "Factors are scaled so that they average 1: all 1 means no seasonal pattern."
    put_text(sheet, last + 1, 1, note, NOTE)
    return last + 2


def write_events(
    workbook: Workbook,
    sheet: Worksheet,
    scenario: Scenario,
    names: layout.SheetNames,
    defined: layout.DefinedNames,
    cells: AssumptionCells,
    row: int,
) -> int:
    """Step changes in a source's intake, with spare rows to add one; the month number is computed."""
    section_title(sheet, row, "Events (a source's intake multiplied from a month on)", 14)
    headers = ("Event", "Source (key)", "From month", "Factor", "Months from the start")
    for column, text in enumerate(headers, start=1):
        cell = put_text(sheet, row + 1, column, text, HEADER)
        if column > 2:
            cell.alignment = HEADER_RIGHT
    sheet.row_dimensions[row + 1].height = 28
    first = row + 2
    rows = len(scenario.events) + layout.SPARE_ROWS
    for offset in range(rows):
        r = first + offset
        if offset < len(scenario.events):
            event = scenario.events[offset]
            put_text(sheet, r, 1, event.name, INPUT)
            put_text(sheet, r, 2, event.source, INPUT)
            put_value(sheet, r, 3, month_date(event.month), INPUT)
            put_value(sheet, r, 4, event.factor, INPUT).number_format = number_format(event.factor, whole="0")
        else:
            for column in range(1, 5):
                sheet.cell(row=r, column=column).style = INPUT
        sheet.cell(row=r, column=3).number_format = MONTH
        month = layout.address(r, 3, absolute=False)
        start = cells.start
        # A month typed as text ("2024-07") works as well as a date.
        formula = (
            f'=IF({month}="","",IF(ISNUMBER({month}),YEAR({month})*12+MONTH({month}),'
            f"VALUE(LEFT({month},4))*12+VALUE(MID({month},6,2)))-(YEAR({start})*12+MONTH({start})))"
        )
        number = sheet.cell(row=r, column=5, value=formula)
        number.style = COMPUTED
        number.number_format = "0"
    last = first + rows - 1
    defined.add(workbook, layout.BLOCK_EVENTS.format(i=names.number), layout.range_ref(sheet.title, first, 1, last, 4))
    cells.event_source = layout.range_ref(sheet.title, first, 2, last, 2)
    cells.event_factor = layout.range_ref(sheet.title, first, 4, last, 4)
    cells.event_month_number = layout.range_ref(sheet.title, first, 5, last, 5)
    note = "Months from the start: 0 is the first month; an event before the start applies from the first month."
    put_text(sheet, last + 1, 1, note, NOTE)
    return last + 2


def write_changes(
    workbook: Workbook,
    sheet: Worksheet,
    scenario: Scenario,
    names: layout.SheetNames,
    defined: layout.DefinedNames,
    row: int,
) -> int:
    """Changes of funded posts per stage, with spare rows to add one (the Model uses the effective FTE instead)."""
    section_title(sheet, row, "Staffing changes (funded posts from a month on)", 14)
    for column, text in enumerate(("Note", "Stage (key)", "From month", "FTE change"), start=1):
        cell = put_text(sheet, row + 1, column, text, HEADER)
        if column > 2:
            cell.alignment = HEADER_RIGHT
    first = row + 2
    r = first
    for stage in scenario.stages:
        for change in stage.staffing_changes:
            put_text(sheet, r, 1, change.note, INPUT)
            put_text(sheet, r, 2, stage.key, INPUT)
            put_value(sheet, r, 3, month_date(change.month), INPUT).number_format = MONTH
            put_value(sheet, r, 4, change.fte_delta, INPUT).number_format = number_format(change.fte_delta)
            r += 1
    for spare in range(layout.SPARE_ROWS):
        for column in range(1, 5):
            sheet.cell(row=r + spare, column=column).style = INPUT
        sheet.cell(row=r + spare, column=3).number_format = MONTH
    last = r + layout.SPARE_ROWS - 1
    defined.add(workbook, layout.BLOCK_CHANGES.format(i=names.number), layout.range_ref(sheet.title, first, 1, last, 4))
    put_text(sheet, last + 1, 1, "+ new posts, − cuts. Empty rows are ignored.", NOTE)
    return last + 2
