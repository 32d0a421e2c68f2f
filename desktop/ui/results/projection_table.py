"""The projection month by month as a table: sortable by value, and copied to Excel with Ctrl+C."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAction, QBrush, QColor, QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.model.engine import Projection
from desktop.ui.results.look import WARNING_TEXT, format_number

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
"""The number behind a cell (the month's index for the month column), for sorting."""

Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProjectionTable", text)


@dataclass(frozen=True)
class Column:
    """One column: a group (stage or "Intake"), what it measures with its unit, and its monthly values."""

    group: str
    measure: str
    values: np.ndarray
    decimals: int = 0
    target: float | None = None
    """For waits: the priority's target in days; cells over it are marked."""

    @property
    def header(self) -> str:
        """Two or three short lines, so that a long source name does not make a wide column."""
        measure = textwrap.fill(self.measure, 22)
        return f"{self.group}\n{measure}" if self.group else measure

    @property
    def flat_header(self) -> str:
        return f"{self.group} – {self.measure}" if self.group else self.measure


def projection_columns(projection: Projection) -> list[Column]:
    """The columns a coordinator looks at: intake, and per stage work, capacity, backlog, waits and FTE."""
    p = projection
    intake = _tr("Intake")
    columns = [Column(intake, _tr("Total (reports)"), p.intake.sum(axis=1))]
    columns += [
        Column(intake, f"{s.name} ({_tr('reports')})", p.intake[:, i]) for i, s in enumerate(p.scenario.sources)
    ]
    fte_required, to_clear = p.fte_required, p.fte_required_to_clear
    for k, stage in enumerate(p.scenario.stages):
        group = stage.name
        columns += [
            Column(group, _tr("New work (hours)"), p.demand_hours[k].sum(axis=1)),
            Column(group, _tr("Capacity (hours)"), p.capacity_hours[k]),
            Column(group, _tr("Backlog (reports)"), p.backlog_items[k].sum(axis=(1, 2))),
        ]
        for j, pr in enumerate(p.scenario.priorities):
            columns += [
                Column(
                    group,
                    _tr("Wait {priority}, arriving this month (days)").format(priority=pr.name),
                    p.arrival_wait_days[k, :, j],
                    0,
                    pr.target_days,
                ),
                Column(
                    group,
                    _tr("Expected wait at current rates, {priority} (days)").format(priority=pr.name),
                    p.wait_days[k, :, j],
                    0,
                ),
            ]
        columns += [
            Column(group, _tr("FTE available"), p.fte_available[k], 1),
            Column(group, _tr("FTE required, new work"), fte_required[k], 1),
            Column(group, _tr("FTE required to clear"), to_clear[k], 1),
        ]
    return columns


class ProjectionTableModel(QAbstractTableModel):
    """Rows are months; the first column is the month, the others :func:`projection_columns`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._months: list[str] = []
        self._columns: list[Column] = []
        self._warn = QBrush(QColor(WARNING_TEXT))

    def set_projection(self, projection: Projection) -> None:
        """Same months and columns: the values change in place (sorting and selection stay); else a reset."""
        columns = projection_columns(projection)
        same_shape = projection.months == self._months and [c.flat_header for c in columns] == [
            c.flat_header for c in self._columns
        ]
        if same_shape:
            self._columns = columns
            if self._months:
                self.dataChanged.emit(self.index(0, 1), self.index(len(self._months) - 1, len(columns)))
            return
        self.beginResetModel()
        self._months, self._columns = list(projection.months), columns
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._months)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._columns) + 1

    def value(self, row: int, column: int) -> float:
        """The number in a cell (the month's index in the month column)."""
        return float(row) if column == 0 else float(self._columns[column - 1].values[row])

    def flat_header(self, column: int) -> str:
        return _tr("Month") if column == 0 else self._columns[column - 1].flat_header

    def text(self, row: int, column: int, locale: QLocale | None = None) -> str:
        if column == 0:
            return self._months[row]
        spec = self._columns[column - 1]
        return format_number(float(spec.values[row]), spec.decimals, locale)

    def widest_text(self, column: int) -> str:
        """The longest text the column shows (about: the largest number, or ∞), to size it."""
        if column == 0:
            return max(self._months, key=len, default="")
        spec = self._columns[column - 1]
        finite = np.abs(spec.values[np.isfinite(spec.values)])
        widest = format_number(float(finite.max()) if finite.size else 0.0, spec.decimals)
        return widest if np.isfinite(spec.values).all() else max(widest, "∞", key=len)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == SORT_ROLE:
            return self.value(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignRight
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if column == 0:
            return None
        spec = self._columns[column - 1]
        if spec.target is None:
            return None
        value = float(spec.values[row])
        if role == Qt.ItemDataRole.ForegroundRole and value > spec.target:
            return self._warn
        if role == Qt.ItemDataRole.ToolTipRole:
            if math.isinf(value):
                return _tr("No capacity is left for this priority: its wait has no end.")
            if value > spec.target:
                return _tr("Over the target of {days} days.").format(days=format_number(spec.target))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _tr("Month") if section == 0 else self._columns[section - 1].header
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.flat_header(section)
        return None


class NumericSortProxy(QSortFilterProxyModel):
    """Sorts by :data:`SORT_ROLE`: infinite waits count as the longest, empty values (NaN) always go last."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802 - Qt's name
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return super().lessThan(left, right)
        a_nan, b_nan = math.isnan(a), math.isnan(b)
        if a_nan or b_nan:
            # Whatever the order, a missing value sorts after every number.
            return (not a_nan) if self.sortOrder() == Qt.SortOrder.AscendingOrder else a_nan and not b_nan
        return bool(a < b)


class ProjectionTableView(QTableView):
    """The table; Ctrl+C copies the selected cells tab-separated with their headers, as Excel pastes them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table_model = ProjectionTableModel(self)
        self.proxy = NumericSortProxy(self)
        self.proxy.setSourceModel(self.table_model)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.verticalHeader().hide()
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        copy = QAction(self.tr("Copy"), self)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_selection)
        select_all = QAction(self.tr("Select all"), self)
        select_all.triggered.connect(self.selectAll)
        self.addActions([copy, select_all])
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._shape: tuple[int, int] | None = None
        self.month_column = self._frozen_month_column()

    def _frozen_month_column(self) -> QTableView:
        """A second view over the month column, laid over the first: the months stay in sight when the
        coordinator scrolls to the right (Qt's "frozen column" example)."""
        frozen = QTableView(self)
        frozen.setModel(self.proxy)
        frozen.setSelectionModel(self.selectionModel())
        frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        frozen.verticalHeader().hide()
        frozen.verticalHeader().setDefaultSectionSize(self.verticalHeader().defaultSectionSize())
        frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        frozen.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        frozen.horizontalHeader().sectionClicked.connect(lambda _section: self._sort_by_month())
        frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setAlternatingRowColors(True)
        frozen.setStyleSheet("QTableView { border: none; border-right: 1px solid #A0A0A0; }")
        frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(frozen.verticalScrollBar().setValue)
        self.horizontalHeader().sectionResized.connect(self._place_month_column)
        self.horizontalHeader().geometriesChanged.connect(self._place_month_column)
        self.viewport().stackUnder(frozen)
        frozen.show()
        return frozen

    def _sort_by_month(self) -> None:
        header = self.horizontalHeader()
        ascending = header.sortIndicatorSection() != 0 or header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder)

    def _place_month_column(self, *_args: object) -> None:
        frozen = self.month_column
        for column in range(1, self.proxy.columnCount()):
            frozen.setColumnHidden(column, True)
        frozen.setColumnWidth(0, self.columnWidth(0))
        frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        frame = self.frameWidth()
        frozen.setGeometry(
            self.verticalHeader().width() + frame,
            frame,
            self.columnWidth(0) + 1,
            self.viewport().height() + self.horizontalHeader().height(),
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place_month_column()

    def set_projection(self, projection: Projection) -> None:
        self.table_model.set_projection(projection)
        shape = (self.table_model.rowCount(), self.table_model.columnCount())
        if shape != self._shape:
            self._shape = shape
            self._fit_columns()
            self._place_month_column()

    def _fit_columns(self) -> None:
        """Widths from the header and the widest number of each column: resizeColumnsToContents would ask
        for every cell's text, which takes a quarter of a second on a slow laptop."""
        header, metrics = self.horizontalHeader(), self.fontMetrics()
        model = self.table_model
        for column in range(model.columnCount()):
            widest = model.widest_text(column)
            width = max(header.sectionSizeFromContents(column).width(), metrics.horizontalAdvance(widest) + 14)
            self.setColumnWidth(column, width)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)

    def selection_as_text(self) -> str:
        """The selected cells' rectangle in the order shown: a header row, then one line per month,
        tab-separated, numbers with the locale's decimal separator and no digit grouping."""
        indexes = self.selectionModel().selectedIndexes()
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes})
        locale = QLocale()
        locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
        source = self.table_model
        header = [source.flat_header(c) for c in columns]  # the proxy sorts rows, it never moves columns
        lines = ["\t".join(header)]
        for row in rows:
            cells = []
            for column in columns:
                at = self.proxy.mapToSource(self.proxy.index(row, column))
                cells.append(source.text(at.row(), at.column(), locale))
            lines.append("\t".join(cells))
        return "\n".join(lines) + "\n"

    def copy_selection(self) -> None:
        text = self.selection_as_text()
        if text:
            QGuiApplication.clipboard().setText(text)
