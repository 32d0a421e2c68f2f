"""Smoke test of the frozen app: its command line (example, check, project, summary, export) and its window.

    python packaging/smoke_test.py ["dist/Caseload Planner"]

Runs the console executable for the commands and the windowed one for a
screenshot of the window on the example plan (Qt's offscreen platform unless
--platform says otherwise), checks what each wrote, and prints the bundle's size.
``export`` is run when the frozen ``--help`` lists it, and reported as absent
otherwise; so is its PDF, when ``export --help`` offers one and the sources can
write it too. On Linux, where ``unshare -n`` works, every run has no network at all.
Needs only the standard library; for the PDF it may run the sources with this Python.
Exit code 0 when every check passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BUNDLE = ROOT / "dist" / "Caseload Planner"
WINDOWED = "Caseload Planner"
CONSOLE = "caseload-planner"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
SCREENSHOT_SIZE = (1600, 1000)
CSV_HEADER = "scenario,month,stage,priority,source,metric,value"
TIMEOUT_S = 180


class SmokeCheckError(AssertionError):
    """A check of the frozen app failed."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeCheckError(message)


def network_jail() -> list[str]:
    """A command prefix that runs a program with no network (Linux), or nothing where that is not possible."""
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return []
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        try:
            if subprocess.run([*prefix, "true"], capture_output=True, check=False, timeout=10).returncode == 0:
                return prefix
        except (OSError, subprocess.TimeoutExpired):
            continue
    return []


