"""Hostile and damaged workbooks: each refused with its reason, quickly, within a memory cap, never a crash.

The set is made from a real exported workbook (tests/io/hostile.py). Bombs are just past
the limit they test, not the campaign's gigabytes (benchmarks/hostile_workbooks.py builds
those): a refusal that comes from a header or a cap proves the same at any size.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop.io.plan_file import PlanFileError
from desktop.io.workbook import export_workbook, read_workbook_plan
from desktop.model.example import example_plan

from .hostile import CASES, SMALL, Exported, build_all, deflated

RUNNER = Path(__file__).with_name("read_capped.py")
CAP_MB = 300
MAX_SECONDS = 2.0


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("exported") / "example.xlsx"
    export_workbook(example_plan(), path)
    return path


@pytest.fixture(scope="module")
def hostile(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    files = build_all(exported, tmp_path_factory.mktemp("hostile"), SMALL)
    folder = tmp_path_factory.mktemp("special")
    if hasattr(os, "mkfifo"):
        fifo = folder / "x.xlsx"
        os.mkfifo(fifo)
        files["a pipe named x.xlsx"] = fifo
    folder_named = folder / "folder.xlsx"
    folder_named.mkdir()
    files["a folder named folder.xlsx"] = folder_named
    return files


@pytest.fixture(scope="module")
def outcomes(exported: Path, hostile: dict[str, Path]) -> dict[str, dict[str, Any]]:
    """Every hostile file and the real export read in one capped process: case name → what happened."""
    names = ["the exported workbook", *hostile]
    paths = [exported, *hostile.values()]
    done = subprocess.run(
        [sys.executable, str(RUNNER), str(CAP_MB), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(p) for p in paths]
    return dict(zip(names, lines, strict=True))


def test_openpyxl_parses_with_defusedxml_as_a_second_guard() -> None:
    assert openpyxl.DEFUSEDXML


def test_the_exported_workbook_reads_within_the_cap(outcomes: dict[str, dict[str, Any]]) -> None:
    outcome = outcomes["the exported workbook"]
    assert "crash" not in outcome, outcome.get("crash")
    assert outcome["refusal"] is None
    if sys.platform.startswith("linux"):
        assert outcome["capped"]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_hostile_workbook_is_refused_with_its_reason(case: Any, outcomes: dict[str, dict[str, Any]]) -> None:
    outcome = outcomes[case.name]
    assert "crash" not in outcome, outcome.get("crash")
    refusal = outcome["refusal"]
    assert refusal is not None, "read as if it were a plan"
    assert refusal.startswith(Path(outcome["file"]).name + ": ")
    assert case.refusal in refusal
    assert outcome["seconds"] <= MAX_SECONDS


def test_special_files_are_refused_without_waiting(outcomes: dict[str, dict[str, Any]]) -> None:
    if hasattr(os, "mkfifo"):
        pipe = outcomes["a pipe named x.xlsx"]
        assert pipe["refusal"] == "x.xlsx: this is not an ordinary file"
        assert pipe["seconds"] <= MAX_SECONDS
    assert outcomes["a folder named folder.xlsx"]["refusal"] == "folder.xlsx: this is a folder, not a workbook"


def test_a_device_is_refused() -> None:
    with pytest.raises(PlanFileError) as caught:
        read_workbook_plan(Path(os.devnull))  # /dev/null; NUL on Windows
    if os.name == "posix":
        assert [p.message for p in caught.value.problems] == ["this is not an ordinary file"]


def test_a_refusal_names_the_part_and_the_limit(hostile: dict[str, Path]) -> None:
    """In process too (the messages the window shows), and the file that was refused is named."""
    with pytest.raises(PlanFileError) as caught:
        read_workbook_plan(hostile["zip bomb of spaces"])
    [problem] = caught.value.problems
    assert problem.message.startswith("part xl/worksheets/")
    assert "unpacks to more than 32 MB" in problem.message
    assert caught.value.path == hostile["zip bomb of spaces"]


def test_a_sheet_with_prefixed_tags_reads_the_same(exported: Path, tmp_path: Path) -> None:
    """The main namespace under a prefix (valid XML, as some converters write it): read the thorough way."""
    source = Exported(exported)
    sheet = source.text(source.assumptions)
    sheet = re.sub(r"<(/?)(?=[a-zA-Z])", r"<\1x:", sheet).replace("xmlns=", "xmlns:x=", 1)
    sheet = re.sub(r"<(/?)x:(\w+):", r"<\1\2:", sheet)  # tags that had a prefix keep theirs
    path = source.write(
        tmp_path / "prefixed.xlsx", {source.assumptions: deflated(source.assumptions, [sheet.encode()])}
    )
    assert read_workbook_plan(path) == example_plan()
