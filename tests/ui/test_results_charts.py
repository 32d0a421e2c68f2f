"""The result charts draw the projection's numbers, follow the mouse, and save as PNG."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.ui.results import ResultsView
from desktop.ui.results.chart_base import MIN_PLOT_HEIGHT, LegendStrip
from desktop.ui.results.charts import MIN_WAIT_AXIS_DAYS
from tests.ui.test_results_fixtures import english_locale, example_scenario, projected

__all__ = ["english_locale"]  # a fixture, used by name


@pytest.fixture
def view(qtbot, english_locale) -> ResultsView:
    widget = ResultsView()
    qtbot.add_widget(widget)
    widget.resize(1280, 800)
    widget.show()
    projection, headlines = projected()
    widget.show_projection(projection, headlines)
    qtbot.wait(20)  # the headline area takes its final height at the next pass: the charts settle then
    return widget


def _y(curve) -> np.ndarray:
    return np.asarray(curve.getData()[1])


def test_curves_hold_the_projections_numbers(view: ResultsView) -> None:
    p = view.projection
    assert p is not None
    stacked_intake = np.cumsum(p.intake, axis=1)
    for layer, curve in enumerate(view.intake_chart.curves):
        np.testing.assert_allclose(_y(curve), stacked_intake[:, layer])
    np.testing.assert_allclose(_y(view.intake_chart.curves[-1]), p.intake.sum(axis=1))

    capacity, new_work = view.demand_chart.curves
    np.testing.assert_allclose(_y(capacity), p.capacity_hours[0])
    np.testing.assert_allclose(_y(new_work), p.demand_hours[0].sum(axis=1))

    total_backlog = view.backlog_chart.curves[-1]
    np.testing.assert_allclose(_y(total_backlog), p.backlog_items[0].sum(axis=(1, 2)))
    np.testing.assert_allclose(_y(view.backlog_chart.curves[0]), p.backlog_items[0, :, :, 0].sum(axis=1))

    available, required, to_clear = view.fte_chart.curves
    np.testing.assert_allclose(_y(available), p.fte_available[0])
    occupancy = p.scenario.stages[0].max_occupancy  # needs leave the team its slack
    np.testing.assert_allclose(_y(required), p.fte_required[0] / occupancy)
    np.testing.assert_allclose(_y(to_clear), p.fte_required_to_clear[0] / occupancy)

    waits, top = view.wait_chart.curves, view.wait_chart.axis_top_days
    n = len(p.priority_keys)
    for j in range(n):  # solid: the wait of a report arriving that month; dotted: at current rates
        np.testing.assert_allclose(_y(waits[j]), np.minimum(p.arrival_wait_days[0, :, j], top))
        np.testing.assert_allclose(_y(waits[n + j]), np.minimum(p.wait_days[0, :, j], top))
    assert [line.value() for line in view.wait_chart.target_lines] == p.target_days.tolist()


def test_the_stage_selector_switches_the_stage_charts(view: ResultsView) -> None:
    p = view.projection
    assert p is not None
    view.select_stage(1)
    assert view.backlog_chart.title.text.startswith("Investigation")
    np.testing.assert_allclose(_y(view.backlog_chart.curves[-1]), p.backlog_items[1].sum(axis=(1, 2)))
    np.testing.assert_allclose(_y(view.fte_chart.curves[0]), p.fte_available[1])


def test_more_staff_changes_the_curves(view: ResultsView) -> None:
    before_fte = _y(view.fte_chart.curves[0]).copy()
    before_backlog = _y(view.backlog_chart.curves[-1]).copy()
    curve = view.backlog_chart.curves[-1]
    view.show_projection(*projected(example_scenario(assessment={"fte": 80})))
    assert view.backlog_chart.curves[-1] is curve, "same shape of data: the curve is updated, not replaced"
    assert (_y(view.fte_chart.curves[0]) > before_fte).all()
    assert _y(view.backlog_chart.curves[-1])[-1] < before_backlog[-1]


def test_redrawn_is_emitted_after_an_update(view: ResultsView, qtbot) -> None:
    with qtbot.wait_signal(view.redrawn, timeout=1000):
        view.show_projection(*projected())


def test_pointing_at_a_month_lists_its_values(view: ResultsView, qtbot) -> None:
    chart = view.backlog_chart
    p = view.projection
    assert p is not None
    month = p.months.index("2024-07")
    scene_point = chart.plot.vb.mapViewToScene(QPointF(month, 1000.0))
    qtbot.mouseMove(chart.viewport(), chart.mapFromScene(scene_point))
    qtbot.waitUntil(lambda: chart.hovered_month == month, timeout=1000)
    text = chart.hover_text()
    assert "July 2024" in text
    regular = p.backlog_items[0, month, :, 2].sum()
    assert f"{regular:,.0f} reports" in text
    assert chart.crosshair.isVisible()
    assert chart.crosshair.value() == month


def test_hover_values_follow_a_new_projection(view: ResultsView) -> None:
    chart = view.fte_chart
    chart.hover_month(10)
    view.show_projection(*projected(example_scenario(assessment={"fte": 80})))
    p = view.projection
    assert p is not None
    assert f"{p.fte_available[0, 10]:,.1f} FTE" in chart.hover_text()
    chart.hover_month(None)
    assert chart.hover_text() == ""
    assert not chart.crosshair.isVisible()


def test_save_png_writes_an_image_of_the_charts_size(view: ResultsView, tmp_path: Path) -> None:
    chart = view.wait_chart
    target = tmp_path / "wait.png"
    chart.save_png(target)
    image = QImage(str(target))
    assert not image.isNull()
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (image.width(), image.height()) == (chart.viewport().width(), chart.viewport().height())


def test_save_from_the_dialog_adds_the_extension(view: ResultsView, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(tmp_path / "intake"), ""))
    view.intake_chart.save_action.trigger()
    assert QImage(str(tmp_path / "intake.png")).width() > 0


def test_a_failed_save_says_so(view: ResultsView, tmp_path: Path, monkeypatch) -> None:
    missing = tmp_path / "no such folder" / "chart.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(missing), ""))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *args: warnings.append(f"{title}: {text}"))
    view.fte_chart.save_png_with_dialog()
    assert len(warnings) == 1
    assert "Chart not saved" in warnings[0]
    assert str(missing) in warnings[0]
    assert not missing.exists()


def test_infinite_waits_are_drawn_at_the_top_and_named(view: ResultsView) -> None:
    # No staff at assessment: nothing is ever served there, every wait is endless.
    view.show_projection(*projected(example_scenario(assessment={"fte": 0, "staffing_changes": []})))
    p = view.projection
    assert p is not None
    assert np.isinf(p.wait_days[0]).any()
    chart = view.wait_chart
    top = chart.axis_top_days
    assert top >= MIN_WAIT_AXIS_DAYS
    regular = _y(chart.curves[2])
    assert np.isfinite(regular).all()
    assert regular.max() == top
    assert "drawn at the top" in chart.note_text()
    shown_top = chart.plot.vb.viewRange()[1][1]
    assert top <= shown_top < top * 1.1, "the clipped waits are inside the chart, along its top"
    chart.hover_month(len(p.months) - 1)
    assert "no capacity" in chart.hover_text()
    view.repaint()


def test_the_note_goes_when_waits_stay_under_the_axis(view: ResultsView) -> None:
    view.show_projection(*projected(example_scenario(assessment={"fte": 400})))
    assert view.wait_chart.note_text() == ""


def _on_screen(chart, item) -> QRectF:
    """Where a part of the chart (title, plot, note) is drawn, in the chart's viewport."""
    return QRectF(chart.mapFromScene(item.sceneBoundingRect()).boundingRect())


