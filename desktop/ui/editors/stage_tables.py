"""Tables of the selected stage: its staffing changes over time and its starting backlog per priority."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from desktop.model.months import month_label, month_ordinal
from desktop.model.plan import StaffingChange, Stage
from desktop.ui.document import FieldPath, PlanDocument
from desktop.ui.editors.numbers import field_description, field_spec
from desktop.ui.editors.table_base import Column, PlanTableModel

StageIndex = Callable[[], int]


class _StageTable(PlanTableModel):
    def __init__(self, document: PlanDocument, stage_index: StageIndex, parent: QObject | None = None) -> None:
        super().__init__(document, parent)
        self._stage_index = stage_index
        self.reset()

    def stage(self) -> Stage | None:
        stages = self.document.scenario.stages
        index = self._stage_index()
        return stages[index] if 0 <= index < len(stages) else None


class StaffingChangesModel(_StageTable):
    """Rows: the stage's changes of funded FTE. Columns: month, FTE change, note."""

    def build_columns(self) -> list[Column]:
        delta = field_spec(StaffingChange, "fte_delta", self.tr("Change"), self.tr("FTE"), 2)
        return [
            Column(self.tr("From month"), "month", tooltip=self.tr("The change applies from this month on (YYYY-MM).")),
            Column(delta.header(), "number", delta, tooltip=delta.tooltip(self.locale())),
            Column(self.tr("Note"), "text", tooltip=self.tr("Why the establishment changes (a budget decision, …).")),
        ]

    def count_rows(self) -> int:
        stage = self.stage()
        return len(stage.staffing_changes) if stage is not None else 0

    def row_label(self, row: int) -> str:
        stage = self.stage()
        return stage.staffing_changes[row].month if stage is not None else str(row + 1)

    def cell_value(self, row: int, column: int) -> Any:
        stage = self.stage()
        if stage is None:
            return None
        change = stage.staffing_changes[row]
        return (change.month, change.fte_delta, change.note)[column]

    def cell_path(self, row: int, column: int) -> FieldPath:
        return ("stages", self._stage_index(), "staffing_changes", row, ("month", "fte_delta", "note")[column])

    def new_change_month(self) -> str:
        """The start month for the first change; a year after the last change for the next."""
        stage = self.stage()
        if stage is None or not stage.staffing_changes:
            return self.document.scenario.start
        return month_label(max(month_ordinal(c.month) for c in stage.staffing_changes) + 12)


class BacklogModel(_StageTable):
    """Rows: priorities. Column: reports waiting at the stage at the start, per priority."""

    def build_columns(self) -> list[Column]:
        items = field_spec(
            Stage,
            "initial_backlog",
            self.tr("Waiting at the start"),
            self.tr("reports"),
            0,
            description=field_description(Stage, "initial_backlog"),
        )
        return [Column(items.header(), "number", items, tooltip=items.tooltip(self.locale()))]

    def count_rows(self) -> int:
        return len(self.document.scenario.priorities) if self.stage() is not None else 0

    def row_label(self, row: int) -> str:
        return self.document.scenario.priorities[row].name

    def vertical_header(self, row: int) -> str:
        return self.row_label(row)

    def cell_value(self, row: int, column: int) -> Any:
        stage = self.stage()
        return None if stage is None else stage.initial_backlog.get(self.document.scenario.priorities[row].key)

    def derived(self, row: int, column: int) -> tuple[float, str] | None:
        return 0.0, self.tr("No starting backlog given for this priority: 0.")

    def cell_path(self, row: int, column: int) -> FieldPath:
        return ("stages", self._stage_index(), "initial_backlog", self.document.scenario.priorities[row].key)
