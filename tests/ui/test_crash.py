"""An unhandled exception: the plan is autosaved first, a log is written without plan contents, a dialog says so."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.model.example import example_plan
from desktop.model.plan import Plan
from desktop.ui.crash import (
    FATAL_LOG_FILE,
    LOG_FILE,
    LOG_FOLDER,
    CrashDialog,
    CrashHandler,
    CrashReport,
    install_crash_handler,
    redact,
    redact_traceback,
)
from desktop.ui.document import PlanDocument
from desktop.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]

# Contents of a plan that must never reach the log: figures and free text.
SECRET_NOTE = "Operation Nightjar: suspects in Utrecht"
SECRET_FTE = 37.25
SECRET_VOLUME = 98765.0


class ReportLog:
    """Stands in for the dialog: records each report and what was on disk when it would have been shown."""

    def __init__(self, quit_after: bool = False) -> None:
        self.reports: list[CrashReport] = []
        self.autosaved_when_shown: list[bool] = []
        self.threads: list[int] = []
        self._quit = quit_after

    def __call__(self, report: CrashReport) -> bool:
        self.reports.append(report)
        self.autosaved_when_shown.append(report.autosaved is not None and report.autosaved.exists())
        self.threads.append(threading.get_ident())
        return self._quit


def secret_plan() -> Plan:
    """The example with a note, a staffing figure and a volume that the tests look for in the log."""
    plan = example_plan()
    data = plan.model_dump(mode="python")
    data["notes"] = SECRET_NOTE
    data["scenarios"][0]["stages"][0]["fte"] = SECRET_FTE
    first_source = data["scenarios"][0]["sources"][0]
    first_source["volumes"] = dict.fromkeys(first_source["volumes"], SECRET_VOLUME)
    return Plan.model_validate(data)


@pytest.fixture
def window(qtbot: QtBot, settings: QSettings, tmp_path: Path) -> MainWindow:
    window = MainWindow(PlanDocument(secret_plan()), settings, tmp_path / "data")

    def before_close(closing: MainWindow) -> None:
        closing.runner.wait_for_solver(10_000)
        closing.document.undo_stack.setClean()

    qtbot.addWidget(window, before_close_func=before_close)
    with qtbot.waitSignal(window.runner.projected, timeout=10_000):
        window.show()
    return window


@pytest.fixture
def shown() -> ReportLog:
    return ReportLog()


@pytest.fixture
def handler(window: MainWindow, shown: ReportLog, tmp_path: Path) -> Iterator[CrashHandler]:
    installed = install_crash_handler(window, tmp_path / "data", show_report=shown, catch_fatal_errors=False)
    yield installed
    installed.uninstall()


def log_text(folder: Path) -> str:
    return (folder / "data" / LOG_FOLDER / LOG_FILE).read_text(encoding="utf-8")


def fail_in_a_slot(plan: Plan) -> None:
    local_plan = plan  # a local holding the plan: locals never reach the log
    error = ValueError(f"could not use {local_plan!r}")
    error.add_note(f"while looking at {local_plan.notes}")
    raise error


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_autosaves_then_logs_then_shows_the_report(
    qtbot: QtBot, window: MainWindow, handler: CrashHandler, shown: ReportLog, tmp_path: Path
) -> None:
    window.document.set_value(window.document.scenario_path("stages", 0, "fte"), 41.0, "Assessment FTE")
    QTimer.singleShot(0, lambda: fail_in_a_slot(window.document.plan))
    qtbot.waitUntil(lambda: len(shown.reports) == 1, timeout=5000)

    report = shown.reports[0]
    assert report.autosaved == window.autosave.copy_path
    assert shown.autosaved_when_shown == [True]
    assert report.log_file == tmp_path / "data" / LOG_FOLDER / LOG_FILE
    assert report.summary.startswith("ValueError: could not use Plan(")
    logged = log_text(tmp_path)
    assert report.details in logged
    assert "fail_in_a_slot" in logged
    assert f"Unsaved changes kept in {window.autosave.copy_path}" in logged
    # The autosaved copy is the plan as edited, ready for recovery at the next start.
    assert window.autosave.copy_path.read_text(encoding="utf-8").count("41") >= 1


@pytest.mark.qt_no_exception_capture
def test_the_log_holds_names_but_no_figures_or_notes_of_the_plan(
    qtbot: QtBot, window: MainWindow, handler: CrashHandler, shown: ReportLog, tmp_path: Path
) -> None:
    QTimer.singleShot(0, lambda: fail_in_a_slot(window.document.plan))
    qtbot.waitUntil(lambda: len(shown.reports) == 1, timeout=5000)
    logged = log_text(tmp_path)

    for secret in ("Nightjar", "Utrecht", "98765", "98,765", "37.25", "36000", "36,000"):
        assert secret not in logged
        assert secret not in shown.reports[0].details
    assert "[notes]" in logged
    # Names may be there: they say which plan and scenario it was.
    assert "Plan: untitled, title 'Example: intake of reports" in logged
    assert "scenario 'Baseline'" in logged
    assert "'Baseline'" in logged.split("Traceback")[1]
    # Code locations are kept as they are, line numbers included.
    assert f'File "{Path(__file__)}", line ' in logged
    assert "raise error" in logged


def test_a_validation_error_from_an_edit_keeps_its_input_out_of_the_log(
    window: MainWindow, handler: CrashHandler, shown: ReportLog, tmp_path: Path
) -> None:
    """A refused value is repeated in the validation message; here the value is the plan's own note."""
    data = window.document.plan.model_dump(mode="python")
    data["scenarios"][0]["stages"][0]["fte"] = f"{SECRET_NOTE} {SECRET_FTE}"
    try:
        Plan.model_validate(data)
    except Exception as error:  # the handler is what is under test
        handler.handle(type(error), error, error.__traceback__)
    logged = log_text(tmp_path)
    # The message is logged with the refused value masked (figures become #, other quoted text …).
    assert "InvalidPlanError: scenarios[#].stages[#].fte: must be a number, got '…'" in logged
    assert "Nightjar" not in logged
    assert "37.25" not in logged
    assert len(shown.reports) == 1


