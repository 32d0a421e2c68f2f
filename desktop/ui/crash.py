"""When something goes wrong: the plan is autosaved first, a log is written, and a dialog says what happened.

``install_crash_handler(window, data_folder)`` makes every unhandled exception,
on the UI thread or a worker thread, go through ``CrashHandler``:

1. the window's unsaved changes are written to its autosave copy (the next start
   offers them back), so nothing is lost whatever happens next;
2. a report goes to ``<data folder>/logs/caseload-planner.log`` (rotating, a few
   files of 1 MB at most);
3. a dialog says what happened, with "Copy details" for the person who helps.

The log never holds plan contents beyond names. A report holds the versions, the
plan's file name, title and scenario name, and the traceback: where in the code
(file, line, function and source line, never local variables) and the exception's
message, in which every figure becomes ``#``, every note of the plan ``[notes]``,
and every quoted text that is neither a name in the plan nor a name in the code
``'…'``. The dialog and "Copy details" show the same text as the log.

Hard crashes (a fault inside Qt) bypass all this; ``faulthandler`` then writes
the Python stacks to ``caseload-planner-fatal.log`` beside the log.
"""

from __future__ import annotations

import faulthandler
import logging
import re
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, qVersion
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from desktop.model.plan import Plan

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

LOG_FOLDER = "logs"
LOG_FILE = "caseload-planner.log"
FATAL_LOG_FILE = "caseload-planner-fatal.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3
MAX_DIALOGS = 3
"""Dialogs shown per session; later problems are only logged, so that a fault in painting cannot loop."""
EXIT_AFTER_CRASH = 1

ExceptionInfo = tuple[type[BaseException], BaseException, TracebackType | None]
ShowReport = Callable[["CrashReport"], bool]
"""Shows a report to the user; True when the user chose to quit."""


def tr(text: str) -> str:
    return QCoreApplication.translate("Crash", text)


# -- keeping plan contents out ------------------------------------------------------------------------

_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTED = re.compile(r"""'([^'\n]*)'|"([^"\n]*)\"""")
_CODE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_FRAME_LINE = re.compile(r'  File "[^"\n]*", line \d+, in \S.*')
_CARETS = re.compile(r"\s*[\^~]+\s*")


def plan_names(plan: Plan | None) -> set[str]:
    """The names and keys in the plan: the only plan contents a log may hold."""
    if plan is None:
        return set()
    names = {plan.title}
    for scenario in plan.scenarios:
        names.add(scenario.name)
        names.update(p.key for p in scenario.priorities)
        names.update(p.name for p in scenario.priorities)
        names.update(s.key for s in scenario.stages)
        names.update(s.name for s in scenario.stages)
        names.update(s.team for s in scenario.stages)
        names.update(s.key for s in scenario.sources)
        names.update(s.name for s in scenario.sources)
        names.update(e.name for e in scenario.events)
    return names


def plan_notes(plan: Plan | None) -> list[str]:
    """The plan's free text (notes), longest first so that a note inside another is not half replaced."""
    if plan is None:
        return []
    notes = {plan.notes}
    for scenario in plan.scenarios:
        notes.add(scenario.notes)
        notes.update(change.note for stage in scenario.stages for change in stage.staffing_changes)
    return sorted((note for note in notes if note.strip()), key=len, reverse=True)


def redact(text: str, plan: Plan | None) -> str:
    """``text`` with the plan's notes, every figure and every quoted text that is not a name masked."""
    for note in plan_notes(plan):
        text = text.replace(note, "[notes]")
    names = plan_names(plan)

    def quoted(match: re.Match[str]) -> str:
        quote = match.group(0)[0]
        content = match.group(1) if match.group(1) is not None else match.group(2)
        if content in names or _CODE_NAME.fullmatch(content) or content == "[notes]":
            return match.group(0)
        return f"{quote}…{quote}"

    return _FIGURE.sub("#", _QUOTED.sub(quoted, text))


