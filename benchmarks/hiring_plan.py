"""Speed of the hiring plan and of the single "fund now" figure: prints median times (not a test).

Target (issue "Numbers a coordinator can defend"): the example's hiring plan ≤ 1 s (it runs
off the window's thread). Run:

    python benchmarks/hiring_plan.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plans import example_scenario, large_scenario, median_ms

from desktop.model.engine import project
from desktop.model.hiring_plan import hiring_plan
from desktop.model.solver import StageTrials, hires_to_meet_targets


def projections_made(action: object) -> int:
    """How many projections ``action`` makes (each trial of a stage is one)."""
    made: list[StageTrials] = []
    original = StageTrials.__init__

    def counting(self: StageTrials, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        made.append(self)

    StageTrials.__init__ = counting  # type: ignore[method-assign]
    try:
        action()  # type: ignore[operator]
    finally:
        StageTrials.__init__ = original  # type: ignore[method-assign]
    return sum(trials.count + 1 for trials in made)


def main() -> None:
    print(f"{'case':<40}{'median':>12}{'target':>10}{'projections':>13}{'steps':>7}")
    for label, scenario, target in (
        ("example (84 months, 2 stages)", example_scenario(), 1000.0),
        ("large (120 m, 20 src, 4 st, 4 pr)", large_scenario(), None),
    ):
        print(label)
        rows = [
            ("one projection", lambda s=scenario: project(s), None, 20, None),
            ("fund now (hires_to_meet_targets)", lambda s=scenario: hires_to_meet_targets(s), None, 3, None),
            ("hiring plan, per month", lambda s=scenario: hiring_plan(s), target, 3, "month"),
            ("hiring plan, per quarter", lambda s=scenario: hiring_plan(s, "quarter"), None, 3, "quarter"),
        ]
        for name, action, goal, repeat, granularity in rows:
            ms = median_ms(action, repeat)
            goal_text = f"≤ {goal:g} ms" if goal else ""
            count = projections_made(action) if granularity or name.startswith("fund") else 1
            steps = len(hiring_plan(scenario, granularity).steps()) if granularity else ""  # type: ignore[arg-type]
            print(f"  {name:<38}{ms:>9.1f} ms{goal_text:>10}{count:>13}{steps!s:>7}")


if __name__ == "__main__":
    main()
