"""File ▸ Export to Excel and Export summary as PDF: choose a file, show progress, and say plainly what went wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from desktop.io.atomic import SaveError
from desktop.ui.dialogs import AfterFailedWrite, ask_after_failed_write
from desktop.ui.document import PlanDocument


def tr(text: str) -> str:
    return QCoreApplication.translate("ExportActions", text)


class ExportCancelledError(Exception):
    """The user pressed Cancel in the progress dialog; nothing was written."""


class ExportActions(QObject):
    """Writes the document's plan to a workbook or a one-page PDF on behalf of the window."""

    message = Signal(str)

    def __init__(self, document: PlanDocument, window: QWidget) -> None:
        super().__init__(window)
        self._document = document
        self._window = window
        self.last_folder: Path | None = None

    def _suggested(self, suffix: str) -> str:
        folder = self.last_folder or (self._document.path.parent if self._document.path else Path.home())
        stem = self._document.path.stem if self._document.path else self._document.plan.title
        name = f"{stem} - {self._document.scenario.name}{suffix}"
        return str(folder / "".join("_" if c in '<>:"/\\|?*' else c for c in name))

    def export_excel_dialog(self) -> bool:
        """Ask where, then write the workbook of the scenario shown (all scenarios when the plan has several)."""
        name, _ = QFileDialog.getSaveFileName(
            self._window, tr("Export to Excel"), self._suggested(".xlsx"), tr("Excel workbook (*.xlsx)")
        )
        if not name:
            return False
        path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        return self.export_excel(path)

    def export_excel(self, path: Path) -> bool:
        from desktop.io.workbook import export_workbook

        plan = self._document.plan
        current = self._document.scenario.name
        names = [current] + [s.name for s in plan.scenarios if s.name != current]

        def write(target: Path, progress: Callable[[int, str], None]) -> None:
            export_workbook(plan, target, scenarios=names, progress=progress)

        return self._run(path, write, tr("Writing the workbook…"), self.export_excel_dialog)

    def export_pdf_dialog(self) -> bool:
        name, _ = QFileDialog.getSaveFileName(
            self._window, tr("Export summary as PDF"), self._suggested(".pdf"), tr("PDF document (*.pdf)")
        )
        if not name:
            return False
        path = Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf")
        return self.export_pdf(path)

    def export_pdf(self, path: Path) -> bool:
        from desktop.ui.summary_pdf import export_summary_pdf

        plan, scenario = self._document.plan, self._document.scenario.name

        def write(target: Path, progress: Callable[[int, str], None]) -> None:
            progress(10, tr("Computing the hiring advice…"))
            export_summary_pdf(plan, scenario, target)

        return self._run(path, write, tr("Writing the summary…"), self.export_pdf_dialog)

    def _run(
        self,
        path: Path,
        write: Callable[[Path, Callable[[int, str], None]], None],
        label: str,
        save_as: Callable[[], bool],
    ) -> bool:
        while True:
            dialog = QProgressDialog(label, tr("Cancel"), 0, 100, self._window)
            dialog.setWindowTitle(tr("Export"))
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)

            def progress(percent: int, what: str, dialog: QProgressDialog = dialog) -> None:
                if percent < 100 and dialog.wasCanceled():  # at 100 the file is already in place
                    raise ExportCancelledError
                dialog.setLabelText(what or label)
                dialog.setValue(max(0, min(99, percent)))

            try:
                write(path, progress)
            except ExportCancelledError:
                dialog.close()
                self.message.emit(tr("Export cancelled; nothing was written"))
                return False
            except SaveError as error:
                dialog.close()
                answer = ask_after_failed_write(
                    self._window,
                    tr("Cannot export"),
                    str(error) + "\n\n" + tr("Retry, or choose Save to save under another name."),
                )
                if answer is AfterFailedWrite.RETRY:
                    continue
                if answer is AfterFailedWrite.SAVE_AS:
                    return save_as()
                return False
            dialog.setValue(100)
            dialog.close()
            self.last_folder = path.parent
            self.message.emit(tr("Exported {path}").format(path=path))
            return True
