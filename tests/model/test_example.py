"""The built-in example plan keeps to the published totals and says its details are illustrative."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.model.engine import project
from desktop.model.example import example_plan
from desktop.model.intake import monthly_intake


def _intake_in(year: int) -> float:
    scenario = example_plan().scenario()
    assert scenario.start == "2021-01"
    intake = monthly_intake(scenario)
    first = (year - 2021) * 12
    assert intake.shape[0] >= first + 12
    return float(intake[first : first + 12].sum())


def test_intake_in_2021_is_36000() -> None:
    assert _intake_in(2021) == pytest.approx(36_000, rel=1e-6)


def test_intake_in_2022_is_50000() -> None:
    assert _intake_in(2022) == pytest.approx(50_000, rel=1e-6)


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_intake_from_2025_is_more_than_100000_a_year(year: int) -> None:
    assert _intake_in(year) > 100_000


def test_the_notes_say_the_figures_are_illustrative() -> None:
    plan = example_plan()
    assert "illustrative" in plan.notes.lower()
    assert "replace them with your own" in plan.notes


def test_the_example_runs_to_finite_figures() -> None:
    projection = project(example_plan().scenario())
    for name in ("intake", "arrivals", "completed", "backlog_items", "capacity_hours", "fte_available"):
        values = getattr(projection, name)
        assert np.isfinite(values).all(), name
        assert (values >= 0).all(), name
