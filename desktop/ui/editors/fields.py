"""Form fields bound to one value of the plan: they show it, and turn what is typed into one undoable edit.

A field commits on Enter or when it loses focus. A refused value stays where it
was typed, marked, with the reason beside it in the form's :class:`ProblemLabel`;
it never reaches the plan. A field refreshes only when the plan's value changed,
so refreshing never resets what the user is typing in another field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QSizePolicy, QWidget

from desktop.model.months import parse_month
from desktop.ui.document import FieldPath, PlanDocument, PlanEditRejected
from desktop.ui.editors.messages import refusal_text
from desktop.ui.editors.numbers import NumberSpec, display_text, parse_shown

RelativePath = Callable[[], tuple[str | int, ...] | None]
"""The path of the value inside the current scenario (or the plan, for plan fields); None when there is none."""

_UNSET = object()


def mark_problem(widget: QWidget, problem: str | None) -> None:
    """Show ``widget`` as holding a refused value (a red border from the editor's style sheet) or not."""
    if bool(widget.property("problem")) == (problem is not None):
        return
    widget.setProperty("problem", problem is not None)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class ProblemLabel(QLabel):
    """What is wrong in a form or a table, one line per place; hidden while nothing is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problems")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._problems: dict[int, str] = {}
        self.hide()

    def set_problem(self, owner: object, text: str | None) -> None:
        """The problem of ``owner`` (a field, a table), or None once it is solved."""
        if text:
            self._problems[id(owner)] = text
        else:
            self._problems.pop(id(owner), None)
        self.setText("\n".join(self._problems.values()))
        self.setVisible(bool(self._problems))

    def problems(self) -> list[str]:
        return list(self._problems.values())


class BoundField(QWidget):
    """Base of a field: the value at ``path`` in the current scenario, shown and edited."""

    def __init__(
        self,
        document: PlanDocument,
        path: RelativePath,
        label: str,
        problems: ProblemLabel,
        *,
        plan_level: bool = False,
        context: Callable[[], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._path = path
        self.label = label
        self._problems = problems
        self._plan_level = plan_level
        self._context = context
        self._shown: Any = _UNSET
        self.problem: str | None = None
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def full_path(self) -> FieldPath | None:
        relative = self._path()
        if relative is None:
            return None
        return relative if self._plan_level else self._document.scenario_path(*relative)

    def plan_value(self) -> Any:
        path = self.full_path()
        if path is None:
            return None
        value: Any = self._document.plan
        for part in path:
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(part, int):
                value = value[part] if part < len(value) else None
            else:
                value = getattr(value, part, None)
        return value

    def refresh(self, force: bool = False) -> None:
        """Show the plan's value if it changed since last shown (or always, with ``force``)."""
        has_path = self._path() is not None
        self.setEnabled(has_path)
        value = self.plan_value() if has_path else None
        if force or value != self._shown:
            self._shown = value
            self._set_problem(None)
            self.show_value(value)

    def commit(self) -> bool:
        """Send what is typed to the plan; False (and the reason shown) when refused."""
        path = self.full_path()
        if path is None:
            return False
        try:
            value = self.typed_value()
        except ValueError as error:
            self._set_problem(str(error))
            return False
        if value == self.plan_value():
            self._set_problem(None)
            self.show_value(value)
            return True
        try:
            self._document.set_value(path, value, self.undo_text())
        except PlanEditRejected as rejected:
            self._set_problem(
                refusal_text(rejected, path, self._document.plan, self._document.scenario_index),
            )
            return False
        self._set_problem(None)
        return True

    def undo_text(self) -> str:
        where = self._context() if self._context else ""
        if where:
            return QCoreApplication.translate("Fields", "Change {field} of {where}").format(
                field=self.label, where=where
            )
        return QCoreApplication.translate("Fields", "Change {field}").format(field=self.label)

    def _editing_finished(self) -> None:
        """Enter or focus leaving: commit only what was typed.

        Passing through a field changes nothing: a value shown rounded (72.5 % for 0.7253) stays unrounded.
        """
        editor = self.editor()
        if self.problem is not None or (isinstance(editor, QLineEdit) and editor.isModified()):
            self.commit()

    def _set_problem(self, problem: str | None) -> None:
        self.problem = problem
        editor = self.editor()
        mark_problem(editor, problem)
        editor.setToolTip(problem or self.base_tooltip())
        self._problems.set_problem(self, f"{self.label}: {problem}" if problem else None)

    # what a kind of field decides
    def editor(self) -> QWidget:
        raise NotImplementedError

    def show_value(self, value: Any) -> None:
        raise NotImplementedError

    def typed_value(self) -> Any:
        """The value typed, as the plan stores it; ValueError with a translated reason if it is none."""
        raise NotImplementedError

    def base_tooltip(self) -> str:
        return ""


class TextField(BoundField):
    """A single line of text (a name, a team)."""

    def __init__(self, *args: Any, tooltip: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = QLineEdit(self)
        self._tooltip = tooltip
        self.line.setToolTip(tooltip)
        self._layout.addWidget(self.line)
        self.line.editingFinished.connect(self._editing_finished)

    def editor(self) -> QWidget:
        return self.line

    def show_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.line.text() != text:
            self.line.setText(text)

    def typed_value(self) -> Any:
        return self.line.text().strip()  # names: the plan strips them too, so "Baseline " changes nothing

    def base_tooltip(self) -> str:
        return self._tooltip


class MonthField(TextField):
    """A calendar month typed as YYYY-MM."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line.setPlaceholderText(QCoreApplication.translate("Fields", "YYYY-MM"))
        self.line.setMaximumWidth(120)
        self._layout.addStretch(1)

    def typed_value(self) -> Any:
        text = self.line.text().strip()
        try:
            parse_month(text)
        except ValueError:
            raise ValueError(
                QCoreApplication.translate("Fields", "must be a month written YYYY-MM, such as 2024-07")
            ) from None
        return text


class OptionalMonthField(MonthField):
    """A month that may be left empty (the plan then uses another month, named in the placeholder)."""

    def __init__(self, *args: Any, empty_text: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line.setPlaceholderText(empty_text)
        self.line.setMaximumWidth(200)

    def typed_value(self) -> Any:
        if not self.line.text().strip():
            return None
        return super().typed_value()


class NumberField(BoundField):
    """A number with its unit beside it; range and meaning in the tooltip; the user's decimal separator."""

    def __init__(self, *args: Any, spec: NumberSpec, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.line = QLineEdit(self)
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.line.setMinimumWidth(64)
        self.line.setMaximumWidth(120)
        self.line.setToolTip(self.base_tooltip())
        self.unit = QLabel(spec.unit, self)
        self.unit.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._layout.addWidget(self.line)
        self._layout.addWidget(self.unit)
        self._layout.addStretch(1)
        self.line.editingFinished.connect(self._editing_finished)

    def editor(self) -> QWidget:
        return self.line

    def show_value(self, value: Any) -> None:
        text = "" if value is None else display_text(value, self.spec, self.locale())
        if self.line.text() != text:
            self.line.setText(text)

    def typed_value(self) -> Any:
        return parse_shown(self.line.text(), self.spec, self.locale())

    def base_tooltip(self) -> str:
        return self.spec.tooltip(self.locale())


class CapField(NumberField):
    """An optional number with a "none" box: the exposure cap, which a stage may not have."""

    def __init__(self, *args: Any, none_text: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.none_box = QCheckBox(none_text, self)
        self._layout.insertWidget(self._layout.count() - 1, self.none_box)
        self.none_box.toggled.connect(self._none_toggled)

    def show_value(self, value: Any) -> None:
        self.none_box.blockSignals(True)
        self.none_box.setChecked(value is None)
        self.none_box.blockSignals(False)
        self.line.setEnabled(value is not None)
        if value is not None:
            super().show_value(value)

    def typed_value(self) -> Any:
        if self.none_box.isChecked():
            return None
        if not self.line.text().strip():
            raise ValueError(
                QCoreApplication.translate("Fields", "type a number, or tick “{none}”").format(
                    none=self.none_box.text()
                )
            )
        return super().typed_value()

    def _none_toggled(self, checked: bool) -> None:
        self.line.setEnabled(not checked)
        if checked or self.line.text().strip():
            self.commit()
        else:
            self.line.setFocus()


class _PlainTextEdit(QPlainTextEdit):
    """A plain text editor that says when focus leaves it."""

    focus_lost = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self.focus_lost.emit()


class NotesField(BoundField):
    """Free text over several lines; committed a moment after typing stops, and when focus leaves."""

    commit_delay_ms = 700

    def __init__(self, *args: Any, tooltip: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.text_edit = _PlainTextEdit(self)
        self.text_edit.setToolTip(tooltip)
        self._tooltip = tooltip
        self.text_edit.setTabChangesFocus(True)
        self._layout.addWidget(self.text_edit)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.commit_delay_ms)
        self._timer.timeout.connect(self.commit)
        self.text_edit.textChanged.connect(self._typed)
        self.text_edit.focus_lost.connect(self._focus_lost)
        self._showing = False

    def editor(self) -> QWidget:
        return self.text_edit

    def show_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.text_edit.toPlainText() != text:
            self._showing = True
            self.text_edit.setPlainText(text)
            self._showing = False
        self._timer.stop()

    def typed_value(self) -> Any:
        return self.text_edit.toPlainText()

    def base_tooltip(self) -> str:
        return self._tooltip

    def _typed(self) -> None:
        if not self._showing:
            self._timer.start()

    def _focus_lost(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.commit()


class FieldGroup(QObject):
    """The fields of one form: refreshed together when the plan changes or another scenario is shown."""

    def __init__(self, document: PlanDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fields: list[BoundField] = []
        document.plan_changed.connect(self.refresh)
        document.scenario_selected.connect(self._refresh_all)

    def add(self, field: BoundField) -> BoundField:
        self.fields.append(field)
        field.refresh(force=True)
        return field

    def refresh(self, force: bool = False) -> None:
        for field in self.fields:
            field.refresh(force=force)

    def _refresh_all(self) -> None:
        self.refresh(force=True)
