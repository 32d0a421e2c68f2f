"""Capacity per FTE and effective FTE over time, worked out by hand (DESIGN.md, staffing.py's docstring)."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.model.engine import hours_per_fte_month, project
from desktop.model.plan import Stage
from desktop.model.staffing import effective_fte, establishment, ramp_productivity

from .builders import scenario, stage


def _stage(**fields: object) -> Stage:
    return Stage.model_validate(stage(**fields))


# --- hours per FTE and the exposure cap ----------------------------------------------------------


def test_hours_per_fte_are_productive_hours_a_month() -> None:
    # 1600 h/year ÷ 12 × 0.75 = 100 h a month
    assert hours_per_fte_month(_stage(hours_per_fte_year=1600, productive_share=0.75)) == pytest.approx(
        100.0, rel=1e-12
    )


def test_the_exposure_cap_binds_when_it_is_below_productive_hours() -> None:
    # cap: 10 h viewing a working week × 46 working weeks ÷ 12 = 38.33 h viewing a month;
    # viewing is half of casework → 76.67 h
    capped = _stage(
        fte=3,
        hours_per_fte_year=1600,
        productive_share=0.75,
        exposure_share=0.5,
        max_exposure_hours_per_week=10,
    )
    assert hours_per_fte_month(capped) == pytest.approx(10 * 46 / 12 / 0.5, rel=1e-12)
    assert hours_per_fte_month(capped) == pytest.approx(76.6667, abs=1e-4)
    projection = project(scenario(months=2, stages=[capped.model_dump()]))
    assert projection.capacity_hours[0] == pytest.approx([3 * 76.6667] * 2, abs=1e-3)


def test_the_exposure_cap_counts_the_working_weeks_of_the_team() -> None:
    """Leave is no viewing: a team working 40 weeks a year views 40 capped weeks, not 52."""
    capped = _stage(
        fte=3,
        hours_per_fte_year=1600,
        productive_share=0.75,
        exposure_share=0.5,
        max_exposure_hours_per_week=10,
        working_weeks_per_year=40,
    )
    assert hours_per_fte_month(capped) == pytest.approx(10 * 40 / 12 / 0.5, rel=1e-12)


def test_the_exposure_cap_does_not_bind_when_it_is_high() -> None:
    # cap: 40 × 52 ÷ 12 ÷ 0.5 = 346.67 h > 100 h
    loose = _stage(hours_per_fte_year=1600, productive_share=0.75, exposure_share=0.5, max_exposure_hours_per_week=40)
    assert hours_per_fte_month(loose) == pytest.approx(100.0, rel=1e-12)


def test_no_cap_without_a_maximum_or_without_exposure() -> None:
    no_maximum = _stage(hours_per_fte_year=1600, productive_share=0.75, exposure_share=1.0)
    assert hours_per_fte_month(no_maximum) == pytest.approx(100.0, rel=1e-12)
    no_viewing = _stage(
        hours_per_fte_year=1600, productive_share=0.75, exposure_share=0.0, max_exposure_hours_per_week=1
    )
    assert hours_per_fte_month(no_viewing) == pytest.approx(100.0, rel=1e-12)


# --- new posts, vacancy lag and ramp-up ----------------------------------------------------------


@pytest.mark.parametrize(
    ("months_since_joining", "ramp_up_months", "expected"),
    [(0, 4, 0.125), (1, 4, 0.375), (2, 4, 0.625), (3, 4, 0.875), (4, 4, 1.0), (10, 4, 1.0), (0, 0, 1.0), (0, 1, 0.5)],
)
def test_ramp_productivity_is_half_a_month_into_each_month(
    months_since_joining: int, ramp_up_months: int, expected: float
) -> None:
    # min(1, (j + 0.5) ÷ ramp); no ramp-up = fully productive at once
    assert ramp_productivity(months_since_joining, ramp_up_months) == pytest.approx(expected, abs=1e-12)


def test_new_posts_are_filled_after_the_vacancy_lag_and_ramp_up() -> None:
    # 3 FTE; +2 posts from month 3 (2021-04); filled 2 months later, at month 5;
    # the two newcomers work at 0.125, 0.375, 0.625, 0.875, then 1 of full productivity.
    funded = _stage(
        fte=3,
        vacancy_months=2,
        ramp_up_months=4,
        staffing_changes=[{"month": "2021-04", "fte_delta": 2}],
    )
    expected = [3.0] * 5 + [3 + 2 * 0.125, 3 + 2 * 0.375, 3 + 2 * 0.625, 3 + 2 * 0.875] + [5.0] * 3
    assert establishment(funded, "2021-01", 12) == pytest.approx([3.0] * 3 + [5.0] * 9, abs=1e-12)
    assert effective_fte(funded, "2021-01", 12) == pytest.approx(expected, abs=1e-12)
    # the engine's capacity follows: 100 h per effective FTE
    projection = project(scenario(stages=[funded.model_dump()]))
    assert projection.fte_available[0] == pytest.approx(expected, abs=1e-12)
    assert projection.capacity_hours[0] == pytest.approx(100 * np.array(expected), abs=1e-9)


def test_extra_fte_are_hired_from_the_start_after_the_lag() -> None:
    # the solver's extra posts: funded at month 0, joined at month 2, productivity 0.25, 0.75, 1 (ramp 2)
    base = _stage(fte=4, vacancy_months=2, ramp_up_months=2)
    expected = [4.0, 4.0, 4 + 3 * 0.25, 4 + 3 * 0.75, 7.0, 7.0]
    assert effective_fte(base, "2021-01", 6, extra_fte=3) == pytest.approx(expected, abs=1e-12)
    projection = project(scenario(months=6, stages=[base.model_dump()]), extra_fte={"k1": 3})
    assert projection.fte_available[0] == pytest.approx(expected, abs=1e-12)


# --- attrition and backfill ----------------------------------------------------------------------


def _attrition_stage(ramp_up_months: int = 0) -> Stage:
    # 10 FTE; 12 % leave a year = 1 % of those in post a month; each leaver replaced 2 months later.
    return _stage(fte=10, attrition_per_year=0.12, vacancy_months=2, ramp_up_months=ramp_up_months)


def test_leavers_are_replaced_after_the_vacancy_lag() -> None:
    in_post = effective_fte(_attrition_stage(), "2021-01", 6)
    # month 0: 10 × 0.99 = 9.9 (0.1 leave, back in month 2)
    # month 1: 9.9 × 0.99 = 9.801 (0.099 leave, back in month 3)
    # month 2: 9.801 × 0.99 + 0.1 = 9.70299 + 0.1 = 9.80299
    # month 3: 9.80299 × 0.99 + 0.099 = 9.7049601 + 0.099 = 9.8039601
    # month 4: 9.8039601 × 0.99 + 0.09801 = 9.705920499 + 0.09801 = 9.803930499
    # month 5: 9.803930499 × 0.99 + 0.0980299 = 9.70589119401 + 0.0980299 = 9.80392109401
    expected = [9.9, 9.801, 9.80299, 9.8039601, 9.803930499, 9.80392109401]
    assert in_post == pytest.approx(expected, abs=1e-12)


def test_attrition_never_takes_staff_above_establishment_and_posts_stay_accounted_for() -> None:
    months = 240
    in_post = effective_fte(_attrition_stage(), "2021-01", months)
    assert (in_post <= 10 + 1e-12).all()
    # in post + vacancies being filled = establishment. The open vacancies at the end of month m are
    # the leavers of months m and m − 1 (1 % of those in post at the end of the month before each).
    before = np.concatenate([[10.0, 10.0], in_post])  # in post at the end of months −2 … months − 1
    leavers = 0.01 * before[1:-1]  # leavers of month m: 1 % of in post at the end of month m − 1
    leavers_before = np.concatenate([[0.0], leavers[:-1]])
    assert in_post + leavers + leavers_before == pytest.approx(np.full(months, 10.0), abs=1e-9)
    # in the long run x + 0.01 x + 0.01 x = 10 → x = 10 ÷ 1.02
    assert in_post[-1] == pytest.approx(10 / 1.02, abs=1e-9)


def test_attrition_with_ramp_up_counts_newcomers_at_their_productivity() -> None:
    # as above, with ramp-up of 2 months: the 0.1 who join in month 2 give 0.25 of an FTE that month
    # (0.1 × 0.25 = 0.025, so 0.075 short) and 0.75 the next (after 1 % attrition: 0.099 × 0.25 short);
    # month 3 also has the 0.099 who join at 0.25 (0.07425 short).
    effective = effective_fte(_attrition_stage(ramp_up_months=2), "2021-01", 4)
    assert effective == pytest.approx(
        [9.9, 9.801, 9.80299 - 0.1 * 0.75, 9.8039601 - 0.1 * 0.99 * 0.25 - 0.099 * 0.75], abs=1e-12
    )


# --- cuts ----------------------------------------------------------------------------------------


def test_a_cut_takes_effect_at_once() -> None:
    # 10 FTE, a 6-month vacancy lag, −4 posts from month 2: 6 in post at month 2, not later
    cut = _stage(fte=10, vacancy_months=6, staffing_changes=[{"month": "2021-03", "fte_delta": -4}])
    assert effective_fte(cut, "2021-01", 5) == pytest.approx([10, 10, 6, 6, 6], abs=1e-12)


def test_a_cut_cancels_vacancies_being_filled_before_it_removes_staff() -> None:
    # 10 FTE, 3-month lag. +4 posts at month 1 (filled at month 4); −6 at month 2:
    # the 4 open vacancies are cancelled, then 2 of the 10 in post go → 8, and nobody joins at month 4.
    cut = _stage(
        fte=10,
        vacancy_months=3,
        staffing_changes=[{"month": "2021-02", "fte_delta": 4}, {"month": "2021-03", "fte_delta": -6}],
    )
    assert effective_fte(cut, "2021-01", 7) == pytest.approx([10, 10, 8, 8, 8, 8, 8], abs=1e-12)


def test_a_small_cut_only_cancels_vacancies() -> None:
    # +4 at month 1 (filled at month 4), −3 at month 2: 1 vacancy remains; the 10 in post stay; 11 from month 4
    cut = _stage(
        fte=10,
        vacancy_months=3,
        staffing_changes=[{"month": "2021-02", "fte_delta": 4}, {"month": "2021-03", "fte_delta": -3}],
    )
    assert effective_fte(cut, "2021-01", 6) == pytest.approx([10, 10, 10, 10, 11, 11], abs=1e-12)


def test_a_cut_cancels_the_vacancies_filled_last_first() -> None:
    # 10 FTE, 4-month lag: +2 at month 0 (filled at 4), +2 at month 2 (filled at 6), −2 at month 3.
    # The vacancies due at month 6 go; those due at month 4 are filled.
    cut = _stage(
        fte=10,
        vacancy_months=4,
        staffing_changes=[
            {"month": "2021-01", "fte_delta": 2},
            {"month": "2021-03", "fte_delta": 2},
            {"month": "2021-04", "fte_delta": -2},
        ],
    )
    assert effective_fte(cut, "2021-01", 8) == pytest.approx([10, 10, 10, 10, 12, 12, 12, 12], abs=1e-12)


def test_a_cut_reduces_newcomers_still_ramping_up_in_proportion() -> None:
    # 6 FTE, no lag, ramp 4: +2 at month 0 join at once at 0.125; −4 at month 1 takes 4 of the 8 in post,
    # half of each group: 3 of the old staff (1.0) and 1 newcomer (month 1: 0.375) → 3 + 0.375.
    cut = _stage(
        fte=6,
        ramp_up_months=4,
        staffing_changes=[{"month": "2021-01", "fte_delta": 2}, {"month": "2021-02", "fte_delta": -4}],
    )
    assert effective_fte(cut, "2021-01", 3) == pytest.approx([6 + 2 * 0.125, 3 + 0.375, 3 + 0.625], abs=1e-12)


def test_establishment_never_goes_below_zero() -> None:
    gone = _stage(fte=2, staffing_changes=[{"month": "2021-02", "fte_delta": -5}])
    assert establishment(gone, "2021-01", 3) == pytest.approx([2, 0, 0], abs=1e-12)
    assert effective_fte(gone, "2021-01", 3) == pytest.approx([2, 0, 0], abs=1e-12)
