"""The Scenario page: the scenario's name, notes, start month and horizon, and the plan's title and notes."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop.model.plan import Plan, Scenario
from desktop.ui.document import PlanDocument
from desktop.ui.editors.fields import (
    FieldGroup,
    MonthField,
    NotesField,
    NumberField,
    OptionalMonthField,
    ProblemLabel,
    TextField,
)
from desktop.ui.editors.numbers import field_description, field_spec
from desktop.ui.editors.reflow import Reflow


class ScenarioPage(QWidget):
    """The current scenario's own settings, and the title and notes of the whole plan."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems = ProblemLabel(self)
        self.fields = FieldGroup(document, self)

        def field(name: str) -> tuple[str | int, ...]:
            return (name,)

        scenario_box = QGroupBox(self.tr("Scenario"), self)
        form = QFormLayout(scenario_box)
        self.name = TextField(
            document,
            lambda: field("name"),
            self.tr("Scenario name"),
            self.problems,
            tooltip=self.tr("The scenario's name; names are unique within a plan."),
        )
        self.start = MonthField(
            document,
            lambda: field("start"),
            self.tr("Start month"),
            self.problems,
            tooltip=self.tr("First month of the projection, written YYYY-MM."),
        )
        self.decision_month = OptionalMonthField(
            document,
            lambda: field("decision_month"),
            self.tr("Decision month"),
            self.problems,
            empty_text=self.tr("the start month"),
            tooltip=self.tr(
                "The month from which the app advises what to fund, written YYYY-MM; months before it are "
                "history and get no advice. Empty: the start month."
            ),
        )
        self.months = NumberField(
            document,
            lambda: field("months"),
            self.tr("Months"),
            self.problems,
            spec=field_spec(Scenario, "months", self.tr("Months"), self.tr("months"), 0),
        )
        self.clear_months = NumberField(
            document,
            lambda: field("clear_months"),
            self.tr("Months to clear a backlog"),
            self.problems,
            spec=field_spec(Scenario, "clear_months", self.tr("Months to clear a backlog"), self.tr("months"), 0),
        )
        self.notes = NotesField(
            document,
            lambda: field("notes"),
            self.tr("Scenario notes"),
            self.problems,
            tooltip=self.tr("What this scenario assumes, for whoever reads the plan."),
        )
        self.notes.text_edit.setMinimumHeight(80)
        for label, widget in (
            (self.tr("Name"), self.name),
            (self.tr("Start month"), self.start),
            (self.tr("Projection length"), self.months),
            (self.tr("Clear a backlog within"), self.clear_months),
            (self.tr("Advice from"), self.decision_month),
            (self.tr("Notes"), self.notes),
        ):
            form.addRow(label, self.fields.add(widget))

        plan_box = QGroupBox(self.tr("Plan"), self)
        plan_form = QFormLayout(plan_box)
        self.title = TextField(
            document,
            lambda: ("title",),
            self.tr("Plan title"),
            self.problems,
            plan_level=True,
            tooltip=self.tr("The title of the whole plan, shown on exports."),
        )
        self.plan_notes = NotesField(
            document,
            lambda: ("notes",),
            self.tr("Plan notes"),
            self.problems,
            plan_level=True,
            tooltip=field_description(Plan, "notes") or self.tr("Notes on the whole plan: sources of the figures."),
        )
        self.plan_notes.text_edit.setMinimumHeight(80)
        plan_form.addRow(self.tr("Title"), self.fields.add(self.title))
        plan_form.addRow(self.tr("Notes"), self.fields.add(self.plan_notes))

        hint = QLabel(
            self.tr(
                "Every figure of a scenario is planning input. The projection runs month by month from the "
                "start month; a backlog is judged by whether it can be cleared within the months given here."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        columns = Reflow(700, self)
        columns.add(scenario_box, 1)
        columns.add(plan_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(columns, 1)
        layout.addWidget(self.problems)