class FrozenApp:
    """Runs the bundle's executables in a scratch folder, away from the user's settings."""

    def __init__(self, bundle: Path, work: Path, platform: str, jail: list[str]) -> None:
        self.bundle = bundle
        self.work = work
        self.jail = jail
        self.console = bundle / (CONSOLE + EXE_SUFFIX)
        self.windowed = bundle / (WINDOWED + EXE_SUFFIX)
        home = work / "home"
        home.mkdir()
        self.env = {
            **os.environ,
            "QT_QPA_PLATFORM": platform,
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
        }
        if not platform:
            self.env.pop("QT_QPA_PLATFORM")

    def run(self, executable: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.jail, str(executable), *args],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=TIMEOUT_S,
            check=False,
        )

    def cli(self, *args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
        done = self.run(self.console, *args)
        check(
            done.returncode == expect,
            f"caseload-planner {' '.join(args)}: exit {done.returncode}, expected {expect}\n{done.stderr[-3000:]}",
        )
        return done


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    check(header[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG")
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def bundle_size(bundle: Path) -> tuple[int, int]:
    files = [path for path in bundle.rglob("*") if path.is_file() and not path.is_symlink()]
    return sum(path.stat().st_size for path in files), len(files)


def source_exports_pdf(plan: Path, work: Path, env: dict[str, str]) -> bool:
    """Whether the sources, run by this Python, can write the PDF: if they cannot, neither can the bundle."""
    command = [sys.executable, "-m", "desktop", "export", str(plan), "-o", str(work / "from-source.pdf")]
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def smoke(bundle: Path, platform: str, use_jail: bool) -> list[tuple[str, bool, float, str]]:
    """Every check in turn: (name, passed, seconds, note)."""
    results: list[tuple[str, bool, float, str]] = []
    work = Path(tempfile.mkdtemp(prefix="caseload-smoke-"))
    jail = network_jail() if use_jail else []
    app = FrozenApp(bundle, work, platform, jail)
    plan = work / "example.caseplan"
    state: dict[str, bool] = {}

    def step(name: str, action: Callable[[], str | None]) -> None:
        started = time.perf_counter()
        try:
            note = action() or ""
            passed = True
        except (SmokeCheckError, OSError, subprocess.TimeoutExpired, ValueError) as failure:
            note, passed = str(failure), False
        results.append((name, passed, time.perf_counter() - started, note))

    def executables() -> str:
        for path in (app.console, app.windowed):
            check(path.is_file(), f"{path} is missing")
        return "network: none (" + " ".join(jail) + ")" if jail else "network: as this machine has it"

    def version() -> str:
        done = app.cli("--version")
        check(done.stdout.startswith("caseload-planner "), f"--version printed {done.stdout!r}")
        return done.stdout.strip()

    def commands() -> str:
        done = app.cli("--help")
        for command in ("example", "check", "project", "summary"):
            check(command in done.stdout, f"--help does not list {command}")
        state["export"] = "export" in done.stdout.split()
        return "export listed" if state["export"] else "export not listed"

    def example() -> None:
        app.cli("example", "-o", str(plan))
        check(json.loads(plan.read_text(encoding="utf-8"))["format"] == "caseload-planner/plan", "not a plan file")

    def check_valid_and_broken() -> None:
        done = app.cli("check", str(plan))
        check("valid" in done.stdout, f"check printed {done.stdout!r}")
        broken = work / "broken.caseplan"
        broken.write_text('{"format": "caseload-planner/plan", "schema_version": 1}', encoding="utf-8")
        done = app.cli("check", str(broken), expect=2)
        check("broken.caseplan" in done.stderr, f"no problem named on stderr: {done.stderr!r}")

    def project() -> str:
        csv = work / "projection.csv"
        app.cli("project", str(plan), "--csv", str(csv))
        lines = csv.read_text(encoding="utf-8-sig").splitlines()  # a byte-order mark starts it, for Excel
        check(lines[0] == CSV_HEADER, f"CSV header is {lines[0]!r}")
        check(len(lines) > 1000, f"only {len(lines)} CSV lines")
        return f"{len(lines) - 1} rows"

    def summary() -> None:
        done = app.cli("summary", str(plan))
        check("Baseline" in done.stdout, "summary does not name the scenario")

    def export() -> str:
        if not state.get("export"):
            return "skipped: this build has no export command yet (not in --help)"
        workbook = work / "example.xlsx"
        app.cli("export", str(plan), "-o", str(workbook))
        with zipfile.ZipFile(workbook) as archive:
            check("xl/workbook.xml" in archive.namelist(), "the export is not an Excel workbook")
            sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
        return f"{len(sheets)} sheets"

    def export_pdf() -> str:
        if not state.get("export"):
            return "skipped: this build has no export command yet"
        if ".pdf" not in app.cli("export", "--help").stdout:
            return "skipped: export offers no PDF"
        pdf = work / "summary.pdf"
        done = app.run(app.console, "export", str(plan), "-o", str(pdf))
        if done.returncode != 0 and not source_exports_pdf(plan, work, app.env):
            return "skipped: the sources cannot write the PDF either here"
        check(done.returncode == 0, f"export to PDF: exit {done.returncode}\n{done.stderr[-3000:]}")
        check(pdf.read_bytes()[:5] == b"%PDF-", "the export is not a PDF")
        return f"{pdf.stat().st_size // 1024} kB"

    def window() -> str:
        shot = work / "window.png"
        done = app.run(app.windowed, str(plan), "--screenshot", str(shot))
        check(done.returncode == 0, f"window exit {done.returncode}\n{done.stderr[-3000:]}")
        check(png_size(shot) == SCREENSHOT_SIZE, f"screenshot is {png_size(shot)}, expected {SCREENSHOT_SIZE}")
        check(shot.stat().st_size > 30_000, f"screenshot is only {shot.stat().st_size} bytes: an empty window?")
        return f"{png_size(shot)[0]}×{png_size(shot)[1]} PNG, {shot.stat().st_size // 1024} kB"

    def window_refuses_a_broken_plan() -> None:
        done = app.run(app.windowed, str(work / "broken.caseplan"), "--screenshot", str(work / "never.png"))
        check(done.returncode == 2, f"exit {done.returncode} for a broken plan, expected 2")
        check(not (work / "never.png").exists(), "a screenshot was written for a broken plan")

    def contents() -> str:
        internal = bundle / "_internal"
        icons = internal / "desktop" / "resources_data" / "icons"
        check((icons / "caseload-planner.ico").is_file(), f"the icons are not in {icons}")
        networking = [path.name for path in internal.rglob("QtNetwork*")]
        check(not networking, f"Qt's networking module is in the bundle: {networking}")
        size, count = bundle_size(bundle)
        return f"{size / 1024 / 1024:.0f} MB in {count} files"

    for name, action in (
        ("executables", executables),
        ("--version", version),
        ("--help", commands),
        ("example", example),
        ("check", check_valid_and_broken),
        ("project", project),
        ("summary", summary),
        ("export", export),
        ("export PDF", export_pdf),
        ("window --screenshot", window),
        ("window, broken plan", window_refuses_a_broken_plan),
        ("bundle contents", contents),
    ):
        step(name, action)
    shutil.rmtree(work, ignore_errors=True)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=DEFAULT_BUNDLE, help="the one-folder app")
    parser.add_argument(
        "--platform", default="offscreen", help="Qt platform for the window (default offscreen; '' for the screen's)"
    )
    parser.add_argument("--with-network", action="store_true", help="do not cut the network off (Linux)")
    args = parser.parse_args(argv)
    if not args.bundle.is_dir():
        print(f"smoke_test: {args.bundle} is not a folder; build it first (python packaging/build.py)")
        return 1
    started = time.perf_counter()
    results = smoke(args.bundle.resolve(), args.platform, not args.with_network)
    width = max(len(name) for name, *_ in results)
    for name, passed, seconds, note in results:
        print(f"  {'ok  ' if passed else 'FAIL'} {name:<{width}} {seconds:6.2f} s  {note}")
    failed = sum(1 for _name, passed, *_ in results if not passed)
    print(f"frozen app checked in {time.perf_counter() - started:.1f} s")
    print(f"frozen app smoke test: {len(results) - failed} of {len(results)} checks ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
