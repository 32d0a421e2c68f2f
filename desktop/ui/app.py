"""Starting the window: which plan to open, recovery after a crash, and the screenshot mode."""

from __future__ import annotations

import gc
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import resources
from desktop.io.plan_file import PlanFileError, read_plan
from desktop.model.example import example_plan
from desktop.ui.autosave import find_recoverable
from desktop.ui.crash import install_crash_handler, report_to_stderr, show_crash_dialog
from desktop.ui.document import PlanDocument
from desktop.ui.file_actions import LAST_PLAN_KEY
from desktop.ui.main_window import MainWindow

APP_NAME = "Caseload Planner"
SCREENSHOT_SIZE = (1600, 1000)
SCREENSHOT_TIMEOUT_MS = 60_000
FULL_SCREEN_BELOW_WIDTH = 1700
"""On a first start the window fills screens narrower than this (a 1366 × 768 laptop), else 85 % of it."""


def tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setWindowIcon(app_icon())
    if QLocale.system().language() == QLocale.Language.C:
        # No locale configured (a bare Linux session): English numbers with grouping rather than "126383".
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    return app


def app_icon() -> QIcon:
    """The app's icon, sharp at every size the desktop asks for."""
    icon = QIcon()
    for png in resources.icon_files():
        icon.addFile(str(png))
    return icon


def data_folder() -> Path:
    """The per-user folder for autosaves and logs (on Windows under %APPDATA%)."""
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def initial_document(plan: Path | None, settings: QSettings) -> tuple[PlanDocument, str | None]:
    """The plan given, else the last plan, else the example; with a note when one could not be read."""
    if plan is not None:
        # Absolute: a relative name would mean another file if the working folder ever changed.
        return PlanDocument(read_plan(plan), plan.absolute()), None  # the caller reports a bad plan given explicitly
    last = settings.value(LAST_PLAN_KEY, "")
    if isinstance(last, str) and last:
        try:
            return PlanDocument(read_plan(Path(last)), Path(last)), None
        except PlanFileError as error:
            note = tr("The last plan could not be opened, so the example is shown: {reason}").format(
                reason=str(error).splitlines()[0]
            )
            return PlanDocument(example_plan()), note
    return PlanDocument(example_plan()), None


def resume_gc_when_painted(window: MainWindow) -> None:
    """Turn the garbage collector back on once the window has painted (start-up pauses it: desktop.cli).

    What start-up built (modules, classes, widgets) lives as long as the app: it is moved out of the
    collector's way for good, so later collections, while the user edits, need not look at it again.
    """

    def resume() -> None:
        gc.freeze()
        gc.enable()

    if window.has_painted:
        resume()
    else:
        window.first_painted.connect(resume, type=Qt.ConnectionType.SingleShotConnection)


def offer_recovery(window: MainWindow, folder: Path) -> None:
    """After a crash: offer the newest autosaved copy; the others are kept for a later start.

    A recovered plan is written to the window's own autosave copy at once, and only then is the
    copy it came from removed: a second crash right after recovery loses nothing. When the plan's
    file is not where it was, the recovered plan gets no file (Save asks for one) and Save As is
    offered: the changes are never written to a file the user did not choose.
    """
    found = find_recoverable(folder / "autosave")
    if not found:
        return
    newest, others = found[0], found[1:]
    for other in others:
        other.release()
    name = newest.original.name if newest.original else tr("an untitled plan")
    when = newest.saved_at.strftime("%Y-%m-%d %H:%M")
    answer = QMessageBox.question(
        window,
        tr("Recover unsaved changes?"),
        tr(
            "Caseload Planner was not closed properly. Unsaved changes to {name} were kept at {when}.\n\n"
            "Recover them? (Discard deletes the kept copy.)"
        ).format(name=name, when=when),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard,
        QMessageBox.StandardButton.Yes,
    )
    if answer == QMessageBox.StandardButton.Discard:
        newest.discard()
        return
    if answer != QMessageBox.StandardButton.Yes:  # closed without an answer: kept for the next start
        newest.release()
        return
    try:
        plan = newest.read()
    except PlanFileError as error:
        newest.release()  # perhaps readable by a later version: kept
        QMessageBox.warning(window, tr("Cannot recover"), str(error))
        return
    original = newest.original if newest.original_is_there else None
    window.document.load(plan, original)
    window.document.undo_stack.resetClean()  # recovered changes are not saved yet
    window.autosave.adopt(newest)
    window.statusBar().showMessage(tr("Recovered unsaved changes from {when}").format(when=when), 10000)
    if newest.original is not None and original is None:
        _offer_save_as(window, newest.original)


