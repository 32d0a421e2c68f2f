"""The results pane: the headline figures, the hiring answer arriving later, and the layout by width."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.model.engine import project
from desktop.model.measures import Headlines, headlines
from desktop.model.solver import HireAdvice
from desktop.ui.results import ResultsView
from desktop.ui.results.headline_bar import intake_texts, short_priority_name, years_to_show
from desktop.ui.results.look import format_month
from tests.ui.test_results_fixtures import dutch_locale, english_locale, example_scenario, projected

__all__ = ["dutch_locale", "english_locale"]  # fixtures, used by name


def _view(qtbot, today: datetime.date = datetime.date(2026, 5, 1), size: tuple[int, int] = (1280, 800)) -> ResultsView:
    widget = ResultsView(today=lambda: today)
    qtbot.add_widget(widget)
    widget.resize(*size)
    widget.show()
    widget.show_projection(*projected())
    return widget


def _wholly_shown(label: QLabel) -> bool:
    """The label is on screen, not clipped by the scroll area around it, and has room for its whole text."""
    return (
        label.isVisible()
        and label.visibleRegion().boundingRect() == label.rect()
        and label.width() >= label.sizeHint().width()
    )


def _example_headlines() -> Headlines:
    return headlines(project(example_scenario()), solve_hiring=False)


@pytest.mark.usefixtures("english_locale")
def test_headlines_per_stage(qtbot) -> None:
    view = _view(qtbot)
    bar = view.headline_bar
    assessment, investigation = _example_headlines().stages
    assert bar.text_of("assessment", "team") == "Assessment"
    assert bar.text_of("assessment", "over_capacity") == format_month(assessment.first_month_over_capacity or "")
    assert bar.text_of("assessment", "backlog") == f"{assessment.backlog_items_end:,.0f}"
    assert bar.text_of("assessment", "gap") == f"{assessment.gap_today:.1f} short"
    assert bar.text_of("assessment", "gap_kept_up") == "–"  # nothing comes before assessment
    assert bar.text_of("investigation", "gap_kept_up") == f"{investigation.gap_if_upstream_kept_up:.1f} short"
    assert "once assessment keeps up" in bar.story_labels["investigation"].text()
    assert bar.story_labels["assessment"].text().startswith("Assessment: over capacity from")
    assert bar.text_of("assessment", "breach:regular") == str(assessment.months_in_breach["regular"])
    assert assessment.months_in_breach["regular"] > 12  # the example's regular reports wait too long
    assert bar.text_of("assessment", "breach:urgent") == "0"
    assert bar.text_of("investigation", "over_capacity") == format_month(investigation.first_month_over_capacity or "")
    assert "within its target" in bar.cells[("assessment", "breach:urgent")].toolTip()
    assert "at the end of Dec 2027" in bar.cells[("assessment", "backlog")].toolTip()


@pytest.mark.usefixtures("english_locale")
def test_intake_of_this_year_and_next(qtbot) -> None:
    view = _view(qtbot, today=datetime.date(2026, 5, 1))
    texts = intake_texts(view.headline_bar)
    assert texts[0].startswith("Intake 2026 (this year) 126,383 reports")
    assert texts[1].startswith("Intake 2027 (next year) 138,146 reports")
    assert "+9.3 % on 2026" in texts[1]


@pytest.mark.usefixtures("english_locale")
def test_intake_of_the_first_two_years_when_today_is_outside(qtbot) -> None:
    view = _view(qtbot, today=datetime.date(2035, 1, 1))
    texts = intake_texts(view.headline_bar)
    assert texts[0].startswith("Intake 2021 (first year of the projection) 36,000 reports")
    assert texts[1].startswith("Intake 2022 (second year of the projection) 50,000 reports")


@pytest.mark.parametrize(
    ("months_per_year", "this_year", "expected"),
    [
        ({2021: 12, 2022: 12, 2023: 12}, 2022, [(2022, "this year"), (2023, "next year")]),
        ({2021: 12, 2022: 12}, 2022, [(2021, "last year"), (2022, "this year")]),
        ({2022: 5}, 2022, [(2022, "this year")]),
        ({2030: 12, 2031: 12, 2032: 12}, 2022, [(2030, "first year"), (2031, "second year")]),
    ],
)
def test_which_years_the_intake_shows(months_per_year, this_year, expected) -> None:
    assert years_to_show(months_per_year, this_year) == expected


@pytest.mark.usefixtures("dutch_locale")
def test_numbers_follow_the_locale(qtbot) -> None:
    view = _view(qtbot)
    assessment = _example_headlines().stages[0]
    backlog = f"{assessment.backlog_items_end:,.0f}".replace(",", ".")
    assert view.headline_bar.text_of("assessment", "backlog") == backlog
    assert view.headline_bar.text_of("assessment", "gap") == f"{assessment.gap_today:.1f} short".replace(".", ",")
    assert "126.383" in intake_texts(view.headline_bar)[0]


@pytest.mark.usefixtures("english_locale")
def test_fte_to_hire_show_computing_until_the_answer_arrives(qtbot) -> None:
    view = _view(qtbot)
    bar = view.headline_bar
    assert bar.text_of("assessment", "hire") == "computing…"
    assert bar.text_of("investigation", "hire") == "computing…"
    view.show_hiring(
        [
            HireAdvice("assessment", 64.4, "2021-06", 2),
            HireAdvice("investigation", None, None, 0, "the targets cannot be met by hiring at this stage"),
        ]
    )
    assert bar.text_of("assessment", "hire") == "64.4 posts"
    tooltip = bar.cells[("assessment", "hire")].toolTip()
    assert "June 2021" in tooltip
    assert "2 months" in tooltip
    assert bar.text_of("investigation", "hire") == "no answer"
    assert "cannot be met" in bar.cells[("investigation", "hire")].toolTip()
    # A new projection means a new answer is on its way.
    view.show_projection(*projected(example_scenario(assessment={"fte": 50})))
    assert bar.text_of("assessment", "hire") == "computing…"


@pytest.mark.usefixtures("english_locale")
def test_no_hires_needed_reads_zero(qtbot) -> None:
    view = _view(qtbot)
    view.show_hiring([HireAdvice("assessment", 0.0, "2021-06", 0)])
    assert view.headline_bar.text_of("assessment", "hire") == "0.0 posts"
    assert view.headline_bar.text_of("investigation", "hire") == "computing…"


@pytest.mark.usefixtures("english_locale")
def test_a_plan_with_other_stages_rebuilds_the_headlines(qtbot) -> None:
    view = _view(qtbot)
    view.select_stage(1)
    projection, _ = projected()
    data = projection.scenario.model_dump()
    data["stages"] = data["stages"][:1]
    for source in data["sources"]:
        source["work"] = {"assessment": source["work"]["assessment"]}
    one_stage = type(projection.scenario).model_validate(data)
    view.show_projection(*projected(one_stage))
    assert view.stage_selector.count() == 1
    assert view.selected_stage() == 0
    assert ("investigation", "backlog") not in view.headline_bar.cells
    assert view.headline_bar.text_of("assessment", "team") == "Assessment"


@pytest.mark.parametrize(("width", "arrangement"), [(1920, "wide"), (1280, "two"), (600, "one")])
def test_charts_are_arranged_for_the_width(qtbot, width: int, arrangement: str) -> None:
    view = _view(qtbot)
    view.resize(width, 900)
    qtbot.waitUntil(lambda: view.chart_grid.arrangement == arrangement, timeout=1000)
    assert all(chart.isVisible() for chart in view.charts)


@pytest.mark.usefixtures("english_locale")
@pytest.mark.parametrize(("width", "today"), [(900, 2026), (900, 2035), (1050, 2026), (1250, 2026), (1920, 2026)])
def test_the_headlines_fit_without_scrolling_sideways(qtbot, width: int, today: int) -> None:
    # 900 pixels: the results pane of a 1366 × 768 laptop; 2035: the longer intake headings of a past plan.
    view = _view(qtbot, datetime.date(today, 5, 1), size=(width, 700))
    view.show_hiring([HireAdvice("assessment", 64.4, "2021-06", 2), HireAdvice("investigation", 117.6, "2021-06", 2)])
    bar = view.headline_bar
    viewport = bar.parentWidget()
    assert isinstance(viewport, QWidget)

    def everything_readable() -> None:
        assert bar.width() <= viewport.width(), "the headline figures would need a horizontal scroll bar"
        for (stage, column), cell in bar.cells.items():
            assert _wholly_shown(cell), f"{stage} {column}: {cell.text()!r} is cut off or hidden"
        for heading, value, _detail in bar.intake_labels:
            assert _wholly_shown(heading)
            assert _wholly_shown(value)

    qtbot.waitUntil(everything_readable, timeout=2000)
    assert [
        bar.text_of(stage, f"breach:{p}")
        for stage in ("assessment", "investigation")
        for p in ("urgent", "high", "regular")
    ] == [str(s.months_in_breach[p]) for s in _example_headlines().stages for p in ("urgent", "high", "regular")]
    headers = {label.text() for label in bar.findChildren(QLabel) if _wholly_shown(label)}
    assert {"Months over wait target", "Urgent", "≤ 7 days", "Regular", "≤ 180 days"} <= headers


@pytest.mark.usefixtures("english_locale")
def test_the_intake_moves_above_the_stages_when_both_do_not_fit_side_by_side(qtbot) -> None:
    view = _view(qtbot, size=(1920, 700))
    bar = view.headline_bar
    qtbot.waitUntil(lambda: bar.arrangement == "side by side", timeout=2000)
    intake_card, stages_card = bar.intake_labels[0][0].parentWidget(), bar.cells[("assessment", "team")].parentWidget()
    assert intake_card.geometry().right() < stages_card.geometry().left()

    view.resize(900, 700)
    qtbot.waitUntil(lambda: bar.arrangement == "stacked", timeout=2000)
    qtbot.waitUntil(lambda: intake_card.geometry().bottom() < stages_card.geometry().top(), timeout=2000)
    assert bar.intake_form == "line", "both years on one line: the bar grows by one line only"
    assert view.headline_bar.parentWidget().height() >= bar.sizeHint().height(), "no vertical scrolling either"


@pytest.mark.parametrize(
    ("name", "short"),
    [("Urgent (child at risk)", "Urgent"), ("Regular", "Regular"), ("(unnamed)", "(unnamed)"), ("P1 (a) (b)", "P1")],
)
def test_priority_headings_use_the_name_before_its_explanation(name: str, short: str) -> None:
    assert short_priority_name(name) == short


@pytest.mark.usefixtures("english_locale")
def test_a_long_stage_name_is_shortened_with_the_whole_name_in_its_tooltip(qtbot) -> None:
    projection, _ = projected()
    data = projection.scenario.model_dump()
    data["stages"][1]["name"] = "Investigation, victim identification and prosecution file"
    long_named = type(projection.scenario).model_validate(data)
    view = _view(qtbot, size=(900, 700))
    view.show_projection(*projected(long_named))
    cell = view.headline_bar.cells[("investigation", "team")]
    assert cell.text().startswith("Investigation, v")
    assert cell.text().endswith("…")
    assert "Investigation, victim identification and prosecution file" in cell.toolTip()
    qtbot.waitUntil(lambda: all(_wholly_shown(c) for c in view.headline_bar.cells.values()), timeout=2000)


def test_the_table_is_filled_when_its_tab_is_opened(qtbot: QtBot) -> None:
    view = ResultsView()
    qtbot.addWidget(view)
    projection, figures = projected()
    view.show_projection(projection, figures)
    view.tabs.setCurrentWidget(view.table_page)
    model = view.table.table_model
    assert model.rowCount() == len(projection.months)

    def last_row() -> list[object]:
        row = model.rowCount() - 1
        return [model.data(model.index(row, column)) for column in range(model.columnCount())]

    before = last_row()
    changed, changed_figures = projected(example_scenario(assessment={"fte": 45}))
    view.tabs.setCurrentIndex(0)
    view.show_projection(changed, changed_figures)
    assert last_row() == before  # not refilled while hidden
    view.tabs.setCurrentWidget(view.table_page)
    assert last_row() != before
