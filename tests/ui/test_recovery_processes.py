"""Recovery with the app run for real and killed for real (SIGKILL), as the test campaign did it.

Each app runs in its own process through tests/ui/app_driver.py, with a home, data folder and
settings of its own (on Linux Qt takes them from HOME and the XDG folders), and answers the
recovery question as a user would.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.io.plan_file import read_plan, write_plan
from desktop.model.example import example_plan
from desktop.model.plan import Plan

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("app_driver.py")
REPLY_TIMEOUT_S = 60
EXAMPLE_FTE = example_plan().scenarios[0].stages[1].fte


class RunningApp:
    """One run of the window in its own process; ``send`` a command, get the window's state back."""

    def __init__(self, home: Path, cwd: Path, arguments: list[str], answers: list[str]) -> None:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
        }
        self.process = subprocess.Popen(
            [sys.executable, str(DRIVER), json.dumps(answers), *arguments],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self._replies: queue.Queue[dict[str, Any]] = queue.Queue()
        self._stderr: list[str] = []
        threading.Thread(target=self._read_replies, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        self.started = self.reply()

    def _read_replies(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("@@ "):
                self._replies.put(json.loads(line[3:]))

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        self._stderr.extend(self.process.stderr)

    def reply(self) -> dict[str, Any]:
        try:
            return self._replies.get(timeout=REPLY_TIMEOUT_S)
        except queue.Empty:
            raise AssertionError(f"the app did not answer; it wrote:\n{''.join(self._stderr)}") from None

    def send(self, command: str) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.reply()

    def kill(self) -> None:
        """SIGKILL (TerminateProcess on Windows): nothing is closed, nothing cleaned up."""
        self.process.kill()
        self.process.wait(timeout=30)

    def wait_closed(self) -> int:
        return self.process.wait(timeout=REPLY_TIMEOUT_S)


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Any]:
    started: list[RunningApp] = []
    home = tmp_path / "home"

    def start_app(*arguments: str, cwd: Path = tmp_path, answers: tuple[str, ...] = ()) -> RunningApp:
        app = RunningApp(home, cwd, list(arguments), list(answers))
        started.append(app)
        return app

    yield start_app
    for app in started:
        if app.process.poll() is None:
            app.kill()
        for stream in (app.process.stdin, app.process.stdout, app.process.stderr):
            if stream is not None:
                stream.close()


def autosave_folder(tmp_path: Path) -> Path:
    return tmp_path / "home" / "data" / "Caseload Planner" / "Caseload Planner" / "autosave"


def recovery_questions(state: dict[str, Any]) -> list[str]:
    return [text for text in state["asked"] if "not closed properly" in text]


def test_a_second_kill_right_after_recovery_still_leaves_the_changes_to_recover(tmp_path: Path, start: Any) -> None:
    plan = tmp_path / "team plan.caseplan"
    write_plan(example_plan(), plan)

    first = start(str(plan))
    assert first.send("edit 99.5")["fte"] == 99.5
    first.send("autosave")  # the minute has passed
    first.kill()

    second = start(answers=("Yes",))
    assert len(recovery_questions(second.started)) == 1
    assert second.started["fte"] == 99.5
    assert second.started["path"] == str(plan.resolve())
    second.kill()  # at once: no autosave timer has fired in this run

    third = start(answers=("Yes",))
    [question] = recovery_questions(third.started)
    assert "Unsaved changes to team plan.caseplan" in question
    assert third.started["fte"] == 99.5
    assert third.started["modified"]
    assert third.send("save")["modified"] is False
    assert read_plan(plan).scenarios[0].stages[1].fte == 99.5
    third.send("close")
    assert third.wait_closed() == 0
    assert list(autosave_folder(tmp_path).glob("*.caseplan")) == []


def test_recovery_started_from_another_folder_saves_to_the_plan_opened_by_a_relative_name(
    tmp_path: Path, start: Any
) -> None:
    team, elsewhere = tmp_path / "team", tmp_path / "elsewhere"
    team.mkdir()
    elsewhere.mkdir()
    write_plan(example_plan(), team / "plan.caseplan")
    data = example_plan().model_dump(mode="python")
    data["title"] = "Another team's plan"
    write_plan(Plan.model_validate(data), elsewhere / "plan.caseplan")
    unrelated = (elsewhere / "plan.caseplan").read_bytes()

    first = start("plan.caseplan", cwd=team)
    first.send("edit 77.25")
    first.send("autosave")
    first.kill()

    second = start(cwd=elsewhere, answers=("Yes",))
    assert second.started["path"] == str((team / "plan.caseplan").resolve())
    assert second.started["fte"] == 77.25
    second.send("save")  # Ctrl+S
    assert read_plan(team / "plan.caseplan").scenarios[0].stages[1].fte == 77.25
    assert (elsewhere / "plan.caseplan").read_bytes() == unrelated
    second.send("close")
    assert second.wait_closed() == 0


def test_a_failing_autosave_folder_is_reported_and_autosave_resumes_when_it_can_write(
    tmp_path: Path, start: Any
) -> None:
    folder = autosave_folder(tmp_path)
    folder.parent.mkdir(parents=True)
    folder.write_text("a file where the autosave folder should be", encoding="utf-8")

    app = start()
    assert "autosave failed" not in app.started["title"]
    app.send("edit 41")
    failing = app.send("autosave")
    assert "autosave failed" in failing["title"]
    assert failing["status"].startswith("Autosave failed: unsaved changes are not being kept in")
    assert failing["autosave_warning"]

    folder.unlink()
    working = app.send("autosave")  # what the retry timer does
    assert "autosave failed" not in working["title"]
    assert not working["autosave_warning"]
    assert working["status"] == "Autosave works again"
    app.kill()

    again = start(answers=("Yes",))
    assert len(recovery_questions(again.started)) == 1
    assert again.started["fte"] == 41
    assert again.started["path"] is None
    assert EXAMPLE_FTE != 41
