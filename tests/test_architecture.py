"""The layers stay apart: the core (model, io) runs without Qt, the model without files or the UI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import desktop

ROOT = Path(__file__).resolve().parents[1]


def _modules(package: str) -> list[str]:
    path = ROOT / "desktop" / package
    return [f"desktop.{package}.{m.name}" for m in pkgutil.iter_modules([str(path)])]


BLOCK_QT = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"PySide6", "pyqtgraph", "shiboken6"}:
            raise ImportError(f"{name} is not allowed in the core")
        return None
sys.meta_path.insert(0, Block())
import importlib
for name in sys.argv[1:]:
    importlib.import_module(name)
print("imported", len(sys.argv) - 1)
"""


def test_core_modules_import_with_qt_unavailable() -> None:
    modules = _modules("model") + _modules("io")
    assert "desktop.model.engine" in modules
    assert "desktop.io.plan_file" in modules
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_QT, *modules], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    assert f"imported {len(modules)}" in done.stdout


def test_import_contracts_hold() -> None:
    """import-linter's contracts in pyproject.toml: no Qt in the core, no files or UI in the model."""
    done = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--config", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


def test_modules_stay_small() -> None:
    """A module over ~600 lines is split by what a reader looks for (STYLE.md)."""
    too_long = {
        str(path.relative_to(ROOT)): n
        for path in Path(desktop.__file__).parent.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert too_long == {}
