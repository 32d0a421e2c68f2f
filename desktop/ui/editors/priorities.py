"""The Priorities page: priority tiers in order of urgency, each with its target response time."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.model.plan import Priority, Scenario
from desktop.ui.document import FieldPath, PlanDocument
from desktop.ui.editors import structure
from desktop.ui.editors.numbers import field_spec
from desktop.ui.editors.table_base import Column, PlanTableModel
from desktop.ui.editors.table_view import RowButtons, TablePanel


class PrioritiesModel(PlanTableModel):
    """Rows: priorities, most urgent first. Columns: name, target days."""

    def __init__(self, document: PlanDocument, parent: QObject | None = None) -> None:
        super().__init__(document, parent)
        self.reset()

    def build_columns(self) -> list[Column]:
        target = field_spec(Priority, "target_days", self.tr("Target"), self.tr("days"), 1)
        return [
            Column(self.tr("Name"), "text", tooltip=self.tr("The priority's name, as reports and exports show it.")),
            Column(target.header(), "number", target, tooltip=target.tooltip(self.locale())),
        ]

    def count_rows(self) -> int:
        return len(self.document.scenario.priorities)

    def row_label(self, row: int) -> str:
        return self.document.scenario.priorities[row].name

    def cell_value(self, row: int, column: int) -> Any:
        priority = self.document.scenario.priorities[row]
        return priority.name if column == 0 else priority.target_days

    def cell_path(self, row: int, column: int) -> FieldPath:
        return ("priorities", row, "name" if column == 0 else "target_days")


class PrioritiesPage(QWidget):
    """The priorities table with add, remove and move buttons; the order is the order of urgency."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = PrioritiesModel(document, self)
        self.panel = TablePanel(
            self.model,
            hint=self.tr(
                "The order is the order of urgency: a stage's capacity goes to the first priority first. "
                "Each source's priority mix (on the Sources page) says what share of its reports has each priority."
            ),
        )
        self.panel.view.setColumnWidth(0, 320)
        self.rows = RowButtons(self.panel, self.tr("priority"), min_rows=1)
        self.rows.add_clicked.connect(self.add_priority)
        self.rows.remove_clicked.connect(self.remove_priority)
        self.rows.move_clicked.connect(self.move_priority)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        note = QLabel(
            self.tr(
                "A new priority starts with a 0 % share in every mix and no starting backlog. "
                "A removed priority's shares and starting backlog go to the next priority (or, for the last, "
                "to the one before)."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setObjectName("hint")
        layout.addWidget(note)

    def add_priority(self) -> None:
        scenario: Scenario = self.document.scenario
        name = structure.unique_name(self.tr("New priority"), (p.name for p in scenario.priorities))
        target = scenario.priorities[-1].target_days
        if self.panel.apply(
            lambda s: structure.add_priority(s, name, target), self.tr("Add priority “{name}”").format(name=name)
        ):
            self.panel.select_row(len(self.document.scenario.priorities) - 1)

    def remove_priority(self, row: int) -> None:
        scenario = self.document.scenario
        if len(scenario.priorities) <= 1:
            return
        data = {"priorities": [p.model_dump() for p in scenario.priorities]}
        heir = scenario.priorities[structure.priority_heir(data, row)].name
        text = self.tr("Remove priority “{name}” (its mix shares and starting backlog go to “{heir}”)").format(
            name=scenario.priorities[row].name, heir=heir
        )
        if self.panel.apply(lambda s: structure.remove_priority(s, row), text):
            self.panel.select_row(min(row, len(self.document.scenario.priorities) - 1))

    def move_priority(self, row: int, offset: int) -> None:
        name = self.document.scenario.priorities[row].name
        text = self.tr("Move priority “{name}” {direction}").format(
            name=name, direction=self.tr("up") if offset < 0 else self.tr("down")
        )
        target = max(0, min(len(self.document.scenario.priorities) - 1, row + offset))
        if target != row and self.panel.apply(lambda s: structure.move_row(s["priorities"], row, offset), text):
            self.panel.select_row(target)
