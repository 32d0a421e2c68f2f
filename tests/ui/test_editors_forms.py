"""The Scenario page and the stage form: typing changes the plan, undo shows the old value, refusals are shown."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot

from desktop.model.example import example_plan
from desktop.model.plan import Plan
from desktop.ui.document import PlanDocument
from desktop.ui.editors import PlanEditor
from desktop.ui.editors.fields import NumberField


@pytest.fixture
def dutch() -> Iterator[QLocale]:
    """Widgets made while this is active read and show numbers as in the Netherlands."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    yield QLocale()
    QLocale.setDefault(before)


def type_into(qtbot: QtBot, field: NumberField, text: str) -> None:
    """Select what the field shows, type ``text`` and press Enter, as a user does."""
    field.line.selectAll()
    qtbot.keyClicks(field.line, text)
    qtbot.keyClick(field.line, Qt.Key.Key_Return)


def test_typing_the_months_changes_the_plan_and_undo_shows_the_old_value(
    qtbot: QtBot, editor: PlanEditor, document: PlanDocument
) -> None:
    page = editor.scenario_page
    type_into(qtbot, page.months, "96")
    assert document.scenario.months == 96
    assert document.undo_stack.undoText() == "Change Months"
    document.undo_stack.undo()
    assert document.scenario.months == 84
    assert page.months.line.text() == "84"


def test_a_value_out_of_range_is_refused_where_it_was_typed(
    qtbot: QtBot, editor: PlanEditor, document: PlanDocument
) -> None:
    page = editor.scenario_page
    before = document.plan
    type_into(qtbot, page.months, "0")
    assert document.plan is before
    assert document.undo_stack.count() == 0
    assert page.months.line.text() == "0"
    assert page.months.line.property("problem") is True
    assert "must be between 1 and 600 months" in page.months.line.toolTip()
    assert page.problems.isVisibleTo(page)
    assert page.problems.text() == "Months: must be between 1 and 600 months"


