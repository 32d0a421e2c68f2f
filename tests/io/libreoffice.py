"""Recalculating workbooks with real LibreOffice, headless, as the workbook tests need it.

The tests fail, never skip, when LibreOffice is missing: a formula that only
looks right is worse than no formula. Each run gets its own LibreOffice profile,
so that test runs in parallel do not wait on each other's lock, and the profile
tells LibreOffice to recalculate every formula when it loads a file.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

_RECALCULATE_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""

ERROR_VALUES = ("#NAME?", "#REF!", "#VALUE!", "#DIV/0!", "#NUM!", "#N/A", "#NULL!", "Err:")


def soffice() -> str:
    """The LibreOffice program; the test fails (it does not skip) when there is none."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.fail("LibreOffice (soffice) is not installed; the workbook tests need it (Debian: libreoffice-calc)")
    return found


def recalculate(workbooks: Sequence[Path], out_dir: Path) -> list[Path]:
    """Open each workbook in LibreOffice, recalculate every formula and save it as .xlsx into ``out_dir``.

    One LibreOffice start for all of them: a start takes seconds.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_RECALCULATE_ALWAYS, encoding="utf-8")
        command = [
            soffice(),
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out_dir),
            *map(str, workbooks),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    results = [out_dir / Path(workbook).with_suffix(".xlsx").name for workbook in workbooks]
    missing = [path.name for path in results if not path.exists()]
    if done.returncode != 0 or missing:
        pytest.fail(f"LibreOffice did not convert {missing or workbooks}: {done.stdout}\n{done.stderr}")
    return results


def load(path: Path, *, values: bool = True) -> Any:
    """The workbook as openpyxl reads it: computed values (``values``) or the formulas.

    LibreOffice writes parts openpyxl does not know (e.g. extension lists); openpyxl
    warns that it drops them, which is harmless here and would fail the test run.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\..*")
        return openpyxl.load_workbook(path, data_only=values)


def error_cells(path: Path) -> list[str]:
    """Every cell of a recalculated workbook that holds an error (#NAME?, #VALUE!, Err:502, …): ``Sheet!A1: value``.

    LibreOffice marks a formula's error as an error cell; a text the plan holds, such as a
    stage named "#N/A", is no error, but the same text as the result of a formula is.
    """
    values, formulas = load(path), load(path, values=False)
    found = []
    for sheet in values.worksheets:
        formula_sheet = formulas[sheet.title]
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                looks_wrong = isinstance(value, str) and value.startswith(ERROR_VALUES)
                computed = formula_sheet[cell.coordinate].data_type == "f"
                if cell.data_type == "e" or (looks_wrong and (computed or value.startswith("Err:"))):
                    found.append(f"{sheet.title}!{cell.coordinate}: {value}")
    return found
