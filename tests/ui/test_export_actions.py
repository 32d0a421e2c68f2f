"""File ▸ Export to Excel from the window, a target Excel holds open, and reading a workbook back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from tests.ui.conftest import DialogLog
from tests.ui.test_main_window import open_window

Button = QMessageBox.StandardButton


@pytest.fixture
def window(qtbot: QtBot, document: object, settings: object, tmp_path: Path) -> MainWindow:
    return open_window(qtbot, document, settings, tmp_path / "data")  # type: ignore[arg-type]


def test_export_to_excel_then_open_the_workbook_gives_the_plan_back(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.document.set_value(window.document.scenario_path("sources", 1, "growth_per_year"), 0.25, "Growth")
    exported_plan = window.document.plan
    target = tmp_path / "Overleg korpsleiding" / "prognose"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))

    window.export_excel_action.trigger()

    workbook = target.with_name("prognose.xlsx")
    assert workbook.exists()
    assert [p.name for p in workbook.parent.iterdir()] == ["prognose.xlsx"]
    assert "Exported" in window.statusBar().currentMessage()

    window.document.undo_stack.setClean()
    assert window.files.open_path(workbook, ask=False)
    assert window.document.plan == exported_plan
    assert window.document.path is None
    assert window.isWindowModified()


def test_a_workbook_open_in_excel_gives_retry_or_save_as(
    window: MainWindow, dialogs: DialogLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "open in excel.xlsx"
    target.write_bytes(b"the workbook as it was")
    real_replace = os.replace

    def locked(source: object, destination: object) -> None:
        if Path(str(destination)) == target:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        real_replace(source, destination)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", locked)
    elsewhere = tmp_path / "another name.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(elsewhere), "")))
    dialogs.answer("warning", Button.Retry, Button.Save)

    assert window.exports.export_excel(target)

    warnings = dialogs.texts("warning")
    assert len(warnings) == 2
    assert "open in another program" in warnings[0]
    assert target.read_bytes() == b"the workbook as it was"
    assert elsewhere.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in {".xlsx", ".tmp"}) == [
        "another name.xlsx",
        "open in excel.xlsx",
    ]


def test_a_workbook_that_is_not_ours_is_refused_and_the_plan_stays(
    window: MainWindow, dialogs: DialogLog, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    other = tmp_path / "budget.xlsx"
    book = Workbook()
    book.active["A1"] = "Budget 2027"
    book.save(other)
    window.document.set_value(window.document.scenario_path("months"), 48, "Months")

    assert not window.files.open_path(other, ask=False)

    assert "not exported by Caseload Planner" in dialogs.texts("warning")[-1]
    assert window.document.scenario.months == 48
