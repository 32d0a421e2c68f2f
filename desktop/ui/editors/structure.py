"""Adding, removing and moving rows of a scenario's plain data so that the plan stays valid (no Qt here).

Each function changes a scenario dict (``Scenario.model_dump()``) in place; the
editors run them inside :meth:`PlanDocument.update`, so each is one undo step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from desktop.model.intake import yearly_volume
from desktop.model.plan import Source

ScenarioData = dict[str, Any]


def unique_key(name: str, taken: Iterable[str], fallback: str) -> str:
    """A stable identifier made from ``name`` ("New stage" → "new-stage"), unlike every key in ``taken``."""
    used = set(taken)
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:56] or fallback
    key, number = base, 2
    while key in used:
        key, number = f"{base}-{number}", number + 1
    return key


def unique_name(name: str, taken: Iterable[str]) -> str:
    """``name``, or "name 2", "name 3", … when it is already used."""
    used = set(taken)
    candidate, number = name, 2
    while candidate in used:
        candidate, number = f"{name} {number}", number + 1
    return candidate


def move_row(rows: list[Any], index: int, offset: int) -> int:
    """Move ``rows[index]`` by ``offset`` places (clamped); the row's new index."""
    target = max(0, min(len(rows) - 1, index + offset))
    rows.insert(target, rows.pop(index))
    return target


def add_priority(scenario: ScenarioData, name: str, target_days: float) -> int:
    """A new least urgent priority: 0 share in every mix, no starting backlog. Its index."""
    key = unique_key(name, (p["key"] for p in scenario["priorities"]), "priority")
    scenario["priorities"].append({"key": key, "name": name, "target_days": target_days})
    for source in scenario["sources"]:
        source["priority_mix"][key] = 0.0
    return len(scenario["priorities"]) - 1


def priority_heir(scenario: ScenarioData, index: int) -> int:
    """The priority that takes over the mix shares and backlog of a removed one: the next, or else the one before."""
    return index + 1 if index + 1 < len(scenario["priorities"]) else index - 1


def remove_priority(scenario: ScenarioData, index: int) -> None:
    """Remove a priority; its mix shares and starting backlog go to :func:`priority_heir`, so mixes still sum to 1."""
    heir = scenario["priorities"][priority_heir(scenario, index)]["key"]
    key = scenario["priorities"].pop(index)["key"]
    for source in scenario["sources"]:
        mix = source["priority_mix"]
        if key in mix:
            mix[heir] = mix.get(heir, 0.0) + mix.pop(key)
    for stage in scenario["stages"]:
        backlog = stage["initial_backlog"]
        if key in backlog:
            backlog[heir] = backlog.get(heir, 0.0) + backlog.pop(key)


def add_stage(scenario: ScenarioData, name: str, team: str) -> int:
    """A new last stage with no staff; every source gets share 0 and 0 hours for it. Its index."""
    key = unique_key(name, (k["key"] for k in scenario["stages"]), "stage")
    last = scenario["stages"][-1] if scenario["stages"] else {}
    scenario["stages"].append(
        {
            "key": key,
            "name": name,
            "team": team,
            "fte": 0.0,
            "hours_per_fte_year": last.get("hours_per_fte_year", 1600.0),
            "productive_share": last.get("productive_share", 0.7),
            "exposure_share": 0.0,
            "max_exposure_hours_per_week": None,
            "attrition_per_year": 0.0,
            "vacancy_months": 0,
            "ramp_up_months": 0,
            "staffing_changes": [],
            "initial_backlog": {},
        }
    )
    for source in scenario["sources"]:
        source["work"][key] = {"share": 0.0, "hours": 0.0}
    return len(scenario["stages"]) - 1


def remove_stage(scenario: ScenarioData, index: int) -> None:
    """Remove a stage and what every source asked of it."""
    key = scenario["stages"].pop(index)["key"]
    for source in scenario["sources"]:
        source["work"].pop(key, None)


def add_source(scenario: ScenarioData, name: str) -> int:
    """A new source with no reports yet: volume 0 in the start year, all of it least urgent. Its index."""
    key = unique_key(name, (s["key"] for s in scenario["sources"]), "source")
    priorities = [p["key"] for p in scenario["priorities"]]
    stages = [k["key"] for k in scenario["stages"]]
    scenario["sources"].append(
        {
            "key": key,
            "name": name,
            "volumes": {scenario["start"][:4]: 0.0},
            "growth_per_year": 0.0,
            "seasonality": [1.0] * 12,
            "priority_mix": {p: (1.0 if i == len(priorities) - 1 else 0.0) for i, p in enumerate(priorities)},
            "work": {k: {"share": 1.0 if i == 0 else 0.0, "hours": 0.0} for i, k in enumerate(stages)},
        }
    )
    return len(scenario["sources"]) - 1


def remove_source(scenario: ScenarioData, index: int) -> None:
    """Remove a source and the events that change it."""
    key = scenario["sources"].pop(index)["key"]
    scenario["events"] = [event for event in scenario["events"] if event["source"] != key]


def events_of(scenario: ScenarioData, index: int) -> int:
    """How many events change the source at ``index``."""
    key = scenario["sources"][index]["key"]
    return sum(1 for event in scenario["events"] if event["source"] == key)


def add_event(scenario: ScenarioData, name: str, source_key: str, month: str) -> int:
    """A new event that changes nothing yet (factor 1). Its index."""
    scenario["events"].append({"name": name, "source": source_key, "month": month, "factor": 1.0})
    return len(scenario["events"]) - 1


def add_year(scenario: ScenarioData, year: int) -> None:
    """Give every source a figure for ``year``: the volume growth gives it, in whole reports."""
    for source in scenario["sources"]:
        if str(year) not in source["volumes"]:
            derived = yearly_volume(Source.model_validate(source), year)
            source["volumes"][str(year)] = float(round(derived))


def remove_year(scenario: ScenarioData, year: int) -> None:
    """Drop every source's figure for ``year`` (its volume then follows from growth)."""
    for source in scenario["sources"]:
        source["volumes"].pop(str(year), None)
