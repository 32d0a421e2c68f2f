"""Offline guarantee: the main flows work with the network made to fail, and nothing even tries to reach it.

Every way to the network through Python (creating an internet socket, resolving a
name, ``create_connection``) is replaced by one that records the attempt and
raises. The flows (write, check, open, edit, forecast, save, project to CSV,
export a workbook once the command exists) then run twice: here, and in a fresh
process whose guard is in place before anything of the app or its libraries is
imported, so that a library reaching out at import time is caught as well. Qt's
own networking (QtNetwork) would bypass Python's sockets, so the fresh process
also checks that it is never loaded.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
INTERNET = (socket.AF_INET, socket.AF_INET6)
FLOW_TIMEOUT_MS = 20_000


class NetworkRefusedError(OSError):
    """Raised instead of reaching the network."""


class NetworkGuard:
    """Replaces the socket module's ways out by ones that record who asked, then refuse."""

    def __init__(self) -> None:
        self.attempts: list[str] = []
        self._saved: dict[str, Any] = {}

    def _refuse(self, what: str) -> NetworkRefusedError:
        caller = "".join(traceback.format_stack(limit=6)[:-2])
        self.attempts.append(f"{what}\n{caller}")
        return NetworkRefusedError(f"network use refused in the offline test: {what}")

    def install(self) -> None:
        guard = self
        original_socket = socket.socket

        class GuardedSocket(original_socket):  # type: ignore[misc, valid-type]
            def __init__(self, family: int = -1, type: int = -1, proto: int = -1, fileno: int | None = None) -> None:
                if fileno is None and (family == -1 or family in INTERNET):
                    raise guard._refuse(f"socket.socket(family={family})")
                super().__init__(family, type, proto, fileno)

        def refusing(name: str) -> Callable[..., Any]:
            def refuse(*args: object, **_kwargs: object) -> Any:
                raise guard._refuse(f"socket.{name}{args!r}")

            return refuse

        replacements: dict[str, Any] = {"socket": GuardedSocket}
        for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
            replacements[name] = refusing(name)
        for name, replacement in replacements.items():
            self._saved[name] = getattr(socket, name)
            setattr(socket, name, replacement)

    def uninstall(self) -> None:
        for name, original in self._saved.items():
            setattr(socket, name, original)
        self._saved.clear()


def _wait_for(signal: Any, timeout_ms: int = FLOW_TIMEOUT_MS) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    fired: list[bool] = []
    loop = QEventLoop()

    def done(*_args: object) -> None:
        fired.append(True)
        loop.quit()

    signal.connect(done)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(done)
    if not fired:
        raise AssertionError(f"timed out after {timeout_ms} ms waiting for {signal}")


def command_line_flows(folder: Path) -> list[str]:
    """Write, check, project, summarise and (once it exists) export a plan through the command line."""
    from desktop.cli import COMMANDS, main

    plan = folder / "offline.caseplan"
    done = []
    assert main(["example", "-o", str(plan)]) == 0
    done.append("example")
    assert main(["check", str(plan)]) == 0
    done.append("check")
    assert main(["project", str(plan), "--csv", str(folder / "projection.csv")]) == 0
    assert (folder / "projection.csv").read_text(encoding="utf-8-sig").startswith("scenario,month,stage,priority")
    done.append("project")
    assert main(["summary", str(plan)]) == 0
    done.append("summary")
    if "export" in COMMANDS:
        workbook = folder / "offline.xlsx"
        assert main(["export", str(plan), "-o", str(workbook)]) == 0
        assert workbook.read_bytes()[:2] == b"PK"
        done.append("export")
    return done


def window_flows(folder: Path) -> list[str]:
    """Open a plan in the window, forecast, edit, autosave and save it."""
    from PySide6.QtCore import QSettings

    from desktop.model.example import example_plan
    from desktop.ui.app import application
    from desktop.ui.document import PlanDocument
    from desktop.ui.main_window import MainWindow

    application()
    plan = folder / "window.caseplan"
    from desktop.io.plan_file import write_plan

    write_plan(example_plan(), plan)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(PlanDocument(example_plan()), settings, folder / "data", autosave_interval_ms=60_000)
    done = []
    try:
        window.show()
        assert window.files.open_path(plan)
        done.append("open")
        _wait_for(window.runner.hiring_solved)
        done.append("forecast")
        window.document.set_value(window.document.scenario_path("stages", 0, "fte"), 50.0, "Assessment FTE")
        _wait_for(window.runner.hiring_solved)
        assert window.runner.projection is not None
        assert window.runner.projection.scenario.stages[0].fte == 50.0
        done.append("edit")
        window.autosave.save_now()
        assert window.autosave.copy_path.exists()
        done.append("autosave")
        assert window.files.save()
        assert '"fte": 50.0' in plan.read_text(encoding="utf-8")
        done.append("save")
    finally:
        window.runner.wait_for_solver(FLOW_TIMEOUT_MS)
        window.document.undo_stack.setClean()
        window.close()
    return done


@pytest.fixture
def guard() -> Iterator[NetworkGuard]:
    installed = NetworkGuard()
    installed.install()
    yield installed
    installed.uninstall()


def test_the_guard_refuses_the_network(guard: NetworkGuard) -> None:
    with pytest.raises(NetworkRefusedError):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(NetworkRefusedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(NetworkRefusedError):
        socket.getaddrinfo("localhost", 80)
    assert len(guard.attempts) == 3
    guard.attempts.clear()


def test_command_line_flows_work_offline(guard: NetworkGuard, tmp_path: Path) -> None:
    done = command_line_flows(tmp_path)
    assert done[:4] == ["example", "check", "project", "summary"]
    assert guard.attempts == []


def test_window_flows_work_offline(qtbot: object, guard: NetworkGuard, tmp_path: Path) -> None:
    assert window_flows(tmp_path) == ["open", "forecast", "edit", "autosave", "save"]
    assert guard.attempts == []


FRESH_PROCESS = """
import sys
from pathlib import Path
from tests.test_offline import NetworkGuard
guard = NetworkGuard()
guard.install()  # before the app or any of its libraries is imported
from tests.test_offline import command_line_flows, window_flows
folder = Path(sys.argv[1])
done = command_line_flows(folder) + window_flows(folder)
print("done:", " ".join(done))
print("QtNetwork loaded:", any(name.startswith("PySide6.QtNetwork") for name in sys.modules))
print("attempts:", len(guard.attempts))
for attempt in guard.attempts:
    print(attempt)
"""


def test_all_flows_work_offline_in_a_fresh_process(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS, str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "done: example check project summary" in done.stdout
    assert "open forecast edit autosave save" in done.stdout
    assert "QtNetwork loaded: False" in done.stdout
    assert "attempts: 0" in done.stdout, done.stdout
