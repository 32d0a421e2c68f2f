"""Small plans for the model tests: every figure a test does not name has a plain default.

``scenario(...)`` returns a validated :class:`Scenario` (through :class:`Plan`, so the
checks across fields run too); ``plan_dict(...)`` the raw dict, for validation tests.
"""

from __future__ import annotations

import copy
from typing import Any

from desktop.model.plan import FORMAT, SCHEMA_VERSION, Plan, Scenario


def priority(key: str = "p1", target_days: float = 30.0) -> dict[str, Any]:
    return {"key": key, "name": f"Priority {key}", "target_days": target_days}


def stage(
    key: str = "k1",
    *,
    fte: float = 1.0,
    hours_per_fte_year: float = 1200.0,
    productive_share: float = 1.0,
    **extra: Any,
) -> dict[str, Any]:
    """A stage; with the defaults one FTE gives 1200 / 12 × 1.0 = 100 hours a month."""
    return {
        "key": key,
        "name": f"Stage {key}",
        "team": f"Team {key}",
        "fte": fte,
        "hours_per_fte_year": hours_per_fte_year,
        "productive_share": productive_share,
        **extra,
    }


def source(
    key: str = "s1",
    *,
    volumes: dict[str, float] | None = None,
    priority_mix: dict[str, float] | None = None,
    work: dict[str, dict[str, float]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A source; ``priority_mix`` defaults to all of the first priority, ``work`` to share 1 and 1 hour per stage."""
    result: dict[str, Any] = {"key": key, "name": f"Source {key}", "volumes": volumes or {"2021": 1200.0}, **extra}
    if priority_mix is not None:
        result["priority_mix"] = priority_mix
    if work is not None:
        result["work"] = work
    return result


def scenario_dict(
    *,
    name: str = "Base",
    start: str = "2021-01",
    months: int = 12,
    priorities: list[dict[str, Any]] | None = None,
    stages: list[dict[str, Any]] | None = None,
    sources: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    priorities = copy.deepcopy(priorities or [priority()])
    stages = copy.deepcopy(stages or [stage()])
    sources = copy.deepcopy(sources or [source()])
    for src in sources:
        src.setdefault("priority_mix", {priorities[0]["key"]: 1.0})
        src.setdefault("work", {k["key"]: {"share": 1.0, "hours": 1.0} for k in stages})
    result = {
        "name": name,
        "start": start,
        "months": months,
        "priorities": priorities,
        "stages": stages,
        "sources": sources,
        **extra,
    }
    if events is not None:
        result["events"] = copy.deepcopy(events)
    return result


def plan_dict(*scenarios: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "title": "Test plan",
        "scenarios": list(scenarios) or [scenario_dict()],
    }


def scenario(**kwargs: Any) -> Scenario:
    """A validated scenario; keyword arguments as for :func:`scenario_dict`."""
    return Plan.model_validate(plan_dict(scenario_dict(**kwargs))).scenarios[0]


def places(node: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every place in a raw plan a value can be put: each field, list item and dict entry."""
    found = [path]
    if isinstance(node, dict):
        for key, child in node.items():
            found += places(child, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += places(child, (*path, index))
    return found
