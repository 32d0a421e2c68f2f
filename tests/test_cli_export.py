"""``caseload-planner export``: the workbook from the command line, exit 2 with the message on bad input."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import types
from pathlib import Path

import openpyxl
import pytest

from desktop import cli
from desktop.io.plan_file import write_plan
from desktop.io.workbook import LOCKED_REASON, read_workbook_plan
from desktop.model.example import example_plan
from desktop.model.plan import Plan

COMMAND = Path(sys.executable).with_name("caseload-planner")


def _two_scenarios() -> Plan:
    raw = example_plan().model_dump(mode="json")
    second = {**raw["scenarios"][0], "name": "More posts", "clear_months": 24}
    raw["scenarios"].append(second)
    return Plan.model_validate(raw)


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "Zeden planning" / "plan met twee scenario's.caseplan"
    path.parent.mkdir()
    write_plan(_two_scenarios(), path)
    return path


def test_export_writes_the_workbook_of_the_first_scenario(plan_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "overleg.xlsx"
    done = subprocess.run(
        [str(COMMAND), "export", str(plan_file), "-o", str(out)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    plan = _two_scenarios()
    assert read_workbook_plan(out) == plan.model_copy(update={"scenarios": plan.scenarios[:1]})


def test_export_all_compares_every_scenario(plan_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.xlsx"
    assert cli.main(["export", str(plan_file), "-o", str(out), "--all"]) == 0
    assert "Scenarios" in openpyxl.load_workbook(out, read_only=True).sheetnames
    assert read_workbook_plan(out) == _two_scenarios()


def test_export_one_named_scenario(plan_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "more.xlsx"
    assert cli.main(["export", str(plan_file), "-o", str(out), "--scenario", "More posts"]) == 0
    [scenario] = read_workbook_plan(out).scenarios
    assert scenario.name == "More posts"


def test_an_unknown_scenario_exits_2(plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.xlsx"
    assert cli.main(["export", str(plan_file), "-o", str(out), "--scenario", "Nope"]) == 2
    err = capsys.readouterr().err
    assert "no scenario named 'Nope'" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_a_workbook_open_in_excel_exits_2_with_the_reason(
    plan_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "open.xlsx"
    out.write_bytes(b"held open by Excel")

    def locked(*args: object) -> None:
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(os, "replace", locked)
    assert cli.main(["export", str(plan_file), "-o", str(out)]) == 2
    assert capsys.readouterr().err.strip() == f"caseload-planner: could not save open.xlsx: {LOCKED_REASON}"
    assert out.read_bytes() == b"held open by Excel"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Zeden planning", "open.xlsx"]


def test_a_broken_plan_exits_2_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.caseplan"
    broken.write_text("{", encoding="utf-8")
    assert cli.main(["export", str(broken), "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "broken.caseplan" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.caseplan"]


def test_another_kind_of_file_is_refused(plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["export", str(plan_file), "-o", str(tmp_path / "x.csv")]) == 2
    assert "must be an Excel workbook (.xlsx) or a PDF (.pdf)" in capsys.readouterr().err


def test_scenario_and_all_exclude_each_other(plan_file: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["export", str(plan_file), "-o", str(tmp_path / "x.xlsx"), "--all", "--scenario", "More posts"])
    assert caught.value.code == 2


def test_a_pdf_is_made_by_the_summary_module(plan_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[tuple[str, str, Path]] = []
    module = types.ModuleType(cli.PDF_MODULE)
    module.export_summary_pdf = lambda plan, name, path: made.append((plan.title, name, path))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, cli.PDF_MODULE, module)
    out = tmp_path / "summary.pdf"
    assert cli.main(["export", str(plan_file), "-o", str(out), "--scenario", "More posts"]) == 0
    assert made == [(example_plan().title, "More posts", out)]


def test_without_the_summary_module_a_pdf_exits_2(
    plan_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, cli.PDF_MODULE, None)  # the module cannot be imported
    assert cli.main(["export", str(plan_file), "-o", str(tmp_path / "summary.pdf")]) == 2
    assert capsys.readouterr().err.strip() == "caseload-planner: PDF export is not available in this build"


def test_a_pdf_holds_one_scenario(plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["export", str(plan_file), "-o", str(tmp_path / "summary.pdf"), "--all"]) == 2
    assert "one scenario" in capsys.readouterr().err
