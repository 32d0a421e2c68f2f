"""The wait estimate against a simulation of the same team with Ciw: prints the table in docs/method.md.

Not a test (it takes several minutes); tests/model/test_wait_calibration.py runs a small grid.
Below full load the reference is the simulated long-run (steady-state) mean wait; the mean wait of
reports arriving around the end of a first month from an empty queue is shown beside it. At and
above full load there is no steady state: the reference is that first month. The estimate is the
engine's expected wait at current rates at the end of a first month from empty (no backlog at the
start). One priority; a second table has two (30 % urgent, 70 % regular). Run:

    python benchmarks/wait_calibration.py [--quick]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.model.wait_simulation import estimate, month_end_wait, steady_wait

LOADS = (0.7, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.2)
TEAMS = (2, 5, 10, 25, 50, 100)
HOURS = (1, 8, 24)
TWO_PRIORITIES = (0.3, 0.7)


def _row(load: float, team: int, hours: float, mix: tuple[float, ...], j: int, cache: dict) -> str:
    key = (load, team, hours, mix)
    if key not in cache:
        steady = steady_wait(load, team, hours, mix, reports=20_000) if load < 1 else None
        cache[key] = (estimate(load, team, hours, mix), steady, month_end_wait(load, team, hours, mix, reports=1_000))
    est, steady, month = cache[key]
    reference = steady[j] if steady is not None else month[j]
    difference = est[j] - reference
    relative = f"{difference / reference:+.0%}" if reference > 0.05 else ""
    steady_text = f"{steady[j]:.2f}" if steady is not None else ""
    return (
        f"| {load:g} | {team} | {hours:g} | {est[j]:.2f} | {steady_text} | {month[j]:.2f} "
        f"| {difference:+.2f} | {relative} |"
    )


def main() -> None:
    quick = "--quick" in sys.argv
    loads, teams, hours_list = ((0.8, 1.0, 1.2), (2, 10), (8,)) if quick else (LOADS, TEAMS, HOURS)
    header = (
        "| load | team | hours | estimate | simulated, long run | simulated, end of a first month "
        "| difference (days) | relative |\n| --- | --- | --- | --- | --- | --- | --- | --- |"
    )
    cache: dict = {}
    began = time.perf_counter()
    print("One priority (days; difference = estimate − the reference: the long run below full load, else the month)")
    print(header)
    for hours in hours_list:
        for team in teams:
            for load in loads:
                print(_row(load, team, hours, (1.0,), 0, cache), flush=True)
    print()
    print("Two priorities, 30 % urgent and 70 % regular, 8-hour items")
    for j, name in enumerate(("urgent", "regular")):
        print(f"\n{name}\n{header}")
        for team in (5, 25):
            for load in (0.8, 0.95, 1.1):
                print(_row(load, team, 8, TWO_PRIORITIES, j, cache), flush=True)
    print(f"\n{time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
