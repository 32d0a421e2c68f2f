"""The plan editor: one page each for the scenario, priorities, stages and teams, sources, and events."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.ui.document import PlanDocument

if TYPE_CHECKING:
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
    """Every input of the current scenario, on tabbed pages; edits go to ``document`` as undoable commands.

    A page, and the module it comes from, is loaded when it is first shown (or asked for), which keeps
    the window's start fast: the hidden pages, the sources page with its three tables above all, cost
    a tenth of a second to build, and their modules (the table models and views) a fiftieth to import.
    """

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setStyleSheet(STYLE_SHEET)
        # (tab, module in desktop.ui.editors, page class): the page takes the document.
        self._builders: list[tuple[str, str, str]] = [
            (self.tr("Scenario"), "scenario_form", "ScenarioPage"),
            (self.tr("Priorities"), "priorities", "PrioritiesPage"),
            (self.tr("Stages && teams"), "stages", "StagesPage"),
            (self.tr("Sources"), "sources", "SourcesPage"),
            (self.tr("Events"), "events", "EventsPage"),
        ]
        self._pages: dict[int, QWidget] = {}
        self._holders: list[QWidget] = []
        self.tabs = QTabWidget(self)
        for label, _module, _page in self._builders:
            holder = QWidget()
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(0, 0, 0, 0)
            self._holders.append(holder)
            self.tabs.addTab(holder, label)
        self.tabs.currentChanged.connect(self._page)
        self._page(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def _page(self, index: int) -> QWidget:
        if index not in self._pages:
            _label, module_name, class_name = self._builders[index]
            module = importlib.import_module(f"desktop.ui.editors.{module_name}")
            page = cast(QWidget, getattr(module, class_name)(self.document))
            layout = self._holders[index].layout()
            assert layout is not None
            layout.addWidget(page)
            self._pages[index] = page
        return self._pages[index]

    @property
    def scenario_page(self) -> ScenarioPage:
        return cast("ScenarioPage", self._page(0))

    @property
    def priorities_page(self) -> PrioritiesPage:
        return cast("PrioritiesPage", self._page(1))

    @property
    def stages_page(self) -> StagesPage:
        return cast("StagesPage", self._page(2))

    @property
    def sources_page(self) -> SourcesPage:
        return cast("SourcesPage", self._page(3))

    @property
    def events_page(self) -> EventsPage:
        return cast("EventsPage", self._page(4))

    def show_page(self, page: QWidget) -> None:
        """Bring one of the pages to the front (``editor.show_page(editor.sources_page)``)."""
        for index, built in self._pages.items():
            if built is page:
                self.tabs.setCurrentIndex(index)
