"""File ▸ Open on a workbook: read on a worker with progress and Cancel; refusals say why, the open plan stays."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from desktop.io.workbook import export_workbook
from desktop.model.example import example_plan
from desktop.model.plan import Plan
from desktop.ui import file_actions
from desktop.ui.main_window import MainWindow
from tests.io.hostile import SMALL, build_all
from tests.ui.conftest import DialogLog
from tests.ui.test_main_window import open_window


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with one change, so that reading it is seen in the window."""
    plan = example_plan()
    scenario = plan.scenarios[0].model_copy(update={"months": 60})
    path = tmp_path_factory.mktemp("workbook") / "meeting.xlsx"
    export_workbook(plan.model_copy(update={"scenarios": [scenario]}), path)
    return path


@pytest.fixture
def window(qtbot: QtBot, document: object, settings: object, tmp_path: Path) -> Iterator[MainWindow]:
    window = open_window(qtbot, document, settings, tmp_path / "data")  # type: ignore[arg-type]
    yield window
    window.files.wait_for_reading(10_000)


def _reads_recorded(monkeypatch: pytest.MonkeyPatch, before: Callable[[], None] = lambda: None) -> list[str]:
    """The names of the threads that read workbooks (the real reader runs, after ``before``)."""
    threads: list[str] = []
    real = file_actions.read_workbook

    def recorded(path: Path, progress: Callable[[int, str], None]) -> Plan:
        threads.append(threading.current_thread().name)
        before()
        return real(path, progress)

    monkeypatch.setattr(file_actions, "read_workbook", recorded)
    return threads


def test_a_workbook_is_read_off_the_windows_thread(
    window: MainWindow, workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = _reads_recorded(monkeypatch)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(workbook), "")))

    window.open_action.trigger()

    assert len(threads) == 1
    assert threads[0] != threading.main_thread().name
    assert window.document.scenario.months == 60
    assert window.document.path is None
    assert "Read the assumptions of" in window.statusBar().currentMessage()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


def test_cancel_keeps_the_plan_that_was_open(
    window: MainWindow, workbook: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    release = threading.Event()
    threads = _reads_recorded(monkeypatch, before=lambda: release.wait(10))
    window.document.set_value(window.document.scenario_path("months"), 48, "Months")
    window.document.undo_stack.setClean()
    seen: list[str] = []

    def press_cancel() -> None:
        dialogs = [w for w in window.findChildren(QProgressDialog) if w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, press_cancel)
            return
        seen.append(dialogs[0].labelText())
        button = dialogs[0].findChild(QPushButton)
        seen.append(button.text())
        button.click()

    QTimer.singleShot(0, press_cancel)
    assert not window.files.open_path(workbook, ask=False)

    assert seen == ["Checking the workbook…", "Cancel"]  # the dialog showed while the worker read
    assert window.document.scenario.months == 48
    assert "cancelled" in window.statusBar().currentMessage()
    release.set()
    assert window.files.wait_for_reading(10_000)
    qtbot.wait(50)  # the cancelled read's result arrives, and must change nothing
    assert threads
    assert window.document.scenario.months == 48
    assert not window.document.is_modified


def test_a_pipe_named_like_a_workbook_is_refused(window: MainWindow, dialogs: DialogLog, tmp_path: Path) -> None:
    special = tmp_path / "x.xlsx"
    if hasattr(os, "mkfifo"):
        os.mkfifo(special)
        reason = "x.xlsx: this is not an ordinary file"
    else:  # no pipes here (Windows): a folder of that name is refused the same way
        special.mkdir()
        reason = "x.xlsx: this is a folder, not a workbook"

    assert not window.files.open_path(special, ask=False)

    [(kind, title, text)] = dialogs.shown
    assert (kind, title) == ("warning", "Cannot open the workbook")
    assert text.startswith(reason)
    assert window.document.scenario.months == example_plan().scenarios[0].months


def test_a_hostile_workbook_gives_its_reason_not_the_crash_dialog(
    window: MainWindow, dialogs: DialogLog, tmp_path: Path, workbook: Path
) -> None:
    files = build_all(workbook, tmp_path / "hostile", SMALL)

    for name in ("entity bomb", "malformed sheet XML", "reversed defined range", "corrupt deflate data"):
        assert not window.files.open_path(files[name], ask=False), name

    titles = [(kind, title) for kind, title, _text in dialogs.shown]
    assert titles == [("warning", "Cannot open the workbook")] * 4
    texts = dialogs.texts("warning")
    assert "document type declaration" in texts[0]
    assert "mismatched tag" in texts[1]
    assert "ends before it starts" in texts[2]
    assert "is damaged" in texts[3]
    assert window.document.scenario.months == example_plan().scenarios[0].months
