"""The open plan: the one state the window edits, with its file, its undo history and its modified mark.

Every change goes through :meth:`PlanDocument.set_value` or :meth:`PlanDocument.replace_plan`,
which validate the whole plan first and push an undoable command; widgets never
hold figures the plan does not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.model.checks import InvalidPlanError, Problem, join_path
from desktop.model.plan import Plan, Scenario

FieldPath = tuple[str | int, ...]
"""Where a value lives in the plan, e.g. ``("scenarios", 0, "stages", 1, "fte")``."""

_MERGE_ID = 0x0CA5E


class PlanEditRejected(Exception):  # noqa: N818 - a rejection is an expected outcome, not an error
    """An edit that would make the plan invalid; ``problems`` say why (with field paths)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def message_for(self, path: FieldPath) -> str:
        """The reason to show beside the field at ``path``: its own problems first, else all of them."""
        where = join_path(path)
        own = [p.message for p in self.problems if p.path == where or p.path.startswith(where + ".")]
        return "; ".join(own or [str(p) for p in self.problems])


def validate(data: dict[str, Any]) -> Plan:
    """A plan from plain data, or :class:`PlanEditRejected` with every problem."""
    try:
        return Plan.model_validate(data)
    except InvalidPlanError as error:
        raise PlanEditRejected(error.problems) from None


def with_value(plan: Plan, path: FieldPath, value: Any) -> Plan:
    """A copy of ``plan`` with the value at ``path`` replaced, validated.

    In a dict (volumes per year, backlog per priority) a new key is added, and the
    value None removes the key.
    """
    data = plan.model_dump()
    container: Any = data
    for part in path[:-1]:
        container = container[part]
    if value is None and isinstance(container, dict):
        container.pop(path[-1], None)
    else:
        container[path[-1]] = value
    return validate(data)


def value_at(plan: Plan, path: FieldPath) -> Any:
    """The plain value at ``path`` (a number, text, list or dict); None for a key a dict does not have."""
    value: Any = plan.model_dump()
    for part in path:
        if isinstance(value, dict) and part not in value:
            return None
        value = value[part]
    return value


class _PlanCommand(QUndoCommand):
    """Replace the plan; consecutive edits of one field merge into one undo step."""

    def __init__(self, document: PlanDocument, before: Plan, after: Plan, text: str, merge_key: object) -> None:
        super().__init__(text)
        self._document = document
        self._before = before
        self._after = after
        self._merge_key = merge_key

    def id(self) -> int:
        return _MERGE_ID if self._merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, _PlanCommand) or other._merge_key != self._merge_key:
            return False
        self._after = other._after
        return True

    def redo(self) -> None:
        self._document._install(self._after)

    def undo(self) -> None:
        self._document._install(self._before)


class PlanDocument(QObject):
    """The plan being edited, its file and its undo stack."""

    plan_changed = Signal()
    """The plan is a different one (an edit, undo, redo or a file opened)."""
    file_changed = Signal()
    """The file path or the modified mark changed."""
    scenario_selected = Signal()
    """Another scenario of the plan is shown; editors and results follow it."""

    def __init__(self, plan: Plan, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._plan = plan
        self._path = path
        self._scenario_index = 0
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    @property
    def plan(self) -> Plan:
        return self._plan

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def scenario_index(self) -> int:
        return min(self._scenario_index, len(self._plan.scenarios) - 1)

    @property
    def scenario(self) -> Scenario:
        return self._plan.scenarios[self.scenario_index]

    def select_scenario(self, index: int) -> None:
        if 0 <= index < len(self._plan.scenarios) and index != self._scenario_index:
            self._scenario_index = index
            self.scenario_selected.emit()

    def scenario_path(self, *rest: str | int) -> FieldPath:
        """The path of a field of the current scenario."""
        return ("scenarios", self.scenario_index, *rest)

    def set_value(self, path: FieldPath, value: Any, text: str) -> None:
        """Set one field; raises :class:`PlanEditRejected` (plan unchanged) when the value is not allowed."""
        if value_at(self._plan, path) == value:
            return
        self._push(with_value(self._plan, path, value), text, merge_key=path)

    def update(self, change: Callable[[dict[str, Any]], None], text: str) -> None:
        """Apply ``change`` to the plan's plain data (add, remove or move rows, …) as one undo step."""
        data = self._plan.model_dump()
        change(data)
        self._push(validate(data), text, merge_key=None)

    def replace_plan(self, plan: Plan, text: str) -> None:
        self._push(plan, text, merge_key=None)

    def load(self, plan: Plan, path: Path | None) -> None:
        """Open another plan: a fresh undo history, nothing modified."""
        self.undo_stack.clear()
        self._path = path
        self._scenario_index = 0
        self._install(plan)
        self.undo_stack.setClean()
        self.file_changed.emit()

    def mark_saved(self, path: Path) -> None:
        self._path = path
        self.undo_stack.setClean()
        self.file_changed.emit()

    def _on_clean_changed(self, _clean: bool) -> None:
        self.file_changed.emit()

    def _push(self, plan: Plan, text: str, merge_key: object) -> None:
        self.undo_stack.push(_PlanCommand(self, self._plan, plan, text, merge_key))

    def _install(self, plan: Plan) -> None:
        self._plan = plan
        self.plan_changed.emit()
