"""The editors' tables: cell edits as a user's edit arrives (setData with EditRole), refusals, drafts and rows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.ui.document import PlanDocument
from desktop.ui.editors import PlanEditor
from desktop.ui.editors.table_base import ERROR_BACKGROUND, PENDING_BACKGROUND, PlanTableModel

EDIT = Qt.ItemDataRole.EditRole


def edit(model: PlanTableModel, row: int, column: int, text: str) -> bool:
    return model.setData(model.index(row, column), text, EDIT)


def shown(model: PlanTableModel, row: int, column: int) -> str:
    return model.data(model.index(row, column))


def test_a_target_typed_in_the_table_changes_the_plan_and_undo_restores_it(
    editor: PlanEditor, document: PlanDocument
) -> None:
    model = editor.priorities_page.model
    assert edit(model, 1, 1, "21")
    assert document.scenario.priorities[1].target_days == 21
    assert document.undo_stack.undoText() == "Change Target (days) of High"
    document.undo_stack.undo()
    assert document.scenario.priorities[1].target_days == 30
    assert shown(model, 1, 1) == "30"


def test_a_refused_cell_keeps_its_text_marked_with_the_reason(editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.priorities_page
    model = page.model
    before = document.plan
    assert not edit(model, 0, 1, "-3")
    assert document.plan is before
    index = model.index(0, 1)
    assert model.data(index) == "-3"
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) == ERROR_BACKGROUND
    assert "must be more than 0 and at most 3650 days" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert page.panel.problems.isVisibleTo(page)
    assert page.panel.problems.text() == (
        "Row 1 (Urgent (child at risk)), column “Target (days)”: must be more than 0 and at most 3650 days"
    )
    assert edit(model, 0, 1, "5")
    assert document.scenario.priorities[0].target_days == 5
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is None
    assert not page.panel.problems.isVisibleTo(page)


def test_an_unchanged_cell_makes_no_edit(editor: PlanEditor, document: PlanDocument) -> None:
    model = editor.sources_page.sources
    assert not edit(model, 0, 1, model.data(model.index(0, 1), EDIT))
    assert document.undo_stack.count() == 0


def test_adding_a_priority_gives_it_a_unique_key_no_share_and_no_backlog(
    editor: PlanEditor, document: PlanDocument
) -> None:
    page = editor.priorities_page
    page.rows.add.click()
    scenario = document.scenario
    new = scenario.priorities[-1]
    assert (new.key, new.name) == ("new-priority", "New priority")
    assert all(source.priority_mix[new.key] == 0 for source in scenario.sources)
    assert all(new.key not in stage.initial_backlog for stage in scenario.stages)
    assert page.panel.current_row() == 3
    sources = editor.sources_page.sources
    assert sources.column(5).header == "New priority (%)"
    assert shown(sources, 0, 5) == "0"


def test_removing_a_priority_moves_its_shares_to_the_next_and_says_so(
    editor: PlanEditor, document: PlanDocument
) -> None:
    page = editor.priorities_page
    page.panel.select_row(1)
    page.rows.remove.click()
    scenario = document.scenario
    assert [p.key for p in scenario.priorities] == ["urgent", "regular"]
    assert scenario.sources[0].priority_mix == pytest.approx({"urgent": 0.03, "regular": 0.97})
    assert scenario.stages[0].initial_backlog == pytest.approx({"urgent": 20, "regular": 3400})
    assert document.undo_stack.undoText() == (
        "Remove priority “High” (its mix shares and starting backlog go to “Regular”)"
    )
    page.panel.select_row(1)
    page.rows.remove.click()
    assert document.scenario.sources[0].priority_mix == pytest.approx({"urgent": 1.0})
    assert not page.rows.remove.isEnabled()
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert [p.key for p in document.scenario.priorities] == ["urgent", "high", "regular"]


def test_moving_a_priority_changes_the_order_of_urgency(editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.priorities_page
    page.panel.select_row(2)
    assert page.rows.up is not None
    page.rows.up.click()
    assert [p.key for p in document.scenario.priorities] == ["urgent", "regular", "high"]
    assert page.panel.current_row() == 1
    assert shown(page.model, 1, 0) == "Regular"


def test_a_mix_share_waits_as_a_draft_until_the_row_sums_to_100(editor: PlanEditor, document: PlanDocument) -> None:
    panel = editor.sources_page.sources_panel
    model = editor.sources_page.sources
    assert edit(model, 3, 2, "10")  # Citizens: urgent 8 → 10, the row now sums to 102 %
    assert document.scenario.sources[3].priority_mix["urgent"] == 0.08
    assert document.undo_stack.count() == 0
    assert shown(model, 3, 2) == "10"
    assert shown(model, 3, 5) == "102"
    assert model.data(model.index(3, 2), Qt.ItemDataRole.BackgroundRole) == PENDING_BACKGROUND
    assert panel.problems.text() == (
        "Row 4 (Citizens): the priority shares sum to 102 %; they must sum to 100 %. "
        "The row goes into the plan when they do."
    )
    assert editor.sources_page.discard_button.isVisibleTo(editor.sources_page)
    assert edit(model, 3, 4, "58")
    assert document.scenario.sources[3].priority_mix == pytest.approx({"urgent": 0.10, "high": 0.32, "regular": 0.58})
    assert document.undo_stack.count() == 1
    assert model.data(model.index(3, 2), Qt.ItemDataRole.BackgroundRole) is None
    assert not panel.problems.isVisibleTo(editor.sources_page)
    document.undo_stack.undo()
    assert shown(model, 3, 2) == "8"
    assert shown(model, 3, 4) == "60"


def test_a_draft_can_be_discarded(editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.sources_page
    edit(page.sources, 0, 2, "4")
    page.discard_button.click()
    assert shown(page.sources, 0, 2) == "3"
    assert not page.sources.has_drafts()
    assert not page.discard_button.isVisibleTo(page)


def test_the_total_column_is_computed_not_typed(editor: PlanEditor, document: PlanDocument) -> None:
    model = editor.sources_page.sources
    assert not model.flags(model.index(0, 5)) & Qt.ItemFlag.ItemIsEditable


def test_removing_a_source_removes_its_events(editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.sources_page
    page.sources_panel.select_row(0)
    page.source_rows.remove.click()
    assert [s.key for s in document.scenario.sources] == ["services", "chat", "citizens", "hotline"]
    assert document.scenario.events == []
    assert document.undo_stack.undoText() == "Remove source “Companies via NCMEC CyberTipline” and its 1 event(s)"
    assert editor.events_page.model.rowCount() == 0
    document.undo_stack.undo()
    assert editor.events_page.model.rowCount() == 1


def test_a_new_source_keeps_the_plan_valid(editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.sources_page
    page.source_rows.add.click()
    source = document.scenario.sources[-1]
    assert source.key == "new-source"
    assert sum(source.priority_mix.values()) == 1
    assert set(source.work) == {"assessment", "investigation"}
    assert page.volumes.rowCount() == 6
    assert page.sources_panel.current_row() == 5


def test_a_year_without_a_figure_shows_what_growth_gives_and_takes_a_figure(
    editor: PlanEditor, document: PlanDocument
) -> None:
    volumes = editor.sources_page.volumes
    assert [c.header for c in (volumes.column(i) for i in range(volumes.columnCount()))] == [
        "2021",
        "2022",
        "2023",
        "2024",
        "2025",
        "2026",
        "2027",
    ]
    index = volumes.index(3, 2)  # Citizens 2023: no figure, 4500 × 1.05
    assert volumes.data(index) == "4725"
    assert volumes.data(index, Qt.ItemDataRole.FontRole).italic()
    assert "carried from 2022 with growth of 5 % a year" in volumes.data(index, Qt.ItemDataRole.ToolTipRole)
    assert edit(volumes, 3, 2, "5000")
    assert document.scenario.sources[3].volumes["2023"] == 5000
    assert edit(volumes, 3, 2, "")
    assert "2023" not in document.scenario.sources[3].volumes
    assert document.undo_stack.undoText() == "Remove the 2023 figure of Citizens"


def test_the_last_figure_of_a_source_cannot_be_removed(editor: PlanEditor, document: PlanDocument) -> None:
    volumes = editor.sources_page.volumes
    assert edit(volumes, 3, 0, "")
    assert not edit(volumes, 3, 1, "")
    assert document.scenario.sources[3].volumes == {"2022": 4500}
    assert "must have at least 1 item(s)" in volumes.cell_errors()[(3, 1)]


def test_add_year_fills_the_next_year_with_what_growth_gives(editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.sources_page
    page.add_year_button.click()
    assert page.volumes.columnCount() == 8
    assert page.volumes.column(7).header == "2028"
    assert document.scenario.sources[3].volumes["2028"] == round(4500 * 1.05**6)
    page.volumes_panel.view.setCurrentIndex(page.volumes.index(0, 7))
    page.remove_year_button.click()
    assert all("2028" not in s.volumes for s in document.scenario.sources)


def test_work_per_stage_and_seasonality_cells(editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.sources_page
    assert edit(page.work, 1, 3, "32,5") is False  # an English locale: "32,5" is not 325
    assert "write decimals with “.”" in page.work.cell_errors()[(1, 3)]
    assert edit(page.work, 1, 3, "32.5")
    assert document.scenario.sources[1].work["investigation"].hours == 32.5
    assert edit(page.work, 1, 2, "30")
    assert document.scenario.sources[1].work["investigation"].share == pytest.approx(0.3)
    assert edit(page.seasonality, 2, 11, "1.2")
    assert document.scenario.sources[2].seasonality[11] == 1.2


def test_events_choose_their_source_by_name(editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.events_page
    model = page.model
    assert shown(model, 0, 1) == "Companies via NCMEC CyberTipline"
    assert edit(model, 0, 1, "Citizens")
    assert document.scenario.events[0].source == "citizens"
    assert not edit(model, 0, 1, "Nobody")
    assert "“Nobody” is not one of:" in model.cell_errors()[(0, 1)]
    assert not edit(model, 0, 2, "July 2024")
    assert document.scenario.events[0].month == "2024-07"
    assert edit(model, 0, 3, "1.5")
    assert document.scenario.events[0].factor == 1.5


def test_events_can_be_added_and_removed(editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.events_page
    page.rows.add.click()
    assert len(document.scenario.events) == 2
    added = document.scenario.events[1]
    assert (added.name, added.source, added.month, added.factor) == ("New event", "ncmec", "2021-01", 1.0)
    page.panel.select_row(0)
    page.rows.remove.click()
    assert [e.name for e in document.scenario.events] == ["New event"]


def test_staffing_changes_and_starting_backlog_of_the_selected_stage(
    editor: PlanEditor, document: PlanDocument
) -> None:
    page = editor.stages_page
    page.stage_list.setCurrentRow(1)
    assert shown(page.changes, 0, 0) == "2024-01"
    page.change_rows.add.click()
    assert document.scenario.stages[1].staffing_changes[1].month == "2025-01"
    assert edit(page.changes, 1, 1, "-4")
    assert document.scenario.stages[1].staffing_changes[1].fte_delta == -4
    assert not edit(page.changes, 1, 0, "2020-06")
    assert "2020-06 is before the start 2021-01" in page.changes.cell_errors()[(1, 0)]
    assert edit(page.backlog, 2, 0, "500")
    assert document.scenario.stages[1].initial_backlog["regular"] == 500
    assert document.scenario.stages[0].initial_backlog["regular"] == 3000
    page.changes_panel.select_row(0)
    page.change_rows.remove.click()
    assert [c.month for c in document.scenario.stages[1].staffing_changes] == ["2025-01"]


def test_typing_in_a_cell_editor_and_enter_commits_like_a_user(
    qtbot: QtBot, editor: PlanEditor, document: PlanDocument
) -> None:
    view = editor.priorities_page.panel.view
    index = view.model().index(1, 1)
    view.setCurrentIndex(index)
    view.edit(index)
    cell_editor = view.viewport().findChild(QLineEdit)
    assert cell_editor is not None
    assert cell_editor.text() == "30"
    cell_editor.selectAll()
    qtbot.keyClicks(cell_editor, "45")
    qtbot.keyClick(cell_editor, Qt.Key.Key_Return)  # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: document.scenario.priorities[1].target_days == 45, timeout=2000)


def test_the_source_of_an_event_is_chosen_from_a_list(qtbot: QtBot, editor: PlanEditor, document: PlanDocument) -> None:
    view = editor.events_page.panel.view
    index = view.model().index(0, 1)
    view.edit(index)
    combo = view.viewport().findChild(QComboBox)
    assert combo is not None
    assert [combo.itemText(i) for i in range(combo.count())][:2] == [
        "Companies via NCMEC CyberTipline",
        "Other investigative services",
    ]
    combo.setCurrentIndex(combo.findData("chat"))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: document.scenario.events[0].source == "chat", timeout=2000)


def test_undo_of_a_cell_edit_keeps_the_current_cell(editor: PlanEditor, document: PlanDocument) -> None:
    view = editor.sources_page.volumes_panel.view
    view.setCurrentIndex(view.model().index(2, 3))
    edit(editor.sources_page.volumes, 2, 3, "19000")
    document.undo_stack.undo()
    assert (view.currentIndex().row(), view.currentIndex().column()) == (2, 3)


def test_undo_and_redo_refresh_every_page_without_making_edits(
    qtbot: QtBot, editor: PlanEditor, document: PlanDocument
) -> None:
    editor.sources_page.source_rows.add.click()
    edit(editor.sources_page.volumes, 5, 2, "1200")
    editor.stages_page.add_button.click()
    editor.priorities_page.rows.add.click()
    edit(editor.sources_page.sources, 5, 2, "50")  # drafts: the new source's mix does not sum to 100 % …
    edit(editor.sources_page.sources, 5, 4, "0")
    edit(editor.sources_page.sources, 5, 5, "50")  # … until now: urgent 50, new priority 50
    edit(editor.events_page.model, 0, 3, "2")
    final, count = document.plan, document.undo_stack.count()
    assert count == 6
    while document.undo_stack.canUndo():
        document.undo_stack.undo()
    assert document.undo_stack.count() == count
    assert editor.sources_page.sources.rowCount() == 5
    assert editor.sources_page.sources.columnCount() == 6
    assert editor.stages_page.stage_list.count() == 2
    while document.undo_stack.canRedo():
        document.undo_stack.redo()
    assert document.undo_stack.count() == count
    assert document.plan == final
    assert shown(editor.sources_page.sources, 5, 5) == "50"
    assert shown(editor.events_page.model, 0, 3) == "2"


def test_in_a_narrow_editor_a_long_event_name_leaves_its_source_and_month_in_sight(
    qtbot: QtBot, editor: PlanEditor
) -> None:
    page = editor.events_page
    editor.show_page(page)
    editor.resize(460, 700)  # the editor's share of a 1366 px laptop screen
    editor.show()
    qtbot.waitExposed(editor)
    view = page.panel.view
    header = view.horizontalHeader()

    def month_column_in_sight() -> bool:
        month = 2
        return header.sectionViewportPosition(month) + header.sectionSize(month) <= view.viewport().width()

    qtbot.waitUntil(month_column_in_sight, timeout=2000)
    assert header.sectionSize(0) < 320  # the long name is cut short (its full text stays in the cell)
