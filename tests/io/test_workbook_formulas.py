"""The Model's formulas, recalculated by real LibreOffice, give the engine's numbers and follow a change as it does.

All workbooks of this module are recalculated in one LibreOffice run (a start takes seconds).
"""

from __future__ import annotations

import functools
import math
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from desktop.io.workbook import export_workbook, read_workbook_plan
from desktop.model import engine
from desktop.model.engine import Projection, project
from desktop.model.example import example_plan
from desktop.model.plan import Plan, Scenario

from .libreoffice import error_cells, load, recalculate
from .test_workbook_plans import HYPERLINK, TEXT_THAT_LOOKS_LIKE_FORMULAS, awkward_plan, two_scenario_plan

NO_CAPACITY = "no capacity"
FIRST_MONTH_COLUMN = 7  # G: columns A–F hold the labels, the figure a row uses and the start
CHANGED_GROWTH = ("chat", 0.4)
CHANGED_FTE = ("assessment", 30, 5.0)  # stage, month index, FTE added in the effective-FTE table


def _changed_plan() -> Plan:
    raw = example_plan().model_dump(mode="json")
    key, growth = CHANGED_GROWTH
    for source in raw["scenarios"][0]["sources"]:
        if source["key"] == key:
            source["growth_per_year"] = growth
    return Plan.model_validate(raw)


def _cell_of(workbook: Any, name: str) -> Any:
    [(sheet, reference)] = list(workbook.defined_names[name].destinations)
    return workbook[sheet][reference.replace("$", "").split(":")[0]]


def _edit_example(exported: Path, edited: Path) -> None:
    """As a coordinator would in the meeting: a growth rate on Assumptions, one month of FTE on the Model."""
    workbook = load(exported, values=False)
    key, growth = CHANGED_GROWTH
    _cell_of(workbook, f"Growth_{key}").value = growth
    stage, month, added = CHANGED_FTE
    first = _cell_of(workbook, f"Effective_FTE_{stage}")
    target = first.offset(column=month)
    target.value = target.value + added
    workbook.save(edited)


@functools.cache
def _loaded(path: Path, *, values: bool = True) -> Any:
    """Each recalculated workbook is read once; the tests only look at it."""
    return load(path, values=values)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("workbooks")
    example = folder / "example.xlsx"
    export_workbook(example_plan(), example)
    export_workbook(awkward_plan(), folder / "awkward.xlsx")
    both = two_scenario_plan()
    export_workbook(both, folder / "two.xlsx", scenarios=[s.name for s in both.scenarios])
    _edit_example(example, folder / "edited.xlsx")
    names = ("example", "awkward", "two", "edited")
    converted = recalculate([folder / f"{name}.xlsx" for name in names], folder / "recalculated")
    return dict(zip(names, converted, strict=True))


def _expected(projection: Projection) -> dict[tuple[str | None, ...], np.ndarray]:
    """The engine's value for each Model row, keyed by the row's labels (what, stage, priority, source)."""
    p, scenario = projection, projection.scenario
    rows: dict[tuple[str | None, ...], np.ndarray] = {}
    for s, source in enumerate(scenario.sources):
        rows["Reports received", None, None, source.name] = p.intake[:, s]
    rows["Reports received, all sources", None, None, None] = p.intake.sum(axis=1)
    for k, stage in enumerate(scenario.stages):
        name = stage.name
        rows["Effective FTE", name, None, None] = p.fte_available[k]
        rows["Capacity (hours)", name, None, None] = p.capacity_hours[k]
        rows["New work (hours)", name, None, None] = p.demand_hours[k].sum(axis=1)
        rows["Waiting at month end (hours)", name, None, None] = p.backlog_hours[k].sum(axis=1)
        rows["Waiting at month end (items)", name, None, None] = p.backlog_items[k].sum(axis=(1, 2))
        rows["Completed (items)", name, None, None] = p.completed[k].sum(axis=(1, 2))
        rows["FTE needed for new work", name, None, None] = p.fte_required[k]
        rows["FTE needed to keep up and clear the backlog", name, None, None] = p.fte_required_to_clear[k]
        for j, priority in enumerate(scenario.priorities):
            key = (name, priority.name)
            rows["New work (hours)", *key, None] = p.demand_hours[k, :, j]
            rows["Processed (hours)", *key, None] = p.processed_hours[k, :, j]
            rows["Waiting at month end (hours)", *key, None] = p.backlog_hours[k, :, j]
            rows["Waiting at month end, all sources (items)", *key, None] = p.backlog_items[k, :, :, j].sum(axis=1)
            rows["Completed, all sources (items)", *key, None] = p.completed[k, :, :, j].sum(axis=1)
            rows["Backlog drain time (days)", *key, None] = p.drain_days[k, :, j]
            rows["Queueing wait (days)", *key, None] = p.queueing_days[k, :, j]
            rows["Expected wait at current rates (days)", *key, None] = p.wait_days[k, :, j]
            rows["Own handling time (days)", *key, None] = p.handling_days[k, :, j]
            rows["Wait of a report arriving this month (days)", *key, None] = p.arrival_wait_days[k, :, j]
            rows["Over target", *key, None] = p.breached[k, :, j].astype(float)
            for s, source in enumerate(scenario.sources):
                rows["Arriving (items)", *key, source.name] = p.arrivals[k, :, s, j]
                rows["Waiting at month end (items)", *key, source.name] = p.backlog_items[k, :, s, j]
                rows["Completed (items)", *key, source.name] = p.completed[k, :, s, j]
    return rows


