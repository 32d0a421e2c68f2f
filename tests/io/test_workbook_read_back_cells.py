"""Read-back wording for single cells: empty, a formula never calculated, a number typed into a date cell."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop.io.plan_file import PlanFileError
from desktop.io.workbook import export_workbook, read_workbook_plan
from desktop.model.example import example_plan

from .hostile import Exported, deflated

NEVER = "holds a formula that was never calculated — open and save the workbook in Excel first"


@pytest.fixture(scope="module")
def example_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("example") / "example.xlsx"
    export_workbook(example_plan(), path)
    return path


EXPOSURE_SHARE = ("cp_s1_stages", 6, 0)
"""The assessment stage's share of casework spent viewing material (a field with a default)."""


def _edited(source: Path, folder: Path, values: dict[Any, Any]) -> tuple[Path, dict[Any, str]]:
    """A copy with the cells given set (by openpyxl, which stores no formula results): each by defined name,
    or by (defined name, row, column) within it; and where each of those cells is."""
    target = folder / "plan.xlsx"
    shutil.copyfile(source, target)
    workbook = openpyxl.load_workbook(target)
    where = {}
    for key, value in values.items():
        name, row, column = (key, 0, 0) if isinstance(key, str) else key
        cell = _cell(workbook, name).offset(row=row, column=column)
        cell.value = value
        where[key] = f"Assumptions!{cell.coordinate}"
    workbook.save(target)
    return target, where


def _cell(workbook: Any, name: str) -> Any:
    [(sheet, reference)] = list(workbook.defined_names[name].destinations)
    return workbook[sheet][reference.replace("$", "").split(":")[0]]


def _problems(path: Path) -> list[str]:
    with pytest.raises(PlanFileError) as caught:
        read_workbook_plan(path)
    return [line.removeprefix(f"{path.name}: ") for line in str(caught.value).splitlines()]


def test_an_empty_cell_is_named_as_empty(tmp_path: Path, example_workbook: Path) -> None:
    path, where = _edited(
        example_workbook, tmp_path, {"Growth_chat": None, "FTE_assessment": "  ", "Start_Month": None}
    )
    assert _problems(path) == [
        f"cell {where['Start_Month']} (start month) is empty",
        f"cell {where['FTE_assessment']} (FTE funded at the start) is empty",
        f"cell {where['Growth_chat']} (growth per year) is empty",
    ]


def test_a_formula_never_calculated_is_named_never_read_as_empty(tmp_path: Path, example_workbook: Path) -> None:
    """Exposure share has a default: read as empty, =0.5 would silently become that default."""
    path, where = _edited(example_workbook, tmp_path, {EXPOSURE_SHARE: "=0.5", "Growth_ncmec": "=0.1*2"})
    assert _problems(path) == [
        f"cell {where[EXPOSURE_SHARE]} (share of casework spent viewing material) {NEVER}",
        f"cell {where['Growth_ncmec']} (growth per year) {NEVER}",
    ]


def test_a_formula_in_a_cell_that_may_be_empty_is_reported(tmp_path: Path, example_workbook: Path) -> None:
    """Cells left empty on purpose (a priority's share, a spare event row) do not hide a formula either."""
    spare_factor = ("cp_s1_events", 1, 3)  # the first empty row under the one event
    mix = ("Mix_chat", 0, 1)
    path, where = _edited(example_workbook, tmp_path, {mix: "=0.1", spare_factor: "=1+1"})
    problems = _problems(path)
    assert f"cell {where[mix]} (share of priority 'high') {NEVER}" in problems
    assert f"cell {where[spare_factor]} (factor of the event) {NEVER}" in problems


def test_a_formula_with_its_result_stored_reads_the_result(tmp_path: Path, example_workbook: Path) -> None:
    """As Excel and LibreOffice save it: the formula and its last result."""
    source = Exported(example_workbook)
    workbook = openpyxl.load_workbook(example_workbook)
    cell = _cell(workbook, EXPOSURE_SHARE[0]).offset(row=EXPOSURE_SHARE[1], column=EXPOSURE_SHARE[2])
    sheet = source.text(source.assumptions)
    pattern = rf'<c r="{cell.coordinate}"([^>]*?)(?:/>|>.*?</c>)'
    assert re.search(pattern, sheet)
    sheet = re.sub(pattern, lambda m: f'<c r="{cell.coordinate}"{m[1]}><f>0.25*2</f><v>0.5</v></c>', sheet, count=1)
    path = source.write(
        tmp_path / "calculated.xlsx", {source.assumptions: deflated(source.assumptions, [sheet.encode()])}
    )

    plan = read_workbook_plan(path)
    assert plan.scenarios[0].stages[0].exposure_share == 0.5


def test_a_number_in_a_date_cell_is_refused_with_the_cell(tmp_path: Path, example_workbook: Path) -> None:
    """5 typed into the start month (formatted as a date) is 5 January 1900 to Excel, never a plan's month."""
    path, where = _edited(example_workbook, tmp_path, {"Start_Month": 5})
    assert openpyxl.load_workbook(path)["Assumptions"][where["Start_Month"].split("!")[1]].is_date
    assert _problems(path) == [
        f"cell {where['Start_Month']} (start month) holds the number 5, not a month; "
        "type the month as YYYY-MM, e.g. 2026-03"
    ]


def test_a_month_cell_with_a_plain_number_is_refused_the_same_way(tmp_path: Path, example_workbook: Path) -> None:
    path, where = _edited(example_workbook, tmp_path, {"Start_Month": 202603})
    workbook = openpyxl.load_workbook(path)
    _cell(workbook, "Start_Month").number_format = "General"
    workbook.save(path)
    assert _problems(path) == [
        f"cell {where['Start_Month']} (start month) holds the number 202603, not a month; "
        "type the month as YYYY-MM, e.g. 2026-03"
    ]


def test_a_real_date_still_gives_its_month(tmp_path: Path, example_workbook: Path) -> None:
    path, _ = _edited(example_workbook, tmp_path, {"Start_Month": dt.datetime(2021, 6, 15)})
    assert read_workbook_plan(path).scenarios[0].start == "2021-06"


def test_cell_problems_and_invalid_values_are_listed_together(tmp_path: Path, example_workbook: Path) -> None:
    path, where = _edited(example_workbook, tmp_path, {"Growth_chat": None, "Growth_ncmec": -3})
    assert _problems(path) == [
        f"cell {where['Growth_chat']} (growth per year) is empty",
        f"{where['Growth_ncmec']}: growth per year must be greater than -1, got -3",
    ]
