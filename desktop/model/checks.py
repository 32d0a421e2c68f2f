"""Checks across fields of a plan, and problems reported with the path of the field they concern."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.model.limits import MAX_VOLUME_PER_YEAR
from desktop.model.months import month_index
from desktop.model.volumes import volume_in_year

if TYPE_CHECKING:
    from desktop.model.plan import Plan, Scenario

MIX_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a plan: where (a field path, ``scenarios[0].sources[2].growth_per_year``) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InvalidPlanError(Exception):
    """A plan that breaks one or more rules; ``problems`` lists every one of them."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        # Written when asked for: a damaged file can hold a million problems, of which a reader sees a hundred.
        return "\n".join(str(p) for p in self.problems)


def join_path(parts: Iterable[str | int]) -> str:
    """``("scenarios", 0, "name")`` → ``scenarios[0].name``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.isidentifier():
            text += f".{part}" if text else part
        else:
            text += f'["{part}"]'
    return text


def _duplicates(keys: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    repeated: list[str] = []
    for key in keys:
        if key in seen and key not in repeated:
            repeated.append(key)
        seen.add(key)
    return repeated


def scenario_problems(scenario: Scenario) -> list[tuple[str, str]]:
    """Problems across fields of one scenario, as (path relative to it, message)."""
    found: list[tuple[str, str]] = []
    priority_keys = [p.key for p in scenario.priorities]
    stage_keys = [k.key for k in scenario.stages]
    source_keys = [s.key for s in scenario.sources]
    for what, keys in (("priorities", priority_keys), ("stages", stage_keys), ("sources", source_keys)):
        for key in _duplicates(keys):
            index = [i for i, k in enumerate(keys) if k == key][1]
            found.append((f"{what}[{index}].key", f"{key!r} is used more than once; keys must be unique"))
    known_priorities, known_stages, known_sources = set(priority_keys), set(stage_keys), set(source_keys)
    if scenario.decision_month is not None:
        decision = month_index(scenario.decision_month, scenario.start)
        if not 0 <= decision < scenario.months:
            found.append(
                (
                    "decision_month",
                    f"{scenario.decision_month} is outside the projection; it must lie from the start "
                    f"{scenario.start} to its last month",
                )
            )

    for i, stage in enumerate(scenario.stages):
        for key in stage.initial_backlog:
            if key not in known_priorities:
                found.append((f"stages[{i}].initial_backlog", f"{key!r} is not a priority of this scenario"))
        for j, change in enumerate(stage.staffing_changes):
            if month_index(change.month, scenario.start) < 0:
                found.append(
                    (f"stages[{i}].staffing_changes[{j}].month", f"{change.month} is before the start {scenario.start}")
                )

    last_year = int(scenario.start[:4]) + (int(scenario.start[5:]) - 1 + scenario.months - 1) // 12
    first_year = int(scenario.start[:4])
    for i, source in enumerate(scenario.sources):
        mix_total = 0.0
        for key, share in source.priority_mix.items():
            if key not in known_priorities:
                found.append((f"sources[{i}].priority_mix", f"{key!r} is not a priority of this scenario"))
            mix_total += share
        if abs(mix_total - 1.0) > MIX_TOLERANCE:
            found.append((f"sources[{i}].priority_mix", f"shares must sum to 1, they sum to {mix_total:.6g}"))
        for key in source.work:
            if key not in known_stages:
                found.append((f"sources[{i}].work", f"{key!r} is not a stage of this scenario"))
        for key in stage_keys:
            if key not in source.work:
                found.append((f"sources[{i}].work", f"stage {key!r} is missing (give share 0 if it does not apply)"))
        found.extend(
            _volume_problems(f"sources[{i}]", source.volume_by_year(), source.growth_per_year, first_year, last_year)
        )

    for i, event in enumerate(scenario.events):
        if event.source not in known_sources:
            found.append((f"events[{i}].source", f"{event.source!r} is not a source of this scenario"))
    return found


def _volume_problems(
    path: str, volumes: dict[int, float], growth: float, first_year: int, last_year: int
) -> list[tuple[str, str]]:
    """Growth carried over the years without a figure must not run past the largest volume a source may have."""
    for year in range(first_year, last_year + 1):
        volume = volume_in_year(volumes, growth, year)
        if volume > MAX_VOLUME_PER_YEAR * (1 + 1e-12):
            shown = f"{volume:.3g}" if math.isfinite(volume) else "more than 1e308"
            return [
                (
                    f"{path}.growth_per_year",
                    f"carries the intake to {shown} reports in {year}, more than {MAX_VOLUME_PER_YEAR:.0e} a year",
                )
            ]
    return []


def plan_problems(plan: Plan) -> list[Problem]:
    """Problems across fields of a whole plan."""
    found: list[Problem] = []
    names = [s.name for s in plan.scenarios]
    for name in _duplicates(names):
        index = [i for i, n in enumerate(names) if n == name][1]
        found.append(Problem(f"scenarios[{index}].name", f"{name!r} is used more than once; names must be unique"))
    for i, scenario in enumerate(plan.scenarios):
        found.extend(Problem(f"scenarios[{i}].{path}", message) for path, message in scenario_problems(scenario))
    return found
