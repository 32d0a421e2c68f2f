"""Runs the real window in a process of its own for the tests: answers its questions, takes commands on stdin.

``python app_driver.py ANSWERS [app arguments …]``: ANSWERS is a JSON list of the buttons
(``"Yes"``, ``"Discard"``, …) the app's questions are answered with, in order; a question beyond
them is answered Cancel. The app starts as ``caseload-planner`` would (desktop.cli.main), with
the data folder and settings its environment gives it.

Once the window is up (after the recovery question), one line ``@@ {state}`` is written to
stdout; then each line on stdin is a command, answered by one such line: ``state``,
``edit VALUE`` (the FTE of the second stage of the first scenario), ``autosave`` (what the
autosave timer does when it fires), ``save`` (Ctrl+S) and ``close`` (the window closes; the
app ends).
"""

from __future__ import annotations

import json
import sys
import threading
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop.cli import main
from desktop.ui.app import application
from desktop.ui.main_window import MainWindow

answers = [QMessageBox.StandardButton[name] for name in json.loads(sys.argv[1])]
asked: list[str] = []


def question(_parent: object, title: str, text: str, *_args: object, **_kwargs: object) -> object:
    asked.append(f"{title}: {text}")
    return answers.pop(0) if answers else QMessageBox.StandardButton.Cancel


def note(_parent: object, title: str, text: str, *_args: object, **_kwargs: object) -> object:
    asked.append(f"{title}: {text}")
    return QMessageBox.StandardButton.Ok


def no_file_chosen(_parent: object, title: str, *_args: object, **_kwargs: object) -> tuple[str, str]:
    asked.append(f"file dialog: {title}")
    return "", ""


QMessageBox.question = staticmethod(question)  # type: ignore[method-assign]
for kind in ("warning", "information", "critical"):
    setattr(QMessageBox, kind, staticmethod(note))
QFileDialog.getSaveFileName = staticmethod(no_file_chosen)  # type: ignore[method-assign]
QFileDialog.getOpenFileName = staticmethod(no_file_chosen)  # type: ignore[method-assign]


def the_window() -> MainWindow | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)), None)


def state(window: MainWindow) -> dict[str, Any]:
    document = window.document
    return {
        "title": window.windowTitle(),
        "status": window.statusBar().currentMessage(),
        "autosave_warning": window.autosave_warning.isVisible(),
        "path": str(document.path) if document.path else None,
        "modified": document.is_modified,
        "fte": document.plan.scenarios[0].stages[1].fte,
        "plan_title": document.plan.title,
        "asked": asked,
    }


def reply(message: dict[str, Any]) -> None:
    print("@@ " + json.dumps(message), flush=True)


def run(command: str) -> None:
    window = the_window()
    if window is None:
        reply({"error": "no window"})
        return
    verb, _, argument = command.partition(" ")
    if verb == "edit":
        document = window.document
        document.set_value(document.scenario_path("stages", 1, "fte"), float(argument), "FTE")
    elif verb == "autosave":
        window.autosave.save_now()
    elif verb == "save":
        window.save_action.trigger()
    elif verb == "close":
        reply({"closing": True})
        window.close()
        return
    reply(state(window))


class Commands(QObject):
    received = Signal(str)


def read_commands(commands: Commands) -> None:
    for line in sys.stdin:
        if line.strip():
            commands.received.emit(line.strip())  # queued: runs on the window's thread


def announce() -> None:
    window = the_window()
    if window is None or not window.isVisible():
        QTimer.singleShot(50, announce)
        return
    reply(state(window))


if __name__ == "__main__":
    application([sys.argv[0]])
    commands = Commands()
    commands.received.connect(run)
    threading.Thread(target=read_commands, args=(commands,), daemon=True).start()
    QTimer.singleShot(0, announce)  # runs once the event loop has started: after the recovery question
    sys.exit(main(sys.argv[2:]))
