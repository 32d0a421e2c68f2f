"""The plan editor: one page each for the scenario, priorities, stages and teams, sources, and events."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.ui.document import PlanDocument
from desktop.ui.editors.events import EventsPage
from desktop.ui.editors.priorities import PrioritiesPage
from desktop.ui.editors.scenario_form import ScenarioPage
from desktop.ui.editors.sources import SourcesPage
from desktop.ui.editors.stages import StagesPage

STYLE_SHEET = """
QLineEdit[problem="true"], QPlainTextEdit[problem="true"] {
    border: 1px solid #b3261e;
    background-color: #fdecea;
}
QLabel#problems { color: #b3261e; }
QLabel#hint { color: #505050; }
"""
"""Refused values are marked with a red border; problems read in red; hints in grey."""


class PlanEditor(QWidget):
    """Every input of the current scenario, on tabbed pages; edits go to ``document`` as undoable commands."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setStyleSheet(STYLE_SHEET)
        self.scenario_page = ScenarioPage(document)
        self.priorities_page = PrioritiesPage(document)
        self.stages_page = StagesPage(document)
        self.sources_page = SourcesPage(document)
        self.events_page = EventsPage(document)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.scenario_page, self.tr("Scenario"))
        self.tabs.addTab(self.priorities_page, self.tr("Priorities"))
        self.tabs.addTab(self.stages_page, self.tr("Stages && teams"))
        self.tabs.addTab(self.sources_page, self.tr("Sources"))
        self.tabs.addTab(self.events_page, self.tr("Events"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def show_page(self, page: QWidget) -> None:
        """Bring one of the pages to the front (``editor.show_page(editor.sources_page)``)."""
        self.tabs.setCurrentWidget(page)