def _offer_save_as(window: MainWindow, recorded: Path) -> None:
    """The recovered plan's file is not where it was: ask where to save the changes rather than guess."""
    where = (
        str(recorded)
        if recorded.is_absolute()
        else tr("{name} (its folder was not recorded)").format(name=recorded.name)
    )
    answer = QMessageBox.question(
        window,
        tr("Save the recovered plan"),
        tr(
            "The recovered changes belong to {where}, which is not there any more (moved, renamed, or on a "
            "drive that is not connected).\n\nSave the recovered plan under a name of your choice now? "
            "Until it is saved, Save asks for a name too."
        ).format(where=where),
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    if answer == QMessageBox.StandardButton.Save:
        window.files.save_as(suggestion=recorded if recorded.is_absolute() else Path(recorded.name))


def run_window(plan: Path | None, screenshot: Path | None = None) -> int:
    """Run the window until it closes; with ``screenshot``, save a PNG once the projection is drawn, then exit."""
    if screenshot is None:
        return _run_window(plan, None, None)
    # A screenshot never touches the user's settings, recent files or autosaves: it keeps them in a
    # scratch folder of its own, removed when it is done.
    with tempfile.TemporaryDirectory(prefix="caseload-screenshot-", ignore_cleanup_errors=True) as folder:
        return _run_window(plan, screenshot, Path(folder))


def _run_window(plan: Path | None, screenshot: Path | None, scratch: Path | None) -> int:
    app = application()
    if scratch is not None:
        settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
        folder = scratch
    else:
        settings = QSettings()
        folder = data_folder()
    try:
        document, note = initial_document(plan, settings)
    except PlanFileError as error:
        if screenshot is not None:
            raise
        QMessageBox.warning(None, tr("Cannot open the plan"), str(error) + "\n\n" + tr("The example is shown."))
        document, note = PlanDocument(example_plan()), None
    window = MainWindow(document, settings, folder)
    resume_gc_when_painted(window)
    # From here an unhandled exception autosaves, logs and says so; nobody watches a screenshot run.
    crash = install_crash_handler(
        window, folder, show_report=show_crash_dialog if screenshot is None else report_to_stderr
    )
    try:
        if screenshot is not None:
            return _screenshot(app, window, screenshot)
        if note:
            window.statusBar().showMessage(note, 15000)
        available = window.screen().availableGeometry().size()
        if settings.value("window/geometry") is not None:
            window.show()
        elif available.width() < FULL_SCREEN_BELOW_WIDTH:
            window.resize(available)  # also where no window manager maximizes
            window.showMaximized()  # a laptop screen: the charts and figures need all of it
        else:
            window.resize(available * 0.85)
            window.show()
        offer_recovery(window, folder)
        return app.exec()
    finally:
        crash.uninstall()


def _screenshot(app: QApplication, window: MainWindow, path: Path) -> int:
    outcome: dict[str, int | bool] = {"code": 1, "taken": False}

    def capture() -> None:
        if outcome["taken"]:
            return
        outcome["taken"] = True
        app.processEvents()
        saved = window.grab().save(str(path), "PNG")
        outcome["code"] = 0 if saved else 2
        if not saved:
            print(f"caseload-planner: cannot write the screenshot {path}", file=sys.stderr)
        window.document.undo_stack.setClean()
        window.close()
        app.quit()

    def too_slow() -> None:
        print("caseload-planner: the projection was not drawn in time; no screenshot written", file=sys.stderr)
        app.quit()

    window.resize(*SCREENSHOT_SIZE)
    # The headline figures are complete once the hiring advice (computed off the UI thread) is in.
    window.runner.hiring_solved.connect(lambda _advice: QTimer.singleShot(200, capture))
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, too_slow)
    window.show()
    app.exec()
    return int(outcome["code"])