def redact_traceback(text: str, plan: Plan | None) -> str:
    """A formatted traceback with its messages redacted and its code locations kept as they are.

    A location line (``  File "…", line 12, in name``), the source line after it and the
    carets under that are code, not plan contents; every other line goes through ``redact``.
    """
    lines = text.splitlines(keepends=True)
    kept: list[str] = []
    after_frame = 0  # 1: the source line may follow; 2: carets may follow
    for line in lines:
        bare = line.rstrip("\n")
        if _FRAME_LINE.fullmatch(bare):
            kept.append(line)
            after_frame = 1
        elif after_frame == 1 and bare.startswith("    "):
            kept.append(line)
            after_frame = 2
        elif after_frame == 2 and _CARETS.fullmatch(bare):
            kept.append(line)
            after_frame = 0
        else:
            kept.append(redact(line, plan))
            after_frame = 0
    return "".join(kept)


# -- the report ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CrashReport:
    """What the user is shown, what is copied, and what is logged (the same text)."""

    summary: str
    """The exception's type and redacted message, one line."""
    details: str
    """Versions, the open plan's names, what was saved, and the redacted traceback."""
    autosaved: Path | None
    """The copy holding the unsaved changes, if there were any and it could be written."""
    autosave_problem: str | None
    log_file: Path | None
    """None when the log could not be written."""


def _environment() -> Iterator[str]:
    import platform  # only when something went wrong: not on the start-up path

    frozen = " (installed build)" if getattr(sys, "frozen", False) else ""
    yield f"Caseload Planner {__version__}{frozen}"
    yield f"{platform.platform()}; Python {platform.python_version()}; Qt {qVersion()}; PySide6 {pyside_version}"


def _plan_line(plan: Plan | None, path: Path | None, scenario: str | None) -> str:
    if plan is None:
        return "No plan open"
    file_name = path.name if path else "untitled"
    scenario_part = f", scenario {scenario!r}" if scenario else ""
    return f"Plan: {file_name}, title {plan.title!r}{scenario_part}"


def _summary(error: BaseException, plan: Plan | None) -> str:
    message = redact(str(error), plan).strip().splitlines()
    return f"{type(error).__name__}: {message[0]}" if message else type(error).__name__


# -- the dialog ---------------------------------------------------------------------------------------


