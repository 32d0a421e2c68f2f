"""Plans for the benchmarks: the example, and a large plan of 10 years, 20 sources, 4 stages and 4 priorities."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from desktop.model.example import example_plan
from desktop.model.plan import Plan, Scenario

__all__ = ["example_scenario", "large_scenario", "median_ms"]


def example_scenario() -> Scenario:
    return example_plan().scenarios[0]


def large_scenario() -> Scenario:
    """120 months, 20 sources, 4 stages, 4 priorities, with staffing changes and events."""
    priorities = [{"key": f"p{i}", "name": f"Priority {i + 1}", "target_days": [3, 14, 60, 180][i]} for i in range(4)]
    stages = [
        {
            "key": f"stage{k}",
            "name": f"Stage {k + 1}",
            "team": f"Team {k + 1}",
            "fte": [40, 60, 30, 20][k],
            "hours_per_fte_year": 1600,
            "productive_share": 0.7,
            "exposure_share": 0.5,
            "max_exposure_hours_per_week": 16,
            "attrition_per_year": 0.12,
            "vacancy_months": 4,
            "ramp_up_months": 6,
            "staffing_changes": [{"month": f"{2026 + k}-01", "fte_delta": 5}],
            "initial_backlog": {f"p{i}": 50 * (i + 1) for i in range(4)},
        }
        for k in range(4)
    ]
    sources = [
        {
            "key": f"s{s}",
            "name": f"Source {s + 1}",
            "volumes": {"2025": 1000 + 400 * s, "2026": 1200 + 450 * s},
            "growth_per_year": 0.02 * (s % 6),
            "seasonality": [1 + 0.1 * ((m + s) % 3 - 1) for m in range(12)],
            "priority_mix": {"p0": 0.05, "p1": 0.15, "p2": 0.3, "p3": 0.5},
            "work": {f"stage{k}": {"share": 1.0 if k == 0 else 0.5, "hours": 1.0 + k * 2 + s * 0.1} for k in range(4)},
        }
        for s in range(20)
    ]
    events = [{"name": f"Event {e}", "source": f"s{e}", "month": f"{2027 + e % 5}-07", "factor": 1.1} for e in range(5)]
    plan = Plan.model_validate(
        {
            "title": "Benchmark: large plan",
            "scenarios": [
                {
                    "name": "Large",
                    "start": "2025-01",
                    "months": 120,
                    "priorities": priorities,
                    "stages": stages,
                    "sources": sources,
                    "events": events,
                }
            ],
        }
    )
    return plan.scenarios[0]


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """Median milliseconds of ``action`` over ``repeat`` runs, after one run that warms caches and imports."""
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)