WORKING_ROWS = {
    "Year",
    "Month of the year",
    "Months from the start",
    "Factor of events so far",
    "New work, this and higher priorities (hours)",
    "Hours left for this priority",
    "Work waiting and new (hours)",
    "Share still waiting",
    "Waiting, this and higher priorities (hours)",
    "Items with work arriving",
    "Items with work completed",
    "Items with work arriving, all priorities",
    "Load (new work ÷ capacity)",
    "Time one person takes for an item (days)",
    "Chance that a report waits",
    "Random build-up at full load (ε)",
    "Load, this and higher priorities",
    "Arrived so far, with the backlog at the start (items)",
    "Completed so far (items)",
    "Place of a report arriving mid-month (items)",
    "Months whose completions fall short of that place",
    "Done (months from the start)",
}
"""Rows that are steps of a formula, not measures of the engine (checked through the rows that use them)."""


def _model_rows(sheet: Any, months: int) -> Iterator[tuple[tuple[str | None, ...], list[Any]]]:
    for row in sheet.iter_rows(min_row=6, max_col=FIRST_MONTH_COLUMN - 1 + months):
        labels = tuple(cell.value for cell in row[:4])
        if isinstance(labels[0], str) and labels[0].startswith("Check: the Model against"):
            return  # the totals below compare with the Projection sheet
        values = [cell.value for cell in row[FIRST_MONTH_COLUMN - 1 :]]
        if labels[0] is not None and any(value is not None for value in values):
            yield labels, values


def _differences(sheet: Any, projection: Projection) -> tuple[list[str], set[tuple[str | None, ...]]]:
    """Cells that differ from the engine by more than 1e-6 relative, and engine rows the Model lacks."""
    expected = _expected(projection)
    differing: list[str] = []
    seen = set()
    for labels, values in _model_rows(sheet, len(projection.months)):
        if labels not in expected:
            assert labels[0] in WORKING_ROWS, f"a Model row the test does not know: {labels}"
            continue
        seen.add(labels)
        for month, (got, want) in enumerate(zip(values, expected[labels].tolist(), strict=True)):
            if math.isinf(want):
                same = got == NO_CAPACITY
            else:
                same = isinstance(got, int | float) and math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-9)
            if not same:
                differing.append(f"{labels} {projection.months[month]}: Model {got!r}, engine {want!r}")
    return differing, set(expected) - seen


CASES = [
    ("example", "Model", lambda: example_plan().scenarios[0]),
    ("awkward", "Model", lambda: awkward_plan().scenarios[0]),
    ("two", "Model", lambda: two_scenario_plan().scenarios[0]),
    ("two", "Model (2)", lambda: two_scenario_plan().scenarios[1]),
]


@pytest.mark.parametrize(("workbook", "sheet", "scenario"), CASES, ids=[f"{w}-{s}" for w, s, _ in CASES])
def test_every_model_cell_equals_the_engine(
    recalculated: dict[str, Path], workbook: str, sheet: str, scenario: Any
) -> None:
    values = _loaded(recalculated[workbook])
    differing, missing = _differences(values[sheet], project(scenario()))
    assert not missing, f"the Model lacks rows: {sorted(missing, key=str)[:5]}"
    assert not differing, f"{len(differing)} cells differ, e.g. {differing[:5]}"


@pytest.mark.parametrize("workbook", ["example", "awkward", "two", "edited"])
def test_no_cell_holds_an_error_value(recalculated: dict[str, Path], workbook: str) -> None:
    assert error_cells(recalculated[workbook]) == []


