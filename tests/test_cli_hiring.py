"""``caseload-planner hiring``: the hiring plan as a table and as CSV, through the real command."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.io.plan_file import write_plan
from desktop.model.example import example_plan
from desktop.model.hiring_plan import hiring_plan
from desktop.model.plan import Plan

COMMAND = Path(sys.executable).with_name("caseload-planner")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(COMMAND), "hiring", *args], capture_output=True, text=True, check=False)


def _two_scenarios() -> Plan:
    raw = example_plan().model_dump(mode="json")
    second = {**raw["scenarios"][0], "name": "Later decision", "decision_month": "2024-01"}
    raw["scenarios"].append(second)
    return Plan.model_validate(raw)


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hiring") / "plan met twee scenario's.caseplan"
    write_plan(_two_scenarios(), path)
    return path


def test_hiring_prints_every_step_of_the_first_scenario(plan_file: Path) -> None:
    done = _run(str(plan_file))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    scenario = _two_scenarios().scenarios[0]
    expected = hiring_plan(scenario)
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"Hiring plan for {scenario.name}: posts funded from the decision month 2022-09")
    assert lines[2].split() == ["stage", "month", "funded", "posts", "in", "post", "from"]
    rows = [line.split() for line in lines[3 : 3 + len(expected.steps())]]
    assert rows == [[s.stage, s.month, f"{s.posts:.1f}", s.in_post_from] for s in expected.steps()]
    for stage in expected.stages:
        assert any(line.startswith(f"{stage.stage}: {stage.posts:.1f} posts in all") for line in lines)


def test_hiring_writes_the_steps_as_csv(plan_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "werving.csv"
    done = _run(str(plan_file), "--scenario", "Later decision", "--quarterly", "--csv", str(out))
    assert done.returncode == 0, done.stderr
    assert "at most once a quarter" in done.stdout
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    expected = hiring_plan(_two_scenarios().scenario("Later decision"), "quarter")
    assert rows[0] == ["stage", "month", "posts"]
    assert rows[1:] == [[s.stage, s.month, f"{s.posts:.1f}"] for s in expected.steps()]
    assert all(row[1] >= "2024-01" for row in rows[1:])


def test_hiring_with_an_unknown_scenario_is_bad_input(plan_file: Path) -> None:
    done = _run(str(plan_file), "--scenario", "Nope")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "no scenario named 'Nope'" in done.stderr
    assert "Traceback" not in done.stderr


def test_hiring_of_a_missing_file_is_bad_input(tmp_path: Path) -> None:
    done = _run(str(tmp_path / "missing.caseplan"))
    assert done.returncode == 2
    assert "missing.caseplan" in done.stderr
    assert "Traceback" not in done.stderr