class CrashDialog(QDialog):
    """Says what happened and what was kept; "Copy details" puts the report on the clipboard."""

    COPIED_SHOWN_MS = 2000
    """How long the button says "Copied"."""

    def __init__(self, report: CrashReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.quit_chosen = False
        self.setWindowTitle(tr("Caseload Planner: something went wrong"))
        self.setMinimumWidth(560)

        self.message = QLabel(self._message_text(report))
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(report.details)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setMinimumHeight(160)

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(tr("&Copy details"))
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.quit_button = buttons.addButton(tr("&Quit Caseload Planner"), QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button = buttons.addButton(tr("&Keep working"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button.setAutoDefault(False)
        self.keep_button.setDefault(True)  # Enter keeps working; quitting is a deliberate click
        self.quit_button.clicked.connect(self._choose_quit)
        self.keep_button.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.details, stretch=1)
        layout.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.keep_button.setFocus()

    @staticmethod
    def _message_text(report: CrashReport) -> str:
        parts = [tr("Caseload Planner ran into a problem it did not expect:"), report.summary, ""]
        if report.autosaved is not None:
            parts.append(tr("Your unsaved changes were kept; the next start offers them back."))
        elif report.autosave_problem is not None:
            parts.append(
                tr("Your unsaved changes could not be kept ({reason}). Save the plan under a new name now.").format(
                    reason=report.autosave_problem
                )
            )
        else:
            parts.append(tr("There were no unsaved changes."))
        if report.log_file is not None:
            parts.append(tr("The details below were written to {path}.").format(path=report.log_file))
        parts.append(
            tr("They hold no figures or notes from your plan. If it happens again, send them to whoever supports you.")
        )
        return "\n".join(parts)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.report.details)
        self.copy_button.setText(tr("Copied"))
        # The button is the timer's context: a dialog closed within the two seconds takes the timer with it.
        QTimer.singleShot(self.COPIED_SHOWN_MS, self.copy_button, lambda: self.copy_button.setText(tr("&Copy details")))

    def _choose_quit(self) -> None:
        self.quit_chosen = True
        self.reject()


def show_crash_dialog(report: CrashReport) -> bool:
    """The dialog, over the active window; True when the user chose to quit."""
    dialog = CrashDialog(report, QApplication.activeWindow())
    dialog.exec()
    return dialog.quit_chosen


def report_to_stderr(report: CrashReport) -> bool:
    """For runs nobody watches (the screenshot mode): the report on standard error, then quit."""
    print(report.details, file=sys.stderr)
    return True


# -- the handler --------------------------------------------------------------------------------------


class CrashHandler(QObject):
    """Autosaves, logs and reports unhandled exceptions; installed as ``sys.excepthook`` while the app runs."""

    _from_worker = Signal(object)

    def __init__(
        self,
        data_folder: Path,
        *,
        autosave: Callable[[], Path | None] = lambda: None,
        open_plan: Callable[[], tuple[Plan | None, Path | None, str | None]] = lambda: (None, None, None),
        show_report: ShowReport = show_crash_dialog,
        parent: QObject | None = None,
    ) -> None:
        """``autosave`` writes the unsaved changes and returns the copy (None: nothing to save);
        ``open_plan`` gives the open plan, its file and the scenario shown, for names only."""
        super().__init__(parent)
        self.log_folder = data_folder / LOG_FOLDER
        self._autosave = autosave
        self._open_plan = open_plan
        self._show_report = show_report
        self._logger = logging.getLogger(f"caseload_planner.crash.{id(self)}")
        self._logger.propagate = False
        self._logger.setLevel(logging.INFO)
        self._log_handler: logging.Handler | None = None
        self._fatal_file: IO[str] | None = None
        self._previous_hooks: tuple[object, object] | None = None
        self._dialogs_shown: set[tuple[str, ...]] = set()
        self._reporting = False
        self._ui_thread = threading.get_ident()  # the handler is made where the window lives
        self.reports: list[CrashReport] = []
        self._from_worker.connect(self._report_on_ui_thread)

    @property
    def log_file(self) -> Path:
        return self.log_folder / LOG_FILE

    # -- installing --

    def install(self, *, catch_fatal_errors: bool = True) -> None:
        """Become ``sys.excepthook`` and ``threading.excepthook``; with ``catch_fatal_errors``, enable faulthandler."""
        if self._previous_hooks is None:
            self._previous_hooks = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        if catch_fatal_errors and self._fatal_file is None:
            try:
                self.log_folder.mkdir(parents=True, exist_ok=True)
                self._fatal_file = (self.log_folder / FATAL_LOG_FILE).open("a", encoding="utf-8")
                faulthandler.enable(self._fatal_file, all_threads=True)
            except (OSError, RuntimeError):
                self._fatal_file = None  # a read-only profile: run without it rather than not at all

    def uninstall(self) -> None:
        """Put back the hooks found at ``install`` and close the log files."""
        if self._previous_hooks is not None:
            sys.excepthook, threading.excepthook = self._previous_hooks  # type: ignore[assignment]
            self._previous_hooks = None
        if self._fatal_file is not None:
            faulthandler.disable()
            self._fatal_file.close()
            self._fatal_file = None
        if self._log_handler is not None:
            self._logger.removeHandler(self._log_handler)
            self._log_handler.close()
            self._log_handler = None

    # -- handling --

    def handle(
        self, exc_type: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:  # the signature of sys.excepthook
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, error, tb)
            return
        if threading.get_ident() != self._ui_thread:
            self._from_worker.emit((exc_type, error, tb))  # queued: the UI thread saves, logs and shows
            return
        self._report((exc_type, error, tb))

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _report_on_ui_thread(self, info: ExceptionInfo) -> None:
        self._report(info)

    def record(self, details: str) -> Path | None:
        """Log a problem the app handled itself (e.g. a failed computation's traceback), redacted like a crash."""
        plan, path, scenario = self._safe_open_plan()
        text = "\n".join([*_environment(), _plan_line(plan, path, scenario), redact_traceback(details, plan)])
        return self._write_log("A problem was handled:\n" + text)

    def _report(self, info: ExceptionInfo) -> None:
        exc_type, error, tb = info
        autosaved, autosave_problem = None, None
        try:
            autosaved = self._autosave()  # first: whatever happens next, the changes are kept
        except Exception as failure:  # the report must still be written and shown
            autosave_problem = f"{type(failure).__name__}: {failure}"
        plan, path, scenario = self._safe_open_plan()
        if autosave_problem is not None:
            autosave_problem = redact(autosave_problem, plan)
        trace = redact_traceback("".join(traceback.format_exception(exc_type, error, tb)), plan)
        kept = (
            f"Unsaved changes kept in {autosaved}"
            if autosaved
            else f"Unsaved changes could not be kept: {autosave_problem}"
            if autosave_problem
            else "No unsaved changes"
        )
        stamp = datetime.now().isoformat(timespec="seconds")
        details = "\n".join(
            [f"Unhandled error at {stamp}", *_environment(), _plan_line(plan, path, scenario), kept, "", trace]
        )
        log_file = self._write_log(details)
        report = CrashReport(_summary(error, plan), details, autosaved, autosave_problem, log_file)
        self.reports.append(report)
        signature = (exc_type.__name__, *(f"{f.filename}:{f.lineno}" for f in traceback.extract_tb(tb)))
        if self._reporting or signature in self._dialogs_shown or len(self._dialogs_shown) >= MAX_DIALOGS:
            return  # logged; a dialog for it was shown already, or one is open now
        self._dialogs_shown.add(signature)
        self._reporting = True
        try:
            quit_chosen = self._show_report(report)
        finally:
            self._reporting = False
        if quit_chosen:
            # The event loop ends without closing the window: the autosaved copy stays to be recovered.
            QCoreApplication.exit(EXIT_AFTER_CRASH)

    def _safe_open_plan(self) -> tuple[Plan | None, Path | None, str | None]:
        try:
            return self._open_plan()
        except Exception:  # a broken window must not stop the report
            return None, None, None

    def _write_log(self, text: str) -> Path | None:
        try:
            if self._log_handler is None:
                import logging.handlers  # only once something went wrong: not on the start-up path

                self.log_folder.mkdir(parents=True, exist_ok=True)
                handler = logging.handlers.RotatingFileHandler(
                    self.log_file, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
                )
                handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
                self._logger.addHandler(handler)
                self._log_handler = handler
            self._logger.error(text)
            self._log_handler.flush()
        except OSError:
            return None
        return self.log_file if self.log_file.exists() else None


def install_crash_handler(
    window: MainWindow,
    data_folder: Path,
    *,
    show_report: ShowReport = show_crash_dialog,
    catch_fatal_errors: bool = True,
) -> CrashHandler:
    """Route unhandled exceptions through a ``CrashHandler`` for ``window``; call ``uninstall()`` when it closes."""

    def autosave() -> Path | None:
        window.autosave.save_now()
        if window.autosave.last_error is not None:
            raise OSError(window.autosave.last_error)
        copy = window.autosave.copy_path
        return copy if window.document.is_modified and copy.exists() else None

    def open_plan() -> tuple[Plan | None, Path | None, str | None]:
        document = window.document
        return document.plan, document.path, document.scenario.name

    handler = CrashHandler(data_folder, autosave=autosave, open_plan=open_plan, show_report=show_report)
    handler.install(catch_fatal_errors=catch_fatal_errors)
    window.runner.failed.connect(handler.record)
    return handler