@pytest.mark.qt_no_exception_capture
def test_an_exception_on_a_worker_thread_is_reported_on_the_ui_thread(
    qtbot: QtBot, handler: CrashHandler, shown: ReportLog, tmp_path: Path
) -> None:
    def work() -> None:
        raise RuntimeError("the worker gave up")

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(shown.reports) == 1, timeout=5000)
    assert shown.threads == [threading.get_ident()]
    assert "RuntimeError: the worker gave up" in log_text(tmp_path)


def test_the_same_fault_again_is_logged_without_another_dialog(
    window: MainWindow, handler: CrashHandler, shown: ReportLog, tmp_path: Path
) -> None:
    for _ in range(3):
        try:
            fail_in_a_slot(window.document.plan)
        except ValueError as error:
            handler.handle(ValueError, error, error.__traceback__)
    assert len(shown.reports) == 1
    assert len(handler.reports) == 3
    assert log_text(tmp_path).count("Unhandled error at") == 3


def test_quit_in_the_dialog_ends_the_app_with_exit_code_one(
    monkeypatch: pytest.MonkeyPatch, window: MainWindow, tmp_path: Path
) -> None:
    exits: list[int] = []
    monkeypatch.setattr(QCoreApplication, "exit", staticmethod(exits.append))
    handler = install_crash_handler(
        window, tmp_path / "data", show_report=ReportLog(quit_after=True), catch_fatal_errors=False
    )
    try:
        handler.handle(KeyError, KeyError("x"), None)
    finally:
        handler.uninstall()
    assert exits == [1]


def test_a_failed_computation_is_recorded_without_plan_contents(
    window: MainWindow, handler: CrashHandler, tmp_path: Path
) -> None:
    details = (
        "Traceback (most recent call last):\n"
        '  File "desktop/ui/recompute.py", line 32, in run\n'
        "    advice = hires_to_meet_targets(self._scenario)\n"
        f"ZeroDivisionError: hours {SECRET_FTE} for {SECRET_NOTE!r}\n"
    )
    window.runner.failed.emit(details)
    logged = log_text(tmp_path)
    assert "A problem was handled" in logged
    assert "line 32, in run\n    advice = hires_to_meet_targets(self._scenario)\n" in logged
    assert "ZeroDivisionError: hours # for '[notes]'" in logged


