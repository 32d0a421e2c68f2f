"""The main window as a coordinator uses it: edit and see the projection move, undo, save, open, recover."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.io.plan_file import read_plan, write_plan
from desktop.model.example import example_plan
from desktop.ui.app import initial_document, offer_recovery
from desktop.ui.document import PlanDocument
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import DialogLog

Button = QMessageBox.StandardButton


def open_window(qtbot: QtBot, document: PlanDocument, settings: QSettings, folder: Path) -> MainWindow:
    window = MainWindow(document, settings, folder, autosave_interval_ms=50)

    def before_close(closing: MainWindow) -> None:  # pytest-qt closes the window: no question then
        closing.runner.wait_for_solver(10_000)
        closing.document.undo_stack.setClean()

    qtbot.addWidget(window, before_close_func=before_close)
    with qtbot.waitSignal(window.runner.projected, timeout=10_000):
        window.show()
    return window


@pytest.fixture
def window(qtbot: QtBot, document: PlanDocument, settings: QSettings, tmp_path: Path) -> MainWindow:
    return open_window(qtbot, document, settings, tmp_path / "data")


def backlog_end(window: MainWindow) -> float:
    projection = window.runner.projection
    assert projection is not None
    return float(projection.backlog_items[0, -1].sum())


def test_opens_on_the_example_and_draws_the_projection(window: MainWindow) -> None:
    assert window.runner.projection is not None
    assert window.runner.projection.scenario == example_plan().scenarios[0]
    assert "Untitled plan" in window.windowTitle()
    assert window.scenario_box.currentText() == "Baseline"


def test_an_edit_moves_the_projection_and_undo_redo_restore_it(qtbot: QtBot, window: MainWindow) -> None:
    before = backlog_end(window)
    path = window.document.scenario_path("stages", 0, "fte")
    with qtbot.waitSignal(window.results.redrawn, timeout=5000):
        window.document.set_value(path, 60.0, "Assessment FTE")
    after = backlog_end(window)
    assert after < before
    assert window.isWindowModified()

    with qtbot.waitSignal(window.results.redrawn, timeout=5000):
        window.undo_action.trigger()
    assert window.document.scenario.stages[0].fte == 34
    assert backlog_end(window) == pytest.approx(before, rel=1e-12)
    assert not window.isWindowModified()

    with qtbot.waitSignal(window.results.redrawn, timeout=5000):
        window.redo_action.trigger()
    assert window.document.scenario.stages[0].fte == 60
    assert backlog_end(window) == pytest.approx(after, rel=1e-12)


def test_the_first_paint_already_shows_the_figures_and_the_hiring_advice_follows_it(
    qtbot: QtBot, document: PlanDocument, settings: QSettings, tmp_path: Path
) -> None:
    window = MainWindow(document, settings, tmp_path / "data")
    qtbot.addWidget(window, before_close_func=lambda closing: closing.runner.wait_for_solver(10_000))
    assert window.runner.projection is None  # nothing is computed for a window nobody sees
    window.show()
    # Before Qt paints (the event loop has not run yet), every chart holds the example's months.
    assert window.runner.projection is not None
    assert all(len(chart.curves[0].xData) == 84 for chart in window.results.charts)
    backlog_end = window.runner.projection.backlog_items[0, -1].sum()
    assert window.results.headline_bar.text_of("assessment", "backlog") == f"{backlog_end:.0f}"
    # The hiring solver holds the GIL for most of its work: it waits until the window has painted.
    assert window.runner.hiring is None
    assert window.runner.wait_for_solver(0)  # no solver job is running yet
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        pass
    with qtbot.waitSignal(window.runner.hiring_solved, timeout=20_000):
        pass
    assert window.has_painted
    assert [a.stage for a in window.runner.hiring or []] == ["assessment", "investigation"]
    fte = (window.runner.hiring or [])[0].fte
    assert fte is not None
    assert fte > 0
    assert window.results.headline_bar.text_of("assessment", "hire") == f"{fte:.1f} posts"


def test_hiring_advice_arrives_from_the_background(qtbot: QtBot, window: MainWindow) -> None:
    if window.runner.hiring is None:
        with qtbot.waitSignal(window.runner.hiring_solved, timeout=20_000):
            pass
    assert window.runner.hiring is not None
    assert [a.stage for a in window.runner.hiring] == ["assessment", "investigation"]


def test_save_then_open_gives_the_same_plan(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.document.set_value(window.document.scenario_path("months"), 60, "Months")
    target = tmp_path / "Plannen 2027" / "team zeden – prognose"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.save_as_action.trigger()

    saved = target.with_name(target.name + ".caseplan")
    assert saved.exists()
    assert not window.isWindowModified()
    assert saved.name in window.windowTitle()
    assert read_plan(saved) == window.document.plan

    other = tmp_path / "other.caseplan"
    write_plan(example_plan(), other)
    assert window.files.open_path(other)
    assert window.document.scenario.months == 84
    assert window.files.open_path(saved)
    assert window.document.scenario.months == 60
    assert window.files.recent_files()[:2] == [saved.resolve(), other.resolve()]
    assert [a.text().split(maxsplit=1)[1] for a in window.recent_menu.actions()][:2] == [saved.name, other.name]


def test_unsaved_changes_are_asked_about(
    window: MainWindow, dialogs: DialogLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.document.set_value(window.document.scenario_path("clear_months"), 6, "Clear months")

    dialogs.answer("question", Button.Cancel)
    window.new_action.trigger()
    assert window.document.scenario.clear_months == 6
    assert window.isWindowModified()
    assert "Save the changes" in dialogs.texts("question")[-1]

    dialogs.answer("question", Button.Cancel)
    assert not window.close()
    assert window.isVisible()

    target = tmp_path / "kept.caseplan"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    dialogs.answer("question", Button.Save)
    window.new_action.trigger()
    assert read_plan(target).scenarios[0].clear_months == 6
    assert window.document.path is None
    assert window.document.scenario.clear_months == 12

    window.document.set_value(window.document.scenario_path("clear_months"), 3, "Clear months")
    dialogs.answer("question", Button.Discard)
    window.new_action.trigger()
    assert window.document.scenario.clear_months == 12
    assert not window.isWindowModified()


def test_a_broken_plan_file_is_refused_and_the_open_plan_stays(
    window: MainWindow, dialogs: DialogLog, tmp_path: Path
) -> None:
    window.document.set_value(window.document.scenario_path("months"), 48, "Months")
    broken = tmp_path / "broken.caseplan"
    raw = example_plan().model_dump(mode="json")
    raw["scenarios"][0]["stages"][0]["fte"] = "ten"
    broken.write_text(json.dumps(raw), encoding="utf-8")

    assert not window.files.open_path(broken, ask=False)

    message = dialogs.texts("warning")[-1]
    assert "broken.caseplan" in message
    assert "scenarios[0].stages[0].fte" in message
    assert window.document.scenario.months == 48
    assert window.document.path is None


def test_a_dropped_plan_file_opens(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dropped = tmp_path / "dropped plan.caseplan"
    plan = example_plan()
    changed = plan.model_dump()
    changed["title"] = "Dropped"
    write_plan(type(plan).model_validate(changed), dropped)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(event)
    assert window.document.plan.title == "Dropped"
    assert window.document.path == dropped


def test_the_last_plan_opens_next_time(window: MainWindow, settings: QSettings, tmp_path: Path) -> None:
    path = tmp_path / "last.caseplan"
    write_plan(example_plan(), path)
    window.files.open_path(path, ask=False)
    document, note = initial_document(None, settings)
    assert document.path == path.resolve()
    assert note is None

    path.write_text("{", encoding="utf-8")
    document, note = initial_document(None, settings)
    assert document.path is None
    assert note is not None
    assert "example" in note


def test_autosave_writes_a_copy_while_modified_and_removes_it_when_saved(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = window.autosave.copy_path
    assert not copy.exists()
    window.document.set_value(window.document.scenario_path("months"), 36, "Months")
    qtbot.waitUntil(copy.exists, timeout=5000)
    assert read_plan(copy).scenarios[0].months == 36

    target = tmp_path / "saved.caseplan"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    window.save_action.trigger()
    assert not copy.exists()


CRASHING_SESSION = """
import os, sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from desktop.model.example import example_plan
from desktop.ui.autosave import Autosave
from desktop.ui.document import PlanDocument
app = QCoreApplication([])
document = PlanDocument(example_plan(), Path(sys.argv[2]))
document.set_value(("scenarios", 0, "stages", 1, "fte"), 99.5, "FTE")
Autosave(document, Path(sys.argv[1])).save_now()
os._exit(3)  # the process dies without closing anything
"""


def test_recovery_after_a_crash(qtbot: QtBot, dialogs: DialogLog, settings: QSettings, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    original = tmp_path / "team plan.caseplan"
    write_plan(example_plan(), original)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    crashed = subprocess.run(
        [sys.executable, "-c", CRASHING_SESSION, str(folder / "autosave"), str(original)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert crashed.returncode == 3, crashed.stderr
    assert list((folder / "autosave").glob("*.caseplan"))

    window = open_window(qtbot, PlanDocument(read_plan(original), original), settings, folder)
    dialogs.answer("question", Button.Yes)
    offer_recovery(window, folder)

    assert "not closed properly" in dialogs.texts("question")[-1]
    assert window.document.scenario.stages[1].fte == 99.5
    assert window.document.path == original
    assert window.isWindowModified()
    assert not [p for p in (folder / "autosave").glob("*.caseplan") if p != window.autosave.copy_path]


def test_screenshot_command_writes_a_png_of_the_window(tmp_path: Path) -> None:
    plan = tmp_path / "example plan.caseplan"
    write_plan(example_plan(), plan)
    shot = tmp_path / "shot.png"
    command = Path(sys.executable).with_name("caseload-planner")
    temp_folder = tmp_path / "temp"
    temp_folder.mkdir()
    # The temporary folder of the run is one of the test's, to see that the screenshot's scratch folder goes.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(temp_folder), "TEMP": str(temp_folder)}
    done = subprocess.run(
        [str(command), str(plan), "--screenshot", str(shot)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert list(temp_folder.iterdir()) == []
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1600, 1000)
    # Not a blank image: the charts and tables put many colours on it.
    pixels = np.frombuffer(image.convertToFormat(QImage.Format.Format_RGB32).constBits(), dtype=np.uint32)
    assert len(np.unique(pixels)) > 50


def test_duplicate_and_delete_a_scenario(qtbot: QtBot, window: MainWindow, dialogs: DialogLog) -> None:
    window.duplicate_scenario_action.trigger()
    assert [s.name for s in window.document.plan.scenarios] == ["Baseline", "Baseline (copy)"]
    assert window.scenario_box.currentText() == "Baseline (copy)"
    with qtbot.waitSignal(window.results.redrawn, timeout=5000):
        window.document.set_value(window.document.scenario_path("stages", 0, "fte"), 80.0, "FTE")
    assert window.document.plan.scenarios[0].stages[0].fte == 34
    assert window.runner.projection is not None
    assert window.runner.projection.scenario.name == "Baseline (copy)"

    window.scenario_box.setCurrentIndex(0)
    assert window.document.scenario.name == "Baseline"

    dialogs.answer("question", QMessageBox.StandardButton.Yes)
    window.scenario_box.setCurrentIndex(1)
    window.delete_scenario_action.trigger()
    assert [s.name for s in window.document.plan.scenarios] == ["Baseline"]
    assert not window.delete_scenario_action.isEnabled()

    window.undo_action.trigger()
    assert [s.name for s in window.document.plan.scenarios] == ["Baseline", "Baseline (copy)"]
