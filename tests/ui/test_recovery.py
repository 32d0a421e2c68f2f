"""Recovery that cannot lose work, a failing autosave that says so, and the autosave interval in Settings.

A session that crashed is a real process that autosaved and died; a window that dies in a test
is left open but stops holding its lock and its timer, which is what a killed process leaves
behind. tests/ui/test_recovery_processes.py does the same with the app killed for real.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.io.plan_file import read_plan, write_plan
from desktop.model.example import example_plan
from desktop.model.plan import Plan
from desktop.ui.app import initial_document, offer_recovery
from desktop.ui.document import PlanDocument
from desktop.ui.main_window import MainWindow
from desktop.ui.settings_dialog import AUTOSAVE_MINUTES_KEY, SettingsDialog, autosave_minutes
from tests.ui.conftest import DialogLog

Button = QMessageBox.StandardButton
TEN_MINUTES_MS = 600_000
"""An interval no test waits for: what is on disk then was written by recovery itself."""

CRASHING_SESSION = """
import os, sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from desktop.io.plan_file import read_plan
from desktop.ui.autosave import Autosave
from desktop.ui.document import PlanDocument
app = QCoreApplication([])
path = Path(sys.argv[2])
document = PlanDocument(read_plan(path), path)
document.set_value(("scenarios", 0, "stages", 1, "fte"), float(sys.argv[3]), "FTE")
Autosave(document, Path(sys.argv[1])).save_now()
os._exit(3)  # the process dies without closing anything
"""


def crash_a_session(data_folder: Path, plan: Path | str, fte: float, cwd: Path | None = None) -> None:
    """A process opens ``plan``, sets the second stage's FTE, autosaves and dies."""
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join(p for p in (str(root), os.environ.get("PYTHONPATH", "")) if p),
    }
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_SESSION, str(data_folder / "autosave"), str(plan), str(fte)],
        cwd=cwd or root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 3, done.stderr


def open_window(
    qtbot: QtBot, settings: QSettings, data_folder: Path, document: PlanDocument | None = None, **options: int
) -> MainWindow:
    window = MainWindow(document or PlanDocument(example_plan()), settings, data_folder, **options)

    def before_close(closing: MainWindow) -> None:  # pytest-qt closes the window: no question then
        closing.runner.wait_for_solver(10_000)
        closing.document.undo_stack.setClean()

    qtbot.addWidget(window, before_close_func=before_close)
    with qtbot.waitSignal(window.runner.projected, timeout=10_000):
        window.show()
    return window


def die_without_closing(window: MainWindow) -> None:
    """What a killed window leaves behind: its copy and notes on disk, a lock no live process holds."""
    window.autosave._timer.stop()
    window.autosave._lock.unlock()


def copies(data_folder: Path) -> list[Path]:
    return sorted((data_folder / "autosave").glob("*.caseplan"))


def notes_of(copy: Path) -> dict[str, str]:
    notes: dict[str, str] = json.loads(copy.with_suffix(".json").read_text(encoding="utf-8"))
    return notes


def second_stage_fte(plan: Plan) -> float:
    return plan.scenarios[0].stages[1].fte


def unrelated_plan(path: Path) -> bytes:
    data = example_plan().model_dump(mode="python")
    data["title"] = "Another team's plan"
    write_plan(Plan.model_validate(data), path)
    return path.read_bytes()


# -- (a) a second crash right after recovery --------------------------------------------------------------------


