"""New, Open, Save, Save As and Recent files, with the unsaved-changes question before a plan is closed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QRunnable, QSettings, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from desktop.io.atomic import SaveError
from desktop.io.plan_file import PlanFileError, read_plan, write_plan
from desktop.model.example import example_plan
from desktop.model.plan import Plan
from desktop.ui.dialogs import AfterFailedWrite, ask_after_failed_write
from desktop.ui.document import PlanDocument

PLAN_SUFFIX = ".caseplan"
MAX_RECENT = 8
RECENT_KEY = "files/recent"
LAST_PLAN_KEY = "files/last_plan"


def tr(text: str) -> str:
    return QCoreApplication.translate("FileActions", text)


WORKBOOK_SUFFIX = ".xlsx"


def _filter() -> str:
    return tr("Caseload plans (*.caseplan);;All files (*)")


def _open_filter() -> str:
    return tr("Caseload plans (*.caseplan);;Workbooks exported by Caseload Planner (*.xlsx);;All files (*)")


def read_workbook(path: Path, progress: Callable[[int, str], None]) -> Plan:
    """The plan in a workbook (on a worker thread); PlanFileError when it cannot be used."""
    from desktop.io.workbook import read_workbook_plan

    return read_workbook_plan(path, progress)


class _ReadCancelledError(Exception):
    """Raised in the worker from its progress report once the user pressed Cancel."""


class _ReadSignals(QObject):
    progressed = Signal(int)
    done = Signal(object)
    """The Plan, or the exception reading raised."""


class _ReadJob(QRunnable):
    """Reads a workbook on a worker thread, so that the window stays responsive and Cancel can be pressed."""

    def __init__(self, path: Path, signals: _ReadSignals, cancelled: threading.Event) -> None:
        super().__init__()
        self._path = path
        self._signals = signals
        self._cancelled = cancelled

    def run(self) -> None:
        def progress(percent: int, _what: str) -> None:
            if self._cancelled.is_set():
                raise _ReadCancelledError
            self._signals.progressed.emit(percent)

        try:
            outcome: object = read_workbook(self._path, progress)
        except BaseException as error:  # handed to the window's thread, which raises what is not a refusal
            outcome = error
        self._signals.done.emit(outcome)


class FileActions(QObject):
    """Opens and saves the document's plan on behalf of the window; asks before unsaved changes are lost."""

    recent_changed = Signal()
    message = Signal(str)
    """A short note for the status bar."""

    def __init__(self, document: PlanDocument, settings: QSettings, window: QWidget) -> None:
        super().__init__(window)
        self._document = document
        self._settings = settings
        self._window = window
        self._pool = QThreadPool(self)
        self._reading: set[_ReadSignals] = set()
        """Signals of reads still running (one the user cancelled finishes in the background, its plan unused)."""

    # -- the unsaved-changes question -------------------------------------------------------------

    def may_close_plan(self) -> bool:
        """True when the current plan may be closed: saved, or the user chose to save or discard."""
        if not self._document.is_modified:
            return True
        name = self._document.path.name if self._document.path else tr("the untitled plan")
        answer = QMessageBox.question(
            self._window,
            tr("Unsaved changes"),
            tr("Save the changes to {name} before closing it?").format(name=name),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # -- actions ----------------------------------------------------------------------------------

    def new_plan(self) -> None:
        """Start from the example plan, untitled, so that the coordinator edits rather than types from nothing."""
        if self.may_close_plan():
            self._document.load(example_plan(), None)
            self.message.emit(tr("New plan, started from the example"))

    def open_dialog(self) -> None:
        if not self.may_close_plan():
            return
        start = str(self._document.path.parent) if self._document.path else ""
        name, _ = QFileDialog.getOpenFileName(self._window, tr("Open plan"), start, _open_filter())
        if name:
            self.open_path(Path(name), ask=False)

    def open_path(self, path: Path, *, ask: bool = True) -> bool:
        """Open ``path``; on failure say why and keep the current plan. ``ask``: ask about unsaved changes first."""
        if ask and not self.may_close_plan():
            return False
        if path.suffix.lower() == WORKBOOK_SUFFIX:
            return self._open_workbook(path)
        try:
            plan = read_plan(path)
        except PlanFileError as error:
            self._show_problem(tr("Cannot open the plan"), error)
            if not path.exists():
                self._forget_recent(path)
            return False
        self._document.load(plan, path)
        self._remember(path)
        self.message.emit(tr("Opened {path}").format(path=path))
        return True

    def _open_workbook(self, path: Path) -> bool:
        """The assumptions of a workbook this app exported (perhaps changed in Excel), as a new, unsaved plan."""
        outcome = self._read_in_background(path)
        if outcome is None:
            self.message.emit(tr("Opening the workbook was cancelled; the plan that was open stays open"))
            return False
        if isinstance(outcome, PlanFileError):
            self._show_problem(tr("Cannot open the workbook"), outcome)
            return False
        if isinstance(outcome, BaseException):
            raise outcome  # a defect: the crash handler reports it
        assert isinstance(outcome, Plan)
        self._document.load(outcome, None)
        self._document.undo_stack.resetClean()  # not saved as a plan file yet
        self.message.emit(tr("Read the assumptions of {path}; save them as a plan file to keep them").format(path=path))
        return True

    def _read_in_background(self, path: Path) -> object:
        """The Plan or the exception of reading ``path`` on a worker, with a progress dialog; None when cancelled.

        The window's events go on meanwhile (a nested event loop), while the dialog keeps
        the window itself from taking input.
        """
        dialog = QProgressDialog(tr("Checking the workbook…"), tr("Cancel"), 0, 100, self._window)
        dialog.setWindowTitle(tr("Open workbook"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)  # starts the clock: the dialog shows once reading takes longer than the minimum
        cancelled = threading.Event()
        signals = _ReadSignals()
        loop = QEventLoop()
        result: list[object] = []

        def progressed(percent: int) -> None:
            if result:  # a report that was on its way when the reading ended or was cancelled
                return
            if percent >= 50:
                dialog.setLabelText(tr("Reading the assumptions…"))
            dialog.setValue(min(percent, 99))

        def done(outcome: object) -> None:
            self._reading.discard(signals)
            if not result:
                result.append(outcome)
                loop.quit()

        def cancel() -> None:
            cancelled.set()
            if not result:
                result.append(None)
                loop.quit()

        signals.progressed.connect(progressed)
        signals.done.connect(done)
        dialog.canceled.connect(cancel)
        self._reading.add(signals)
        self._pool.start(_ReadJob(path, signals, cancelled))
        if not result:
            loop.exec()
        dialog.canceled.disconnect(cancel)  # closing the dialog emits it
        dialog.close()
        dialog.deleteLater()
        outcome = result[0]
        if isinstance(outcome, _ReadCancelledError):
            return None
        return outcome

    def wait_for_reading(self, msecs: int = -1) -> bool:
        """Wait for reads still running (a cancelled one finishes in the background); in tests and on closing."""
        return self._pool.waitForDone(msecs)

    def save(self) -> bool:
        if self._document.path is None:
            return self.save_as()
        return self._write(self._document.path)

    def save_as(self, *, suggestion: Path | None = None) -> bool:
        """Ask for a name and save there; ``suggestion`` is the name offered (else the plan's file or title)."""
        current = self._document.path
        offered = suggestion or current or Path(self._document.plan.title + PLAN_SUFFIX)
        name, _ = QFileDialog.getSaveFileName(self._window, tr("Save plan as"), str(offered), _filter())
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != PLAN_SUFFIX:
            path = path.with_name(path.name + PLAN_SUFFIX)
        return self._write(path)

    def _write(self, path: Path) -> bool:
        while True:
            try:
                write_plan(self._document.plan, path)
            except (SaveError, PlanFileError) as error:
                answer = ask_after_failed_write(
                    self._window,
                    tr("Cannot save the plan"),
                    tr("{reason}\n\nThe plan is still open with all your changes.").format(reason=error),
                )
                if answer is AfterFailedWrite.RETRY:
                    continue
                if answer is AfterFailedWrite.SAVE_AS:
                    return self.save_as()
                return False
            self._document.mark_saved(path)
            self._remember(path)
            self.message.emit(tr("Saved {path}").format(path=path))
            return True

    # -- recent files -----------------------------------------------------------------------------

    def recent_files(self) -> list[Path]:
        value = self._settings.value(RECENT_KEY, [])
        names = [value] if isinstance(value, str) else list(value or [])
        return [Path(name) for name in names if isinstance(name, str) and name]

    def last_plan(self) -> Path | None:
        value = self._settings.value(LAST_PLAN_KEY, "")
        return Path(value) if isinstance(value, str) and value else None

    def _remember(self, path: Path) -> None:
        path = path.resolve()
        recent = [p for p in self.recent_files() if p != path]
        self._settings.setValue(RECENT_KEY, [str(p) for p in [path, *recent][:MAX_RECENT]])
        self._settings.setValue(LAST_PLAN_KEY, str(path))
        self.recent_changed.emit()

    def _forget_recent(self, path: Path) -> None:
        self._settings.setValue(RECENT_KEY, [str(p) for p in self.recent_files() if p != path.resolve()])
        self.recent_changed.emit()

    def _show_problem(self, title: str, error: Exception) -> None:
        lines = str(error).splitlines()
        shown = "\n".join(lines[:15])
        if len(lines) > 15:
            shown += "\n" + tr("… and {n} more problems").format(n=len(lines) - 15)
        QMessageBox.warning(self._window, title, shown + "\n\n" + tr("The plan that was open stays open."))
