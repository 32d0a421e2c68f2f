"""The Sources page: sources with growth and priority mix, and per source volumes, work per stage and seasonality."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from desktop.ui.document import PlanDocument
from desktop.ui.editors import structure
from desktop.ui.editors.mix_table import SourcesModel
from desktop.ui.editors.numbers import format_number
from desktop.ui.editors.source_tables import SeasonalityModel, VolumesModel, WorkModel
from desktop.ui.editors.table_view import RowButtons, TablePanel


class SourcesPage(QWidget):
    """Where reports come from. Every table here takes a block pasted from Excel (Ctrl+V) as one edit."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.sources = SourcesModel(document, self)
        self.sources_panel = TablePanel(
            self.sources,
            self.tr("Sources"),
            self.tr(
                "Growth applies to years without a figure. The priority shares of a row must sum to 100 %; "
                "a row whose shares do not yet add up is highlighted and goes into the plan once they do."
            ),
        )
        self.sources_panel.view.setColumnWidth(0, 260)
        self.source_rows = RowButtons(self.sources_panel, self.tr("source"), min_rows=1)
        self.source_rows.add_clicked.connect(self.add_source)
        self.source_rows.remove_clicked.connect(self.remove_source)
        self.source_rows.move_clicked.connect(self.move_source)
        self.discard_button = self.sources_panel.add_button(
            self.tr("Discard unbalanced shares"), self.tr("Show the plan's priority mixes again in highlighted rows.")
        )
        self.discard_button.clicked.connect(self.sources.discard_drafts)
        self.sources.messages_changed.connect(lambda: self.discard_button.setVisible(self.sources.has_drafts()))
        self.discard_button.setVisible(False)

        self.volumes = VolumesModel(document, self)
        self.volumes_panel = TablePanel(
            self.volumes,
            hint=self.tr(
                "Reports per calendar year. Grey figures are carried over from another year with the source's "
                "growth; type a number to set a figure, clear a cell (Delete) to let growth carry it again."
            ),
        )
        self.add_year_button = self.volumes_panel.add_button(
            self.tr("Add year"), self.tr("Add the year after the last column, filled with what growth gives.")
        )
        self.remove_year_button = self.volumes_panel.add_button(
            self.tr("Remove year"), self.tr("Remove every source's figure for the year of the current column.")
        )
        self.volumes_panel.end_buttons()
        self.add_year_button.clicked.connect(self.add_year)
        self.remove_year_button.clicked.connect(self.remove_year)

        self.work = WorkModel(document, self)
        self.work_panel = TablePanel(
            self.work,
            hint=self.tr(
                "For the first stage, the share of a source's reports that need it; for a later stage, the share "
                "of the reports completed at the stage before that go on to it. Hours are per report."
            ),
        )
        self.seasonality = SeasonalityModel(document, self)
        self.seasonality_panel = TablePanel(
            self.seasonality,
            hint=self.tr(
                "A factor per calendar month; the twelve are scaled to average 1, so {example} means 10 % above "
                "a typical month. All 1 means no seasonal pattern."
            ).format(example=format_number(1.1, 1, self.locale())),
        )
        self.seasonality_panel.view.min_column_width = 50
        self.seasonality_panel.view.fit_columns()
        for panel in (self.volumes_panel, self.work_panel, self.seasonality_panel):
            panel.view.verticalHeader().setMaximumWidth(240)  # long source names are elided; the tooltip has them
        self.details = QTabWidget(self)
        self.details.setDocumentMode(True)
        self.details.addTab(self.volumes_panel, self.tr("Reports per year"))
        self.details.addTab(self.work_panel, self.tr("Work per stage"))
        self.details.addTab(self.seasonality_panel, self.tr("Seasonality"))
        self.sources_panel.view.selectionModel().currentRowChanged.connect(self._follow_source)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.sources_panel)
        splitter.addWidget(self.details)
        splitter.setSizes([330, 370])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _follow_source(self) -> None:
        """Keep the same source current in the detail tables, so the eye finds its row."""
        row = self.sources_panel.current_row()
        for panel in (self.volumes_panel, self.work_panel, self.seasonality_panel):
            current = panel.view.currentIndex()
            if row >= 0 and current.row() != row:
                panel.view.setCurrentIndex(panel.model.index(row, max(current.column(), 0)))

    def add_source(self) -> None:
        name = structure.unique_name(self.tr("New source"), (s.name for s in self.document.scenario.sources))
        text = self.tr("Add source “{name}”").format(name=name)
        if self.sources_panel.apply(lambda s: structure.add_source(s, name), text):
            self.sources_panel.select_row(len(self.document.scenario.sources) - 1)

    def remove_source(self, row: int) -> None:
        scenario = self.document.scenario
        if len(scenario.sources) <= 1:
            return
        events = sum(1 for event in scenario.events if event.source == scenario.sources[row].key)
        text = self.tr("Remove source “{name}” and its %n event(s)", "", events).format(name=scenario.sources[row].name)
        if self.sources_panel.apply(lambda s: structure.remove_source(s, row), text):
            self.sources_panel.select_row(min(row, len(self.document.scenario.sources) - 1))

    def move_source(self, row: int, offset: int) -> None:
        sources = self.document.scenario.sources
        target = max(0, min(len(sources) - 1, row + offset))
        text = self.tr("Move source “{name}” {direction}").format(
            name=sources[row].name, direction=self.tr("up") if offset < 0 else self.tr("down")
        )
        if target != row and self.sources_panel.apply(lambda s: structure.move_row(s["sources"], row, offset), text):
            self.sources_panel.select_row(target)

    def add_year(self) -> None:
        year = self.volumes.years()[-1] + 1
        text = self.tr("Add year {year} to every source").format(year=year)
        if self.volumes_panel.apply(lambda s: structure.add_year(s, year), text):
            self.volumes_panel.view.setCurrentIndex(self.volumes.index(0, self.volumes.columnCount() - 1))

    def remove_year(self) -> None:
        column = self.volumes_panel.view.currentIndex().column()
        if column < 0:
            return
        year = int(self.volumes.column(column).key)
        text = self.tr("Remove every source's figure for {year}").format(year=year)
        self.volumes_panel.apply(lambda s: structure.remove_year(s, year), text)
