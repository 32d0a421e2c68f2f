"""Start-up time of the window against a bare PySide6 + pyqtgraph window, and the app's peak memory (not a test).

Targets (issue "Windows package, fast start, offline guarantee"): the time from
process start to the first painted window with the example plan is at most 1.3
times that of a minimal PySide6 + pyqtgraph window with one plot, and the app's
peak memory on the example is at most 250 MB.

Each run is a fresh process, timed from just before it is started to the moment
its window has painted with content: for the app, once the example's projection
is drawn in the charts (the window computes it when it is first shown, so its
first paint already holds it); for the baseline, once its one plot holds a line.
Both are timed the same way: when the event loop first runs after ``show()``,
pending events are let through and the window is painted once more.
The app goes the way ``caseload-planner PLAN`` goes, with settings of its own. Runs
alternate between the two, after one warm-up run each, and medians are printed.
Peak memory is the app's peak resident set, read once the hiring advice (the
last thing the window computes at start) is in.

    python benchmarks/startup.py [--runs 7] [--check]

Without a display, Qt's offscreen platform is used, as in the tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 1.3
TARGET_PEAK_MB = 250.0
WINDOW_SIZE = (1600, 1000)
MB = 1024 * 1024


# -- in the child processes -------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """This process's peak resident memory: psutil where it knows it (Windows), else /proc, else resource."""
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        peak = getattr(psutil.Process().memory_info(), "peak_wset", None)  # Windows only
        if peak:
            return float(peak) / MB
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MB if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


def _say(what: str, value: float) -> None:
    print(f"{what} {value!r}", flush=True)


def _mark_painted(app: Any, window: Any, has_content: Callable[[], bool], then: Callable[[], object]) -> None:
    """Once the event loop runs after ``show()``: let pending events (the expose and its paint) through,
    paint once more synchronously (as a screen that had not exposed the window yet would), and say when.
    The same for both programs, so neither is timed at a moment the other is not. ``then`` runs after:
    quitting must wait until here, as a quit queued beside this would stop the paint it times."""
    from PySide6.QtCore import QTimer

    def painted() -> None:
        app.processEvents()
        window.repaint()
        _say("PAINTED", time.time())
        _say("CONTENT", float(bool(has_content())))
        then()

    QTimer.singleShot(0, painted)


def child_app(plan: Path) -> None:
    """The window as `caseload-planner PLAN` opens it (desktop.cli._window, then desktop.ui.app.run_window),
    with settings and a data folder of its own, as the screenshot mode has, rather than the user's."""
    import gc

    gc.disable()  # as desktop.cli._window does, until the window has painted
    from desktop.cli import build_window_parser
    from desktop.io.plan_file import PlanFileError  # noqa: F401 - imported before Qt, as desktop.cli does

    build_window_parser().parse_args([str(plan)])
    from PySide6.QtCore import QSettings

    from desktop.ui.app import application, initial_document, resume_gc_when_painted
    from desktop.ui.main_window import MainWindow

    _say("IMPORTED", time.time())
    app = application()
    scratch = Path(tempfile.mkdtemp(prefix="caseload-startup-"))
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    document, _note = initial_document(plan, settings)
    window = MainWindow(document, settings, scratch)
    resume_gc_when_painted(window)
    window.resize(*WINDOW_SIZE)
    _say("CONSTRUCTED", time.time())

    def charts_drawn() -> bool:
        return window.runner.projection is not None and all(
            chart.curves and len(chart.curves[0].xData) > 0 for chart in window.results.charts
        )

    timed = []

    def quit_when_done() -> None:  # once timed and the hiring advice (the last thing computed) is in
        if timed and window.runner.hiring is not None:
            app.quit()

    window.runner.hiring_solved.connect(lambda _advice: quit_when_done())
    window.show()
    _mark_painted(app, window, charts_drawn, then=lambda: timed.append(True) or quit_when_done())
    app.exec()
    _say("PEAK_RSS_MB", peak_rss_mb())
    window.document.undo_stack.setClean()
    window.close()


def child_baseline() -> None:
    """The least a PySide6 + pyqtgraph app does: a window with one plot of one line."""
    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication, QMainWindow

    _say("IMPORTED", time.time())
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    plot = pg.PlotWidget()
    months = np.arange(84, dtype=float)
    plot.plot(months, 3000 + 40 * months)
    window.setCentralWidget(plot)
    window.resize(*WINDOW_SIZE)
    _say("CONSTRUCTED", time.time())

    window.show()
    _mark_painted(app, window, lambda: len(plot.listDataItems()) == 1, then=app.quit)
    app.exec()
    _say("PEAK_RSS_MB", peak_rss_mb())
    window.close()


# -- in the parent ------------------------------------------------------------------------------------------

MILESTONES = ("IMPORTED", "CONSTRUCTED", "PAINTED")


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    if sys.platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    # An installed app starts from compiled bytecode (pip writes it, the frozen app carries it); without
    # this, a machine that sets PYTHONDONTWRITEBYTECODE would compile our modules again at every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(kind: str, plan: Path) -> dict[str, float]:
    """One fresh process; seconds from its start to each milestone, and its peak memory."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(plan)]
    started = time.time()
    done = subprocess.run(command, cwd=ROOT, env=_environment(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the {kind} run failed:\n{done.stderr}")
    values = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    if float(values.get("CONTENT", "0")) != 1.0:
        raise SystemExit(f"the {kind} window was timed before it showed its figures")
    times = {key: float(values[key]) - started for key in MILESTONES}
    return {**times, "PEAK_RSS_MB": float(values["PEAK_RSS_MB"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each (default 7)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--child", choices=("app", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("plan", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "app":
        child_app(args.plan)
        return 0
    if args.child == "baseline":
        child_baseline()
        return 0

    sys.path.insert(0, str(ROOT))
    from desktop.io.plan_file import write_plan
    from desktop.model.example import example_plan

    plan = Path(tempfile.mkdtemp(prefix="caseload-startup-")) / "example.caseplan"
    write_plan(example_plan(), plan)
    runs: dict[str, list[dict[str, float]]] = {"app": [], "baseline": []}
    for kind in runs:
        run_once(kind, plan)  # warm-up: the disk cache, compiled bytecode
    for _ in range(args.runs):
        for kind, measured in runs.items():
            measured.append(run_once(kind, plan))

    def median(kind: str, key: str) -> float:
        return statistics.median(run[key] for run in runs[kind])

    print(f"seconds from process start, median of {args.runs} runs each")
    print(f"  {'':32} {'imported':>9} {'built':>9} {'painted':>9}")
    labels = {"app": "Caseload Planner, example plan", "baseline": "PySide6 + pyqtgraph, one plot"}
    for kind, label in labels.items():
        row = " ".join(f"{median(kind, key):9.3f}" for key in MILESTONES)
        print(f"  {label:32} {row}")
    ratio = median("app", "PAINTED") / median("baseline", "PAINTED")
    print(f"  ratio {ratio:.2f}   target ≤ {TARGET_RATIO}")
    peak = max(run["PEAK_RSS_MB"] for run in runs["app"])
    baseline_peak = max(run["PEAK_RSS_MB"] for run in runs["baseline"])
    print(f"peak memory (RSS) of the app on the example: {peak:.0f} MB   target ≤ {TARGET_PEAK_MB:.0f} MB")
    print(f"  (the baseline window: {baseline_peak:.0f} MB)")
    missed = ratio > TARGET_RATIO or peak > TARGET_PEAK_MB
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
