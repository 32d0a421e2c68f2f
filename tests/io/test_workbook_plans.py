"""Plans for the workbook tests, and proof that the awkward plan reaches every corner the formulas must handle."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from desktop.model.engine import project
from desktop.model.example import example_plan
from desktop.model.plan import Plan

HYPERLINK = '=HYPERLINK("x","y")'
TEXT_THAT_LOOKS_LIKE_FORMULAS = (HYPERLINK, "+31 tip line", "-minus reports", "@mention", "#N/A")

_AWKWARD: dict[str, Any] = {
    "title": "Awkward & test plan: formulas at their edges",
    "notes": "Line one\nline two\twith a tab, _x0041_ literally, and a bell \x07 character.",
    "scenarios": [
        {
            "name": "Edges",
            "notes": "  Leading and trailing spaces are kept.  ",
            "start": "2021-03",
            "months": 40,
            "clear_months": 6,
            "priorities": [
                {"key": "p1", "name": "=1+1", "target_days": 5},
                {"key": "p2", "name": "High", "target_days": 21.5},
                {"key": "p3", "name": "Low", "target_days": 120},
            ],
            "stages": [
                {
                    # No staff for the first two months: waits with no capacity at all.
                    "key": "s1",
                    "name": "#N/A",
                    "team": "=SUM(A1)",
                    "fte": 0,
                    "hours_per_fte_year": 1500,
                    "productive_share": 0.75,
                    "exposure_share": 0.9,
                    "max_exposure_hours_per_week": 12,
                    "attrition_per_year": 0.2,
                    "vacancy_months": 0,
                    "ramp_up_months": 2,
                    "staffing_changes": [
                        {"month": "2021-05", "fte_delta": 4, "note": "@first posts"},
                        {"month": "2022-01", "fte_delta": 1.5, "note": ""},
                    ],
                    "initial_backlog": {"p1": 3, "p3": 40},
                },
                {
                    "key": "s2",
                    "name": "Investigation",
                    "team": "+Team two",
                    "fte": 2.5,
                    "hours_per_fte_year": 1600,
                    "productive_share": 0.6,
                    "vacancy_months": 2,
                    "ramp_up_months": 0,
                    "staffing_changes": [{"month": "2022-07", "fte_delta": -1, "note": "A cut"}],
                    "initial_backlog": {"p2": 2, "p3": 7},
                },
            ],
            "sources": [
                {
                    # Figures before and after the start: carried forward, partial years.
                    "key": "a",
                    "name": HYPERLINK,
                    "volumes": {"2019": 1000, "2023": 1500.5},
                    "growth_per_year": 0.125,
                    "seasonality": [1.2, 1, 0.8, 1, 1, 0.5, 0.4, 0.9, 1.1, 1.3, 1.2, 1.6],
                    "priority_mix": {"p1": 0.1, "p2": 0.3, "p3": 0.6},
                    "work": {"s1": {"share": 1, "hours": 0.8}, "s2": {"share": 0.2, "hours": 6}},
                },
                {
                    # Only a figure after the start: the years before are carried back; switched off later.
                    "key": "b",
                    "name": "+31 tip line",
                    "volumes": {"2024": 800},
                    "growth_per_year": -0.1,
                    "seasonality": [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
                    "priority_mix": {"p1": 0.5, "p2": 0.5},
                    "work": {"s1": {"share": 0.9, "hours": 1.25}, "s2": {"share": 0.5, "hours": 0}},
                },
                {
                    # Nothing in the first year, no hours at the first stage, none of it goes on.
                    "key": "c",
                    "name": "-minus reports",
                    "volumes": {"2021": 0, "2022": 600},
                    "priority_mix": {"p3": 1},
                    "work": {"s1": {"share": 1, "hours": 0}, "s2": {"share": 0, "hours": 10}},
                },
                {
                    "key": "d",
                    "name": "@mention",
                    "volumes": {"2021": 120, "2022": 90},
                    "growth_per_year": 0.05,
                    "priority_mix": {"p1": 0.2, "p2": 0.2, "p3": 0.6},
                    "work": {"s1": {"share": 1, "hours": 2}, "s2": {"share": 1, "hours": 3.5}},
                },
            ],
            "events": [
                {"name": "Before the start", "source": "a", "month": "2020-06", "factor": 1.5},
                {"name": "Tip line switched off", "source": "b", "month": "2022-06", "factor": 0},
                {"name": "Doubled while off", "source": "b", "month": "2023-01", "factor": 2},
                {"name": "=cmd|' /C calc'!A0", "source": "d", "month": "2021-09", "factor": 1.25},
            ],
        }
    ],
}


def awkward_plan() -> Plan:
    """Three priorities, two stages, and every edge the Model's formulas must get right."""
    return Plan.model_validate(copy.deepcopy(_AWKWARD))


def two_scenario_plan() -> Plan:
    """The example with a second scenario that funds more posts and sees more chat reports."""
    raw = example_plan().model_dump(mode="json")
    second = copy.deepcopy(raw["scenarios"][0])
    second["name"] = "Ten more FTE & chat doubles"
    second["stages"][0]["staffing_changes"].append({"month": "2021-06", "fte_delta": 10, "note": "Funded now"})
    second["sources"][2]["growth_per_year"] = 0.3
    raw["scenarios"].append(second)
    return Plan.model_validate(raw)


def test_the_awkward_plan_has_months_without_capacity() -> None:
    projection = project(awkward_plan().scenarios[0])
    assert np.isinf(projection.wait_days[0]).any()
    assert np.isfinite(projection.wait_days[0]).any()


def test_the_awkward_plan_carries_volumes_both_ways_and_switches_a_source_off() -> None:
    projection = project(awkward_plan().scenarios[0])
    assert projection.intake[0, 1] > 0  # 2021 of source b, carried back from 2024
    assert projection.intake[-1, 1] == 0  # switched off by a factor 0
    assert projection.intake[:10, 2].sum() == 0  # source c has nothing in 2021


def test_the_awkward_plan_splits_a_starting_backlog_without_first_month_arrivals() -> None:
    scenario = awkward_plan().scenarios[0]
    projection = project(scenario)
    # p3 arrives at stage 1 only from sources a, c and d; in the first month c sends nothing.
    assert projection.arrivals[0, 0, 2, 2] == 0
    # Stage 2 gets no p3 items from c (share 0) at all.
    assert projection.arrivals[1, :, 2, 2].sum() == 0
