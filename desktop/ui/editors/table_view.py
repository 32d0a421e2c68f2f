"""The editors' table view (Excel's Ctrl+C and Ctrl+V), a panel with its message line, and row buttons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.io.clipboard_table import parse_block
from desktop.ui.editors.fields import ProblemLabel
from desktop.ui.editors.messages import apply_to_scenario
from desktop.ui.editors.table_base import PlanTableModel

Index = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down of the column's choices (an event's source), storing the choice's value."""

    def __init__(self, model: PlanTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        for value, label in self._model.choices(index.column()):
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            found = editor.findData(self._model.cell_value(index.row(), index.column()))
            editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class PlanTableView(QTableView):
    """A table of plan values; Ctrl+C copies the selection and Ctrl+V pastes a block from Excel."""

    min_column_width = 70

    def __init__(self, model: PlanTableModel, parent: QWidget | None = None, *, stretch_last: bool = False) -> None:
        super().__init__(parent)
        self.plan_model = model
        self._fitted_width = 0
        self.setModel(model)
        self.horizontalHeader().setStretchLastSection(stretch_last)
        model.set_locale(self.locale())
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, key, slot in (
            (self.tr("Copy"), QKeySequence.StandardKey.Copy, self.copy_selection),
            (self.tr("Paste"), QKeySequence.StandardKey.Paste, self.paste_clipboard),
        ):
            action = QAction(text, self)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        model.modelReset.connect(self.fit_columns)
        model.columnsInserted.connect(self.fit_columns)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Columns wide enough for their heading and values, within reason; a stretched last column fills the rest."""
        header = self.horizontalHeader()
        last = header.count() - 1 if header.stretchLastSection() else header.count()
        # In a narrow editor (a laptop) a long name must not push the figures out of sight.
        widest = 320 if self._fitted_width < 200 else max(120, min(320, int(self._fitted_width * 0.35)))
        for section in range(last):
            self.resizeColumnToContents(section)
            size = header.sectionSize(section) + 12
            header.resizeSection(section, max(self.min_column_width, min(size, widest)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        width = self.viewport().width()
        if abs(width - self._fitted_width) >= 40:  # not on every pixel of a drag
            self._fitted_width = width
            self.fit_columns()

    def selected_cells(self) -> list[tuple[int, int]]:
        return sorted((index.row(), index.column()) for index in self.selectedIndexes())

    def copy_selection(self) -> None:
        cells = self.selected_cells()
        if not cells and self.currentIndex().isValid():
            cells = [(self.currentIndex().row(), self.currentIndex().column())]
        if cells:
            QGuiApplication.clipboard().setText(self.plan_model.copy_block(cells))

    def paste_clipboard(self) -> bool:
        """Paste the clipboard's block from the selection's top-left cell, or the current cell if outside it."""
        cells = self.selected_cells()
        current = self.currentIndex()
        if cells and (not current.isValid() or (current.row(), current.column()) in cells):
            top, left = min(r for r, _ in cells), min(c for _, c in cells)
        elif current.isValid():
            top, left = current.row(), current.column()
        else:
            top, left = 0, 0
        block = parse_block(QGuiApplication.clipboard().text())
        if not self.plan_model.paste_block(top, left, block):
            return False
        bottom, right = top + len(block) - 1, left + len(block[0]) - 1
        selection = QItemSelection(self.plan_model.index(top, left), self.plan_model.index(bottom, right))
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        return True

    def clear_selection(self) -> bool:
        """Empty the selected cells (Delete), where empty means something; refused as a whole otherwise."""
        cells = self.selected_cells()
        if not cells and self.currentIndex().isValid():
            cells = [(self.currentIndex().row(), self.currentIndex().column())]
        return bool(cells) and self.plan_model.clear_cells(cells)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste_clipboard()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != self.State.EditingState:
            self.clear_selection()
        else:
            super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LocaleChange:
            self.plan_model.set_locale(self.locale())
        super().changeEvent(event)


class TablePanel(QWidget):
    """A table with an optional heading, its row buttons and, under it, what is wrong in it."""

    def __init__(
        self,
        model: PlanTableModel,
        title: str = "",
        hint: str = "",
        parent: QWidget | None = None,
        *,
        stretch_last: bool = False,
    ) -> None:
        super().__init__(parent)
        self.model = model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if title:
            heading = QLabel(f"<b>{title}</b>", self)
            layout.addWidget(heading)
        if hint:
            hint_label = QLabel(hint, self)
            hint_label.setWordWrap(True)
            hint_label.setObjectName("hint")
            layout.addWidget(hint_label)
        self.view = PlanTableView(model, self, stretch_last=stretch_last)
        layout.addWidget(self.view, 1)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.buttons)
        self.problems = ProblemLabel(self)
        layout.addWidget(self.problems)
        model.messages_changed.connect(self._show_messages)
        self._show_messages()

    def add_button(self, text: str, tooltip: str = "") -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tooltip)
        self.buttons.addWidget(button)
        return button

    def end_buttons(self) -> None:
        self.buttons.addStretch(1)

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(row, 0))
            self.view.selectRow(row)

    def apply(self, change: Callable[[dict[str, Any]], object], text: str) -> bool:
        """A structural edit of the current scenario (add, remove, move) as one undo step; refusals shown here."""
        problem = apply_to_scenario(self.model.document, change, text)
        self.model.block_problem = problem or ""
        self.model.messages_changed.emit()
        return problem is None

    def _show_messages(self) -> None:
        self.problems.set_problem(self.model, "\n".join(self.model.messages()))


class RowButtons(QObject):
    """Add, remove, move up and move down buttons for the rows of a table panel, enabled as they apply."""

    add_clicked = Signal()
    remove_clicked = Signal(int)
    move_clicked = Signal(int, int)

    def __init__(self, panel: TablePanel, noun: str, *, movable: bool = True, min_rows: int = 0) -> None:
        super().__init__(panel)
        self._panel = panel
        self._min_rows = min_rows
        self.add = panel.add_button(self.tr("Add {noun}").format(noun=noun))
        self.remove = panel.add_button(self.tr("Remove"))
        self.up = panel.add_button(self.tr("Move up")) if movable else None
        self.down = panel.add_button(self.tr("Move down")) if movable else None
        panel.end_buttons()
        self.add.clicked.connect(self.add_clicked)
        self.remove.clicked.connect(lambda: self._emit_row(self.remove_clicked.emit))
        if self.up is not None and self.down is not None:
            self.up.clicked.connect(lambda: self._emit_row(lambda row: self.move_clicked.emit(row, -1)))
            self.down.clicked.connect(lambda: self._emit_row(lambda row: self.move_clicked.emit(row, 1)))
        panel.view.selectionModel().currentChanged.connect(self.update_enabled)
        panel.model.rowsInserted.connect(self.update_enabled)
        panel.model.rowsRemoved.connect(self.update_enabled)
        panel.model.modelReset.connect(self.update_enabled)
        self.update_enabled()

    def _emit_row(self, emit: object) -> None:
        row = self._panel.current_row()
        if row >= 0 and callable(emit):
            emit(row)

    def update_enabled(self) -> None:
        row, rows = self._panel.current_row(), self._panel.model.rowCount()
        self.remove.setEnabled(0 <= row < rows and rows > self._min_rows)
        if self.up is not None and self.down is not None:
            self.up.setEnabled(row > 0)
            self.down.setEnabled(0 <= row < rows - 1)
