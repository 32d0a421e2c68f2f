"""Reading an exported workbook back into a plan: the same plan, changed assumptions, and clear refusals."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop.io.plan_file import PlanFileError
from desktop.io.workbook import export_workbook, read_workbook_plan
from desktop.model.example import example_plan
from desktop.model.plan import Plan

from .test_workbook_plans import awkward_plan, two_scenario_plan


def _export(plan: Plan, path: Path, scenarios: list[str] | None = None) -> Path:
    export_workbook(plan, path, scenarios=scenarios)
    return path


@pytest.fixture(scope="module")
def example_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _export(example_plan(), tmp_path_factory.mktemp("example") / "example.xlsx")


@pytest.fixture(scope="module")
def two_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    plan = two_scenario_plan()
    return _export(plan, tmp_path_factory.mktemp("two") / "two.xlsx", [s.name for s in plan.scenarios])


def _copy(source: Path, folder: Path) -> Path:
    target = folder / "plan.xlsx"
    shutil.copyfile(source, target)
    return target


def _cell(workbook: Any, name: str) -> Any:
    [(sheet, reference)] = list(workbook.defined_names[name].destinations)
    return workbook[sheet][reference.replace("$", "").split(":")[0]]


def _problems(path: Path) -> list[str]:
    with pytest.raises(PlanFileError) as caught:
        read_workbook_plan(path)
    assert caught.value.path == path
    lines = str(caught.value).splitlines()
    assert all(line.startswith(f"{path.name}: ") for line in lines)
    return [line.removeprefix(f"{path.name}: ") for line in lines]


def test_export_then_read_gives_the_same_plan(tmp_path: Path, example_workbook: Path) -> None:
    assert read_workbook_plan(example_workbook) == example_plan()
    assert read_workbook_plan(_export(awkward_plan(), tmp_path / "awkward.xlsx")) == awkward_plan()


def test_every_exported_scenario_comes_back(tmp_path: Path, two_workbook: Path) -> None:
    plan = two_scenario_plan()
    assert read_workbook_plan(two_workbook) == plan
    second = plan.scenarios[1]
    only_second = _export(plan, tmp_path / "second.xlsx", [second.name])
    assert read_workbook_plan(only_second) == plan.model_copy(update={"scenarios": [second]})


def test_assumptions_changed_in_excel_come_back(tmp_path: Path, example_workbook: Path) -> None:
    path = _copy(example_workbook, tmp_path)
    workbook = openpyxl.load_workbook(path)
    _cell(workbook, "Growth_ncmec").value = 0.2
    _cell(workbook, "Volumes_chat").offset(column=5).value = 30_000  # 2026, empty before: carried by growth
    events = _cell(workbook, "cp_s1_events")
    spare = events.offset(row=1)  # the first empty row under the one event
    spare.value = "Chat scanning stops"
    spare.offset(column=1).value = "chat"
    spare.offset(column=2).value = "2026-03"  # typed as text: Excel may keep it so
    spare.offset(column=3).value = 0
    changes = _cell(workbook, "cp_s1_changes").offset(row=2)
    changes.value = "Posts cut"
    changes.offset(column=1).value = "assessment"
    changes.offset(column=2).value = dt.datetime(2025, 1, 1)
    changes.offset(column=3).value = -4
    workbook.save(path)

    plan = read_workbook_plan(path)
    scenario = plan.scenarios[0]
    assert scenario.sources[0].growth_per_year == 0.2
    assert scenario.sources[2].volumes["2026"] == 30_000
    assert scenario.events[-1].model_dump() == {
        "name": "Chat scanning stops",
        "source": "chat",
        "month": "2026-03",
        "factor": 0.0,
    }
    assert [c.month for c in scenario.stages[0].staffing_changes] == ["2023-01", "2025-01"]
    assert scenario.stages[0].staffing_changes[-1].fte_delta == -4


def test_an_invalid_cell_is_named_with_what_it_holds(tmp_path: Path, example_workbook: Path) -> None:
    path = _copy(example_workbook, tmp_path)
    workbook = openpyxl.load_workbook(path)
    growth = _cell(workbook, "Growth_chat")
    growth.value = -3
    hours = _cell(workbook, "Hours_investigation_citizens")
    hours.value = "a lot"
    workbook.save(path)

    assert _problems(path) == [
        f"Assumptions!{growth.coordinate}: growth per year must be greater than -1, got -3",
        f"Assumptions!{hours.coordinate}: hours per item at Investigation must be a number, got 'a lot'",
    ]


def test_a_rule_across_cells_names_the_cells_it_concerns(tmp_path: Path, example_workbook: Path) -> None:
    path = _copy(example_workbook, tmp_path)
    workbook = openpyxl.load_workbook(path)
    mix = _cell(workbook, "Mix_services")
    mix.value = 0.5
    workbook.save(path)
    [problem] = _problems(path)
    row = mix.row
    assert problem == f"Assumptions!D{row}:F{row}: priority mix: shares must sum to 1, they sum to 1.4"


def test_a_problem_in_a_later_scenario_names_its_sheet(tmp_path: Path, two_workbook: Path) -> None:
    path = _copy(two_workbook, tmp_path)
    workbook = openpyxl.load_workbook(path)
    target = _cell(workbook, "Target_high_2")
    target.value = 0
    workbook.save(path)
    assert _problems(path) == [f"'Assumptions (2)'!{target.coordinate}: target (days) must be greater than 0, got 0"]


def test_a_staffing_change_for_an_unknown_stage(tmp_path: Path, example_workbook: Path) -> None:
    path = _copy(example_workbook, tmp_path)
    workbook = openpyxl.load_workbook(path)
    stage = _cell(workbook, "cp_s1_changes").offset(column=1)
    stage.value = "intake"
    workbook.save(path)
    [problem] = _problems(path)
    assert problem.startswith(f"Assumptions!{stage.coordinate}: stage 'intake' is not a stage of this scenario")


def test_a_workbook_that_is_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Budget 2026"
    workbook.save(path)
    assert _problems(path) == ["this workbook was not exported by Caseload Planner"]


def test_a_file_that_is_no_workbook(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("not a spreadsheet", encoding="utf-8")
    assert _problems(path) == ["this is not an Excel workbook (.xlsx), or it is damaged"]
    assert _problems(tmp_path / "gone.xlsx") == ["there is no such file"]


def test_a_workbook_of_a_newer_format(tmp_path: Path, example_workbook: Path) -> None:
    path = _copy(example_workbook, tmp_path)
    workbook = openpyxl.load_workbook(path)
    _cell(workbook, "cp_format").value = "caseload-planner/workbook 2"
    workbook.save(path)
    assert _problems(path) == ["this workbook was exported by a newer Caseload Planner; update the app"]