@pytest.mark.parametrize(
    ("workbook", "model", "summary"), [("example", "Model", "Summary"), ("two", "Model (2)", "Summary (2)")]
)
def test_the_check_shows_no_difference_as_exported(
    recalculated: dict[str, Path], workbook: str, model: str, summary: str
) -> None:
    values = _loaded(recalculated[workbook])
    assert values[model]["E3"].value == 0
    assert values[model]["F3"].value.startswith("The Model agrees with the Projection")
    assert not values[summary]["A4"].value  # no warning that assumptions were changed


def test_a_wait_without_capacity_reads_no_capacity_in_projection_and_model(recalculated: dict[str, Path]) -> None:
    scenario = awkward_plan().scenarios[0]
    projection = project(scenario)
    values = _loaded(recalculated["awkward"])
    endless = np.argwhere(np.isinf(projection.wait_days))
    assert len(endless)
    table = list(values["Projection"].iter_rows(min_row=5, values_only=True))
    for k, m, j in endless.tolist():
        row = table[(k * len(scenario.priorities) + j) * scenario.months + m]
        assert row[:3] == (projection.months[m], scenario.stages[k].name, scenario.priorities[j].name)
        assert row[9] == NO_CAPACITY
        arrival = projection.arrival_wait_days[k, m, j]
        assert row[10] == (NO_CAPACITY if math.isinf(arrival) else pytest.approx(arrival, rel=1e-12))
        assert row[12] == int(arrival > scenario.priorities[j].target_days)  # over target: judged on arrival
    # A report arriving while nobody is in post is still done once staff arrive: its wait has an end.
    assert np.isfinite(projection.arrival_wait_days[np.isinf(projection.wait_days)]).any()
    model = dict(_model_rows(values["Model"], scenario.months))
    stage, priority = scenario.stages[0].name, scenario.priorities[0].name
    assert model["Expected wait at current rates (days)", stage, priority, None][0] == NO_CAPACITY


def test_changing_an_input_moves_the_model_as_the_engine_moves(
    recalculated: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    stage_key, month, added = CHANGED_FTE
    real_effective_fte = engine.effective_fte

    def effective_fte_with_the_edit(stage: Any, start: str, months: int, *hires: Any) -> np.ndarray:
        fte = real_effective_fte(stage, start, months, *hires).copy()
        if stage.key == stage_key:
            fte[month] += added
        return fte

    monkeypatch.setattr(engine, "effective_fte", effective_fte_with_the_edit)
    changed = project(_changed_plan().scenarios[0])
    values = _loaded(recalculated["edited"])

    differing, missing = _differences(values["Model"], changed)
    assert not missing
    assert not differing, f"{len(differing)} cells differ, e.g. {differing[:5]}"
    # The change is large enough to see, and the workbook says the Model no longer matches the export.
    before = project(example_plan().scenarios[0])
    assert changed.backlog_items[0, -1].sum() > 1.05 * before.backlog_items[0, -1].sum()
    assert values["Model"]["E3"].value > 0
    assert values["Model"]["F3"].value.startswith("Assumptions or FTE differ")
    assert values["Summary"]["A4"].value.startswith("Assumptions were changed")


def test_plan_text_stays_text_after_recalculation(recalculated: dict[str, Path]) -> None:
    formulas = _loaded(recalculated["awkward"], values=False)
    plan = awkward_plan()
    scenario = plan.scenarios[0]
    texts = {cell.value for sheet in formulas.worksheets for row in sheet.iter_rows() for cell in row}
    for text in TEXT_THAT_LOOKS_LIKE_FORMULAS:
        assert text in texts
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in TEXT_THAT_LOOKS_LIKE_FORMULAS:
                    assert cell.data_type == "s", f"{sheet.title}!{cell.coordinate} became {cell.data_type}"
    with zipfile.ZipFile(recalculated["awkward"]) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                formulas_text = re.findall(r"<f[^>]*>([^<]*)</f>", archive.read(name).decode("utf-8"))
                assert not [f for f in formulas_text if "HYPERLINK" in f.upper() or "cmd|" in f]
    assert scenario.sources[0].name == HYPERLINK


def test_a_workbook_saved_by_libreoffice_reads_back(recalculated: dict[str, Path]) -> None:
    assert read_workbook_plan(recalculated["example"]) == example_plan()
    edited = read_workbook_plan(recalculated["edited"])
    assert edited == _changed_plan()


def test_the_scenarios_used_by_the_cases_are_the_exported_ones() -> None:
    scenarios: list[Scenario] = [case() for _, _, case in CASES]
    assert [s.name for s in scenarios[2:]] == [s.name for s in two_scenario_plan().scenarios]
