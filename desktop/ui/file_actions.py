"""New, Open, Save, Save As and Recent files, with the unsaved-changes question before a plan is closed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.io.atomic import SaveError
from desktop.io.plan_file import PlanFileError, read_plan, write_plan
from desktop.model.example import example_plan
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
        from desktop.io.workbook import read_workbook_plan

        try:
            plan = read_workbook_plan(path)
        except PlanFileError as error:
            self._show_problem(tr("Cannot open the workbook"), error)
            return False
        self._document.load(plan, None)
        self._document.undo_stack.resetClean()  # not saved as a plan file yet
        self.message.emit(tr("Read the assumptions of {path}; save them as a plan file to keep them").format(path=path))
        return True

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
