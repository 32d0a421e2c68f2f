"""Where the command line writes: a file gets a byte-order mark, a pipe or /dev/stdout works, a terminal no escapes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import cli
from desktop.io.tidy_csv import BYTE_ORDER_MARK
from desktop.model.example import example_plan

COMMAND = Path(sys.executable).with_name("caseload-planner")
posix_only = pytest.mark.skipif(os.name != "posix", reason="/dev/stdout and named pipes are POSIX's")


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("outputs") / "plän.caseplan"
    assert cli.main(["example", "-o", str(path)]) == 0
    return path


def _shell(command: str, folder: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["sh", "-c", command], cwd=folder, capture_output=True, timeout=120, check=False, env=dict(os.environ)
    )


@posix_only
def test_csv_to_dev_stdout_goes_to_standard_output_without_a_mark(plan_file: Path) -> None:
    """The campaign got "the folder /proc/…/fd does not exist"."""
    done = _shell(f'"{COMMAND}" project "{plan_file.name}" --csv /dev/stdout', plan_file.parent)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert done.stdout.startswith(b"scenario,month,stage,priority,source,metric,value\n")
    with_file = plan_file.parent / "projection.csv"
    assert cli.main(["project", str(plan_file), "--csv", str(with_file)]) == 0
    assert with_file.read_bytes() == BYTE_ORDER_MARK.encode("utf-8") + done.stdout


@posix_only
def test_csv_to_a_pipe_that_closes_early_is_no_error(plan_file: Path) -> None:
    done = _shell(f'"{COMMAND}" project "{plan_file.name}" --csv /dev/stdout | head -n 1', plan_file.parent)
    assert done.returncode == 0
    assert done.stdout == b"scenario,month,stage,priority,source,metric,value\n"
    assert b"Traceback" not in done.stderr


@posix_only
def test_schema_to_dev_stdout(plan_file: Path) -> None:
    done = _shell(f'"{COMMAND}" schema -o /dev/stdout', plan_file.parent)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"]


def test_a_plan_file_cannot_be_saved_into_a_device(tmp_path: Path) -> None:
    """Only the outputs of the command line may go to a device; a plan saved there would be lost."""
    done = subprocess.run(
        [str(COMMAND), "example", "-o", os.devnull], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "not a regular file" in done.stderr


def test_messages_escape_what_a_terminal_would_obey(tmp_path: Path) -> None:
    """A scenario asked for by a name with escape sequences, a plan path holding them: shown, not obeyed."""
    plan = tmp_path / "plan\x1b]0;retitled\x07.caseplan"
    assert cli.main(["example", "-o", str(plan)]) == 0

    checked = subprocess.run(
        [str(COMMAND), "check", str(plan)], capture_output=True, text=True, timeout=60, check=False
    )
    unknown = subprocess.run(
        [str(COMMAND), "summary", str(plan), "--scenario", "x\x1b[2J"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert checked.returncode == 0
    assert "plan\\x1b]0;retitled\\x07.caseplan: the plan is valid" in checked.stdout
    assert unknown.returncode == 2
    assert "x\\x1b[2J" in unknown.stderr
    for text in (checked.stdout, unknown.stderr):
        assert not any(ord(c) < 0x20 and c != "\n" for c in text)


def test_the_example_summary_is_unchanged_by_the_escaping(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["summary"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == example_plan().title
    assert "Assessment — team" in text  # a dash and other printable non-ASCII stay as they are
