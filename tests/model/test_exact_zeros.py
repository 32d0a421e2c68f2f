"""Exact zeros: a team cut to nothing has nothing, not rounding dust that attrition wears down for years."""

from __future__ import annotations

import numpy as np

from desktop.model.engine import project
from desktop.model.plan import Stage
from desktop.model.staffing import effective_fte, establishment

from .builders import scenario, source, stage

_CUT = stage(
    "A",
    fte=3.7,
    attrition_per_year=0.417,
    vacancy_months=3,
    staffing_changes=[{"month": "2025-02", "fte_delta": -500}],
)


def test_a_cut_to_zero_leaves_exactly_no_staff() -> None:
    cut = Stage.model_validate(_CUT)
    funded = establishment(cut, "2025-01", 48)
    in_post = effective_fte(cut, "2025-01", 48)
    assert funded[0] == 3.7
    assert (funded[1:] == 0.0).all()
    assert in_post[0] > 0
    assert (in_post[1:] == 0.0).all()  # exactly: no 4e-16 FTE left behind


def test_no_capacity_shows_as_such_and_no_breach_comes_from_dust() -> None:
    """Stage A is cut to zero; stage B has no staff and work only from 2026, which A can no longer pass on."""
    plan = scenario(
        start="2025-01",
        months=36,
        stages=[_CUT, stage("B", fte=0.0)],
        sources=[source(volumes={"2025": 0.0, "2026": 1200.0})],
    )
    projection = project(plan)
    a, b = 0, 1
    assert (projection.capacity_hours[a, 1:] == 0.0).all()
    with_work = projection.demand_hours[a, 1:, 0] > 0
    assert with_work.any()
    # A: an endless wait ("no capacity") where work waits, not 8e16 days; utilisation empty, not 1.0
    assert np.isinf(projection.wait_days[a, 1:, 0][with_work]).all()
    assert np.isnan(projection.utilization[a, 1:]).all()
    # B: nothing arrives, so nothing waits and no norm is breached there
    assert (projection.arrivals[b] == 0.0).all()
    assert not projection.breached[b].any()
    assert not projection.over_occupancy[b].any()