def test_fixing_a_refused_value_clears_the_mark(qtbot: QtBot, editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.scenario_page
    type_into(qtbot, page.months, "abc")
    assert "“abc” is not a number" in page.problems.text()
    type_into(qtbot, page.months, "120")
    assert document.scenario.months == 120
    assert page.months.line.property("problem") is False
    assert not page.problems.isVisibleTo(page)


def test_a_start_month_after_a_staffing_change_is_refused_with_the_place_named(
    qtbot: QtBot, editor: PlanEditor, document: PlanDocument
) -> None:
    page = editor.scenario_page
    page.start.line.selectAll()
    qtbot.keyClicks(page.start.line, "2024-01")
    qtbot.keyClick(page.start.line, Qt.Key.Key_Return)
    assert document.scenario.start == "2021-01"
    assert "Stage “Assessment”, staffing change 1, Month: 2023-01 is before the start 2024-01" in page.problems.text()
    assert page.start.line.text() == "2024-01"


def test_a_start_month_not_written_as_a_month_is_refused(
    qtbot: QtBot, editor: PlanEditor, document: PlanDocument
) -> None:
    page = editor.scenario_page
    page.start.line.selectAll()
    qtbot.keyClicks(page.start.line, "2021-13")
    qtbot.keyClick(page.start.line, Qt.Key.Key_Return)
    assert document.scenario.start == "2021-01"
    assert "must be a month written YYYY-MM" in page.problems.text()


def test_an_empty_scenario_name_is_refused_by_the_plan(
    qtbot: QtBot, editor: PlanEditor, document: PlanDocument
) -> None:
    page = editor.scenario_page
    page.name.line.clear()
    qtbot.keyClick(page.name.line, Qt.Key.Key_Return)
    assert document.scenario.name == "Baseline"
    assert page.problems.text() == "Scenario name: must not be empty"


def test_notes_are_committed_once_typing_stops_as_one_undo_step(
    qtbot: QtBot, editor: PlanEditor, document: PlanDocument
) -> None:
    notes = editor.scenario_page.notes
    notes.text_edit.moveCursor(notes.text_edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(notes.text_edit, " Checked in May.")
    qtbot.waitUntil(lambda: document.scenario.notes.endswith("Checked in May."), timeout=3000)
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert notes.text_edit.toPlainText() == "Current staffing with the posts already agreed."


def test_refreshing_does_not_overwrite_what_is_being_typed_elsewhere(
    qtbot: QtBot, editor: PlanEditor, document: PlanDocument
) -> None:
    page = editor.scenario_page
    page.clear_months.line.selectAll()
    qtbot.keyClicks(page.clear_months.line, "18")  # typed, not yet committed
    document.set_value(document.scenario_path("months"), 90, "elsewhere")
    assert page.months.line.text() == "90"
    assert page.clear_months.line.text() == "18"


def test_the_stage_form_edits_the_selected_stage(qtbot: QtBot, editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.stages_page
    fte = page.fields.fields[2]
    assert isinstance(fte, NumberField)
    assert fte.line.text() == "34"
    page.stage_list.setCurrentRow(1)
    assert fte.line.text() == "86"
    type_into(qtbot, fte, "90.5")
    assert document.scenario.stages[1].fte == 90.5
    assert document.scenario.stages[0].fte == 34
    assert document.undo_stack.undoText() == "Change FTE of stage “Investigation”"


def test_shares_are_typed_in_percent_and_stored_as_fractions_in_dutch(
    qtbot: QtBot, dutch: QLocale, document: PlanDocument
) -> None:
    editor = PlanEditor(document)
    qtbot.addWidget(editor)
    productive = next(f for f in editor.stages_page.fields.fields if f.label == "Productive share")
    assert isinstance(productive, NumberField)
    assert productive.line.text() == "70"
    assert productive.unit.text() == "%"
    type_into(qtbot, productive, "72,5")
    assert document.scenario.stages[0].productive_share == pytest.approx(0.725)
    assert productive.line.text() == "72,5"
    type_into(qtbot, productive, "150")
    assert document.scenario.stages[0].productive_share == pytest.approx(0.725)
    assert "must be between 0 and 100 %" in productive.problem


def test_passing_through_a_field_does_not_round_the_plans_value(
    qtbot: QtBot, editor: PlanEditor, document: PlanDocument
) -> None:
    document.set_value(document.scenario_path("stages", 0, "productive_share"), 0.7253, "precise")
    productive = next(f for f in editor.stages_page.fields.fields if f.label == "Productive share")
    assert isinstance(productive, NumberField)
    assert productive.line.text() == "72.5"
    qtbot.keyClick(productive.line, Qt.Key.Key_Return)
    assert document.scenario.stages[0].productive_share == 0.7253
    assert document.undo_stack.count() == 1


def test_numbers_show_their_range_and_meaning_in_the_tooltip(editor: PlanEditor) -> None:
    hours = next(f for f in editor.stages_page.fields.fields if f.label == "Hours per FTE per year")
    assert isinstance(hours, NumberField)
    tooltip = hours.line.toolTip()
    assert "Paid hours per FTE per year" in tooltip
    assert "more than 0 and at most 8784 h" in tooltip


def test_the_exposure_cap_can_be_switched_off_and_back_by_undo(
    qtbot: QtBot, editor: PlanEditor, document: PlanDocument
) -> None:
    cap = next(f for f in editor.stages_page.fields.fields if f.label == "Exposure cap")
    cap.none_box.click()  # type: ignore[attr-defined]
    assert document.scenario.stages[0].max_exposure_hours_per_week is None
    assert not cap.line.isEnabled()  # type: ignore[attr-defined]
    document.undo_stack.undo()
    assert document.scenario.stages[0].max_exposure_hours_per_week == 16
    assert not cap.none_box.isChecked()  # type: ignore[attr-defined]
    assert cap.line.text() == "16"  # type: ignore[attr-defined]


def test_adding_a_stage_gives_every_source_work_for_it(editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.stages_page
    page.add_button.click()
    scenario = document.scenario
    assert [k.name for k in scenario.stages] == ["Assessment", "Investigation", "New stage"]
    key = scenario.stages[2].key
    assert key == "new-stage"
    assert all(source.work[key].share == 0 and source.work[key].hours == 0 for source in scenario.sources)
    assert page.stage_list.currentRow() == 2
    assert page.fields.fields[0].line.text() == "New stage"  # type: ignore[attr-defined]
    page.add_button.click()
    assert document.scenario.stages[3].key == "new-stage-2"
    assert document.scenario.stages[3].name == "New stage 2"


def test_removing_and_moving_stages_keep_the_plan_valid_and_undo(editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.stages_page
    original = document.plan
    page.stage_list.setCurrentRow(0)
    page.down_button.click()
    assert [k.key for k in document.scenario.stages] == ["investigation", "assessment"]
    assert page.stage_list.currentRow() == 1
    page.remove_button.click()
    assert [k.key for k in document.scenario.stages] == ["investigation"]
    assert all(set(source.work) == {"investigation"} for source in document.scenario.sources)
    assert not page.remove_button.isEnabled()
    assert page.stage_list.count() == 1
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.plan == original
    assert page.stage_list.count() == 2


def test_the_editor_follows_another_scenario(qtbot: QtBot) -> None:
    data = example_plan().model_dump()
    second = dict(data["scenarios"][0], name="More staff", months=60)
    second["stages"] = [dict(stage, fte=stage["fte"] + 10) for stage in second["stages"]]
    document = PlanDocument(Plan.model_validate({**data, "scenarios": [data["scenarios"][0], second]}))
    editor = PlanEditor(document)
    qtbot.addWidget(editor)
    document.select_scenario(1)
    assert editor.scenario_page.name.line.text() == "More staff"
    assert editor.scenario_page.months.line.text() == "60"
    assert editor.stages_page.fields.fields[2].line.text() == "44"  # type: ignore[attr-defined]
    type_into(qtbot, editor.scenario_page.months, "72")
    assert document.plan.scenarios[1].months == 72
    assert document.plan.scenarios[0].months == 84
    document.undo_stack.clear()


def test_on_a_narrow_editor_the_stage_list_goes_above_the_form(qtbot: QtBot, editor: PlanEditor) -> None:
    page = editor.stages_page
    editor.show_page(page)
    editor.show()
    qtbot.waitExposed(editor)
    assert page.columns.is_row()  # 1000 px: list beside the form

    editor.resize(460, 700)  # the editor's share of a 1366 px laptop screen
    qtbot.waitUntil(lambda: not page.columns.is_row(), timeout=2000)
    scroll = page.columns.box.itemAt(1).widget()
    assert isinstance(scroll, QScrollArea)
    qtbot.waitUntil(lambda: scroll.horizontalScrollBar().maximum() == 0, timeout=2000)  # nothing cut off
