"""Import time of the plan types and time to validate plans: prints medians (not a test).

Targets (start-up budget): importing ``desktop.model.plan`` once numpy is loaded
≤ 10 ms, validating the example plan ≤ 5 ms. The document validates the whole
plan on every edit, so the large plan's figure is what an edit of it costs. Run:

    python benchmarks/plan_types.py [--runs 15]

The import time is read with ``python -X importtime`` in fresh processes: the
cumulative time of every module imported after numpy (ours and what they pull in),
with compiled bytecode cached as an installed app has it (a first run writes it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plans import large_scenario, median_ms

from desktop.io.plan_file import plan_from_json, plan_to_json
from desktop.model.example import example_plan
from desktop.model.plan import Plan

ROOT = Path(__file__).resolve().parents[1]


def import_ms() -> float:
    """Milliseconds to import desktop.model.plan in a fresh process that has numpy already."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import numpy, desktop.model.plan"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    total_us = 0
    after_numpy = False
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, raw_name = line.removeprefix("import time:").split("|")
        name = raw_name.strip()
        top_level = not raw_name.startswith("  ")  # nested imports are indented further
        if after_numpy and top_level:
            total_us += int(cumulative)
        if top_level and name == "numpy":
            after_numpy = True
    return total_us / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh processes for the import time")
    runs = parser.parse_args().runs

    import_ms()  # writes the bytecode cache
    imports = [import_ms() for _ in range(runs)]
    print(
        f"import desktop.model.plan after numpy: median {statistics.median(imports):.1f} ms "
        f"(min {min(imports):.1f}, max {max(imports):.1f}, {runs} runs)"
    )

    plan = example_plan()
    example = plan.model_dump()
    large = {"title": "Benchmark: large plan", "scenarios": [large_scenario().model_dump()]}
    text = plan_to_json(Plan.model_validate(example))
    rows = [
        ("validate the example plan (dict)", lambda: Plan.model_validate(example), 500),
        ("read the example .caseplan text", lambda: plan_from_json(text, "example.caseplan"), 500),
        ("validate the large plan (dict)", lambda: Plan.model_validate(large), 100),
        ("example: model_dump + validate (an edit)", lambda: Plan.model_validate(plan.model_dump()), 300),
    ]
    for label, action, repeat in rows:
        print(f"{label:<44}{median_ms(action, repeat):>8.3f} ms")


if __name__ == "__main__":
    main()
