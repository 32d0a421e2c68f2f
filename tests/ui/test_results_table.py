"""The projection table: one row a month, sorted by value, copied to Excel with the locale's decimals."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication

from desktop.ui.results.projection_table import SORT_ROLE, ProjectionTableView
from tests.ui.test_results_fixtures import dutch_locale, english_locale, example_scenario, projected

__all__ = ["dutch_locale", "english_locale"]  # fixtures, used by name


@pytest.fixture
def table(qtbot) -> ProjectionTableView:
    view = ProjectionTableView()
    qtbot.add_widget(view)
    view.resize(1000, 600)
    view.set_projection(projected()[0])
    view.show()
    return view


def _column(table: ProjectionTableView, header: str) -> int:
    model = table.table_model
    matches = [c for c in range(model.columnCount()) if model.flat_header(c) == header]
    assert len(matches) == 1, header
    return matches[0]


def _shown(table: ProjectionTableView, column: int) -> list[str]:
    proxy = table.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def _select(table: ProjectionTableView, rows: range, columns: list[int]) -> None:
    selection = QItemSelection()
    for column in columns:
        selection.select(table.proxy.index(rows.start, column), table.proxy.index(rows.stop - 1, column))
    table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


@pytest.mark.usefixtures("english_locale")
def test_a_row_per_month_with_the_projections_numbers(table: ProjectionTableView) -> None:
    p = projected()[0]
    assert table.proxy.rowCount() == len(p.months) == 84
    assert _shown(table, 0)[:2] == ["2021-01", "2021-02"]
    backlog = _column(table, "Assessment – Backlog (reports)")
    values = [table.proxy.index(r, backlog).data(SORT_ROLE) for r in range(84)]
    np.testing.assert_allclose(values, p.backlog_items[0].sum(axis=(1, 2)))
    assert _shown(table, backlog)[-1] == f"{p.backlog_items[0, -1].sum():,.0f}"


@pytest.mark.usefixtures("english_locale")
def test_sorting_is_by_number_not_by_text(table: ProjectionTableView) -> None:
    backlog = _column(table, "Investigation – Backlog (reports)")
    table.sortByColumn(backlog, Qt.SortOrder.DescendingOrder)
    numbers = [table.proxy.index(r, backlog).data(SORT_ROLE) for r in range(table.proxy.rowCount())]
    assert numbers == sorted(numbers, reverse=True)
    texts = _shown(table, backlog)
    assert texts != sorted(texts, reverse=True), "as text, '999' would come before '1,285'"
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert _shown(table, 0)[0] == "2021-01"


@pytest.mark.usefixtures("english_locale")
def test_ctrl_c_copies_tab_separated_with_headers(table: ProjectionTableView, qtbot) -> None:
    fte = _column(table, "Assessment – FTE available")
    backlog = _column(table, "Assessment – Backlog (reports)")
    _select(table, range(0, 3), [0, backlog, fte])
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t") == ["Month", "Assessment – Backlog (reports)", "Assessment – FTE available"]
    assert len(lines) == 4
    month, backlog_text, fte_text = lines[1].split("\t")
    assert month == "2021-01"
    assert fte_text == "33.6"
    assert "," not in backlog_text, "no digit grouping: Excel must read it as a number"


@pytest.mark.usefixtures("dutch_locale")
def test_copied_numbers_use_the_locales_decimal_comma(table: ProjectionTableView) -> None:
    fte = _column(table, "Assessment – FTE available")
    capacity = _column(table, "Assessment – Capacity (hours)")
    _select(table, range(0, 1), [capacity, fte])
    table.copy_selection()
    _header, row = QGuiApplication.clipboard().text().splitlines()
    capacity_text, fte_text = row.split("\t")
    assert fte_text == "33,6"
    assert "." not in capacity_text


def test_a_new_projection_keeps_the_sort(table: ProjectionTableView) -> None:
    backlog = _column(table, "Assessment – Backlog (reports)")
    table.sortByColumn(backlog, Qt.SortOrder.DescendingOrder)
    table.set_projection(projected(example_scenario(assessment={"fte": 45}))[0])
    numbers = [table.proxy.index(r, backlog).data(SORT_ROLE) for r in range(table.proxy.rowCount())]
    assert numbers == sorted(numbers, reverse=True)


@pytest.mark.usefixtures("english_locale")
def test_endless_waits_read_infinity_and_sort_as_longest(table: ProjectionTableView) -> None:
    table.set_projection(projected(example_scenario(assessment={"fte": 0, "staffing_changes": []}))[0])
    wait = _column(table, "Assessment – Wait Regular, arriving this month (days)")
    texts = _shown(table, wait)
    assert "∞" in texts
    table.sortByColumn(wait, Qt.SortOrder.AscendingOrder)
    numbers = [table.proxy.index(r, wait).data(SORT_ROLE) for r in range(table.proxy.rowCount())]
    assert math.isinf(numbers[-1])
    assert numbers == sorted(numbers)
    assert "no end" in table.proxy.index(table.proxy.rowCount() - 1, wait).data(Qt.ItemDataRole.ToolTipRole)
    table.repaint()


def test_missing_values_sort_last_both_ways(table: ProjectionTableView) -> None:
    """NaN has no order of its own; it must not scatter through a sorted column."""
    model = table.table_model
    column = _column(table, "Assessment – FTE available")
    values = model._columns[column - 1].values
    values[5] = np.nan
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        table.sortByColumn(column, order)
        table.proxy.invalidate()
        last = table.proxy.index(table.proxy.rowCount() - 1, column).data(SORT_ROLE)
        assert math.isnan(last)
