"""Reading a workbook back: the Assumptions sheets of an exported workbook become a plan again.

The input blocks are found by their defined names (they follow rows inserted in
Excel). Every problem names the sheet and cell, e.g.
``Assumptions!C51: growth per year must be greater than -1, got -3``.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path
from typing import Any

from desktop.io.plan_file import PlanFileError
from desktop.io.workbook import layout
from desktop.io.workbook.assumption_tables import MONTH_NAMES
from desktop.io.workbook.read_cells import Found, Origins, is_blank, month, number, span, text, where, whole, year
from desktop.io.workbook.xl import InvalidFileException, load_workbook, range_boundaries
from desktop.model.checks import InvalidPlanError, Problem
from desktop.model.plan import FORMAT, SCHEMA_VERSION, Plan

NOT_OURS = "this workbook was not exported by Caseload Planner"

_STAGE_FIELDS: tuple[tuple[str, str, Any], ...] = (
    ("key", "stage key", text),
    ("name", "stage name", text),
    ("team", "team", text),
    ("fte", "FTE funded at the start", number),
    ("hours_per_fte_year", "paid hours per FTE per year", number),
    ("productive_share", "share of paid hours for casework", number),
    ("exposure_share", "share of casework spent viewing material", number),
    ("max_exposure_hours_per_week", "cap on viewing material", number),
    ("attrition_per_year", "staff leaving per year", number),
    ("vacancy_months", "months from a vacancy to its filling", whole),
    ("ramp_up_months", "months until a newcomer is fully productive", whole),
    ("max_occupancy", "highest occupancy planned", number),
    ("working_weeks_per_year", "working weeks per person per year", number),
)
_OPTIONAL = {
    "exposure_share",
    "max_exposure_hours_per_week",
    "attrition_per_year",
    "vacancy_months",
    "ramp_up_months",
    "max_occupancy",
    "working_weeks_per_year",
}
"""Stage fields with a default: an emptied cell means the default (for the cap: no cap)."""


class _RefusedError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def read_workbook_plan(path: Path | str) -> Plan:
    """The plan whose assumptions the workbook at ``path`` holds; PlanFileError when it cannot be used."""
    file = Path(path)
    workbook = _open(file)
    try:
        raw, origins = _read(workbook)
    except _RefusedError as refused:
        raise PlanFileError(file, [refused.problem]) from None
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile):
        raise PlanFileError(file, [Problem("", "this workbook is damaged; its assumptions cannot be read")]) from None
    finally:
        workbook.close()
    try:
        return Plan.model_validate(raw)
    except InvalidPlanError as error:
        first_sheet = layout.SheetNames(1).assumptions
        raise PlanFileError(file, [origins.problem(problem, first_sheet) for problem in error.problems]) from None


def _open(file: Path) -> Any:
    def fail(message: str) -> PlanFileError:
        return PlanFileError(file, [Problem("", message)])

    if not file.exists():
        raise fail("there is no such file")
    if file.is_dir():
        raise fail("this is a folder, not a workbook")
    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it does not read (data validation extensions, …); only values matter here.
            warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\..*")
            return load_workbook(file, data_only=True, read_only=True)
    except PermissionError:
        raise fail("you do not have permission to read this file") from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError):
        raise fail("this is not an Excel workbook (.xlsx), or it is damaged") from None


def _block(workbook: Any, name: str) -> list[list[Found]]:
    """The cells of a defined name, row by row."""
    if name not in workbook.defined_names:
        raise _RefusedError(Problem("", NOT_OURS))
    destinations = list(workbook.defined_names[name].destinations)
    if len(destinations) != 1 or destinations[0][0] not in workbook.sheetnames:
        raise _RefusedError(Problem("", f"the range named {name} no longer points at the Assumptions sheet"))
    sheet_name, reference = destinations[0]
    first_column, first_row, last_column, last_row = range_boundaries(reference.replace("$", ""))
    rows = workbook[sheet_name].iter_rows(
        min_row=first_row, max_row=last_row, min_col=first_column, max_col=last_column, values_only=True
    )
    found = [
        [Found(sheet_name, first_row + r, first_column + c, value) for c, value in enumerate(values)]
        for r, values in enumerate(rows)
    ]
    width = last_column - first_column + 1
    # Rows and cells at the end that the file leaves out are empty.
    found += [[] for _ in range(last_row - first_row + 1 - len(found))]
    for r, row in enumerate(found):
        row += [Found(sheet_name, first_row + r, first_column + c, None) for c in range(len(row), width)]
    return found


def _read(workbook: Any) -> tuple[dict[str, Any], Origins]:
    marker = _block(workbook, layout.FORMAT_NAME)[0][0].value
    if marker != layout.FORMAT_MARKER:
        if isinstance(marker, str) and marker.startswith("caseload-planner/workbook "):
            raise _RefusedError(Problem("", "this workbook was exported by a newer Caseload Planner; update the app"))
        raise _RefusedError(Problem("", NOT_OURS))
    origins = Origins()
    scenarios: list[dict[str, Any]] = []
    plan: dict[str, Any] = {"format": FORMAT, "schema_version": SCHEMA_VERSION}
    number_ = 1
    while layout.BLOCK_SCENARIO.format(i=number_) in workbook.defined_names:
        scenarios.append(_scenario(workbook, number_, plan, origins))
        number_ += 1
    if not scenarios:
        raise _RefusedError(Problem("", NOT_OURS))
    plan["scenarios"] = scenarios
    return plan, origins


def _scenario(workbook: Any, number_: int, plan: dict[str, Any], origins: Origins) -> dict[str, Any]:
    i = number_ - 1
    base: tuple[str | int, ...] = ("scenarios", i)

    def block(template: str) -> list[list[Found]]:
        return _block(workbook, template.format(i=number_))

    def take(cell: Found, path: tuple[str | int, ...], label: str, convert: Any) -> Any:
        origins.note(path, where(cell), label)
        return convert(cell.value)

    general = [row[0] for row in block(layout.BLOCK_SCENARIO)]
    if len(general) != 8:
        raise _RefusedError(Problem(where(general[0]), "the plan and scenario rows were changed; expected eight rows"))
    if number_ == 1:
        plan["title"] = take(general[0], ("title",), "plan title", text)
        plan["notes"] = take(general[1], ("notes",), "plan notes", text)
    scenario: dict[str, Any] = {
        "name": take(general[2], (*base, "name"), "scenario name", text),
        "notes": take(general[3], (*base, "notes"), "scenario notes", text),
        "start": take(general[4], (*base, "start"), "start month", month),
        "months": take(general[5], (*base, "months"), "length of the projection", whole),
        "clear_months": take(general[6], (*base, "clear_months"), "months to clear a backlog", whole),
    }
    if not is_blank(general[7].value):
        scenario["decision_month"] = take(general[7], (*base, "decision_month"), "decision month", month)
    priorities = []
    for p, row in enumerate(_filled(block(layout.BLOCK_PRIORITIES))):
        path = (*base, "priorities", p)
        priorities.append(
            {
                "key": take(row[1], (*path, "key"), "priority key", text),
                "name": take(row[0], (*path, "name"), "priority name", text),
                "target_days": take(row[2], (*path, "target_days"), "target (days)", number),
            }
        )
    scenario["priorities"] = priorities
    priority_keys = [str(p["key"]) for p in priorities]
    scenario["stages"] = _stages(
        block(layout.BLOCK_STAGES), block(layout.BLOCK_CHANGES), priority_keys, base, origins, take
    )
    stage_keys = [str(stage["key"]) for stage in scenario["stages"]]
    scenario["sources"] = _sources(block, priority_keys, stage_keys, scenario["stages"], base, origins, take)
    events = []
    for e, row in enumerate(_filled(block(layout.BLOCK_EVENTS))):
        path = (*base, "events", e)
        events.append(
            {
                "name": take(row[0], (*path, "name"), "event name", text),
                "source": take(row[1], (*path, "source"), "source of the event", text),
                "month": take(row[2], (*path, "month"), "month of the event", month),
                "factor": take(row[3], (*path, "factor"), "factor of the event", number),
            }
        )
    scenario["events"] = events
    return scenario


def _filled(rows: list[list[Found]]) -> list[list[Found]]:
    """The rows with anything in them (spare rows for additions stay empty)."""
    return [row for row in rows if not all(is_blank(cell.value) for cell in row)]


def _stages(
    table: list[list[Found]],
    changes: list[list[Found]],
    priority_keys: list[str],
    base: tuple[str | int, ...],
    origins: Origins,
    take: Any,
) -> list[dict[str, Any]]:
    expected = len(_STAGE_FIELDS) + len(priority_keys)
    if len(table) != expected:
        raise _RefusedError(Problem(span(table[0]), f"the stages table has {len(table)} rows; expected {expected}"))
    stages = []
    for k in range(len(table[0])):
        path = (*base, "stages", k)
        stage: dict[str, Any] = {}
        for row, (name, label, convert) in enumerate(_STAGE_FIELDS):
            cell = table[row][k]
            if name in _OPTIONAL and is_blank(cell.value):
                origins.note((*path, name), where(cell), label)
                continue
            stage[name] = take(cell, (*path, name), label, convert)
        backlog = {}
        for p, key in enumerate(priority_keys):
            cell = table[len(_STAGE_FIELDS) + p][k]
            if not is_blank(cell.value):
                backlog[key] = take(cell, (*path, "initial_backlog", key), "items waiting at the start", number)
        origins.note((*path, "initial_backlog"), span([row[k] for row in table[len(_STAGE_FIELDS) :]] or [cell]), "")
        stage["initial_backlog"] = backlog
        stage["staffing_changes"] = []
        stages.append(stage)
    keys = [str(stage.get("key")) for stage in stages]
    for change in _filled(changes):
        key = text(change[1].value)
        if key not in keys:
            known = ", ".join(repr(k) for k in keys)
            raise _RefusedError(Problem(where(change[1]), f"stage {key!r} is not a stage of this scenario ({known})"))
        k = keys.index(key)
        j = len(stages[k]["staffing_changes"])
        path = (*base, "stages", k, "staffing_changes", j)
        stages[k]["staffing_changes"].append(
            {
                "month": take(change[2], (*path, "month"), "month of the staffing change", month),
                "fte_delta": take(change[3], (*path, "fte_delta"), "FTE change", number),
                "note": take(change[0], (*path, "note"), "note", text),
            }
        )
    return stages


def _sources(
    block: Any,
    priority_keys: list[str],
    stage_keys: list[str],
    stages: list[dict[str, Any]],
    base: tuple[str | int, ...],
    origins: Origins,
    take: Any,
) -> list[dict[str, Any]]:
    table = block(layout.BLOCK_SOURCES)
    volumes = block(layout.BLOCK_VOLUMES)
    seasonality = block(layout.BLOCK_SEASONALITY)
    n_priorities, n_stages = len(priority_keys), len(stage_keys)
    if len(table[0]) != 3 + n_priorities + 2 * n_stages:
        raise _RefusedError(Problem(span(table[0]), "the columns of the sources table were changed"))
    for rows, what in ((volumes[1:], "reports per year"), (seasonality, "seasonality")):
        if len(rows) != len(table):
            message = f"the {what} table has {len(rows)} rows; it needs one per source ({len(table)})"
            raise _RefusedError(Problem(span(rows[0] if rows else table[0]), message))
    years = [year(cell.value) for cell in volumes[0]]
    sources = []
    for s, row in enumerate(table):
        path = (*base, "sources", s)
        source: dict[str, Any] = {
            "key": take(row[1], (*path, "key"), "source key", text),
            "name": take(row[0], (*path, "name"), "source name", text),
            "growth_per_year": take(row[2], (*path, "growth_per_year"), "growth per year", number),
        }
        mix = {}
        for p, key in enumerate(priority_keys):
            cell = row[3 + p]
            if not is_blank(cell.value):
                mix[key] = take(cell, (*path, "priority_mix", key), f"share of priority {key!r}", number)
        origins.note((*path, "priority_mix"), span(row[3 : 3 + n_priorities]), "priority mix:")
        source["priority_mix"] = mix
        work = {}
        for k, key in enumerate(stage_keys):
            share_cell, hours_cell = row[3 + n_priorities + 2 * k], row[4 + n_priorities + 2 * k]
            name = stages[k].get("name", key)
            work[key] = {
                "share": take(share_cell, (*path, "work", key, "share"), f"share at {name}", number),
                "hours": take(hours_cell, (*path, "work", key, "hours"), f"hours per item at {name}", number),
            }
        source["work"] = work
        figures = {}
        for j, cell in enumerate(volumes[1 + s]):
            if is_blank(cell.value):
                continue
            heading = years[j]
            if heading is None:
                raise _RefusedError(Problem(where(volumes[0][j]), "the heading of this column must be a year"))
            figures[heading] = take(cell, (*path, "volumes", heading), f"reports in {heading}", number)
        origins.note((*path, "volumes"), span(volumes[1 + s]), "reports per year:")
        source["volumes"] = figures
        factors = seasonality[s]
        source["seasonality"] = [
            take(cell, (*path, "seasonality", m), f"seasonal factor of {MONTH_NAMES[m % 12]}", number)
            for m, cell in enumerate(factors)
        ]
        origins.note((*path, "seasonality"), span(factors), "seasonality:")
        sources.append(source)
    return sources