def test_install_replaces_the_hooks_and_uninstall_puts_them_back(tmp_path: Path) -> None:
    before = (sys.excepthook, threading.excepthook)
    handler = CrashHandler(tmp_path)
    handler.install(catch_fatal_errors=False)
    assert sys.excepthook == handler.handle
    handler.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_an_unwritable_log_folder_still_gives_a_report(tmp_path: Path, shown: ReportLog) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    handler = CrashHandler(blocker, show_report=shown)
    handler.handle(RuntimeError, RuntimeError("boom"), None)
    assert shown.reports[0].log_file is None
    assert "RuntimeError: boom" in shown.reports[0].details


def test_a_failing_autosave_is_reported_and_does_not_stop_the_report(tmp_path: Path, shown: ReportLog) -> None:
    def autosave() -> Path | None:
        raise OSError(f"disk full while writing {SECRET_VOLUME}")

    handler = CrashHandler(tmp_path, autosave=autosave, show_report=shown)
    handler.handle(RuntimeError, RuntimeError("boom"), None)
    report = shown.reports[0]
    assert report.autosaved is None
    assert report.autosave_problem == "OSError: disk full while writing #"
    assert "Unsaved changes could not be kept: OSError" in report.details


def report_for(tmp_path: Path) -> CrashReport:
    return CrashReport("ValueError: #", "the details\nline two", None, None, tmp_path / "x.log")


def test_the_dialog_copies_the_details(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = CrashDialog(report_for(tmp_path))
    qtbot.addWidget(dialog)
    QGuiApplication.clipboard().clear()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == "the details\nline two"
    assert dialog.copy_button.text() == "Copied"
    assert "ValueError: #" in dialog.message.text()
    assert str(tmp_path / "x.log") in dialog.message.text()
    assert dialog.details.toPlainText() == "the details\nline two"


def test_the_copy_button_comes_back_and_a_closed_dialog_leaves_no_timer_behind(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(CrashDialog, "COPIED_SHOWN_MS", 50)
    dialog = CrashDialog(report_for(tmp_path))
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    qtbot.waitUntil(lambda: dialog.copy_button.text() == "&Copy details", timeout=2000)

    closed = CrashDialog(report_for(tmp_path))
    closed.copy_button.click()
    with qtbot.waitSignal(closed.destroyed):
        closed.deleteLater()
    qtbot.wait(100)  # the timer would fire now, on a deleted button, and pytest-qt would fail the test


def test_the_dialog_tells_keep_working_from_quit(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = CrashDialog(report_for(tmp_path))
    qtbot.addWidget(dialog)
    dialog.keep_button.click()
    assert not dialog.quit_chosen
    dialog = CrashDialog(report_for(tmp_path))
    qtbot.addWidget(dialog)
    dialog.quit_button.click()
    assert dialog.quit_chosen


def test_redact_keeps_names_and_code_names_and_masks_the_rest() -> None:
    plan = secret_plan()
    text = (
        f"no stage 'assessment' in 'Baseline'; 'NoneType' has no 'fte'; got '{SECRET_NOTE}' and 'free text here' 12.5"
    )
    assert redact(text, plan) == (
        "no stage 'assessment' in 'Baseline'; 'NoneType' has no 'fte'; got '[notes]' and '…' #"
    )


def test_redact_traceback_keeps_locations_source_lines_and_carets() -> None:
    text = (
        "Traceback (most recent call last):\n"
        '  File "desktop/x.py", line 12, in compute\n'
        "    total = hours / fte_2\n"
        "            ~~~~~~^~~~~~~\n"
        "ZeroDivisionError: 12 by 0\n"
        "    For further information visit 'https://example.invalid/1'\n"
    )
    assert redact_traceback(text, None) == text.replace("12 by 0", "# by #").replace(
        "'https://example.invalid/1'", "'…'"
    )


def test_a_hard_crash_leaves_its_stacks_in_the_fatal_log(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import faulthandler
        from pathlib import Path
        from desktop.ui.crash import CrashHandler
        handler = CrashHandler(Path({str(tmp_path)!r}))
        handler.install()
        faulthandler._sigsegv()
        """
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode != 0
    fatal = (tmp_path / LOG_FOLDER / FATAL_LOG_FILE).read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in fatal
