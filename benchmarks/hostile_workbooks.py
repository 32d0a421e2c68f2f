"""Hostile workbooks at the campaign's sizes: each one's time to refusal and peak memory (not a test).

Target (issue 16): every damaged or hostile workbook refused with its reason in at most 2 s
and 300 MB. The set is built from the large plan's export (tests/io/hostile.py, at full
size: 3 GB of spaces, 1 GB of padding, a 1 GB cell, 60 million shared strings); each file
is read in a process of its own (tests/io/read_capped.py), and its peak resident memory
is that process's, imports included. Last, files just within every limit but built to be
slow (tests/io/hostile.py's WITHIN_LIMITS): what the limits still allow. Run:

    python benchmarks/hostile_workbooks.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from plans import large_scenario

from desktop.io.workbook import export_workbook
from desktop.model.example import example_plan
from tests.io.hostile import CASES, FULL, WITHIN_LIMITS, Exported, build_all

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "tests" / "io" / "read_capped.py"
HEADROOM_MB = 4096
"""The cap on each reading process: far above the target, so that the figures are what reading takes."""


def _read(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, str(RUNNER), str(HEADROOM_MB), str(path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if done.returncode != 0 or not done.stdout.strip():
        return {"crash": done.stderr.strip().splitlines()[-1:] or ["no output"], "seconds": 0.0, "peak_mb": 0.0}
    outcome: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return outcome


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hostile-workbooks-") as folder_name:
        folder = Path(folder_name)
        plan = example_plan()
        large = plan.model_copy(update={"scenarios": [large_scenario()]})
        exported = {"the example's export": folder / "example.xlsx", "the large plan's export": folder / "large.xlsx"}
        export_workbook(plan, exported["the example's export"])
        export_workbook(large, exported["the large plan's export"])
        started = time.perf_counter()
        files = build_all(exported["the large plan's export"], folder / "hostile", FULL)
        source = Exported(exported["the large plan's export"])
        for n, case in enumerate(WITHIN_LIMITS):
            files[case.name] = case.build(source, folder / f"within-{n}.xlsx", FULL)
        print(f"built {len(files)} hostile workbooks in {time.perf_counter() - started:.0f} s\n")

        print(f"{'workbook':<42} {'file':>9} {'time':>8} {'peak':>8}  outcome")
        worst_time, worst_peak = 0.0, 0.0
        for name, path in [*exported.items(), *((case.name, files[case.name]) for case in CASES + WITHIN_LIMITS)]:
            outcome = _read(path)
            seconds, peak = float(outcome["seconds"]), float(outcome["peak_mb"])  # type: ignore[arg-type]
            if "crash" in outcome:
                said = f"CRASH {outcome['crash']}"
            elif outcome["refusal"] is None:
                said = "read"
            else:
                said = str(outcome["refusal"]).split(": ", 1)[1]
            if name not in exported:
                worst_time, worst_peak = max(worst_time, seconds), max(worst_peak, peak)
            size = path.stat().st_size / 1024 / 1024
            print(f"{name:<42} {size:>6.1f} MB {seconds:>6.3f} s {peak:>5.0f} MB  {said[:90]}")
        print(f"\nworst: {worst_time:.3f} s (target ≤ 2 s), {worst_peak:.0f} MB peak (target ≤ 300 MB)")


if __name__ == "__main__":
    main()
