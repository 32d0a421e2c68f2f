"""The wait estimate against a discrete-event simulation of the same team (Ciw), on a small grid.

The band asserted is the one docs/method.md ("Calibration") gives; the full table is
benchmarks/wait_calibration.py. Runs are seeded and short.
"""

from __future__ import annotations

import pytest

from .wait_simulation import estimate, month_end_wait, steady_wait

# Below full load, where the team settles within a month: the long-run mean wait.
STEADY = [(0.7, 2, 1.0), (0.7, 5, 8.0), (0.8, 5, 8.0)]
# At and above full load: reports arriving around the end of a first month from an empty queue.
MONTH = [(1.0, 5, 8.0), (1.1, 2, 8.0), (1.2, 10, 8.0)]


def _within(estimated: float, simulated: float, days: float, share: float) -> bool:
    return abs(estimated - simulated) <= max(days, share * simulated)


@pytest.mark.parametrize(("load", "team", "hours"), STEADY)
def test_below_full_load_the_estimate_is_the_simulated_long_run_wait(load: float, team: int, hours: float) -> None:
    [simulated] = steady_wait(load, team, hours, reports=8_000, seed=3)
    [estimated] = estimate(load, team, hours)
    assert estimated > 0
    assert _within(estimated, simulated, 0.25, 0.30), (estimated, simulated)


@pytest.mark.parametrize(("load", "team", "hours"), MONTH)
def test_above_full_load_the_estimate_is_the_simulated_wait_after_a_month(load: float, team: int, hours: float) -> None:
    [simulated] = month_end_wait(load, team, hours, reports=400, min_runs=20, seed=5)
    [estimated] = estimate(load, team, hours)
    assert _within(estimated, simulated, 1.0, 0.50), (estimated, simulated)


def test_with_two_priorities_the_urgent_wait_is_the_simulated_one_and_shorter() -> None:
    mix = (0.3, 0.7)
    simulated = steady_wait(0.8, 5, 8.0, mix, reports=8_000, seed=7)
    estimated = estimate(0.8, 5, 8.0, mix)
    assert estimated[0] < estimated[1]
    assert _within(estimated[0], simulated[0], 0.25, 0.30), (estimated, simulated)
    assert _within(estimated[1], simulated[1], 0.25, 0.35), (estimated, simulated)
