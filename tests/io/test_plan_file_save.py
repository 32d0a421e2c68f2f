"""Saving is atomic: on any failure the old file is untouched, no temporary file is left, and the user is told why."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.io.atomic import SaveError
from desktop.io.plan_file import PlanSaveError, read_plan, write_plan
from desktop.model.example import example_plan
from desktop.model.plan import Plan

from .samples import small_plan

posix_only = pytest.mark.skipif(os.name != "posix", reason="permission bits beyond read-only exist on POSIX only")


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    """A plan saved earlier, which a failed save must leave exactly as it is."""
    path = tmp_path / "Planning Zeden" / "plan.caseplan"
    path.parent.mkdir()
    write_plan(Plan.model_validate(small_plan()), path)
    return path


def _fail_with(error: OSError) -> Callable[..., None]:
    def fail(*args: object) -> None:
        raise error

    return fail


def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = old_file.read_bytes()
    # A full disk cannot be made in a test; the system call that would report it does so here.
    monkeypatch.setattr(os, "fsync", _fail_with(OSError(errno.ENOSPC, "No space left on device")))

    with pytest.raises(PlanSaveError) as caught:
        write_plan(example_plan(), old_file)

    assert str(caught.value) == "could not save plan.caseplan: the disk is full"
    assert caught.value.path == old_file
    assert old_file.read_bytes() == before
    assert [p.name for p in old_file.parent.iterdir()] == ["plan.caseplan"]


def test_a_file_locked_by_another_program(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows, a file open in another program cannot be replaced."""
    before = old_file.read_bytes()
    monkeypatch.setattr(os, "replace", _fail_with(PermissionError(errno.EACCES, "Access is denied")))

    with pytest.raises(PlanSaveError) as caught:
        write_plan(example_plan(), old_file)

    assert str(caught.value) == "could not save plan.caseplan: it is read-only or open in another program"
    assert old_file.read_bytes() == before
    assert [p.name for p in old_file.parent.iterdir()] == ["plan.caseplan"]


def test_an_interrupted_save_leaves_no_temporary_file(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = old_file.read_bytes()

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_plan(example_plan(), old_file)
    assert old_file.read_bytes() == before
    assert [p.name for p in old_file.parent.iterdir()] == ["plan.caseplan"]


def test_the_new_text_goes_through_a_hidden_temporary_file_in_the_same_folder(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rename is atomic only within one file system, so the temporary file sits beside the target."""
    renames: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def watched_replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        renames.append((Path(source), Path(target)))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", watched_replace)
    write_plan(example_plan(), old_file)

    [(temp, target)] = renames
    assert target == old_file
    assert temp.parent == old_file.parent
    assert temp.name.startswith(".")
    assert temp.name.endswith(".tmp")
    assert read_plan(old_file) == example_plan()
    assert [p.name for p in old_file.parent.iterdir()] == ["plan.caseplan"]


def test_saving_into_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    path = tmp_path / "gone" / "plan.caseplan"
    with pytest.raises(PlanSaveError) as caught:
        write_plan(example_plan(), path)
    assert str(caught.value) == f"could not save plan.caseplan: the folder {path.parent} does not exist"
    assert not path.parent.exists()


def test_saving_over_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "plan.caseplan"
    path.mkdir()
    with pytest.raises(PlanSaveError, match=r"^could not save plan\.caseplan: it is a folder$"):
        write_plan(example_plan(), path)
    assert path.is_dir()


def test_a_file_marked_read_only_is_not_overwritten(old_file: Path) -> None:
    before = old_file.read_bytes()
    old_file.chmod(stat.S_IREAD)
    try:
        with pytest.raises(PlanSaveError, match=r"^could not save plan\.caseplan: it is read-only"):
            write_plan(example_plan(), old_file)
        assert old_file.read_bytes() == before
    finally:
        old_file.chmod(stat.S_IREAD | stat.S_IWRITE)
    assert [p.name for p in old_file.parent.iterdir()] == ["plan.caseplan"]


def test_a_save_error_is_a_save_error_of_any_file(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line and autosave catch SaveError for every file they write."""
    monkeypatch.setattr(os, "fsync", _fail_with(OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(SaveError):
        write_plan(example_plan(), old_file)


@posix_only
def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    """Not the owner-only 0600 of a temporary file: colleagues with access to the folder can read a plan."""
    umask = os.umask(0o022)
    try:
        write_plan(example_plan(), tmp_path / "new.caseplan")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.caseplan").stat().st_mode) == 0o644


@posix_only
def test_saving_keeps_the_permissions_of_the_old_file(old_file: Path) -> None:
    old_file.chmod(0o640)
    write_plan(example_plan(), old_file)
    assert stat.S_IMODE(old_file.stat().st_mode) == 0o640


@posix_only
def test_saving_through_a_link_replaces_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real.caseplan"
    write_plan(Plan.model_validate(small_plan()), real)
    link = tmp_path / "link.caseplan"
    link.symlink_to(real)

    write_plan(example_plan(), link)

    assert link.is_symlink()
    assert read_plan(real) == example_plan()
