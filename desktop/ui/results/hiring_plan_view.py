"""The hiring plan tab: per stage the posts to fund and when, and buttons to apply it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.model.hiring_plan import Granularity, HiringPlan
from desktop.model.plan import Scenario
from desktop.ui.results.look import MUTED_TEXT, WARNING_TEXT, format_month, format_number

_COLUMNS = 4  # stage, funded from, posts, filled from


class HiringPlanView(QWidget):
    """A table of the hiring plan with its granularity, and "apply" / "as a new scenario" buttons.

    The plan is computed off the window's thread; :meth:`show_computing` shows that it is on its way
    and :meth:`show_plan` fills the table. The buttons ask the window to act through signals.
    """

    apply_requested = Signal(object)
    """HiringPlan: add its steps to the scenario as staffing changes, in one undoable step."""
    new_scenario_requested = Signal(object)
    """HiringPlan: add a copy of the scenario with its steps, and show it."""
    granularity_changed = Signal(str)
    """"month" or "quarter": compute the plan again at that step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: HiringPlan | None = None
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.granularity = QComboBox()
        self.granularity.addItem(self.tr("Per month"), "month")
        self.granularity.addItem(self.tr("Per quarter"), "quarter")
        self.granularity.setToolTip(self.tr("Fund posts in any month, or only at the start of a quarter."))
        self.granularity.currentIndexChanged.connect(
            lambda _index: self.granularity_changed.emit(self.granularity.currentData())
        )
        self.apply_button = QPushButton(self.tr("Apply to this scenario"))
        self.apply_button.setToolTip(
            self.tr("Add the plan's posts to the scenario's staffing changes, in one step that Undo takes back.")
        )
        self.apply_button.clicked.connect(lambda: self.plan is not None and self.apply_requested.emit(self.plan))
        self.new_scenario_button = QPushButton(self.tr("As a new scenario"))
        self.new_scenario_button.setToolTip(
            self.tr("Add a copy of this scenario with the plan's posts, to compare it with the scenario as it is.")
        )
        self.new_scenario_button.clicked.connect(
            lambda: self.plan is not None and self.new_scenario_requested.emit(self.plan)
        )
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(QLabel(self.tr("Fund posts:")))
        controls.addWidget(self.granularity)
        controls.addStretch(1)
        controls.addWidget(self.apply_button)
        controls.addWidget(self.new_scenario_button)

        self.table = QTableWidget(0, _COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Stage"), self.tr("Fund from"), self.tr("Posts"), self.tr("Filled from")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, _COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet(f"color: {MUTED_TEXT};")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.explanation)
        layout.addLayout(controls)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notes)
        self.show_computing(None)

    def selected_granularity(self) -> Granularity:
        return "quarter" if self.granularity.currentData() == "quarter" else "month"

    def show_computing(self, scenario: Scenario | None) -> None:
        """The plan is being computed for ``scenario``: empty table, buttons off."""
        self.plan = None
        self.table.setRowCount(0)
        self.apply_button.setEnabled(False)
        self.new_scenario_button.setEnabled(False)
        self.notes.setText(self.tr("The hiring plan is being computed; it appears here in a moment."))
        if scenario is not None:
            self._explain(scenario.decision_month or scenario.start)

    def _explain(self, decision_month: str) -> None:
        self.explanation.setText(
            self.tr(
                "The fewest posts to fund, and when, so that from {month} on every priority stays within its "
                "target and no team is planned above its highest occupancy. Each post is funded as late as the "
                "team's vacancy time and ramp-up allow, the earliest shortfall first; stages in order, each with "
                "the plan of the stages before it in place."
            ).format(month=format_month(decision_month, True))
        )

    def show_plan(self, plan: HiringPlan, stage_names: dict[str, str]) -> None:
        """Fill the table: a row per funding step, a total per stage."""
        self.plan = plan
        self._explain(plan.decision_month)
        index = self.granularity.findData(plan.granularity)
        if index >= 0 and index != self.granularity.currentIndex():
            self.granularity.blockSignals(True)
            self.granularity.setCurrentIndex(index)
            self.granularity.blockSignals(False)
        rows: list[tuple[str, str, str, str, bool]] = []
        notes: list[str] = []
        for stage in plan.stages:
            name = stage_names.get(stage.stage, stage.stage)
            for step in stage.steps:
                rows.append(
                    (
                        name,
                        format_month(step.month),
                        format_number(step.posts, 1),
                        format_month(step.in_post_from),
                        False,
                    )
                )
            total = self.tr("{posts} posts in all").format(posts=format_number(stage.posts, 1))
            rows.append((self.tr("{stage}: total").format(stage=name), "", total, "", True))
            if stage.unmet:
                notes.append(self.tr("{stage}: {reason}.").format(stage=name, reason=stage.unmet))
            if stage.months_breached_before_help:
                notes.append(
                    self.tr(
                        "{stage}: {months} months from the decision month miss a target before any post funded "
                        "now can be filled and trained."
                    ).format(stage=name, months=stage.months_breached_before_help)
                )
        self.table.setRowCount(len(rows))
        for r, (name, month, posts, filled, total) in enumerate(rows):
            for c, text in enumerate((name, month, posts, filled)):
                item = QTableWidgetItem(text)
                if c >= 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if total:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        has_steps = bool(plan.steps())
        self.apply_button.setEnabled(has_steps)
        self.new_scenario_button.setEnabled(has_steps)
        if not has_steps and not notes:
            notes.append(self.tr("No new posts are needed: every priority stays within its target."))
        self.notes.setText(" ".join(notes))
        self.notes.setStyleSheet(f"color: {WARNING_TEXT if any(s.unmet for s in plan.stages) else MUTED_TEXT};")

    def shown_rows(self) -> list[list[str]]:
        """The table's text, row by row (for tests and copying)."""
        return [
            [self.table.item(r, c).text() if self.table.item(r, c) else "" for c in range(_COLUMNS)]
            for r in range(self.table.rowCount())
        ]
