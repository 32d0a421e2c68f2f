"""The results pane: headline figures on top, then the charts or the month-by-month table."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.model.engine import Projection
from desktop.model.measures import Headlines
from desktop.model.solver import HireAdvice
from desktop.ui.results.chart_base import Chart
from desktop.ui.results.charts import BacklogChart, DemandCapacityChart, FteChart, IntakeChart, WaitChart
from desktop.ui.results.headline_bar import HeadlineBar
from desktop.ui.results.hiring_plan_view import HiringPlanView
from desktop.ui.results.look import MUTED_TEXT

if TYPE_CHECKING:
    from desktop.ui.recompute import HiringAnswer
    from desktop.ui.results.projection_table import ProjectionTableView

WIDE_PIXELS = 1400
"""From this width the five charts sit in two rows (three, then two); narrower, in two columns."""
NARROW_PIXELS = 720
"""Below this width the charts stack in one column."""


class ChartGrid(QWidget):
    """The charts in reading order (intake → work → backlog → waits → FTE), arranged for the width available."""

    def __init__(self, charts: Sequence[Chart], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._charts = list(charts)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(6)
        self._arrangement = ""
        self._arrange(self.width())

    def _arrange(self, width: int) -> None:
        arrangement = "wide" if width >= WIDE_PIXELS else "two" if width >= NARROW_PIXELS else "one"
        if arrangement == self._arrangement:
            return
        self._arrangement = arrangement
        for chart in self._charts:
            self._grid.removeWidget(chart)
        for column in range(6):
            self._grid.setColumnStretch(column, 0)
        if arrangement == "wide":  # a grid of six columns: three charts of two, then two of three
            places = [(0, 0, 2), (0, 2, 2), (0, 4, 2), (1, 0, 3), (1, 3, 3)]
            columns = 6
        elif arrangement == "two":
            places = [(0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1), (2, 0, 2)]
            columns = 2
        else:
            places = [(row, 0, 1) for row in range(len(self._charts))]
            columns = 1
        for chart, (row, column, span) in zip(self._charts, places, strict=True):
            self._grid.addWidget(chart, row, column, 1, span)
        for column in range(columns):
            self._grid.setColumnStretch(column, 1)
        rows = max(row for row, _, _ in places) + 1
        for row in range(len(self._charts)):
            self._grid.setRowStretch(row, 1 if row < rows else 0)
        # No minimum height of its own: the charts' minimums (which grow with wrapped titles and legends) set it.

    @property
    def arrangement(self) -> str:
        return self._arrangement

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        self._arrange(event.size().width())
        super().resizeEvent(event)


class ResultsView(QWidget):
    """Headlines, five charts with a shared stage selector, and the projection table.

    :meth:`show_projection` is called on every recomputation (headlines without the hiring
    answer); :meth:`show_hiring` later, when the hiring answer has been computed.
    """

    redrawn = Signal()
    """Everything shows the projection last given to :meth:`show_projection`."""

    def __init__(
        self, parent: QWidget | None = None, *, today: Callable[[], datetime.date] = datetime.date.today
    ) -> None:
        super().__init__(parent)
        self._projection: Projection | None = None
        self.headline_bar = HeadlineBar(today=today)
        headline_scroll = QScrollArea()
        headline_scroll.setWidget(self.headline_bar)
        headline_scroll.setWidgetResizable(True)
        headline_scroll.setFrameShape(QFrame.Shape.NoFrame)
        headline_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._headline_scroll = headline_scroll

        self.intake_chart = IntakeChart()
        self.demand_chart = DemandCapacityChart()
        self.backlog_chart = BacklogChart()
        self.wait_chart = WaitChart()
        self.fte_chart = FteChart()
        self.charts: list[Chart] = [
            self.intake_chart,
            self.demand_chart,
            self.backlog_chart,
            self.wait_chart,
            self.fte_chart,
        ]
        self.chart_grid = ChartGrid(self.charts)
        chart_scroll = QScrollArea()
        chart_scroll.setWidget(self.chart_grid)
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setFrameShape(QFrame.Shape.NoFrame)
        chart_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.stage_selector = QComboBox()
        self.stage_selector.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.stage_selector.setToolTip(self.tr("The team whose work, backlog, waits and FTE the charts show"))
        self.stage_selector.currentIndexChanged.connect(self._stage_changed)
        stage_label = QLabel(self.tr("Charts for stage:"))
        stage_label.setBuddy(self.stage_selector)
        hint = QLabel(self.tr("Point at a chart to read a month's values; right-click or “Save as PNG…” to save it."))
        hint.setStyleSheet(f"color: {MUTED_TEXT};")
        hint.setWordWrap(True)  # on a narrow pane: two lines rather than cut off
        selector_row = QHBoxLayout()
        selector_row.setContentsMargins(0, 0, 0, 0)
        selector_row.addWidget(stage_label)
        selector_row.addWidget(self.stage_selector)
        selector_row.addSpacing(16)
        selector_row.addWidget(hint, 1)

        charts_page = QWidget()
        charts_layout = QVBoxLayout(charts_page)
        charts_layout.setContentsMargins(4, 6, 4, 4)
        charts_layout.setSpacing(4)
        charts_layout.addLayout(selector_row)
        charts_layout.addWidget(chart_scroll, 1)

        # The table (and its module) is made when its tab is first opened: no cost at start.
        self._table: ProjectionTableView | None = None
        self.table_page = QWidget()
        table_layout = QVBoxLayout(self.table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(charts_page, self.tr("Charts"))
        self.tabs.addTab(self.table_page, self.tr("Table"))
        self.hiring_plan_view = HiringPlanView()
        self.tabs.addTab(self.hiring_plan_view, self.tr("Hiring plan"))
        self._table_stale = False
        self.tabs.currentChanged.connect(lambda _index: self._fill_table_if_shown())

        # An explicit minimum keeps the layout from changing the window's minimum as the figures change
        # (each change is a round trip to the window system, and a warning on the offscreen platform).
        self.setMinimumSize(480, 360)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(headline_scroll)
        layout.addWidget(self.tabs, 1)

    @property
    def table(self) -> ProjectionTableView:
        """The month-by-month table on the Table tab."""
        if self._table is None:
            from desktop.ui.results.projection_table import ProjectionTableView

            self._table = ProjectionTableView()
            layout = self.table_page.layout()
            assert layout is not None
            layout.addWidget(self._table)
        return self._table

    @property
    def projection(self) -> Projection | None:
        return self._projection

    def selected_stage(self) -> int:
        return max(self.stage_selector.currentIndex(), 0)

    def select_stage(self, index: int) -> None:
        self.stage_selector.setCurrentIndex(index)

    def show_projection(self, projection: Projection, headlines: Headlines) -> None:
        """Show a new projection; the FTE to hire show "computing…" until :meth:`show_hiring`."""
        self._projection = projection
        self.hiring_plan_view.show_computing(projection.scenario)
        self.fte_chart.set_hiring_plan(None)
        self._update_stage_selector(projection)
        self.headline_bar.show_headlines(projection, headlines)
        self._fit_headlines()
        QTimer.singleShot(0, self, self._fit_headlines)  # again once new figures have their final fonts
        self.intake_chart.show_projection(projection)
        self._show_stage_charts()
        self._table_stale = True
        self._fill_table_if_shown()
        self.redrawn.emit()

    def _fill_table_if_shown(self) -> None:
        """The table is filled when it is looked at: no cost on each edit while the charts are shown."""
        if self._table_stale and self._projection is not None and self.tabs.currentWidget() is self.table_page:
            self.table.set_projection(self._projection)
            self._table_stale = False

    def show_hiring(self, advice: list[HireAdvice]) -> None:
        """Fill in the FTE to hire now, computed in the background after :meth:`show_projection`.

        Call it on the GUI thread (deliver the worker's result through a queued signal)."""
        self.headline_bar.show_hiring(advice)
        # The stage sentences now name the posts to fund and may need another line; a label's new text
        # reaches the layout's cached heights at the next pass of the event loop.
        QTimer.singleShot(0, self, self._fit_headlines)

    def show_hiring_plan(self, answer: HiringAnswer) -> None:
        """Fill the hiring plan tab and draw the FTE the plan brings on the FTE chart."""
        projection = self._projection
        if projection is None:
            return
        names = {stage.key: stage.name for stage in projection.scenario.stages}
        self.hiring_plan_view.show_plan(answer.plan, names)
        self.fte_chart.set_hiring_plan(answer.fte_with_plan)
        stage = min(self.selected_stage(), len(projection.stage_keys) - 1)
        self.fte_chart.show_projection(projection, stage)

    def _update_stage_selector(self, projection: Projection) -> None:
        stages = [(stage.key, stage.name) for stage in projection.scenario.stages]
        shown = [
            (self.stage_selector.itemData(i), self.stage_selector.itemText(i))
            for i in range(self.stage_selector.count())
        ]
        if stages == shown:
            return
        previous = self.stage_selector.currentData()
        with QSignalBlocker(self.stage_selector):
            self.stage_selector.clear()
            for key, name in stages:
                self.stage_selector.addItem(name, key)
            keys = [key for key, _ in stages]
            self.stage_selector.setCurrentIndex(keys.index(previous) if previous in keys else 0)

    def _stage_changed(self, _index: int) -> None:
        if self._projection is not None:
            self._show_stage_charts()
            self.redrawn.emit()

    def _show_stage_charts(self) -> None:
        projection = self._projection
        if projection is None:
            return
        stage = min(self.selected_stage(), len(projection.stage_keys) - 1)
        for chart in (self.demand_chart, self.backlog_chart, self.wait_chart, self.fte_chart):
            chart.show_projection(projection, stage)  # type: ignore[attr-defined]

    def _fit_headlines(self) -> None:
        """The headline area takes the height of its figures, up to a third of the view (then it scrolls)."""
        scroll = self._headline_scroll
        self.headline_bar.arrange_for(scroll.viewport().width())
        self.headline_bar.layout().activate()
        bar = self.headline_bar
        # The stage paragraphs wrap: their height follows from the width they get.
        width = scroll.viewport().width()
        wanted = bar.heightForWidth(width) if bar.hasHeightForWidth() else bar.sizeHint().height()
        if self.headline_bar.minimumSizeHint().width() > scroll.width():
            wanted += scroll.horizontalScrollBar().sizeHint().height()
        scroll.setFixedHeight(min(wanted, max(120, self.height() // 3)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_headlines()
