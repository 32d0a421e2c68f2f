"""The hiring plan tab: the plan's steps, applied in one undoable step or as a new scenario."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desktop.model.engine import project
from desktop.model.hiring_plan import NOTE, hiring_plan
from desktop.ui.document import PlanDocument
from desktop.ui.main_window import MainWindow
from tests.ui.test_main_window import open_window


def _with_plan(qtbot: QtBot, document: PlanDocument, settings: QSettings, folder: Path) -> MainWindow:
    window = open_window(qtbot, document, settings, folder)
    with qtbot.waitSignal(window.runner.plan_solved, timeout=30_000):
        pass
    return window


def test_the_tab_lists_the_plans_steps_and_the_fte_chart_draws_what_it_brings(
    qtbot: QtBot, document: PlanDocument, settings: QSettings, tmp_path: Path
) -> None:
    window = _with_plan(qtbot, document, settings, tmp_path / "data")
    view = window.results.hiring_plan_view
    expected = hiring_plan(document.scenario)
    rows = view.shown_rows()
    steps = expected.steps()
    assert steps, "the example's teams are short: the plan funds posts"
    assert len(rows) == len(steps) + len(expected.stages)  # a row per step and a total per stage
    assert rows[0][0] == document.scenario.stages[0].name
    assert rows[0][2] == f"{steps[0].posts:.1f}"
    assert view.apply_button.isEnabled()
    assert "September 2022" in view.explanation.text()  # the example's decision month
    chart = window.results.fte_chart
    assert len(chart.curves) == 4
    with_plan = project(expected.applied_to(document.scenario)).fte_available[0]
    np.testing.assert_allclose(chart.curves[3].yData, with_plan)


def test_apply_adds_the_steps_as_staffing_changes_and_undo_takes_them_back(
    qtbot: QtBot, document: PlanDocument, settings: QSettings, tmp_path: Path
) -> None:
    window = _with_plan(qtbot, document, settings, tmp_path / "data")
    before = document.scenario
    plan = window.results.hiring_plan_view.plan
    assert plan is not None
    window.results.hiring_plan_view.apply_button.click()
    added = [c for stage in document.scenario.stages for c in stage.staffing_changes if c.note == NOTE]
    assert len(added) == len(plan.steps())
    assert sum(c.fte_delta for c in added) == sum(s.posts for s in plan.steps())
    document.undo_stack.undo()
    assert document.scenario == before


def test_as_a_new_scenario_adds_a_copy_with_the_plan_and_shows_it(
    qtbot: QtBot, document: PlanDocument, settings: QSettings, tmp_path: Path
) -> None:
    window = _with_plan(qtbot, document, settings, tmp_path / "data")
    original = document.scenario
    window.results.hiring_plan_view.new_scenario_button.click()
    assert [s.name for s in document.plan.scenarios] == [original.name, f"{original.name} with the hiring plan"]
    assert document.scenario_index == 1
    assert document.plan.scenarios[0] == original
    assert any(c.note == NOTE for stage in document.scenario.stages for c in stage.staffing_changes)


def test_per_quarter_funds_only_at_quarter_starts_or_the_decision_month(
    qtbot: QtBot, document: PlanDocument, settings: QSettings, tmp_path: Path
) -> None:
    window = _with_plan(qtbot, document, settings, tmp_path / "data")
    view = window.results.hiring_plan_view
    with qtbot.waitSignal(window.runner.plan_solved, timeout=30_000):
        view.granularity.setCurrentIndex(view.granularity.findData("quarter"))
    plan = view.plan
    assert plan is not None
    assert plan.granularity == "quarter"
    decision = document.scenario.decision_month
    assert all(step.month == decision or int(step.month[5:]) in (1, 4, 7, 10) for step in plan.steps())
