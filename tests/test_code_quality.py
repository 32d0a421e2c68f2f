"""Lint, format and strict typing run with the tests, so that the one test command checks them all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)


def test_ruff_finds_nothing() -> None:
    done = _run(str(BIN / "ruff"), "check", "desktop", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout


def test_code_is_formatted() -> None:
    done = _run(str(BIN / "ruff"), "format", "--check", "desktop", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout


def test_core_is_strictly_typed() -> None:
    """mypy --strict on desktop/model and desktop/io (configured in pyproject.toml)."""
    done = _run(sys.executable, "-m", "mypy", "--no-incremental")
    assert done.returncode == 0, done.stdout
