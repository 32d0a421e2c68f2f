"""Speed and memory of the projection engine: prints median times and peak memory (not a test).

Targets (issue "The planning core"): the example projection ≤ 2 ms, the large plan
(10 years, 20 sources, 4 stages, 4 priorities) ≤ 20 ms. Run:

    python benchmarks/engine.py
"""

from __future__ import annotations

import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plans import example_scenario, large_scenario, median_ms

from desktop.model.engine import project
from desktop.model.measures import headlines, tidy
from desktop.model.solver import hires_to_meet_targets


def peak_mib(action: Callable[[], object]) -> float:
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    print(f"{'case':<34}{'median':>12}{'target':>10}{'peak memory':>14}")
    for label, scenario, target in (
        ("example (84 months)", example_scenario(), 2.0),
        ("large (120 m, 20 src, 4 st, 4 pr)", large_scenario(), 20.0),
    ):
        rows = [
            ("projection", lambda s=scenario: project(s), target, 200),
            ("  tidy table", lambda s=scenario: tidy(project(s)), None, 50),
            ("  headlines without solver", lambda s=scenario: headlines(project(s), solve_hiring=False), None, 100),
            ("  hiring solver", lambda s=scenario: hires_to_meet_targets(s), None, 5),
        ]
        print(label)
        for name, action, goal, repeat in rows:
            ms = median_ms(action, repeat)
            goal_text = f"≤ {goal:g} ms" if goal else ""
            print(f"  {name:<32}{ms:>9.2f} ms{goal_text:>10}{peak_mib(action):>10.1f} MiB")


if __name__ == "__main__":
    main()
