"""The two needs per team, over the last twelve months, in effective FTE and in funded posts."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.model.engine import project
from desktop.model.measures import headlines
from desktop.model.needs import effective_share_of_posts
from desktop.model.plan import Stage
from desktop.model.staffing import effective_fte

from .builders import scenario, source, stage


def _two_stages(first_fte: float) -> list[dict[str, object]]:
    # 1,200 one-hour reports a year at the first stage (100 h a month); half go on, with 4 hours each.
    return [
        stage("assess", fte=first_fte, max_occupancy=1.0),
        stage("investigate", fte=5.0, max_occupancy=0.8),
    ]


def _plan(first_fte: float, months: int = 24):  # type: ignore[no-untyped-def]
    return scenario(
        months=months,
        stages=_two_stages(first_fte),
        sources=[
            source(
                volumes={"2021": 1200.0, "2022": 2400.0},
                work={"assess": {"share": 1.0, "hours": 1.0}, "investigate": {"share": 0.5, "hours": 4.0}},
            )
        ],
    )


def test_the_need_is_the_mean_of_the_last_twelve_months_with_the_peak_beside_it() -> None:
    """By hand: 2022 brings 200 reports a month, 200 h at assessment, 100 FTE-hours per FTE at 100 %."""
    figures = headlines(project(_plan(first_fte=10.0)), solve_hiring=False).stages
    assessment, investigation = figures
    assert assessment.need_today.fte == pytest.approx(2.0)
    assert assessment.need_today.peak_fte == pytest.approx(2.0)
    # investigation: 100 reports × 4 h = 400 h a month, at 80 % of 100 h per FTE → 5 FTE
    assert investigation.need_today.fte == pytest.approx(400 / (100 * 0.8))
    assert investigation.fte_available == pytest.approx(5.0)
    assert investigation.gap_today == pytest.approx(0.0)


def test_a_mean_over_a_growing_year_is_below_its_peak() -> None:
    plan = scenario(
        months=12,
        sources=[source(volumes={"2021": 1200.0}, seasonality=[float(m) for m in range(1, 13)])],
    )
    need = headlines(project(plan), solve_hiring=False).stages[0].need_today
    demand = project(plan).demand_hours[0].sum(axis=1)
    assert need.fte == pytest.approx(demand.mean() / (100 * 0.85))  # the default highest occupancy
    assert need.peak_fte == pytest.approx(demand.max() / (100 * 0.85))
    assert need.peak_month == "2021-12"
    assert need.fte < need.peak_fte


def test_a_team_held_back_upstream_needs_more_once_the_team_before_it_keeps_up() -> None:
    """Assessment with 1 FTE passes on half of what arrives; with unlimited capacity it passes all."""
    plan = _plan(first_fte=1.0)
    assessment, investigation = headlines(project(plan), solve_hiring=False).stages
    assert assessment.need_if_upstream_kept_up == assessment.need_today  # nothing comes before it
    assert investigation.need_if_upstream_kept_up.fte > investigation.need_today.fte * 1.5
    assert investigation.held_back_by_upstream
    # the definition: the need of the same stage run with every stage before it at unlimited capacity
    unconstrained = project(plan, unlimited={"assess"})
    expected = unconstrained.demand_hours[1, -12:].sum(axis=1).mean() / (100 * 0.8)
    assert investigation.need_if_upstream_kept_up.fte == pytest.approx(expected)
    assert investigation.gap_if_upstream_kept_up == pytest.approx(expected - 5.0)


def test_a_team_that_keeps_up_upstream_changes_nothing_downstream() -> None:
    investigation = headlines(project(_plan(first_fte=10.0)), solve_hiring=False).stages[1]
    assert investigation.need_if_upstream_kept_up.fte == pytest.approx(investigation.need_today.fte)
    assert not investigation.held_back_by_upstream


@pytest.mark.parametrize(("attrition", "vacancy", "ramp"), [(0.15, 5, 4), (0.4, 3, 9), (0.05, 12, 0), (0.2, 0, 6)])
def test_posts_per_effective_fte_match_a_long_run_of_the_staffing_model(
    attrition: float, vacancy: int, ramp: int
) -> None:
    team = Stage.model_validate(
        stage(fte=100.0, attrition_per_year=attrition, vacancy_months=vacancy, ramp_up_months=ramp)
    )
    settled = effective_fte(team, "2021-01", 600)[-60:]
    assert np.ptp(settled) < 1e-6  # a steady state
    assert effective_share_of_posts(team) == pytest.approx(settled.mean() / 100.0, rel=2e-3)


def test_posts_allow_for_vacancies_and_ramp_up() -> None:
    plan = scenario(months=12, stages=[stage(fte=1.0, attrition_per_year=0.3, vacancy_months=4, ramp_up_months=6)])
    figures = headlines(project(plan), solve_hiring=False).stages[0]
    share = effective_share_of_posts(plan.stages[0])
    assert share < 0.9
    assert figures.need_today.posts == pytest.approx(figures.need_today.fte / share)


def test_the_backlog_clearing_need_is_separate_with_its_months() -> None:
    plan = scenario(months=12, clear_months=6, stages=[stage(fte=0.5, max_occupancy=1.0)])
    p = project(plan)
    figures = headlines(p, solve_hiring=False).stages[0]
    assert figures.clear_months == 6
    assert figures.clear_fte == pytest.approx(p.backlog_hours[0, -1].sum() / 6 / 100)
    assert figures.need_today.fte == pytest.approx(1.0)  # today's work alone: 100 h a month


def test_a_team_without_casework_hours_needs_without_end() -> None:
    plan = scenario(months=12, stages=[stage(fte=1.0, productive_share=0.0)])
    figures = headlines(project(plan), solve_hiring=False).stages[0]
    assert figures.need_today.fte == np.inf
