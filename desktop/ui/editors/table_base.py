"""A table model over rows of the plan: shows the plan's values, turns typed or pasted cells into undoable edits.

A refused cell keeps its typed text, marked red with the reason as its tooltip
and in the table's message list, until it is corrected or the plan's value there
changes. A pasted block is one edit: if any cell is wrong, nothing is applied.
Refreshing after a change emits ``dataChanged`` only for cells whose text
changed, so selection, current cell and an open editor stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from desktop.model.months import parse_month
from desktop.ui.document import FieldPath, PlanDocument, PlanEditRejected
from desktop.ui.editors import table_blocks
from desktop.ui.editors.messages import refusal_text
from desktop.ui.editors.numbers import NumberSpec, display_text, edit_text, format_number, parse_shown
from desktop.ui.editors.table_blocks import Cell

Index = QModelIndex | QPersistentModelIndex
ScenarioData = dict[str, Any]

ERROR_BACKGROUND = QColor("#f8d7d5")
PENDING_BACKGROUND = QColor("#fff1c2")
DERIVED_FOREGROUND = QColor("#6b6b6b")
_ROLE = Qt.ItemDataRole


@dataclass(frozen=True)
class Column:
    """One column: its heading, what kind of value it holds and how numbers are shown."""

    header: str
    kind: Literal["text", "number", "month", "choice"] = "number"
    spec: NumberSpec | None = None
    tooltip: str = ""
    editable: bool = True
    key: str = ""
    """What the column stands for, for the model that made it (a priority key, a year, a stage key)."""


@dataclass(frozen=True)
class _CellError:
    text: str
    message: str
    plan_text: str


class PlanTableModel(QAbstractTableModel):
    """Base of the editors' tables; subclasses say which rows, columns, values and paths there are."""

    messages_changed = Signal()

    def __init__(self, document: PlanDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._locale = QLocale()
        self._columns: list[Column] = []
        self._rows = 0
        self._snapshot: list[list[tuple[str, bool, bool]]] = []
        self._errors: dict[Cell, _CellError] = {}
        self.block_problem = ""
        document.plan_changed.connect(self.refresh)
        document.scenario_selected.connect(self.reset)

    # ---- what a subclass says -------------------------------------------------------------------
    def build_columns(self) -> list[Column]:
        raise NotImplementedError

    def count_rows(self) -> int:
        raise NotImplementedError

    def row_label(self, row: int) -> str:
        """How messages name a row ("Citizens")."""
        return str(row + 1)

    def cell_value(self, row: int, column: int) -> Any:
        """The plan's value in a cell, as stored (None: no value)."""
        raise NotImplementedError

    def cell_path(self, row: int, column: int) -> FieldPath:
        """Where the cell's value lives, relative to the current scenario."""
        raise NotImplementedError

    def derived(self, row: int, column: int) -> tuple[float, str] | None:
        """A value the model computes where the plan has none, and how (shown grey)."""
        return None

    def pending(self, row: int, column: int) -> tuple[Any, str] | None:
        """A typed value not yet in the plan (waiting for the rest of its row), and why."""
        return None

    def choices(self, column: int) -> list[tuple[str, str]]:
        """(value, label) pairs of a choice column."""
        return []

    def edit_cell(self, row: int, column: int, value: Any) -> None:
        """Apply one typed cell; raises PlanEditRejected."""
        path = self.document.scenario_path(*self.cell_path(row, column))
        header = self._columns[column].header
        text = self.tr("Change {column} of {row}").format(column=header, row=self.row_label(row))
        if self.cell_value(row, column) is None:
            # A dict entry the plan does not hold yet (a year's figure): set_value only replaces values.
            index = self.document.scenario_index
            self.document.update(lambda plan: self.write_cell(plan["scenarios"][index], row, column, value), text)
        else:
            self.document.set_value(path, value, text)

    def write_cell(self, scenario: ScenarioData, row: int, column: int, value: Any) -> None:
        """Put one pasted value into the scenario's plain data (None removes a dict entry)."""
        *parents, last = self.cell_path(row, column)
        container: Any = scenario
        for part in parents:
            container = container[part]
        if value is None and isinstance(container, dict):
            container.pop(last, None)
        else:
            container[last] = value

    def check_block(self, values: dict[Cell, Any]) -> None:
        """Refuse a pasted block (CellRefused) for a reason no single cell shows."""

    def block_change(self, values: dict[Cell, Any]) -> Callable[[dict[str, Any]], None]:
        index = self.document.scenario_index

        def change(plan: dict[str, Any]) -> None:
            scenario = plan["scenarios"][index]
            for (row, column), value in sorted(values.items()):
                self.write_cell(scenario, row, column, value)

        return change

    def after_block(self, values: dict[Cell, Any]) -> None:
        """Called after a pasted block was applied."""

    def extra_messages(self) -> list[str]:
        return []

    def follow_plan(self) -> None:
        """Bring typed values not yet in the plan in line with the plan after it changed."""

    def forget_pending(self) -> None:
        """Drop typed values not yet in the plan (another scenario is shown)."""

    def vertical_header(self, row: int) -> str:
        return str(row + 1)

    # ---- Qt's model interface -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and default
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._columns)

    def column(self, column: int) -> Column:
        return self._columns[column]

    def locale(self) -> QLocale:
        return self._locale

    def set_locale(self, locale: QLocale) -> None:
        """Numbers are shown and read in ``locale`` (the view's)."""
        self._locale = QLocale(locale)
        self._columns = self.build_columns()
        self._snapshot = self._texts()
        if self._rows and self._columns:
            self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, len(self._columns) - 1))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _ROLE.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == _ROLE.DisplayRole:
                return self._columns[section].header
            if role == _ROLE.ToolTipRole:
                return self._columns[section].tooltip or None
        elif (
            orientation == Qt.Orientation.Vertical
            and role in (_ROLE.DisplayRole, _ROLE.ToolTipRole)
            and 0 <= section < min(self._rows, self.count_rows())
        ):
            return self.vertical_header(section)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and index.column() < len(self._columns) and self._columns[index.column()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = _ROLE.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        if not index.isValid() or row >= min(self._rows, self.count_rows()) or column >= len(self._columns):
            return None
        error = self._errors.get((row, column))
        if role in (_ROLE.DisplayRole, _ROLE.EditRole):
            if error is not None:
                return error.text
            return self.cell_text(row, column, for_edit=role == _ROLE.EditRole)
        if role == _ROLE.ToolTipRole:
            return self._tooltip(row, column, error)
        if role == _ROLE.BackgroundRole:
            if error is not None:
                return ERROR_BACKGROUND
            return PENDING_BACKGROUND if self.pending(row, column) is not None else None
        is_derived = self.cell_value(row, column) is None and self.derived(row, column) is not None
        if role == _ROLE.ForegroundRole and is_derived and error is None:
            return DERIVED_FOREGROUND
        if role == _ROLE.FontRole and is_derived and error is None:
            font = QFont()
            font.setItalic(True)
            return font
        if role == _ROLE.TextAlignmentRole and self._columns[column].kind == "number":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = _ROLE.EditRole) -> bool:  # noqa: N802
        if role != _ROLE.EditRole or not index.isValid():
            return False
        row, column = index.row(), index.column()
        spec = self._columns[column].spec
        if isinstance(value, int | float) and not isinstance(value, bool) and spec is not None:
            value = format_number(value, 9, self._locale, grouped=False)
        text = str(value)
        if (row, column) not in self._errors and text == self.cell_text(row, column, for_edit=True):
            return False
        path = self.document.scenario_path(*self.cell_path(row, column))
        try:
            self.edit_cell(row, column, self.parse_cell(column, text))
        except ValueError as error:
            self._set_error((row, column), text, str(error))
            return False
        except PlanEditRejected as rejected:
            message = refusal_text(rejected, path, self.document.plan, self.document.scenario_index)
            self._set_error((row, column), text, message)
            return False
        self.block_problem = ""
        if self._errors.pop((row, column), None) is not None:
            self.dataChanged.emit(index, index)
        self.messages_changed.emit()
        return True

    # ---- reading values -------------------------------------------------------------------------
    def cell_text(self, row: int, column: int, *, for_edit: bool = False) -> str:
        """The cell's text: a pending value, else the plan's, else a derived one."""
        pending = self.pending(row, column)
        value = pending[0] if pending is not None else self.cell_value(row, column)
        if value is None and (derived := self.derived(row, column)) is not None:
            value = derived[0]
        return self.format_value(column, value, for_edit=for_edit)

    def format_value(self, column: int, value: Any, *, for_edit: bool = False) -> str:
        if value is None:
            return ""
        spec = self._columns[column].spec
        if spec is not None:
            return (edit_text if for_edit else display_text)(value, spec, self._locale)
        if self._columns[column].kind == "choice":
            return dict(self.choices(column)).get(value, str(value))
        return str(value)

    def parse_cell(self, column: int, text: str) -> Any:
        """The stored value for text typed or pasted into ``column``; ValueError with the reason."""
        spec_column = self._columns[column]
        if not spec_column.editable:
            raise ValueError(self.tr("this column cannot be changed here"))
        if spec_column.spec is not None:
            return parse_shown(text, spec_column.spec, self._locale)
        if spec_column.kind == "month":
            try:
                parse_month(text.strip())
            except ValueError:
                raise ValueError(self.tr("must be a month written YYYY-MM, such as 2024-07")) from None
            return text.strip()
        if spec_column.kind == "choice":
            wanted = text.strip().casefold()
            for value, label in self.choices(column):
                if wanted in (value.casefold(), label.casefold()):
                    return value
            names = ", ".join(label for _value, label in self.choices(column))
            raise ValueError(self.tr("“{text}” is not one of: {names}").format(text=text.strip(), names=names))
        return text

    def _tooltip(self, row: int, column: int, error: _CellError | None) -> str | None:
        if error is not None:
            return error.message
        pending = self.pending(row, column)
        if pending is not None:
            return pending[1]
        if self.cell_value(row, column) is None and (derived := self.derived(row, column)) is not None:
            return derived[1]
        return self._columns[column].tooltip or None

    # ---- problems -------------------------------------------------------------------------------
    def where(self, row: int, column: int) -> str:
        """ "Row 2 (Citizens), column “High (%)”" for messages."""
        return self.tr("Row {number} ({label}), column “{column}”").format(
            number=row + 1, label=self.row_label(row), column=self._columns[column].header
        )

    def messages(self) -> list[str]:
        """Every problem of the table now: refused cells, rows waiting to be complete, a refused paste."""
        found = [f"{self.where(row, column)}: {error.message}" for (row, column), error in sorted(self._errors.items())]
        found.extend(self.extra_messages())
        if self.block_problem:
            found.append(self.block_problem)
        return found

    def cell_errors(self) -> dict[Cell, str]:
        return {cell: error.message for cell, error in self._errors.items()}

    def _set_error(self, cell: Cell, text: str, message: str) -> None:
        plan_text = self.cell_text(*cell)
        self._errors[cell] = _CellError(text, message, plan_text)
        index = self.index(*cell)
        self.dataChanged.emit(index, index)
        self.messages_changed.emit()

    # ---- copy, paste and clear (see table_blocks) -----------------------------------------------
    def copy_block(self, cells: list[Cell]) -> str:
        """The cells as tab-separated text, numbers in the locale without group separators."""
        return table_blocks.copy_block(self, cells)

    def paste_block(self, top: int, left: int, cells: list[list[str]]) -> bool:
        """Apply a block of cells from ``(top, left)`` as one edit; False (with ``block_problem`` set) if refused."""
        return table_blocks.paste_block(self, top, left, cells)

    def clear_cells(self, cells: list[Cell]) -> bool:
        """Empty the cells (Delete) where empty means something (no figure for a year), as one edit."""
        return table_blocks.clear_cells(self, cells)

    def refuse(self, message: str) -> bool:
        """Show why a block edit was refused; False."""
        self.block_problem = message
        self.messages_changed.emit()
        return False

    def forget_errors(self, cells: list[Cell]) -> None:
        for cell in cells:
            self._errors.pop(cell, None)

    # ---- following the plan ---------------------------------------------------------------------
    def _texts(self) -> list[list[tuple[str, bool, bool]]]:
        """What each cell shows: its text, whether it is marked refused, whether it is pending."""
        rows = min(self._rows, self.count_rows())
        return [
            [
                (
                    self.cell_text(row, column),
                    (row, column) in self._errors,
                    self.pending(row, column) is not None,
                )
                for column in range(len(self._columns))
            ]
            for row in range(rows)
        ]

    def refresh(self) -> None:
        """Follow the plan: grow or shrink to its rows and columns, repaint only the cells that changed."""
        self.follow_plan()
        columns, rows = self.build_columns(), self.count_rows()
        reshaped = len(columns) != len(self._columns) or rows != self._rows
        headers_changed = [c.header for c in columns] != [c.header for c in self._columns]
        parent = QModelIndex()
        if len(columns) > len(self._columns):
            self.beginInsertColumns(parent, len(self._columns), len(columns) - 1)
            self._columns = columns
            self.endInsertColumns()
        elif len(columns) < len(self._columns):
            self.beginRemoveColumns(parent, len(columns), len(self._columns) - 1)
            self._columns = columns
            self.endRemoveColumns()
        self._columns = columns
        if rows > self._rows:
            self.beginInsertRows(parent, self._rows, rows - 1)
            self._rows = rows
            self.endInsertRows()
        elif rows < self._rows:
            self.beginRemoveRows(parent, rows, self._rows - 1)
            self._rows = rows
            self.endRemoveRows()
        if reshaped:
            self._errors.clear()
        else:
            self._errors = {
                cell: error for cell, error in self._errors.items() if self.cell_text(*cell) == error.plan_text
            }
        if headers_changed and columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(columns) - 1)
        if rows:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, rows - 1)
        self._emit_changed_cells(self._texts(), everything=reshaped)
        self.messages_changed.emit()

    def _emit_changed_cells(self, texts: list[list[tuple[str, bool, bool]]], *, everything: bool) -> None:
        old = self._snapshot
        self._snapshot = texts
        for row, line in enumerate(texts):
            before = old[row] if row < len(old) and len(old[row]) == len(line) else None
            changed = [c for c, shown in enumerate(line) if everything or before is None or before[c] != shown]
            if changed:
                self.dataChanged.emit(self.index(row, changed[0]), self.index(row, changed[-1]))

    def reset(self) -> None:
        """Start over (another scenario is shown): no marks, no pending values."""
        self.beginResetModel()
        self._errors.clear()
        self.block_problem = ""
        self.forget_pending()
        self._columns = self.build_columns()
        self._rows = self.count_rows()
        self._snapshot = self._texts()
        self.endResetModel()
        self.messages_changed.emit()
