"""The Stages & teams page: the list of stages, and for the selected one its team, staffing and backlog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.model.plan import Stage
from desktop.ui.document import PlanDocument
from desktop.ui.editors import structure
from desktop.ui.editors.fields import BoundField, CapField, FieldGroup, NumberField, ProblemLabel, TextField
from desktop.ui.editors.messages import apply_to_scenario, field_label
from desktop.ui.editors.numbers import field_spec
from desktop.ui.editors.reflow import Reflow
from desktop.ui.editors.stage_tables import BacklogModel, StaffingChangesModel
from desktop.ui.editors.table_view import RowButtons, TablePanel

STAGE_LIST_BESIDE_FROM = 620
"""Width in pixels from which the list of stages stands beside the stage's form."""


class StagesPage(QWidget):
    """Stages in the order reports pass through them; the form edits the stage selected in the list."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._stage = 0
        document.plan_changed.connect(self._follow_plan)
        document.scenario_selected.connect(self._scenario_shown)
        self.problems = ProblemLabel(self)
        self.fields = FieldGroup(document, self)

        self.stage_list = QListWidget(self)
        self.stage_list.setToolTip(self.tr("Stages in the order a report passes through them."))
        self.stage_list.setSpacing(3)
        self.stage_list.currentRowChanged.connect(self.select_stage)
        buttons = QGridLayout()
        self.add_button = QPushButton(self.tr("Add stage"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.up_button = QPushButton(self.tr("Move up"), self)
        self.down_button = QPushButton(self.tr("Move down"), self)
        for i, button in enumerate((self.add_button, self.remove_button, self.up_button, self.down_button)):
            buttons.addWidget(button, i // 2, i % 2)
        self.add_button.clicked.connect(self.add_stage)
        self.remove_button.clicked.connect(lambda: self.remove_stage(self._stage))
        self.up_button.clicked.connect(lambda: self.move_stage(self._stage, -1))
        self.down_button.clicked.connect(lambda: self.move_stage(self._stage, 1))
        left = QVBoxLayout()
        left.addWidget(QLabel(f"<b>{self.tr('Stages')}</b>", self))
        left.addWidget(self.stage_list, 1)
        left.addLayout(buttons)

        self.changes = StaffingChangesModel(document, lambda: self._stage, self)
        self.changes_panel = TablePanel(
            self.changes,
            self.tr("Staffing changes"),
            self.tr("Funded posts added (+) or cut (−) from a month on."),
            stretch_last=True,
        )
        self.change_rows = RowButtons(self.changes_panel, self.tr("change"), movable=False)
        self.change_rows.add_clicked.connect(self.add_change)
        self.change_rows.remove_clicked.connect(self.remove_change)
        self.backlog = BacklogModel(document, lambda: self._stage, self)
        self.backlog_panel = TablePanel(
            self.backlog,
            self.tr("Starting backlog"),
            self.tr("Reports waiting at this stage at the start."),
            stretch_last=True,
        )

        form_widget = QWidget(self)
        form = QFormLayout(form_widget)
        form.setContentsMargins(0, 0, 8, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for title, names in (
            (self.tr("Stage and team"), ("name", "team")),
            (
                self.tr("Staffing"),
                ("fte", "hours_per_fte_year", "productive_share", "max_occupancy", "attrition_per_year"),
            ),
            (self.tr("Hiring"), ("vacancy_months", "ramp_up_months")),
            (
                self.tr("Exposure to material"),
                ("exposure_share", "max_exposure_hours_per_week", "working_weeks_per_year"),
            ),
        ):
            heading = QLabel(f"<b>{title}</b>", form_widget)
            heading.setContentsMargins(0, 0 if title == self.tr("Stage and team") else 10, 0, 0)
            form.addRow(heading)
            for name in names:
                form.addRow(field_label(name), self.fields.add(self._field(name)))
        tables = QWidget(self)
        tables_layout = QVBoxLayout(tables)
        tables_layout.setContentsMargins(0, 0, 0, 0)
        tables_layout.addWidget(self.changes_panel, 3)
        tables_layout.addWidget(self.backlog_panel, 2)
        self.changes_panel.view.setMinimumHeight(110)
        self.backlog_panel.view.setMinimumHeight(110)
        self.detail = Reflow(700, self)
        self.detail.add(form_widget, 1)
        self.detail.add(tables, 1)
        scroll = QScrollArea(self)
        scroll.setWidget(self.detail)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        list_widget = QWidget(self)
        list_widget.setLayout(left)
        left.setContentsMargins(0, 0, 0, 0)
        # On a laptop the editor is narrow: the list of stages then goes above the form, so the
        # form's figures are not cut off at the right.
        columns = Reflow(STAGE_LIST_BESIDE_FROM, self)
        columns.add(list_widget, 1)
        columns.add(scroll, 4)

        def place_list(beside: bool) -> None:
            list_widget.setMaximumSize(210 if beside else 16777215, 16777215 if beside else 150)

        columns.reflowed.connect(place_list)
        place_list(True)
        self.columns = columns
        layout = QVBoxLayout(self)
        layout.addWidget(columns, 1)
        layout.addWidget(self.problems)
        self._fill_list()
        self.stage_list.setCurrentRow(0)

    def _path(self, *names: str) -> Callable[[], tuple[str | int, ...] | None]:
        def path() -> tuple[str | int, ...] | None:
            return ("stages", self._stage, *names) if 0 <= self._stage < len(self.document.scenario.stages) else None

        return path

    def _stage_name(self) -> str:
        stages = self.document.scenario.stages
        return self.tr("stage “{name}”").format(name=stages[self._stage].name) if self._stage < len(stages) else ""

    def _field(self, name: str) -> BoundField:
        args = (self.document, self._path(name), field_label(name), self.problems)
        options = {"context": self._stage_name}
        if name in ("name", "team"):
            tip = (
                self.tr("The stage's name, e.g. Assessment.") if name == "name" else self.tr("The team that works it.")
            )
            return TextField(*args, tooltip=tip, **options)
        unit, decimals, percent = {
            "fte": (self.tr("FTE"), 2, False),
            "hours_per_fte_year": (self.tr("h"), 0, False),
            "productive_share": ("%", 1, True),
            "max_occupancy": ("%", 0, True),
            "working_weeks_per_year": (self.tr("weeks"), 0, False),
            "attrition_per_year": ("%", 1, True),
            "vacancy_months": (self.tr("months"), 0, False),
            "ramp_up_months": (self.tr("months"), 0, False),
            "exposure_share": ("%", 1, True),
            "max_exposure_hours_per_week": (self.tr("h per week"), 1, False),
        }[name]
        spec = field_spec(Stage, name, field_label(name), unit, decimals, percent=percent)
        if name == "max_exposure_hours_per_week":
            return CapField(*args, spec=spec, none_text=self.tr("No cap"), **options)
        return NumberField(*args, spec=spec, **options)

    # ---- the list -------------------------------------------------------------------------------
    def _fill_list(self) -> None:
        stages = self.document.scenario.stages
        texts = [f"{i + 1}. {stage.name}\n    {stage.team}" for i, stage in enumerate(stages)]
        self.stage_list.blockSignals(True)
        while self.stage_list.count() > len(texts):
            self.stage_list.takeItem(self.stage_list.count() - 1)
        for i, text in enumerate(texts):
            if i < self.stage_list.count():
                if self.stage_list.item(i).text() != text:
                    self.stage_list.item(i).setText(text)
            else:
                self.stage_list.addItem(text)
        self.stage_list.setCurrentRow(min(self._stage, len(texts) - 1))
        self.stage_list.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        count = len(self.document.scenario.stages)
        self.remove_button.setEnabled(count > 1)
        self.up_button.setEnabled(self._stage > 0)
        self.down_button.setEnabled(self._stage < count - 1)

    def select_stage(self, row: int) -> None:
        """Show stage ``row`` in the form and the tables."""
        if row < 0:
            return
        changed = row != self._stage
        self._stage = row
        if self.stage_list.currentRow() != row:
            self.stage_list.setCurrentRow(row)
        self.fields.refresh(force=changed)
        self.changes.reset()
        self.backlog.reset()
        self._update_buttons()

    def _follow_plan(self) -> None:
        count = len(self.document.scenario.stages)
        if self._stage >= count:
            self._stage = count - 1
            self._fill_list()
            self.select_stage(self._stage)
        else:
            self._fill_list()

    def _scenario_shown(self) -> None:
        self._stage = 0
        self._fill_list()
        self.select_stage(0)

    # ---- structural edits -----------------------------------------------------------------------
    def _apply(self, change: Callable[[dict[str, Any]], object], text: str) -> bool:
        problem = apply_to_scenario(self.document, change, text)
        self.problems.set_problem(self, problem)
        return problem is None

    def add_stage(self) -> None:
        scenario = self.document.scenario
        name = structure.unique_name(self.tr("New stage"), (k.name for k in scenario.stages))
        team = structure.unique_name(self.tr("New team"), (k.team for k in scenario.stages))
        text = self.tr("Add stage “{name}”").format(name=name)
        if self._apply(lambda s: structure.add_stage(s, name, team), text):
            self.select_stage(len(self.document.scenario.stages) - 1)

    def remove_stage(self, row: int) -> None:
        stages = self.document.scenario.stages
        if len(stages) <= 1 or not 0 <= row < len(stages):
            return
        text = self.tr("Remove stage “{name}” and the work sources ask of it").format(name=stages[row].name)
        if self._apply(lambda s: structure.remove_stage(s, row), text):
            self.select_stage(min(row, len(self.document.scenario.stages) - 1))

    def move_stage(self, row: int, offset: int) -> None:
        stages = self.document.scenario.stages
        target = max(0, min(len(stages) - 1, row + offset))
        if target == row:
            return
        text = self.tr("Move stage “{name}” {direction}").format(
            name=stages[row].name, direction=self.tr("up") if offset < 0 else self.tr("down")
        )
        if self._apply(lambda s: structure.move_row(s["stages"], row, offset), text):
            self.select_stage(target)

    def add_change(self) -> None:
        month = self.changes.new_change_month()
        stage = self._stage
        text = self.tr("Add a staffing change to {stage}").format(stage=self._stage_name())
        change = {"month": month, "fte_delta": 0.0, "note": ""}
        if self.changes_panel.apply(lambda s: s["stages"][stage]["staffing_changes"].append(change), text):
            self.changes_panel.select_row(self.changes.rowCount() - 1)

    def remove_change(self, row: int) -> None:
        stage = self._stage
        text = self.tr("Remove a staffing change of {stage}").format(stage=self._stage_name())
        if self.changes_panel.apply(lambda s: s["stages"][stage]["staffing_changes"].pop(row), text):
            self.changes_panel.select_row(min(row, self.changes.rowCount() - 1))
