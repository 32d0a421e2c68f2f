"""Reading a workbook back: the Assumptions sheets of an exported workbook become a plan again.

The input blocks are found by their defined names (they follow rows inserted in
Excel). Every problem names the sheet and cell, e.g.
``Assumptions!C51: growth per year must be greater than -1, got -3``.
"""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.io.plan_file import PlanFileError
from desktop.io.workbook import layout
from desktop.io.workbook.assumption_tables import MONTH_NAMES
from desktop.io.workbook.read_cells import (
    EMPTY,
    NEVER_CALCULATED,
    UNCALCULATED,
    Found,
    Origins,
    cell_problem,
    is_blank,
    month,
    month_problem,
    number,
    span,
    text,
    where,
    whole,
    year,
)
from desktop.io.workbook.safe_zip import NOT_A_WORKBOOK, CheckedPackage, WorkbookRefusedError, checked_package
from desktop.io.workbook.sheet_scan import SheetScan
from desktop.io.workbook.xl import InvalidFileException, load_workbook, range_boundaries
from desktop.model.checks import InvalidPlanError, Problem, join_path
from desktop.model.plan import FORMAT, SCHEMA_VERSION, Plan

Progress = Callable[[int, str], None]
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


_DAMAGED = "this workbook is damaged; its assumptions cannot be read"
_BROKEN = (
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    SyntaxError,  # xml.etree's ParseError
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
)
"""What openpyxl raises on a workbook it cannot make sense of (the checks before it leave little to find)."""


def read_workbook_plan(path: Path | str, progress: Progress | None = None) -> Plan:
    """The plan whose assumptions the workbook at ``path`` holds; PlanFileError when it cannot be used.

    Hostile or damaged files are refused before openpyxl reads them (see safe_zip).
    ``progress(percent, what)`` is called as reading goes (0 … 100); an exception it
    raises stops the reading and passes through, so a caller can cancel.
    """
    file = Path(path)
    report = progress or (lambda _percent, _what: None)

    def fail(message: str) -> PlanFileError:
        return PlanFileError(file, [Problem("", message)])

    report(0, "Checking the workbook…")
    checked = _checked(file, fail, report)
    report(50, "Reading the assumptions…")
    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it does not read (data validation extensions, …); only values matter here.
            warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\..*")
            workbook = load_workbook(io.BytesIO(checked.data), read_only=True, data_only=True, keep_links=False)
    except (*_BROKEN, OSError, MemoryError):
        raise fail(NOT_A_WORKBOOK) from None
    reader = _Reader(workbook, checked.scans)
    try:
        raw = reader.read(report)
    except _RefusedError as refused:
        raise PlanFileError(file, [refused.problem]) from None
    except (*_BROKEN, MemoryError):
        raise fail(_DAMAGED) from None
    finally:
        workbook.close()
    report(95, "Checking the plan…")
    problems = reader.problems
    try:
        plan = Plan.model_validate(raw)
    except InvalidPlanError as error:
        first_sheet = layout.SheetNames(1).assumptions
        told = reader.told
        problems = problems + [
            reader.origins.problem(problem, first_sheet) for problem in error.problems if problem.path not in told
        ]
    if problems:
        raise PlanFileError(file, problems)
    return plan


def _checked(file: Path, fail: Callable[[str], PlanFileError], report: Progress) -> CheckedPackage:
    try:
        return checked_package(file, report)
    except WorkbookRefusedError as refused:
        raise fail(refused.reason) from None
    except FileNotFoundError:
        raise fail("there is no such file") from None
    except IsADirectoryError:
        raise fail("this is a folder, not a workbook") from None
    except PermissionError:
        raise fail("you do not have permission to read this file") from None
    except OSError as error:
        raise fail(f"the file could not be read: {error.strerror or error}") from None
    except MemoryError:
        raise fail("there is not enough memory to read this workbook") from None


