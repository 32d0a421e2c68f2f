"""Read workbooks back in this process under a memory cap; print one JSON line per file (time, peak, outcome).

    python tests/io/read_capped.py CAP_MB FILE...

The cap (RLIMIT_AS) is set once the modules are imported: CAP_MB more than the process
holds then. Where the system has no such limit (Windows) the files are read without one.
Used by tests/io/test_workbook_hostile.py and benchmarks/hostile_workbooks.py.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.io.plan_file import PlanFileError
from desktop.io.workbook import read_workbook_plan

MB = 1024 * 1024


def _status(field: str) -> int | None:
    """A size from /proc/self/status in bytes (Linux), or None."""
    try:
        lines = Path("/proc/self/status").read_text(encoding="ascii").splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return None


def _cap(extra_mb: int) -> bool:
    try:
        import resource
    except ImportError:
        return False
    size = _status("VmSize")
    if size is None:
        return False
    limit = size + extra_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return True


def main(arguments: list[str]) -> None:
    capped = _cap(int(arguments[0]))
    before = _status("VmHWM") or 0
    for name in arguments[1:]:
        started = time.perf_counter()
        outcome: dict[str, object] = {"file": name, "capped": capped}
        try:
            read_workbook_plan(Path(name))
            outcome["refusal"] = None
        except PlanFileError as error:
            outcome["refusal"] = str(error)
        except BaseException:
            outcome["crash"] = traceback.format_exc()
        outcome["seconds"] = time.perf_counter() - started
        peak = _status("VmHWM") or 0
        outcome["peak_mb"] = peak / MB
        outcome["added_mb"] = (peak - before) / MB
        print(json.dumps(outcome), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
