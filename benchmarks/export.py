"""Speed of the workbook export: prints the median time of the example and of the large plan (not a test).

Target (issue 4): the example's workbook in at most 1.5 s. Run:

    python benchmarks/export.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plans import large_scenario

from desktop.io.workbook import export_workbook, read_workbook_plan
from desktop.model.example import example_plan
from desktop.model.plan import Plan


class _Steps:
    """When each step of one export began, from its progress reports."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.at: dict[str, float] = {}

    def __call__(self, percent: int, what: str) -> None:
        self.at[f"{percent:>3}% {what}"] = time.perf_counter() - self.started


def _timed(plan: Plan, path: Path, repeat: int) -> tuple[float, dict[str, float]]:
    """Median seconds of exporting ``plan`` and, of the last run, when each step began."""
    times, steps = [], _Steps()
    for _ in range(repeat):
        steps = _Steps()
        export_workbook(plan, path, progress=steps)
        times.append(time.perf_counter() - steps.started)
    return statistics.median(times), steps.at


def main() -> None:
    large = large_scenario()
    plans = {
        "example (84 months, 5 sources, 2 stages, 3 priorities)": (example_plan(), 1.5, 5),
        "large (120 months, 20 sources, 4 stages, 4 priorities)": (
            Plan.model_validate({"title": "Benchmark: large plan", "scenarios": [large.model_dump(mode="json")]}),
            None,
            3,
        ),
    }
    with tempfile.TemporaryDirectory() as folder:
        for label, (plan, target, repeat) in plans.items():
            path = Path(folder) / "plan.xlsx"
            seconds, steps = _timed(plan, path, repeat)
            goal = f"  (target ≤ {target:g} s)" if target else ""
            size = path.stat().st_size / 2**20
            print(f"{label}\n  export {seconds:6.2f} s{goal}, {size:.1f} MiB")
            for step, at in steps.items():
                print(f"    {at:6.2f} s  {step}")
            started = time.perf_counter()
            read_workbook_plan(path)
            print(f"  reading the assumptions back {time.perf_counter() - started:6.2f} s")


if __name__ == "__main__":
    main()
