"""Excel habits in the tables: Ctrl+V pastes a block as one undoable edit, Ctrl+C copies tab-separated text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QLocale, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.ui.document import PlanDocument
from desktop.ui.editors import PlanEditor
from desktop.ui.editors.table_view import PlanTableView

DUTCH = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def paste(qtbot: QtBot, view: PlanTableView, row: int, column: int, text: str) -> None:
    """Put ``text`` on the clipboard, make (row, column) current and press Ctrl+V."""
    QGuiApplication.clipboard().setText(text)
    view.selectionModel().setCurrentIndex(
        view.model().index(row, column), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_a_block_pasted_into_the_volumes_is_one_undoable_edit(
    qtbot: QtBot, editor: PlanEditor, document: PlanDocument
) -> None:
    view = editor.sources_page.volumes_panel.view
    view.setLocale(ENGLISH)
    paste(qtbot, view, 1, 1, "6,600\t7,200\r\n1,100\t8,100.5\r\n")
    sources = document.scenario.sources
    assert sources[1].volumes == {"2021": 5000, "2022": 6600, "2023": 7200}
    assert sources[2].volumes["2022"] == 1100
    assert sources[2].volumes["2023"] == 8100.5
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Paste 4 cell(s)"
    selected = sorted((i.row(), i.column()) for i in view.selectedIndexes())
    assert selected == [(1, 1), (1, 2), (2, 1), (2, 2)]
    document.undo_stack.undo()
    assert document.scenario.sources[1].volumes == {"2021": 5000, "2022": 6500}
    assert view.model().data(view.model().index(1, 1)) == "6,500"


def test_dutch_decimals_and_group_separators_are_read_in_a_dutch_locale(
    qtbot: QtBot, editor: PlanEditor, document: PlanDocument
) -> None:
    view = editor.sources_page.volumes_panel.view
    view.setLocale(DUTCH)
    paste(qtbot, view, 0, 0, "24.500,5\t38.000\n")
    assert document.scenario.sources[0].volumes["2021"] == 24500.5
    assert document.scenario.sources[0].volumes["2022"] == 38000
    assert view.model().data(view.model().index(0, 1)) == "38.000"


def test_the_default_locale_is_followed_by_new_tables(qtbot: QtBot, document: PlanDocument) -> None:
    before = QLocale()
    QLocale.setDefault(DUTCH)
    try:
        editor = PlanEditor(document)
        qtbot.addWidget(editor)
    finally:
        QLocale.setDefault(before)
    view = editor.sources_page.sources_panel.view
    paste(qtbot, view, 4, 1, "2,5\t1,5\t18,5\t80\n")
    hotline = document.scenario.sources[4]
    assert hotline.growth_per_year == pytest.approx(0.025)
    assert hotline.priority_mix == pytest.approx({"urgent": 0.015, "high": 0.185, "regular": 0.80})


def test_a_bad_cell_refuses_the_whole_paste_naming_row_and_column(
    qtbot: QtBot, editor: PlanEditor, document: PlanDocument
) -> None:
    page = editor.sources_page
    view = page.volumes_panel.view
    before = document.plan
    paste(qtbot, view, 0, 0, "25000\t38000\n5100\tabc\n")
    assert document.plan is before
    assert document.undo_stack.count() == 0
    assert page.volumes_panel.problems.text() == (
        "Nothing was pasted. Row 2 (Other investigative services), column “2022”: “abc” is not a number"
    )
    assert page.volumes_panel.problems.isVisibleTo(page)


def test_a_paste_the_plan_refuses_is_refused_whole(qtbot: QtBot, editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.sources_page
    before = document.plan
    paste(qtbot, page.sources_panel.view, 1, 0, "Services\t1000\n")  # 1000 % a year: allowed, but too much by 2027
    assert document.plan is before
    message = page.sources_panel.problems.text()
    assert message.startswith("Nothing was pasted. Row 2 (Other investigative services), column “Growth per year")
    assert "carries the intake to" in message


def test_a_pasted_mix_must_sum_to_100(qtbot: QtBot, editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.sources_page
    before = document.plan
    paste(qtbot, page.sources_panel.view, 1, 2, "10\t40\t40\n")
    assert document.plan is before
    assert page.sources_panel.problems.text() == (
        "Nothing was pasted. Row 2 (Other investigative services), column “Urgent (child at risk) (%)”: "
        "the priority shares of this row would sum to 90 %; they must sum to 100 %"
    )
    paste(qtbot, page.sources_panel.view, 1, 2, "10 %\t40 %\t50 %\n20\t20\t60\n")
    assert document.scenario.sources[2].priority_mix == pytest.approx({"urgent": 0.2, "high": 0.2, "regular": 0.6})
    assert not page.sources_panel.problems.isVisibleTo(page)


def test_a_pasted_row_completes_a_draft(qtbot: QtBot, editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.sources_page
    model = page.sources
    model.setData(model.index(0, 2), "5", Qt.ItemDataRole.EditRole)
    assert model.has_drafts()
    paste(qtbot, page.sources_panel.view, 0, 4, "78\n")  # 5 + 17 + 78 = 100
    assert document.scenario.sources[0].priority_mix == pytest.approx({"urgent": 0.05, "high": 0.17, "regular": 0.78})
    assert not model.has_drafts()


def test_a_block_too_large_for_the_table_is_refused(qtbot: QtBot, editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.events_page
    paste(qtbot, page.panel.view, 0, 2, "2024-07\t1.1\t5\n")
    assert document.undo_stack.count() == 0
    assert "there is room for 1 row(s) and 2 column(s)" in page.panel.problems.text()


def test_events_take_a_pasted_block_with_source_names(qtbot: QtBot, editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.events_page
    paste(qtbot, page.panel.view, 0, 0, "Scanning switched on\tChat-app scanning\t2023-03\t1.4\n")
    event = document.scenario.events[0]
    assert (event.name, event.source, event.month, event.factor) == ("Scanning switched on", "chat", "2023-03", 1.4)


def test_copy_gives_tab_separated_text_in_the_tables_locale(qtbot: QtBot, editor: PlanEditor) -> None:
    view = editor.sources_page.work_panel.view
    view.setLocale(DUTCH)
    model = view.model()
    selection = QItemSelection(model.index(0, 0), model.index(1, 1))
    view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "100\t0,75\n100\t1,25\n"


def test_copy_then_paste_elsewhere_copies_the_figures(qtbot: QtBot, editor: PlanEditor, document: PlanDocument) -> None:
    view = editor.sources_page.volumes_panel.view
    view.setLocale(DUTCH)
    model = view.model()
    view.selectionModel().select(
        QItemSelection(model.index(0, 0), model.index(0, 1)), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    view.copy_selection()
    assert QGuiApplication.clipboard().text() == "24000\t37500\n"
    paste(qtbot, view, 3, 0, QGuiApplication.clipboard().text())
    assert document.scenario.sources[3].volumes == {"2021": 24000, "2022": 37500}


def test_delete_clears_figures_as_one_edit(qtbot: QtBot, editor: PlanEditor, document: PlanDocument) -> None:
    view = editor.sources_page.volumes_panel.view
    model = view.model()
    view.selectionModel().select(
        QItemSelection(model.index(0, 3), model.index(0, 4)), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert document.scenario.sources[0].volumes == {"2021": 24000, "2022": 37500, "2023": 48000}
    assert document.undo_stack.count() == 1


def test_delete_where_a_value_is_needed_is_refused(qtbot: QtBot, editor: PlanEditor, document: PlanDocument) -> None:
    page = editor.priorities_page
    view = page.panel.view
    view.setCurrentIndex(view.model().index(0, 1))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert document.undo_stack.count() == 0
    assert page.panel.problems.text() == (
        "Nothing was cleared. Row 1 (Urgent (child at risk)), column “Target (days)”: a number is needed"
    )