@pytest.mark.parametrize("width", [900, 1050, 1250])
def test_titles_notes_and_plots_stay_inside_their_chart(qtbot, english_locale, width: int) -> None:
    # No staff at assessment: the waits run off the axis and the wait chart has its note.
    view = ResultsView()
    qtbot.add_widget(view)
    view.resize(width, 700)
    view.show()
    view.show_projection(*projected(example_scenario(assessment={"fte": 0, "staffing_changes": []})))

    def all_inside() -> None:
        for chart in view.charts:
            shown = QRectF(chart.viewport().rect()).adjusted(-1, -1, 1, 1)
            title = _on_screen(chart, chart.title)
            assert shown.contains(title), chart.title.text
            assert title.left() + chart.title.text_width() <= chart.save_button.geometry().left(), (
                f"{chart.title.text!r} runs under the Save button"
            )
            assert title.height() >= chart.title.fixed_height > 0, f"{chart.title.text!r} is cut off at the bottom"
            assert shown.contains(_on_screen(chart, chart.plot)), f"the plot of {chart.title.text!r} is cut off"
        note = view.wait_chart.note
        assert note.isVisible()
        assert _on_screen(view.wait_chart, note).height() >= note.fixed_height > 0, "the note is cut off"
        assert (
            QRectF(view.wait_chart.viewport().rect()).adjusted(-1, -1, 1, 1).contains(_on_screen(view.wait_chart, note))
        )

    qtbot.waitUntil(all_inside, timeout=2000)
    assert "drawn at the top" in view.wait_chart.note.plain_text()


def test_a_long_title_wraps_with_its_unit_rather_than_being_cut(qtbot, english_locale) -> None:
    view = ResultsView()
    qtbot.add_widget(view)
    view.resize(900, 700)
    view.show()
    view.show_projection(*projected())
    chart = view.backlog_chart
    qtbot.waitUntil(lambda: chart.title.line_count() == 2, timeout=2000)
    assert chart.title.plain_text() == "Assessment: backlog by priority (reports waiting at month end)"
    view.resize(1920, 900)
    qtbot.waitUntil(lambda: chart.title.line_count() == 1, timeout=2000)


def test_the_wait_note_wraps_in_a_narrow_chart(qtbot, english_locale) -> None:
    view = ResultsView()
    qtbot.add_widget(view)
    view.resize(900, 700)
    view.show()
    view.show_projection(*projected())  # the example's regular waits go past a year
    note = view.wait_chart.note
    qtbot.waitUntil(lambda: note.line_count() == 2, timeout=2000)
    assert "point at the chart to read the actual wait" in note.plain_text()


def test_the_plot_keeps_its_height_when_title_legend_and_note_wrap(qtbot, english_locale) -> None:
    view = ResultsView()
    qtbot.add_widget(view)
    view.resize(900, 620)
    view.show()
    view.show_projection(*projected())
    chart = view.wait_chart
    qtbot.waitUntil(lambda: chart.legend.fixed_height > LegendStrip.ROW_HEIGHT, timeout=2000)  # two rows
    qtbot.waitUntil(lambda: chart.plot.size().height() >= MIN_PLOT_HEIGHT - 1, timeout=2000)
