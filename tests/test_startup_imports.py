"""The window starts without pandas, openpyxl or statsmodels: they load when a command or an export needs them;
the garbage collector, paused while the window starts, is back on once it has painted.

Nothing loads pydantic: the plan types check themselves (desktop/model/fields.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SLOW_TO_IMPORT = ("pandas", "openpyxl", "statsmodels", "scipy", "matplotlib")
NEEDED_LATER = (
    "desktop.ui.editors.sources",  # the hidden editor pages, with their table models and views
    "desktop.ui.editors.stages",
    "desktop.ui.editors.events",
    "desktop.ui.editors.table_view",
    "desktop.ui.results.projection_table",  # the Table tab
    "pyqtgraph.exporters",  # "Save as PNG"
    "logging.handlers",  # the crash log
)

WINDOW = textwrap.dedent(
    """
    import sys, tempfile
    from pathlib import Path
    slow = sys.argv[1:]
    import desktop.ui.main_window
    import desktop.ui.app
    print("after import:", sorted(name for name in slow if name in sys.modules))
    from PySide6.QtCore import QSettings
    from desktop.model.example import example_plan
    from desktop.ui.app import application
    from desktop.ui.document import PlanDocument
    from desktop.ui.main_window import MainWindow
    app = application()
    scratch = Path(tempfile.mkdtemp(prefix="caseload-startup-"))
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(PlanDocument(example_plan()), settings, scratch)
    window.runner.hiring_solved.connect(lambda _advice: app.quit())
    window.show()
    app.exec()
    print("after the first projection:", sorted(name for name in slow if name in sys.modules))
    window.document.undo_stack.setClean()
    window.close()
    """
)

GC_AFTER_PAINT = textwrap.dedent(
    """
    import gc, tempfile
    from pathlib import Path
    gc.disable()  # as desktop.cli does before the window's modules load
    from PySide6.QtCore import QSettings
    from desktop.model.example import example_plan
    from desktop.ui.app import application, resume_gc_when_painted
    from desktop.ui.document import PlanDocument
    from desktop.ui.main_window import MainWindow
    app = application()
    scratch = Path(tempfile.mkdtemp(prefix="caseload-startup-"))
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(PlanDocument(example_plan()), settings, scratch)
    resume_gc_when_painted(window)
    window.show()
    print("collecting before the first paint:", gc.isenabled())
    window.first_painted.connect(lambda: print("collecting once painted:", gc.isenabled(), gc.get_freeze_count() > 0))
    window.runner.hiring_solved.connect(lambda _advice: app.quit())
    app.exec()
    window.document.undo_stack.setClean()
    window.close()
    """
)

SCREENSHOT = textwrap.dedent(
    """
    import gc, sys
    from desktop.cli import main
    code = main([sys.argv[1], "--screenshot", sys.argv[2]])
    print("exit", code)
    print("collecting after the window:", gc.isenabled())
    print("after the screenshot:", sorted(name for name in sys.argv[3:] if name in sys.modules))
    """
)


def _run(script: str, *args: str) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_window_module_and_window_do_not_import_pandas_or_openpyxl() -> None:
    out = _run(WINDOW, *SLOW_TO_IMPORT)
    assert "after import: []" in out
    assert "after the first projection: []" in out


def test_hidden_pages_and_tools_load_when_first_needed_not_at_start() -> None:
    out = _run(WINDOW, *NEEDED_LATER)
    assert "after the first projection: []" in out


def test_the_command_line_path_to_a_drawn_window_does_not_import_them(tmp_path: Path) -> None:
    plan = tmp_path / "example.caseplan"
    from desktop.cli import main

    assert main(["example", "-o", str(plan)]) == 0
    out = _run(SCREENSHOT, str(plan), str(tmp_path / "shot.png"), *SLOW_TO_IMPORT)
    assert "exit 0" in out
    assert "after the screenshot: []" in out
    assert "collecting after the window: True" in out


def test_the_garbage_collector_is_back_on_once_the_window_has_painted() -> None:
    out = _run(GC_AFTER_PAINT)
    assert "collecting before the first paint: False" in out
    assert "collecting once painted: True True" in out


NO_PYDANTIC = textwrap.dedent(
    """
    import sys
    import desktop.io.plan_file, desktop.io.workbook.read_back, desktop.cli, desktop.ui.app, desktop.ui.main_window
    from desktop.io.plan_file import plan_from_json, plan_json_schema, plan_to_json
    from desktop.model.example import example_plan
    plan_from_json(plan_to_json(example_plan()), "example.caseplan")
    plan_json_schema()
    print("loaded:", sorted(name for name in sys.modules if name.split(".")[0] in {"pydantic", "pydantic_core"}))
    """
)


def test_nothing_imports_pydantic() -> None:
    assert "loaded: []" in _run(NO_PYDANTIC)
