"""Builds Caseload Planner: the tests, then the one-folder app with PyInstaller, its smoke test, then the installer.

    python packaging/build.py [--skip-tests] [--skip-smoke] [--sign "signtool sign /a /fd SHA256 /tr URL /td SHA256"]

1. ``python -m pytest`` (the project's full test command);
2. PyInstaller with ``packaging/caseload-planner.spec`` → ``dist/Caseload Planner/``;
3. ``packaging/smoke_test.py`` on that folder (offscreen);
4. with ``--sign`` (Windows): both executables are signed with that command;
5. where Inno Setup's compiler (ISCC) is found: ``packaging/installer.iss`` →
   ``dist/installer/CaseloadPlanner-<version>-setup.exe`` (signed too, with ``--sign``).

It runs the same on Windows and Linux; on Linux there is no ISCC unless you put one
on PATH, so it stops after step 3. Needs the ``packaging`` extra:
``pip install -e ".[test,packaging]"``. See docs/packaging.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "caseload-planner.spec"
INSTALLER_SCRIPT = ROOT / "packaging" / "installer.iss"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / "Caseload Planner"
INSTALLER_OUT = DIST / "installer"
EXECUTABLES = ("Caseload Planner.exe", "caseload-planner.exe")


class BuildError(Exception):
    """A step failed; the message says which and why."""


def version() -> str:
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise BuildError("no __version__ in desktop/__init__.py")
    return found.group(1)


def run(step: str, command: Sequence[str], **kwargs: object) -> None:
    print(f"\n== {step}: {' '.join(str(part) for part in command)}", flush=True)
    done = subprocess.run(list(command), cwd=ROOT, check=False, **kwargs)  # type: ignore[call-overload]
    if done.returncode != 0:
        raise BuildError(f"{step} failed (exit {done.returncode})")


def find_iscc() -> Path | None:
    """Inno Setup 6's compiler: $ISCC, PATH, then where its installer puts it (for everyone or per user)."""
    candidates = [os.environ.get("ISCC", ""), shutil.which("ISCC") or "", shutil.which("iscc") or ""]
    if sys.platform == "win32":
        for base in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
            folder = os.environ.get(base)
            if folder:
                programs = Path(folder) / ("Programs" if base == "LOCALAPPDATA" else "")
                candidates.append(str(programs / "Inno Setup 6" / "ISCC.exe"))
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def sign_command(sign: str, path: Path) -> list[str] | str:
    """The signing command for one file; on Windows one string, as signtool's own quoting expects."""
    if sys.platform == "win32":
        return f'{sign} "{path}"'
    return [*shlex.split(sign), str(path)]


def sign_files(sign: str, paths: Sequence[Path]) -> None:
    for path in paths:
        print(f"\n== sign: {path.name}", flush=True)
        done = subprocess.run(sign_command(sign, path), cwd=ROOT, check=False)
        if done.returncode != 0:
            raise BuildError(f"signing {path} failed (exit {done.returncode})")


def folder_size_mb(folder: Path) -> float:
    files = (path for path in folder.rglob("*") if path.is_file() and not path.is_symlink())
    return sum(path.stat().st_size for path in files) / 1024 / 1024


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-tests", action="store_true", help="do not run the tests first")
    parser.add_argument("--skip-smoke", action="store_true", help="do not run the smoke test of the bundle")
    parser.add_argument("--no-clean", action="store_true", help="let PyInstaller reuse its cache (faster, for trying)")
    parser.add_argument("--sign", metavar="COMMAND", help="sign the executables and installer with COMMAND FILE")
    args = parser.parse_args(argv)
    timings: list[tuple[str, float]] = []

    def timed(step: str, started: float) -> None:
        timings.append((step, time.perf_counter() - started))

    try:
        if not args.skip_tests:
            started = time.perf_counter()
            run("tests", [sys.executable, "-m", "pytest", "-q"])
            timed("tests", started)

        started = time.perf_counter()
        shutil.rmtree(BUNDLE, ignore_errors=True)
        pyinstaller = [sys.executable, "-m", "PyInstaller", "--noconfirm", f"--distpath={DIST}", f"--workpath={WORK}"]
        run("PyInstaller", [*pyinstaller, *([] if args.no_clean else ["--clean"]), str(SPEC)])
        timed("PyInstaller", started)

        if not args.skip_smoke:
            started = time.perf_counter()
            run("smoke test", [sys.executable, str(ROOT / "packaging" / "smoke_test.py"), str(BUNDLE)])
            timed("smoke test", started)

        if args.sign:
            started = time.perf_counter()
            sign_files(args.sign, [BUNDLE / name for name in EXECUTABLES if (BUNDLE / name).exists()])
            timed("signing", started)

        iscc = find_iscc()
        if iscc is None:
            print("\n== installer: Inno Setup's ISCC not found (PATH, $ISCC, Inno Setup 6 folders); skipped")
        else:
            started = time.perf_counter()
            command = [
                str(iscc),
                f"/DAppVersion={version()}",
                f"/DSourceDir={BUNDLE}",
                f"/O{INSTALLER_OUT}",
            ]
            if args.sign:
                command += ["/DSignInstaller", f"/Scaseloadsign={args.sign} $f"]
            run("installer", [*command, str(INSTALLER_SCRIPT)])
            timed("installer", started)
    except BuildError as error:
        print(f"\nbuild: {error}", file=sys.stderr)
        return 1

    print("\n== done")
    for step, seconds in timings:
        print(f"  {step:<12} {seconds:7.1f} s")
    print(f"  bundle       {folder_size_mb(BUNDLE):7.0f} MB  {BUNDLE}")
    for installer in sorted(INSTALLER_OUT.glob("*.exe")) if INSTALLER_OUT.is_dir() else []:
        print(f"  installer    {installer.stat().st_size / 1024 / 1024:7.0f} MB  {installer}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
