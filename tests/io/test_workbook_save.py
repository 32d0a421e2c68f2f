"""Writing the workbook is atomic: a locked or read-only target is told plainly; nothing half-written is left."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.io.atomic import SaveError
from desktop.io.workbook import LOCKED_REASON, export_workbook, read_workbook_plan
from desktop.io.workbook import export as export_module
from desktop.model.example import example_plan


@pytest.fixture
def old_workbook(tmp_path: Path) -> Path:
    """A workbook exported earlier (and perhaps open in Excel), which a failed export must leave as it is."""
    path = tmp_path / "Overleg korpsleiding" / "capaciteit.xlsx"
    path.parent.mkdir()
    path.write_bytes(b"the workbook of last month")
    return path


def _fail_with(error: BaseException) -> Callable[..., None]:
    def fail(*args: object) -> None:
        raise error

    return fail


def test_a_workbook_open_in_excel_is_said_so_plainly(old_workbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows a file that Excel holds open cannot be replaced; the rename fails with PermissionError."""
    monkeypatch.setattr(os, "replace", _fail_with(PermissionError(errno.EACCES, "Access is denied")))

    with pytest.raises(SaveError) as caught:
        export_workbook(example_plan(), old_workbook)

    message = str(caught.value)
    assert message == f"could not save capaciteit.xlsx: {LOCKED_REASON}"
    assert "open in another program (such as Excel)" in message
    assert "close it" in message
    assert "save under another name" in message
    assert caught.value.path == old_workbook
    assert old_workbook.read_bytes() == b"the workbook of last month"
    assert [p.name for p in old_workbook.parent.iterdir()] == ["capaciteit.xlsx"]


def test_a_read_only_workbook_is_not_overwritten(old_workbook: Path) -> None:
    old_workbook.chmod(stat.S_IREAD)
    try:
        with pytest.raises(SaveError, match=r"^could not save capaciteit\.xlsx: it is read-only"):
            export_workbook(example_plan(), old_workbook)
        assert old_workbook.read_bytes() == b"the workbook of last month"
    finally:
        old_workbook.chmod(stat.S_IREAD | stat.S_IWRITE)
    assert [p.name for p in old_workbook.parent.iterdir()] == ["capaciteit.xlsx"]


def test_a_full_disk_leaves_the_old_workbook(old_workbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fsync", _fail_with(OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(SaveError, match="the disk is full"):
        export_workbook(example_plan(), old_workbook)
    assert old_workbook.read_bytes() == b"the workbook of last month"
    assert [p.name for p in old_workbook.parent.iterdir()] == ["capaciteit.xlsx"]


def test_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    target = tmp_path / "gone" / "plan.xlsx"
    with pytest.raises(SaveError) as caught:
        export_workbook(example_plan(), target)
    assert str(caught.value) == f"could not save plan.xlsx: the folder {target.parent} does not exist"


def test_a_failure_while_building_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_module, "write_model", _fail_with(RuntimeError("simulated defect")))
    with pytest.raises(RuntimeError, match="simulated defect"):
        export_workbook(example_plan(), tmp_path / "plan.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_the_workbook_goes_through_a_hidden_temporary_file_beside_it(
    old_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renames: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def watched_replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        renames.append((Path(source), Path(target)))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", watched_replace)
    export_workbook(example_plan(), old_workbook)

    [(temporary, target)] = renames
    assert target == old_workbook
    assert temporary.parent == old_workbook.parent
    assert temporary.name.startswith(".")
    assert read_workbook_plan(old_workbook) == example_plan()
    assert [p.name for p in old_workbook.parent.iterdir()] == ["capaciteit.xlsx"]


class _StopError(Exception):
    pass


def test_stopping_from_the_progress_callback_writes_nothing(tmp_path: Path) -> None:
    """The window's Cancel button raises from the progress callback; up to 95 % nothing is on the disk."""
    seen: list[int] = []

    def stop_at_the_last_moment(percent: int, what: str) -> None:
        seen.append(percent)
        if percent == 95:
            raise _StopError

    with pytest.raises(_StopError):
        export_workbook(example_plan(), tmp_path / "plan.xlsx", progress=stop_at_the_last_moment)
    assert list(tmp_path.iterdir()) == []
    assert seen[-1] == 95
