"""The Events page: step changes of one source's intake from a month on (chat scanning switched on, …)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.model.plan import Event
from desktop.ui.document import FieldPath, PlanDocument
from desktop.ui.editors import structure
from desktop.ui.editors.numbers import field_description, field_spec
from desktop.ui.editors.table_base import Column, PlanTableModel
from desktop.ui.editors.table_view import ChoiceDelegate, RowButtons, TablePanel

_FIELDS = ("name", "source", "month", "factor")
SOURCE_COLUMN = 1


class EventsModel(PlanTableModel):
    """Rows: events. Columns: name, source (chosen by name), month, factor."""

    def __init__(self, document: PlanDocument, parent: QObject | None = None) -> None:
        super().__init__(document, parent)
        self.reset()

    def build_columns(self) -> list[Column]:
        factor = field_spec(Event, "factor", self.tr("Factor"), "×", 3)
        return [
            Column(self.tr("Name"), "text", tooltip=self.tr("What happens, e.g. “Chat scanning switched on”.")),
            Column(self.tr("Source"), "choice", tooltip=field_description(Event, "source")),
            Column(self.tr("From month"), "month", tooltip=self.tr("The change applies from this month on (YYYY-MM).")),
            Column(factor.header(), "number", factor, tooltip=factor.tooltip(self.locale())),
        ]

    def count_rows(self) -> int:
        return len(self.document.scenario.events)

    def row_label(self, row: int) -> str:
        return self.document.scenario.events[row].name

    def choices(self, column: int) -> list[tuple[str, str]]:
        return [(source.key, source.name) for source in self.document.scenario.sources]

    def cell_value(self, row: int, column: int) -> Any:
        return getattr(self.document.scenario.events[row], _FIELDS[column])

    def cell_path(self, row: int, column: int) -> FieldPath:
        return ("events", row, _FIELDS[column])


class EventsPage(QWidget):
    """The events table with add and remove buttons."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = EventsModel(document, self)
        self.panel = TablePanel(
            self.model,
            hint=self.tr(
                "An event multiplies one source's intake by its factor from its month on: 1.5 is half as many "
                "reports again, 0.5 is half as many. Events of one source multiply."
            ),
        )
        self.panel.view.setItemDelegateForColumn(SOURCE_COLUMN, ChoiceDelegate(self.model, self.panel.view))
        self.panel.view.setColumnWidth(0, 360)
        self.panel.view.setColumnWidth(SOURCE_COLUMN, 280)
        self.rows = RowButtons(self.panel, self.tr("event"), movable=False)
        self.rows.add_clicked.connect(self.add_event)
        self.rows.remove_clicked.connect(self.remove_event)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)

    def add_event(self) -> None:
        scenario = self.document.scenario
        name = structure.unique_name(self.tr("New event"), (e.name for e in scenario.events))
        source = scenario.sources[0].key
        text = self.tr("Add event “{name}”").format(name=name)
        if self.panel.apply(lambda s: structure.add_event(s, name, source, scenario.start), text):
            self.panel.select_row(len(self.document.scenario.events) - 1)

    def remove_event(self, row: int) -> None:
        text = self.tr("Remove event “{name}”").format(name=self.document.scenario.events[row].name)
        if self.panel.apply(lambda s: s["events"].pop(row), text):
            self.panel.select_row(min(row, len(self.document.scenario.events) - 1))
