"""Monthly intake from yearly volumes, growth, seasonality and events (DESIGN.md, "Sources")."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.model.engine import project
from desktop.model.intake import monthly_intake, seasonal_factors, yearly_volume
from desktop.model.plan import Source

from .builders import priority, scenario, source


def _source(**fields: object) -> Source:
    data = source(**fields)
    data.setdefault("priority_mix", {"p1": 1.0})
    data.setdefault("work", {"k1": {"share": 1.0, "hours": 1.0}})
    return Source.model_validate(data)


def test_a_yearly_volume_is_spread_evenly_over_its_months() -> None:
    intake = monthly_intake(scenario(sources=[source(volumes={"2021": 1800})]))
    assert intake.shape == (12, 1)
    assert intake[:, 0] == pytest.approx(np.full(12, 150.0), rel=1e-12)  # 1800 ÷ 12


def test_growth_carries_the_last_figure_forward() -> None:
    grown = _source(volumes={"2021": 1000}, growth_per_year=0.2)
    # 1000, 1000 × 1.2 = 1200, 1200 × 1.2 = 1440
    assert [yearly_volume(grown, y) for y in (2021, 2022, 2023)] == pytest.approx([1000, 1200, 1440], rel=1e-12)
    intake = monthly_intake(scenario(months=36, sources=[grown.model_dump()]))
    assert intake[:, 0] == pytest.approx(np.repeat([1000 / 12, 100.0, 120.0], 12), rel=1e-12)


def test_growth_carries_the_first_figure_backward() -> None:
    grown = _source(volumes={"2021": 1440}, growth_per_year=0.2)
    # 2020: 1440 ÷ 1.2 = 1200; 2019: 1200 ÷ 1.2 = 1000
    assert [yearly_volume(grown, y) for y in (2019, 2020, 2021)] == pytest.approx([1000, 1200, 1440], rel=1e-12)
    intake = monthly_intake(scenario(start="2019-01", months=36, sources=[grown.model_dump()]))
    assert intake[:, 0] == pytest.approx(np.repeat([1000 / 12, 100.0, 120.0], 12), rel=1e-12)


def test_growth_fills_gaps_between_figures_from_the_year_before() -> None:
    gappy = _source(volumes={"2021": 1000, "2024": 2000}, growth_per_year=0.1)
    # 2022: 1000 × 1.1 = 1100; 2023: 1100 × 1.1 = 1210; 2024 as given; 2025: 2000 × 1.1 = 2200
    volumes = [yearly_volume(gappy, y) for y in range(2021, 2026)]
    assert volumes == pytest.approx([1000, 1100, 1210, 2000, 2200], rel=1e-12)


def test_negative_growth_shrinks_forward_and_grows_backward() -> None:
    shrinking = _source(volumes={"2021": 1000}, growth_per_year=-0.5)
    # 2020: 1000 ÷ 0.5 = 2000; 2022: 1000 × 0.5 = 500
    assert [yearly_volume(shrinking, y) for y in (2020, 2021, 2022)] == pytest.approx([2000, 1000, 500], rel=1e-12)


def test_seasonality_is_normalised_to_a_mean_of_one() -> None:
    # [2] × 6 + [0] × 6 has mean 1: January–June get twice the monthly average, July–December nothing
    seasonal = _source(volumes={"2021": 1200}, seasonality=[2.0] * 6 + [0.0] * 6)
    assert seasonal_factors(seasonal) == pytest.approx([2.0] * 6 + [0.0] * 6, abs=1e-12)
    intake = monthly_intake(scenario(sources=[seasonal.model_dump()]))
    assert intake[:, 0] == pytest.approx([200.0] * 6 + [0.0] * 6, abs=1e-12)


def test_seasonality_that_does_not_average_one_is_scaled() -> None:
    # [3] × 12 is flat; [1, 3, 1, 3, …] (sum 24) becomes [0.5, 1.5, …]; the year's total stays 1200
    flat = _source(volumes={"2021": 1200}, seasonality=[3.0] * 12)
    assert seasonal_factors(flat) == pytest.approx([1.0] * 12, abs=1e-12)
    wavy = _source(volumes={"2021": 1200}, seasonality=[1.0, 3.0] * 6)
    intake = monthly_intake(scenario(sources=[wavy.model_dump()]))
    assert intake[:, 0] == pytest.approx([50.0, 150.0] * 6, abs=1e-12)
    assert intake[:, 0].sum() == pytest.approx(1200.0, rel=1e-12)


def test_an_event_multiplies_intake_from_its_month_on() -> None:
    intake = monthly_intake(
        scenario(
            months=6,
            sources=[source("a", volumes={"2021": 1200}), source("b", volumes={"2021": 600})],
            events=[
                {"name": "chat scanning", "source": "a", "month": "2021-03", "factor": 1.5},
                {"name": "another company", "source": "a", "month": "2021-05", "factor": 2.0},
            ],
        )
    )
    # a: 100, 100, then × 1.5 = 150, 150, then × 1.5 × 2 = 300; b is not touched: 50
    assert intake[:, 0] == pytest.approx([100, 100, 150, 150, 300, 300], rel=1e-12)
    assert intake[:, 1] == pytest.approx([50.0] * 6, rel=1e-12)


def test_an_event_before_the_start_applies_from_month_zero_and_one_after_the_end_not_at_all() -> None:
    intake = monthly_intake(
        scenario(
            months=3,
            events=[
                {"name": "long ago", "source": "s1", "month": "2019-06", "factor": 0.5},
                {"name": "later", "source": "s1", "month": "2021-04", "factor": 10.0},
            ],
        )
    )
    assert intake[:, 0] == pytest.approx([50.0, 50.0, 50.0], rel=1e-12)  # 100 × 0.5


def test_an_event_with_factor_zero_stops_the_source() -> None:
    intake = monthly_intake(
        scenario(months=4, events=[{"name": "stops", "source": "s1", "month": "2021-03", "factor": 0.0}])
    )
    assert intake[:, 0] == pytest.approx([100.0, 100.0, 0.0, 0.0], abs=1e-12)


def test_a_plan_starting_mid_year_takes_each_month_from_its_own_calendar_year() -> None:
    # start July 2021: months 0–5 are July–December 2021 (1200 ÷ 12), 6–11 January–June 2022 (2400 ÷ 12)
    intake = monthly_intake(scenario(start="2021-07", sources=[source(volumes={"2021": 1200, "2022": 2400})]))
    assert intake[:, 0] == pytest.approx([100.0] * 6 + [200.0] * 6, rel=1e-12)


def test_a_plan_starting_mid_year_uses_the_calendar_months_seasonality() -> None:
    # start July: months 0–5 are July–December (factor 0), months 6–11 January–June (factor 2)
    seasonal = source(volumes={"2021": 1200, "2022": 1200}, seasonality=[2.0] * 6 + [0.0] * 6)
    intake = monthly_intake(scenario(start="2021-07", sources=[seasonal]))
    assert intake[:, 0] == pytest.approx([0.0] * 6 + [200.0] * 6, abs=1e-12)


def test_a_plan_starting_in_december_crosses_two_year_boundaries() -> None:
    # Dec 2021 (1200 ÷ 12), Jan–Dec 2022 (2400 ÷ 12), Jan 2023 (2400 × 1.5 ÷ 12)
    grown = source(volumes={"2021": 1200, "2022": 2400}, growth_per_year=0.5)
    intake = monthly_intake(scenario(start="2021-12", months=14, sources=[grown]))
    assert intake[:, 0] == pytest.approx([100.0] + [200.0] * 12 + [300.0], rel=1e-12)


def test_first_stage_arrivals_are_intake_times_mix_times_share() -> None:
    # 100 a month; 30 % urgent, 70 % regular; 80 % of the reports need the stage
    projection = project(
        scenario(
            months=2,
            priorities=[priority("urgent"), priority("regular")],
            sources=[source(priority_mix={"urgent": 0.3, "regular": 0.7}, work={"k1": {"share": 0.8, "hours": 1.0}})],
        )
    )
    assert projection.intake[:, 0] == pytest.approx([100.0, 100.0], rel=1e-12)
    assert projection.arrivals[0, :, 0] == pytest.approx(np.array([[24.0, 56.0]] * 2), rel=1e-12)


@pytest.mark.parametrize(
    ("volumes", "growth", "start", "months"),
    [
        # a 0 in 1900 carried 299 years forward at +1000 %: 0 × 11^299 is still 0 reports
        ({"1900": 0.0}, 10.0, "2150-01", 600),
        # a 0 in 2200 carried 300 years back at −95 %: 0 ÷ 0.05^300 is still 0 reports
        ({"2200": 0.0}, -0.95, "1900-01", 12),
    ],
)
def test_a_zero_figure_carried_far_by_growth_stays_zero(
    volumes: dict[str, float], growth: float, start: str, months: int
) -> None:
    # The plan is valid (growth from 0 carries nothing past the limit), so the engine must run it.
    built = scenario(start=start, months=months, sources=[source(volumes=volumes, growth_per_year=growth)])
    assert monthly_intake(built) == pytest.approx(np.zeros((months, 1)), abs=0)
