"""The main window: the plan's editors on the left, the live projection on the right."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolBar,
    QWidget,
)

from desktop import __version__
from desktop.ui.autosave import Autosave
from desktop.ui.document import PlanDocument
from desktop.ui.editors import PlanEditor
from desktop.ui.export_actions import ExportActions
from desktop.ui.file_actions import PLAN_SUFFIX, WORKBOOK_SUFFIX, FileActions
from desktop.ui.recompute import ProjectionRunner
from desktop.ui.results import ResultsView
from desktop.ui.settings_dialog import SettingsDialog, autosave_minutes

if TYPE_CHECKING:
    from desktop.model.hiring_plan import HiringPlan

GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
SPLITTER_KEY = "window/splitter"
FIRST_PAINT_FALLBACK_MS = 1000
"""Where a platform never reports the window exposed, it counts as painted this long after it was shown."""


class MainWindow(QMainWindow):
    """One plan per window. Settings and the data folder are passed in, so tests use their own.

    The first projection is computed when the window is first shown, so that its first paint already
    shows the plan's figures; the hiring advice follows once that paint is done (:attr:`first_painted`).
    """

    first_painted = Signal()
    """The window has been shown and painted for the first time (with the first projection)."""

    def __init__(
        self,
        document: PlanDocument,
        settings: QSettings,
        data_folder: Path,
        *,
        autosave_interval_ms: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.settings = settings
        self.files = FileActions(document, settings, self)
        self.exports = ExportActions(document, self)
        self.runner = ProjectionRunner(document, parent=self)
        self.runner.hold_solver()  # until the window has painted: see showEvent
        self._painted = False
        if autosave_interval_ms is None:
            autosave_interval_ms = autosave_minutes(settings) * 60_000
        self.autosave = Autosave(document, data_folder / "autosave", autosave_interval_ms, parent=self)
        self.autosave_warning = QLabel(self.tr("Autosave failed"))
        self.autosave_warning.setStyleSheet("color: #b00020; font-weight: bold;")
        self.autosave_warning.hide()

        self.editor = PlanEditor(document)
        self.results = ResultsView()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(self.results)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.setAcceptDrops(True)
        self._split_evenly = False
        self.splitter.splitterMoved.connect(self._on_splitter_moved)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.statusBar().addPermanentWidget(self.autosave_warning)
        self.statusBar().showMessage(self.tr("Ready"), 3000)

        self.runner.projected.connect(self.results.show_projection)
        self.runner.hiring_solved.connect(self.results.show_hiring)
        self.runner.plan_solved.connect(self.results.show_hiring_plan)
        plan_view = self.results.hiring_plan_view
        plan_view.granularity_changed.connect(self.runner.set_granularity)
        plan_view.apply_requested.connect(self._apply_hiring_plan)
        plan_view.new_scenario_requested.connect(self._hiring_plan_as_scenario)
        self.runner.failed.connect(self._on_compute_failed)
        document.file_changed.connect(self._update_title)
        document.plan_changed.connect(self._update_scenarios)
        document.scenario_selected.connect(self._update_scenarios)
        document.plan_changed.connect(self._update_title)
        self.files.recent_changed.connect(self._update_recent_menu)
        self.files.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.exports.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.autosave.failed.connect(self._on_autosave_failed)
        self.autosave.resumed.connect(self._on_autosave_resumed)
        self._update_title()
        self._update_scenarios()
        self._update_recent_menu()
        self._restore_layout()

    # -- building -----------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        def action(text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str | None, slot: object) -> QAction:
            made = QAction(text, self)
            if shortcut is not None:
                made.setShortcut(QKeySequence(shortcut))
            made.triggered.connect(slot)
            return made

        self.new_action = action(self.tr("&New"), QKeySequence.StandardKey.New, self.files.new_plan)
        self.open_action = action(self.tr("&Open…"), QKeySequence.StandardKey.Open, self.files.open_dialog)
        self.save_action = action(self.tr("&Save"), QKeySequence.StandardKey.Save, self.files.save)
        self.save_as_action = action(self.tr("Save &As…"), QKeySequence.StandardKey.SaveAs, self.files.save_as)
        if self.save_as_action.shortcut().isEmpty():  # Windows has no standard Save As key
            self.save_as_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.export_excel_action = action(self.tr("&Export to Excel…"), "Ctrl+E", self.exports.export_excel_dialog)
        self.export_pdf_action = action(self.tr("Export Summary as &PDF…"), None, self.exports.export_pdf_dialog)
        self.quit_action = action(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        stack = self.document.undo_stack
        self.undo_action = stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Y")])
        self.about_action = action(self.tr("&About Caseload Planner"), None, self._about)
        self.duplicate_scenario_action = action(self.tr("&Duplicate Scenario"), None, self._duplicate_scenario)
        self.delete_scenario_action = action(self.tr("D&elete Scenario…"), None, self._delete_scenario)
        self.settings_action = action(self.tr("Se&ttings…"), QKeySequence.StandardKey.Preferences, self.show_settings)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = QMenu(self.tr("Open &Recent"), self)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addActions([self.save_action, self.save_as_action])
        file_menu.addSeparator()
        file_menu.addActions([self.export_excel_action, self.export_pdf_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.duplicate_scenario_action, self.delete_scenario_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.settings_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Plan"), self)
        bar.setObjectName("plan-toolbar")
        bar.setMovable(False)
        bar.addActions([self.open_action, self.save_action, self.export_excel_action])
        bar.addSeparator()
        bar.addActions([self.undo_action, self.redo_action])
        bar.addSeparator()
        bar.addWidget(QLabel(self.tr("Scenario:") + " "))
        self.scenario_box = QComboBox()
        self.scenario_box.setMinimumContentsLength(18)
        self.scenario_box.currentIndexChanged.connect(self.document.select_scenario)
        bar.addWidget(self.scenario_box)
        self.addToolBar(bar)

    # -- keeping up with the document -----------------------------------------------------------------

    def _update_title(self) -> None:
        path = self.document.path
        name = path.name if path else self.tr("Untitled plan")
        warning = f" — {self.tr('autosave failed')}" if self.autosave.is_failing else ""
        self.setWindowTitle(f"{name}[*] — {self.document.plan.title}{warning} — Caseload Planner")
        self.setWindowModified(self.document.is_modified)
        self.setWindowFilePath(str(path) if path else "")

    def _update_scenarios(self) -> None:
        names = [s.name for s in self.document.plan.scenarios]
        if [self.scenario_box.itemText(i) for i in range(self.scenario_box.count())] != names:
            self.scenario_box.blockSignals(True)
            self.scenario_box.clear()
            self.scenario_box.addItems(names)
            self.scenario_box.blockSignals(False)
        self.scenario_box.setCurrentIndex(self.document.scenario_index)
        self.delete_scenario_action.setEnabled(len(names) > 1)

    def _duplicate_scenario(self) -> None:
        """A copy of the scenario shown, to try other assumptions beside it."""
        index = self.document.scenario_index
        names = {s.name for s in self.document.plan.scenarios}
        base = self.tr("{name} (copy)").format(name=self.document.scenario.name)
        name, number = base, 2
        while name in names:
            name, number = f"{base} {number}", number + 1

        def duplicate(data: dict[str, Any]) -> None:
            copy = dict(data["scenarios"][index], name=name)
            data["scenarios"].insert(index + 1, copy)

        self.document.update(duplicate, self.tr("Duplicate scenario"))
        self.document.select_scenario(index + 1)

    def _apply_hiring_plan(self, plan: HiringPlan) -> None:
        """The hiring plan's posts become staffing changes of the scenario shown: one undoable step."""
        index = self.document.scenario_index
        applied = plan.applied_to(self.document.scenario).model_dump()

        def apply(data: dict[str, Any]) -> None:
            data["scenarios"][index] = applied

        self.document.update(apply, self.tr("Apply the hiring plan"))
        self.statusBar().showMessage(
            self.tr("The hiring plan's posts were added to the staffing changes; Undo takes them back."), 8000
        )

    def _hiring_plan_as_scenario(self, plan: HiringPlan) -> None:
        """A copy of the scenario shown with the hiring plan's posts, placed after it and shown."""
        index = self.document.scenario_index
        names = {s.name for s in self.document.plan.scenarios}
        base = self.tr("{name} with the hiring plan").format(name=self.document.scenario.name)
        name, number = base, 2
        while name in names:
            name, number = f"{base} {number}", number + 1
        applied = plan.applied_to(self.document.scenario).model_dump() | {"name": name}
        self.document.update(lambda data: data["scenarios"].insert(index + 1, applied), self.tr("Add the hiring plan"))
        self.document.select_scenario(index + 1)

    def _delete_scenario(self) -> None:
        if len(self.document.plan.scenarios) < 2:
            return
        index = self.document.scenario_index
        answer = QMessageBox.question(
            self,
            self.tr("Delete scenario"),
            self.tr("Delete the scenario {name}? (Undo brings it back.)").format(name=self.document.scenario.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.document.select_scenario(max(0, index - 1))
        self.document.update(lambda data: data["scenarios"].pop(index), self.tr("Delete scenario"))

    def _update_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.files.recent_files()
        for number, path in enumerate(recent, start=1):
            item = self.recent_menu.addAction(f"&{number}  {path.name}")
            item.setToolTip(str(path))
            item.setStatusTip(str(path))
            item.triggered.connect(lambda _checked=False, p=path: self.files.open_path(p))
        self.recent_menu.setEnabled(bool(recent))

    def show_settings(self) -> SettingsDialog:
        """The Settings dialog, window-modal; what OK stores applies at once."""
        dialog = SettingsDialog(self.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._apply_settings)
        dialog.open()
        return dialog

    def _apply_settings(self) -> None:
        self.autosave.set_interval_ms(autosave_minutes(self.settings) * 60_000)

    def _on_autosave_failed(self, reason: str) -> None:
        # Said once; the title and the mark in the status bar stay until an autosave works again.
        self.statusBar().showMessage(
            self.tr(
                "Autosave failed: unsaved changes are not being kept in {folder} ({reason}). "
                "Save the plan to keep them; autosave keeps trying."
            ).format(folder=self.autosave.folder, reason=reason)
        )
        self.autosave_warning.setToolTip(reason)
        self.autosave_warning.show()
        self._update_title()

    def _on_autosave_resumed(self) -> None:
        self.autosave_warning.hide()
        self.statusBar().showMessage(self.tr("Autosave works again"), 5000)
        self._update_title()

    def _on_compute_failed(self, details: str) -> None:
        self.statusBar().showMessage(self.tr("The projection could not be computed; see the log."), 10000)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Caseload Planner"),
            self.tr(
                "Caseload Planner {version}\n\nCapacity planning for teams that handle reports of child sexual "
                "abuse material. Holds planning figures only; works offline."
            ).format(version=__version__),
        )

    # -- the first paint ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.runner.projection is not None or self._painted:
            return
        self.runner.run_now()  # before the first paint, so that it is not a paint of empty charts
        handle = self.windowHandle()
        if handle is not None:
            handle.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, self._on_first_paint)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        handle = self.windowHandle()
        if event.type() == QEvent.Type.Expose and watched is handle and handle.isExposed() and not self._painted:
            # Qt paints an exposed window before it returns to the event loop: then it has painted.
            QTimer.singleShot(0, self._on_first_paint)
        return super().eventFilter(watched, event)

    def _on_first_paint(self) -> None:
        if self._painted:
            return
        self._painted = True
        handle = self.windowHandle()
        if handle is not None:
            handle.removeEventFilter(self)
        self.runner.release_solver()
        self.first_painted.emit()

    @property
    def has_painted(self) -> bool:
        return self._painted

    # -- window state --------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        for key, restore in (
            (GEOMETRY_KEY, self.restoreGeometry),
            (STATE_KEY, self.restoreState),
            (SPLITTER_KEY, self.splitter.restoreState),
        ):
            value = self.settings.value(key)
            if isinstance(value, QByteArray):
                restore(value)
        if not isinstance(self.settings.value(SPLITTER_KEY), QByteArray):
            self._split_evenly = True

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._split_evenly:
            # Until the user moves the splitter: about a third for the editors, the rest for the results.
            width = self.splitter.width()
            editor = max(self.editor.minimumSizeHint().width(), min(560, int(width * 0.34)))
            self.splitter.setSizes([editor, max(1, width - editor)])

    def _on_splitter_moved(self, _position: int, _index: int) -> None:
        self._split_evenly = False

    def _save_layout(self) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.setValue(STATE_KEY, self.saveState())
        self.settings.setValue(SPLITTER_KEY, self.splitter.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self.files.may_close_plan():
            event.ignore()
            return
        self._save_layout()
        self.settings.sync()
        self.autosave.stop()
        self.runner.wait_for_solver(5000)
        event.accept()

    # -- drag and drop -------------------------------------------------------------------------------

    @staticmethod
    def _dropped_plan(event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        for url in urls:
            if url.isLocalFile() and url.toLocalFile().lower().endswith((PLAN_SUFFIX, WORKBOOK_SUFFIX)):
                return Path(url.toLocalFile())
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self._dropped_plan(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        path = self._dropped_plan(event)
        if path is not None:
            event.acceptProposedAction()
            self.files.open_path(path)