def test_a_second_crash_right_after_recovery_loses_nothing(
    qtbot: QtBot, dialogs: DialogLog, settings: QSettings, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    original = tmp_path / "team plan.caseplan"
    write_plan(example_plan(), original)
    crash_a_session(data, original, 99.5)
    [kept] = copies(data)

    first = open_window(qtbot, settings, data, autosave_interval_ms=TEN_MINUTES_MS)
    dialogs.answer("question", Button.Yes)
    offer_recovery(first, data)
    assert second_stage_fte(first.document.plan) == 99.5
    # At once, not a timer's interval later: the recovered plan is in this window's copy, then the kept one goes.
    assert copies(data) == [first.autosave.copy_path]
    assert not kept.exists()
    assert second_stage_fte(read_plan(first.autosave.copy_path)) == 99.5
    assert notes_of(first.autosave.copy_path)["original"] == str(original.resolve())

    die_without_closing(first)
    second = open_window(qtbot, settings, data, autosave_interval_ms=TEN_MINUTES_MS)
    dialogs.answer("question", Button.Yes)
    offer_recovery(second, data)
    assert "Unsaved changes to team plan.caseplan" in dialogs.texts("question")[-1]
    assert second_stage_fte(second.document.plan) == 99.5
    assert second.document.path == original.resolve()
    assert second.isWindowModified()


def test_the_kept_copy_stays_until_the_recovered_plan_is_saved_when_autosave_cannot_write(
    qtbot: QtBot, dialogs: DialogLog, settings: QSettings, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    original = tmp_path / "team plan.caseplan"
    write_plan(example_plan(), original)
    crash_a_session(data, original, 99.5)
    [kept] = copies(data)

    window = open_window(qtbot, settings, data, autosave_interval_ms=TEN_MINUTES_MS)
    window.autosave.copy_path.mkdir()  # a folder holds the name of this window's copy: it cannot be written
    dialogs.answer("question", Button.Yes)
    offer_recovery(window, data)
    assert second_stage_fte(window.document.plan) == 99.5
    assert kept.exists()  # the only place the changes are kept, besides the window
    assert "autosave failed" in window.windowTitle()

    window.save_action.trigger()
    assert second_stage_fte(read_plan(original)) == 99.5
    assert not kept.exists()
    assert "autosave failed" not in window.windowTitle()


def test_discarding_the_recovered_changes_deletes_the_kept_copy(
    qtbot: QtBot, dialogs: DialogLog, settings: QSettings, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    original = tmp_path / "team plan.caseplan"
    write_plan(example_plan(), original)
    crash_a_session(data, original, 99.5)

    window = open_window(qtbot, settings, data)
    dialogs.answer("question", Button.Discard)
    offer_recovery(window, data)
    assert copies(data) == []
    assert window.document.path is None
    assert not window.isWindowModified()


# -- (b) recovery started from another folder ------------------------------------------------------------------


def test_a_plan_opened_by_a_relative_name_is_recovered_to_its_own_file_from_another_folder(
    qtbot: QtBot, dialogs: DialogLog, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    team, elsewhere = tmp_path / "team", tmp_path / "elsewhere"
    team.mkdir()
    elsewhere.mkdir()
    write_plan(example_plan(), team / "plan.caseplan")
    unrelated = unrelated_plan(elsewhere / "plan.caseplan")

    monkeypatch.chdir(team)
    assert initial_document(Path("plan.caseplan"), settings)[0].path == (team / "plan.caseplan").absolute()
    # Even a document that holds the relative name records where the file is.
    document = PlanDocument(read_plan(Path("plan.caseplan")), Path("plan.caseplan"))
    first = open_window(qtbot, settings, data, document, autosave_interval_ms=TEN_MINUTES_MS)
    document.set_value(document.scenario_path("stages", 1, "fte"), 77.25, "FTE")
    first.autosave.save_now()
    assert notes_of(first.autosave.copy_path)["original"] == str((team / "plan.caseplan").resolve())
    die_without_closing(first)

    monkeypatch.chdir(elsewhere)
    second = open_window(qtbot, settings, data)
    dialogs.answer("question", Button.Yes)
    offer_recovery(second, data)
    assert second.document.path == (team / "plan.caseplan").resolve()
    second.save_action.trigger()
    assert second_stage_fte(read_plan(team / "plan.caseplan")) == 77.25
    assert (elsewhere / "plan.caseplan").read_bytes() == unrelated
    assert copies(data) == []


def test_recovery_offers_save_as_when_the_plan_was_moved_away(
    qtbot: QtBot, dialogs: DialogLog, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    original = tmp_path / "team plan.caseplan"
    write_plan(example_plan(), original)
    crash_a_session(data, original, 99.5)
    original.rename(tmp_path / "renamed.caseplan")

    suggested: list[str] = []
    chosen = tmp_path / "recovered.caseplan"

    def save_dialog(_parent: object, _title: str, suggestion: str, *_args: object) -> tuple[str, str]:
        suggested.append(suggestion)
        return str(chosen), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    window = open_window(qtbot, settings, data)
    dialogs.answer("question", Button.Yes, Button.Save)
    offer_recovery(window, data)

    assert f"belong to {original.resolve()}, which is not there any more" in dialogs.texts("question")[-1]
    assert suggested == [str(original.resolve())]
    assert second_stage_fte(read_plan(chosen)) == 99.5
    assert window.document.path == chosen
    assert not (tmp_path / "team plan.caseplan").exists()
    assert copies(data) == []


def test_a_relative_name_in_old_notes_is_never_saved_to_without_asking(
    qtbot: QtBot, dialogs: DialogLog, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notes written before paths were made absolute: the folder the name was relative to is unknown."""
    data = tmp_path / "data"
    team, elsewhere = tmp_path / "team", tmp_path / "elsewhere"
    team.mkdir()
    elsewhere.mkdir()
    write_plan(example_plan(), team / "plan.caseplan")
    crash_a_session(data, team / "plan.caseplan", 99.5)
    [kept] = copies(data)
    notes = notes_of(kept)
    kept.with_suffix(".json").write_text(json.dumps({**notes, "original": "plan.caseplan"}), encoding="utf-8")
    unrelated = unrelated_plan(elsewhere / "plan.caseplan")
    monkeypatch.chdir(elsewhere)

    asked_for_a_name: list[str] = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda _parent, title, *_args: (asked_for_a_name.append(title), ("", ""))[1]),
    )
    window = open_window(qtbot, settings, data)
    dialogs.answer("question", Button.Yes, Button.Cancel)  # recover, but not save it yet
    offer_recovery(window, data)
    assert "plan.caseplan (its folder was not recorded)" in dialogs.texts("question")[-1]
    assert window.document.path is None
    assert second_stage_fte(window.document.plan) == 99.5
    assert window.isWindowModified()

    window.save_action.trigger()  # Ctrl+S
    assert asked_for_a_name == ["Save plan as"]
    assert (elsewhere / "plan.caseplan").read_bytes() == unrelated
    assert second_stage_fte(read_plan(team / "plan.caseplan")) == example_plan().scenarios[0].stages[1].fte
    assert copies(data) == [window.autosave.copy_path]  # the recovered changes are still kept


# -- (c) an autosave folder that cannot be written -------------------------------------------------------------


def test_a_failing_autosave_says_so_once_keeps_trying_and_clears_when_it_works(
    qtbot: QtBot, settings: QSettings, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    blocker = data / "autosave"
    blocker.write_text("a file where the autosave folder should be", encoding="utf-8")
    window = open_window(qtbot, settings, data, autosave_interval_ms=50)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)

    window.document.set_value(window.document.scenario_path("stages", 1, "fte"), 55.0, "FTE")
    qtbot.waitUntil(lambda: "autosave failed" in window.windowTitle(), timeout=5000)
    assert window.autosave_warning.isVisible()
    qtbot.wait(500)  # about ten more tries
    failures = [m for m in messages if m.startswith("Autosave failed")]
    assert len(failures) == 1
    assert str(blocker) in failures[0]
    assert "Save the plan to keep them" in failures[0]
    assert not window.autosave.copy_path.exists()

    blocker.unlink()  # the disk has room again; no edit needed for the next try
    qtbot.waitUntil(window.autosave.copy_path.exists, timeout=5000)
    assert second_stage_fte(read_plan(window.autosave.copy_path)) == 55.0
    assert "autosave failed" not in window.windowTitle()
    assert not window.autosave_warning.isVisible()
    assert "Autosave works again" in messages


def test_saving_the_plan_clears_the_autosave_notice(
    qtbot: QtBot, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "autosave").write_text("not a folder", encoding="utf-8")
    window = open_window(qtbot, settings, data, autosave_interval_ms=50)
    window.document.set_value(window.document.scenario_path("stages", 1, "fte"), 55.0, "FTE")
    qtbot.waitUntil(lambda: "autosave failed" in window.windowTitle(), timeout=5000)

    target = tmp_path / "saved.caseplan"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "")))
    window.save_action.trigger()
    assert second_stage_fte(read_plan(target)) == 55.0
    assert "autosave failed" not in window.windowTitle()
    assert not window.autosave_warning.isVisible()


# -- the autosave interval in Settings -------------------------------------------------------------------------


def test_the_autosave_interval_is_chosen_in_settings_and_applies_at_once(
    qtbot: QtBot, settings: QSettings, tmp_path: Path
) -> None:
    window = open_window(qtbot, settings, tmp_path / "data")
    assert window.autosave.interval_ms == 60_000  # one minute unless chosen otherwise
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert window.settings_action in edit_menu.actions()

    window.settings_action.trigger()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    assert dialog.isVisible()
    spin = dialog.autosave_minutes
    assert (spin.value(), spin.minimum(), spin.maximum()) == (1, 1, 10)
    spin.setValue(5)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert window.autosave.interval_ms == 5 * 60_000
    assert autosave_minutes(QSettings(settings.fileName(), QSettings.Format.IniFormat)) == 5

    window.show_settings()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    assert dialog.autosave_minutes.value() == 5
    dialog.autosave_minutes.setValue(9)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert window.autosave.interval_ms == 5 * 60_000

    later = open_window(qtbot, settings, tmp_path / "data")
    assert later.autosave.interval_ms == 5 * 60_000


@pytest.mark.parametrize(("stored", "minutes"), [("7", 7), (0, 1), ("99", 10), ("often", 1), ("2.5", 1)])
def test_a_stored_interval_is_kept_within_one_to_ten_minutes(settings: QSettings, stored: object, minutes: int) -> None:
    settings.setValue(AUTOSAVE_MINUTES_KEY, stored)
    assert autosave_minutes(settings) == minutes