class _Reader:
    """Reads the plan's fields from the input blocks; problems with single cells are gathered, not raised."""

    def __init__(self, workbook: Any, scans: dict[str, SheetScan]) -> None:
        self.workbook = workbook
        self.scans = scans
        self.origins = Origins()
        self.problems: list[Problem] = []
        self.told: set[str] = set()
        """Field paths of the problems gathered, whose validation errors would only say the same worse."""

    def read(self, report: Progress) -> dict[str, Any]:
        marker = self.block(layout.FORMAT_NAME)[0][0].value
        if marker != layout.FORMAT_MARKER:
            if isinstance(marker, str) and marker.startswith("caseload-planner/workbook "):
                raise _RefusedError(
                    Problem("", "this workbook was exported by a newer Caseload Planner; update the app")
                )
            raise _RefusedError(Problem("", NOT_OURS))
        scenarios: list[dict[str, Any]] = []
        plan: dict[str, Any] = {"format": FORMAT, "schema_version": SCHEMA_VERSION}
        names = self.workbook.defined_names
        count = 0
        while layout.BLOCK_SCENARIO.format(i=count + 1) in names:
            count += 1
        if not count:
            raise _RefusedError(Problem("", NOT_OURS))
        for number_ in range(1, count + 1):
            scenarios.append(self.scenario(number_, plan))
            report(50 + 45 * number_ // count, "")
        plan["scenarios"] = scenarios
        return plan

    def block(self, name: str) -> list[list[Found]]:
        """The cells of a defined name, row by row."""
        if name not in self.workbook.defined_names:
            raise _RefusedError(Problem("", NOT_OURS))
        destinations = list(self.workbook.defined_names[name].destinations)
        if len(destinations) != 1 or destinations[0][0] not in self.workbook.sheetnames:
            raise _RefusedError(Problem("", f"the range named {name} no longer points at the Assumptions sheet"))
        sheet_name, reference = destinations[0]
        first_column, first_row, last_column, last_row = range_boundaries(reference.replace("$", ""))
        # The checks before reading refused reversed and oversized ranges; this guards against any they miss.
        if last_row < first_row or last_column < first_column:
            raise _RefusedError(Problem("", f"the range named {name} ends before it starts"))
        uncalculated = self.scans[sheet_name].uncalculated if sheet_name in self.scans else set()
        rows = self.workbook[sheet_name].iter_rows(
            min_row=first_row, max_row=last_row, min_col=first_column, max_col=last_column, values_only=True
        )
        found = [
            [
                Found(
                    sheet_name,
                    first_row + r,
                    first_column + c,
                    UNCALCULATED if (first_row + r, first_column + c) in uncalculated else value,
                )
                for c, value in enumerate(values)
            ]
            for r, values in enumerate(rows)
        ]
        width = last_column - first_column + 1
        # Rows and cells at the end that the file leaves out are empty.
        found += [[] for _ in range(last_row - first_row + 1 - len(found))]
        for r, row in enumerate(found):
            row += [Found(sheet_name, first_row + r, first_column + c, None) for c in range(len(row), width)]
        return found

    def take(self, cell: Found, path: tuple[str | int, ...], label: str, convert: Any) -> Any:
        """The cell's value as the field ``path``; None, and a problem gathered, when the cell cannot give it."""
        self.origins.note(path, where(cell), label)
        what = None
        if cell.value is UNCALCULATED:
            what = NEVER_CALCULATED
        elif convert is not text and is_blank(cell.value):
            what = EMPTY
        elif convert is month:
            what = month_problem(cell, label)
        if what is not None:
            self.problems.append(cell_problem(cell, label, what))
            self.told.add(join_path(path))
            return None
        return convert(cell.value)

    def scenario(self, number_: int, plan: dict[str, Any]) -> dict[str, Any]:
        i = number_ - 1
        base: tuple[str | int, ...] = ("scenarios", i)
        take = self.take

        def block(template: str) -> list[list[Found]]:
            return self.block(template.format(i=number_))

        general = [row[0] for row in block(layout.BLOCK_SCENARIO)]
        if len(general) != 8:
            raise _RefusedError(
                Problem(where(general[0]), "the plan and scenario rows were changed; expected eight rows")
            )
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
        if not is_blank(general[7].value):  # empty: the start month
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
        scenario["stages"] = self.stages(block(layout.BLOCK_STAGES), block(layout.BLOCK_CHANGES), priority_keys, base)
        stage_keys = [str(stage["key"]) for stage in scenario["stages"]]
        scenario["sources"] = self.sources(block, priority_keys, stage_keys, scenario["stages"], base)
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

    def stages(
        self,
        table: list[list[Found]],
        changes: list[list[Found]],
        priority_keys: list[str],
        base: tuple[str | int, ...],
    ) -> list[dict[str, Any]]:
        take = self.take
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
                    self.origins.note((*path, name), where(cell), label)
                    continue
                stage[name] = take(cell, (*path, name), label, convert)
            backlog = {}
            for p, key in enumerate(priority_keys):
                cell = table[len(_STAGE_FIELDS) + p][k]
                if not is_blank(cell.value):
                    backlog[key] = take(cell, (*path, "initial_backlog", key), "items waiting at the start", number)
            cells = [row[k] for row in table[len(_STAGE_FIELDS) :]] or [cell]
            self.origins.note((*path, "initial_backlog"), span(cells), "")
            stage["initial_backlog"] = backlog
            stage["staffing_changes"] = []
            stages.append(stage)
        keys = [str(stage.get("key")) for stage in stages]
        for change in _filled(changes):
            if change[1].value is UNCALCULATED:
                self.problems.append(cell_problem(change[1], "stage of the staffing change", NEVER_CALCULATED))
                continue
            key = text(change[1].value)
            if key not in keys:
                known = ", ".join(repr(k) for k in keys)
                raise _RefusedError(
                    Problem(where(change[1]), f"stage {key!r} is not a stage of this scenario ({known})")
                )
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

    def sources(
        self,
        block: Any,
        priority_keys: list[str],
        stage_keys: list[str],
        stages: list[dict[str, Any]],
        base: tuple[str | int, ...],
    ) -> list[dict[str, Any]]:
        take, origins = self.take, self.origins
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
                    if volumes[0][j].value is UNCALCULATED:
                        raise _RefusedError(cell_problem(volumes[0][j], "year heading", NEVER_CALCULATED))
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


def _filled(rows: list[list[Found]]) -> list[list[Found]]:
    """The rows with anything in them (spare rows for additions stay empty); a formula counts as something."""
    return [row for row in rows if not all(is_blank(cell.value) for cell in row)]
