"""Exporting a plan to the meeting workbook: build every sheet in memory, then write the file atomically."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop import __version__
from desktop.io.atomic import SaveError, write_bytes_atomic
from desktop.io.workbook import layout
from desktop.io.workbook.assumptions import write_assumptions
from desktop.io.workbook.by_month import write_by_month
from desktop.io.workbook.charts import plain
from desktop.io.workbook.method_sheet import write_method
from desktop.io.workbook.model_sheet import write_model
from desktop.io.workbook.projection_sheet import write_projection
from desktop.io.workbook.scenarios_sheet import Compared, write_scenarios
from desktop.io.workbook.styles import register_styles
from desktop.io.workbook.summary import write_summary
from desktop.io.workbook.xl import Workbook, Worksheet
from desktop.model.engine import Projection, project
from desktop.model.measures import Headlines, headlines
from desktop.model.plan import Plan, Scenario

Progress = Callable[[int, str], None]

LOCKED_REASON = (
    "the file is open in another program (such as Excel), or read-only; "
    "close it there and try again, or save under another name"
)


@dataclass(frozen=True)
class _Computed:
    scenario: Scenario
    projection: Projection
    figures: Headlines
    names: layout.SheetNames


def chosen_scenarios(plan: Plan, names: Sequence[str] | None) -> list[Scenario]:
    """The scenarios to export: the first when ``names`` is None, else those named (KeyError for an unknown name)."""
    if names is None:
        return [plan.scenarios[0]]
    if isinstance(names, str):
        names = [names]
    unique = list(dict.fromkeys(names))
    if not unique:
        raise ValueError("choose at least one scenario to export")
    return [plan.scenario(name) for name in unique]


def export_workbook(
    plan: Plan,
    path: Path | str,
    *,
    scenarios: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> None:
    """Write the meeting workbook of ``plan`` to ``path``.

    ``scenarios``: names to export (None: the first scenario only); with more than one, a
    Scenarios sheet compares them. ``progress(percent, what)`` is called as the work goes on;
    an exception it raises stops the export, and up to the call at 95 nothing is written
    (the call at 100 comes when the file is in place). The file is written beside the target
    and then moved into place; :class:`SaveError` says why when that fails, and no partly
    written file is ever left.
    """
    report: Progress = progress or (lambda percent, what: None)
    chosen = chosen_scenarios(plan, scenarios)
    report(0, "Computing the projection")
    computed = []
    for index, scenario in enumerate(chosen):
        projection = project(scenario)
        report(_share(index + 0.3, len(chosen), 0, 20), f"Finding the FTE to hire: {scenario.name}")
        figures = headlines(projection)
        computed.append(_Computed(scenario, projection, figures, layout.SheetNames(index + 1)))
        report(_share(index + 1, len(chosen), 0, 20), f"Computed: {scenario.name}")
    workbook = build_workbook(plan, computed, dt.date.today(), report)
    # Writing the file out takes about half of the time.
    report(55, "Saving the workbook")
    buffer = io.BytesIO()
    workbook.save(buffer)
    # The last moment to stop (an exception from ``progress``) with nothing written.
    report(95, "Writing the file")
    save_bytes(Path(path), buffer.getvalue())
    report(100, "Done")


def _share(done: float, total: int, low: int, high: int) -> int:
    return int(low + (high - low) * done / total)


def save_bytes(target: Path, data: bytes) -> None:
    """Write atomically; a file that cannot be replaced because it is open elsewhere is said so plainly."""
    try:
        write_bytes_atomic(target, data)
    except SaveError as error:
        # Replacing a file that Excel holds open fails with PermissionError on Windows; other
        # causes (no permission, a read-only disk, a folder that cannot be written) keep their words.
        if error.locked:
            raise SaveError(error.path, LOCKED_REASON, locked=True) from error
        raise


def build_workbook(plan: Plan, computed: list[_Computed], exported: dt.date, report: Progress) -> Workbook:
    workbook = Workbook()
    register_styles(workbook)
    workbook.remove(workbook.active)
    workbook.properties.creator = f"Caseload Planner {__version__}"
    workbook.properties.title = plain(plan.title)
    workbook.properties.subject = "Capacity plan"
    defined = layout.DefinedNames()
    summaries: list[Worksheet] = []
    scenario_sheets: list[Worksheet] = []
    for index, item in enumerate(computed):
        names, scenario = item.names, item.scenario
        assumptions = workbook.create_sheet(names.assumptions)
        cells = write_assumptions(workbook, assumptions, plan, scenario, names, defined, exported)
        projection_sheet = workbook.create_sheet(names.projection)
        table_name = defined.name_for("Projection_table", names.suffix[1:])
        projection_cells = write_projection(projection_sheet, item.projection, plan.title, table_name)
        by_month_sheet = workbook.create_sheet(names.by_month)
        by_month = write_by_month(by_month_sheet, item.projection, plan.title)
        model_sheet = workbook.create_sheet(names.model)
        report(_share(index + 0.5, len(computed), 20, 55), f"Writing the Model: {scenario.name}")
        model = write_model(
            workbook, model_sheet, item.projection, plan.title, cells, projection_cells, by_month, names, defined
        )
        summary = workbook.create_sheet(names.summary)
        write_summary(summary, plan, item.projection, item.figures, by_month_sheet, by_month, model.check, exported)
        summaries.append(summary)
        scenario_sheets += [assumptions, projection_sheet, model_sheet, by_month_sheet]
        report(_share(index + 1, len(computed), 20, 55), f"Written: {scenario.name}")
    order = list(summaries)
    if len(computed) > 1:
        scenarios = workbook.create_sheet("Scenarios")
        write_scenarios(scenarios, [Compared(c.scenario, c.figures, c.names) for c in computed], plan.title)
        order.append(scenarios)
    method = workbook.create_sheet("Method")
    write_method(method, plan.title)
    workbook._sheets = [*order, *scenario_sheets, method]
    workbook.active = 0
    return workbook
