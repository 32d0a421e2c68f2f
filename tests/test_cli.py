"""The command line as a user runs it: real files, real processes, exit codes and messages."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from desktop import __version__, cli
from desktop.io.plan_file import plan_json_schema, read_plan
from desktop.model.engine import project
from desktop.model.example import example_plan
from desktop.model.measures import METRICS

COMMAND = Path(sys.executable).with_name("caseload-planner")


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(COMMAND), *map(str, args)], capture_output=True, text=True, check=False, timeout=120)


@pytest.fixture
def example_file(tmp_path: Path) -> Path:
    path = tmp_path / "Zeden planning 2026" / "voorbeeld plän.caseplan"
    path.parent.mkdir()
    assert cli.main(["example", "-o", str(path)]) == 0
    return path


def test_example_writes_a_plan_that_checks_clean(example_file: Path) -> None:
    assert read_plan(example_file) == example_plan()
    done = run("check", example_file)
    assert done.returncode == 0, done.stderr
    assert "valid" in done.stdout
    assert done.stderr == ""


def test_check_lists_every_problem_and_exits_2(example_file: Path) -> None:
    raw = json.loads(example_file.read_text(encoding="utf-8"))
    raw["scenarios"][0]["sources"][2]["growth_per_year"] = -3
    raw["scenarios"][0]["stages"][1]["hours_per_fte_year"] = -10
    broken = example_file.with_name("broken.caseplan")
    broken.write_text(json.dumps(raw), encoding="utf-8")

    done = run("check", broken)

    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2
    assert all("broken.caseplan" in line for line in lines)
    assert any("scenarios[0].sources[2].growth_per_year" in line and "-3" in line for line in lines)
    assert any("scenarios[0].stages[1].hours_per_fte_year" in line for line in lines)


def test_check_of_a_missing_file_says_so(tmp_path: Path) -> None:
    done = run("check", tmp_path / "nowhere.caseplan")
    assert done.returncode == 2
    assert "nowhere.caseplan" in done.stderr
    assert "Traceback" not in done.stderr


def test_project_writes_tidy_csv_matching_the_engine(example_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "projection.csv"
    done = run("project", example_file, "--csv", out)
    assert done.returncode == 0, done.stderr

    # utf-8-sig: a CSV file starts with the byte-order mark that Excel needs for non-ASCII names.
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == ["scenario", "month", "stage", "priority", "source", "metric", "value"]
    assert {row["metric"] for row in rows} == set(METRICS)

    expected = project(example_plan().scenarios[0])
    months = expected.months
    # Intake is per source: stage and priority do not apply and stay empty.
    intake = [r for r in rows if r["metric"] == "intake" and r["source"] == "ncmec"]
    assert [r["month"] for r in intake] == months
    assert all(r["stage"] == "" and r["priority"] == "" for r in intake)
    assert np.allclose([float(r["value"]) for r in intake], expected.intake[:, 0], rtol=1e-12)
    # Backlog at the end of the projection, per stage and priority, summed over sources.
    last = [r for r in rows if r["metric"] == "backlog_items" and r["month"] == months[-1]]
    for k, stage in enumerate(expected.stage_keys):
        total = sum(float(r["value"]) for r in last if r["stage"] == stage)
        assert total == pytest.approx(expected.backlog_items[k, -1].sum(), rel=1e-9)
    # Capacity is per stage only.
    capacity = [r for r in rows if r["metric"] == "capacity_hours"]
    assert len(capacity) == len(months) * len(expected.stage_keys)
    assert all(r["priority"] == "" and r["source"] == "" for r in capacity)


def test_project_to_standard_output_and_by_scenario_name(example_file: Path) -> None:
    done = run("project", example_file, "--scenario", "Baseline")
    assert done.returncode == 0, done.stderr
    reader = csv.DictReader(io.StringIO(done.stdout))
    assert {row["scenario"] for row in reader} == {"Baseline"}

    unknown = run("project", example_file, "--scenario", "Nope")
    assert unknown.returncode == 2
    assert "Nope" in unknown.stderr
    assert "Baseline" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_project_of_a_broken_file_leaves_no_csv(tmp_path: Path) -> None:
    broken = tmp_path / "truncated.caseplan"
    broken.write_text('{"format": "caseload-planner/plan", "schema_version": 1, "title": "x", "scen', encoding="utf-8")
    out = tmp_path / "out.csv"
    done = run("project", broken, "--csv", out)
    assert done.returncode == 2
    assert "truncated.caseplan" in done.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["truncated.caseplan"]


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"caseload-planner {__version__}"


def test_summary_of_the_example_gives_the_headline_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["summary"]) == 0
    text = capsys.readouterr().out
    assert "2021      36,000" in text
    assert "2022      50,000" in text
    assert "Assessment" in text
    assert "Investigation" in text
    assert "posts to fund from 2022-09 for every target" in text


def test_schema_command_writes_the_plan_schema(tmp_path: Path) -> None:
    out = tmp_path / "plan.schema.json"
    assert cli.main(["schema", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == plan_json_schema()


def test_a_bug_exits_1_with_a_pointer_to_report_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_: object) -> int:
        raise RuntimeError("simulated defect")

    monkeypatch.setattr(cli, "_run", broken)
    assert cli.main(["check", "x.caseplan"]) == 1
    err = capsys.readouterr().err
    assert "simulated defect" in err
    assert "bug" in err


def test_summary_names_both_needs_and_says_it_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["summary"]) == 0
    text = capsys.readouterr().out
    plan = example_plan()
    scenario = plan.scenarios[0]
    assert f"advice from {scenario.decision_month}" in text
    assert "FTE needed for the work reaching it" in text
    assert "FTE needed if the teams before kept up" in text  # investigation only: assessment comes first
    assert text.count("FTE needed if the teams before kept up") == len(scenario.stages) - 1
    assert "over the last 12 months" in text
    # One paragraph per stage, naming the stage, when new work first exceeds capacity and what to fund.
    paragraphs = [p for p in text.split("\n\n") if p.startswith("  ") and "." in p and ":" in p.split()[0]]
    assert [p.split(":")[0].strip() for p in paragraphs] == [stage.name for stage in scenario.stages]
    assert all("fund" in p for p in paragraphs)
