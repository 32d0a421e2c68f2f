"""Saving cannot be turned against the user: stale temporary files go, another user's file is not taken over,
and every failure names its real cause.

Real files, real folders and real processes (a save killed half-way, a save by another user
when the tests run as an administrator). A full disk, an immutable file or a file Windows holds
open cannot be made here; their wording is checked with the real OSError the system raises.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.io import atomic
from desktop.io.atomic import (
    FILE_ATTRIBUTE_HIDDEN,
    FILE_ATTRIBUTE_NORMAL,
    IN_USE_REASON,
    OPEN_ELSEWHERE_REASON,
    PROTECTED_REASON,
    READ_ONLY_DISK_REASON,
    READ_ONLY_REASON,
    STALE_AFTER_SECONDS,
    SaveError,
    describe_save_error,
    remove_stale_temporary_files,
    temporary_prefix,
    windows_attribute_setter,
    write_bytes_atomic,
)

ROOT = Path(__file__).resolve().parents[2]
IS_ADMIN = hasattr(os, "geteuid") and os.geteuid() == 0
posix_only = pytest.mark.skipif(os.name != "posix", reason="owners, modes and sticky folders are POSIX's")

# A save that stops for good once its data is written, as a save does that is killed there.
_HANGING_SAVE = """
import os, sys, time
from desktop.io import atomic

def stop_here(handle):
    print("writing", flush=True)
    time.sleep(600)

os.fsync = stop_here
atomic.write_bytes_atomic(sys.argv[1], b"never finished")
"""


def _temps(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".tmp"))


def _age(path: Path, seconds: float) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


@pytest.fixture
def hanging_save(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A real process in the middle of saving ``tmp_path/plan.caseplan``; killed at the end of the test."""
    target = tmp_path / "plan.caseplan"
    target.write_bytes(b"the saved plan")
    process = subprocess.Popen(
        [sys.executable, "-c", _HANGING_SAVE, str(target)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "writing\n"
        yield process
    finally:
        process.kill()
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()


# --- temporary files -------------------------------------------------------------------------------------------


def test_the_temporary_file_is_named_after_the_target() -> None:
    assert temporary_prefix("plan.caseplan") == ".plan.caseplan."
    long_a, long_b = "Capaciteitsplanning zedenpolitie " + "a" * 20, "Capaciteitsplanning zedenpolitie " + "b" * 20
    assert temporary_prefix(long_a) != temporary_prefix(long_b)
    assert temporary_prefix(long_a).startswith(".Capaciteitsplanning zedenpolit")
    assert len(temporary_prefix(long_a)) < 45


def test_a_save_killed_half_way_leaves_a_temporary_file_that_the_next_save_removes(
    tmp_path: Path, hanging_save: subprocess.Popen[str]
) -> None:
    target = tmp_path / "plan.caseplan"
    [left] = _temps(tmp_path)
    assert left.name.startswith(".plan.caseplan.")
    # Running and holding its file: even when old, a save in progress is left alone.
    _age(left, STALE_AFTER_SECONDS + 60)
    write_bytes_atomic(target, b"saved while the other save runs")
    assert _temps(tmp_path) == [left]

    hanging_save.kill()
    hanging_save.wait(timeout=30)
    _age(left, STALE_AFTER_SECONDS + 60)
    assert target.read_bytes() == b"saved while the other save runs"  # the killed save changed nothing

    write_bytes_atomic(target, b"the next save")

    assert _temps(tmp_path) == []
    assert target.read_bytes() == b"the next save"


def test_a_recent_temporary_file_or_one_of_another_target_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "plan.caseplan"
    recent = tmp_path / ".plan.caseplan.0123456789ab.tmp"
    other = tmp_path / ".other.caseplan.0123456789ab.tmp"
    not_ours = tmp_path / ".plan.caseplan.backup.tmp"
    for path in (recent, other, not_ours):
        path.write_bytes(b"x")
    for path in (other, not_ours):
        _age(path, STALE_AFTER_SECONDS * 10)
    _age(recent, STALE_AFTER_SECONDS - 60)

    write_bytes_atomic(target, b"saved")

    assert _temps(tmp_path) == sorted([recent, other, not_ours])
    assert remove_stale_temporary_files(target, now=time.time() + 120) == [recent]


def test_the_temporary_file_is_hidden_on_windows_and_the_saved_file_is_not(tmp_path: Path) -> None:
    """Windows hides no file for its leading dot; the attribute moves with the file on the rename."""
    target = tmp_path / "plan.caseplan"
    target.write_bytes(b"old")
    calls: list[tuple[Path, int]] = []

    def set_attributes(path: str, attributes: int) -> None:
        assert Path(path).exists()
        calls.append((Path(path), attributes))

    atomic._write_atomically(target, b"new", set_attributes=set_attributes)

    [(hidden, first), (unhidden, second)] = calls
    assert hidden == unhidden
    assert hidden.parent == tmp_path
    assert hidden.name.startswith(".plan.caseplan.")
    assert (first, second) == (FILE_ATTRIBUTE_HIDDEN, FILE_ATTRIBUTE_NORMAL)
    assert target.read_bytes() == b"new"


def test_a_temporary_file_that_cannot_be_hidden_is_saved_all_the_same(tmp_path: Path) -> None:
    target = tmp_path / "plan.caseplan"

    def refuse_to_hide(path: str, attributes: int) -> None:
        if attributes == FILE_ATTRIBUTE_HIDDEN:
            raise PermissionError(errno.EACCES, "Access is denied", path)

    atomic._write_atomically(target, b"new", set_attributes=refuse_to_hide)
    assert target.read_bytes() == b"new"


def test_a_temporary_file_that_cannot_be_unhidden_is_not_saved_hidden(tmp_path: Path) -> None:
    target = tmp_path / "plan.caseplan"
    target.write_bytes(b"old")

    def refuse_to_unhide(path: str, attributes: int) -> None:
        if attributes == FILE_ATTRIBUTE_NORMAL:
            raise OSError(errno.EIO, "The request could not be performed because of an I/O device error", path)

    with pytest.raises(SaveError, match="I/O device error"):
        atomic._write_atomically(target, b"new", set_attributes=refuse_to_unhide)
    assert target.read_bytes() == b"old"
    assert _temps(tmp_path) == []


def test_the_attribute_setter_is_the_system_one_on_windows_only() -> None:
    setter = windows_attribute_setter()
    assert (setter is None) == (sys.platform != "win32")
    assert (atomic._SYSTEM_SET_ATTRIBUTES is None) == (sys.platform != "win32")


# --- may the user replace the file? ----------------------------------------------------------------------------


def test_a_read_only_file_is_refused_by_its_mode_even_where_access_checks_pass(tmp_path: Path) -> None:
    """An administrator passes os.access; the read-only mark was set to keep the file all the same."""
    target = tmp_path / "plan.caseplan"
    target.write_bytes(b"old")
    target.chmod(0o444)
    try:
        assert not target.stat().st_mode & 0o222
        assert os.access(target, os.W_OK) == IS_ADMIN
        with pytest.raises(SaveError) as caught:
            write_bytes_atomic(target, b"new")
        assert caught.value.reason == READ_ONLY_REASON
        assert target.read_bytes() == b"old"
        assert _temps(tmp_path) == []
    finally:
        target.chmod(0o644)


def _shared_folder(mode: int) -> Iterator[Path]:
    """A folder another user can reach (pytest's own folders are the owner's only)."""
    folder = Path(tempfile.mkdtemp(prefix="caseload-shared-"))
    folder.chmod(mode)
    try:
        yield folder
    finally:
        folder.chmod(0o700)
        shutil.rmtree(folder)


@pytest.fixture
def world_writable_folder() -> Iterator[Path]:
    yield from _shared_folder(0o777)


@pytest.fixture
def sticky_folder() -> Iterator[Path]:
    yield from _shared_folder(0o1777)


_OTHER_USER, _THIRD_USER = 65534, 65533


def _save_as(uid: int, target: Path) -> str:
    """Save ``target`` in a forked process that runs as the user ``uid``; "saved" or the SaveError's reason.

    A fork, not a new interpreter: the tests' Python may sit in a folder only the administrator can enter.
    """
    read, write = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # "fork() may lead to deadlocks" with threads about
        pid = os.fork()
    if pid == 0:  # the child: become the other user, save, say how it went, leave without pytest's clean-up
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            try:
                write_bytes_atomic(target, b"new")
                outcome = "saved"
            except SaveError as error:
                outcome = error.reason
            os.write(write, outcome.encode("utf-8"))
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as stream:
        outcome = stream.read().decode("utf-8")
    os.waitpid(pid, 0)
    assert outcome, "the save as another user did not finish"
    return outcome


@posix_only
def test_a_file_the_user_may_not_write_is_not_replaced(world_writable_folder: Path) -> None:
    """The campaign's case: in a world-writable folder another user's file (mode 644) was replaced and changed owner."""
    target = world_writable_folder / "plan.caseplan"
    target.write_bytes(b"old")
    if IS_ADMIN:
        # The file is the administrator's; a save by an ordinary user of the same machine.
        target.chmod(0o644)
        reason = _save_as(_OTHER_USER, target)
        assert reason == "you may not write to it (it belongs to another user); save under another name"
    else:
        # The owner without the write bit, the group with it: not "read-only", and yet not ours to write.
        target.chmod(0o464)
        with pytest.raises(SaveError) as caught:
            write_bytes_atomic(target, b"new")
        reason = caught.value.reason
        assert reason == "you may not write to it; save under another name"
    assert target.read_bytes() == b"old"
    assert target.stat().st_uid == os.geteuid()
    assert _temps(world_writable_folder) == []


@posix_only
def test_in_a_sticky_folder_another_users_file_is_refused_with_the_folders_rule(sticky_folder: Path) -> None:
    """Like /tmp: anyone may create files, only a file's owner may replace it, even when its mode lets all write."""
    target = sticky_folder / "plan.caseplan"
    target.write_bytes(b"old")
    target.chmod(0o666)
    expected = (
        f"the folder {sticky_folder} lets only the owner of a file replace it, and this file belongs to another"
        " user; save under another name"
    )
    if IS_ADMIN:
        os.chown(target, _OTHER_USER, _OTHER_USER)
        assert _save_as(_THIRD_USER, target) == expected
        assert target.stat().st_uid == _OTHER_USER
        assert _save_as(_OTHER_USER, target) == "saved"  # its owner may
        assert target.read_bytes() == b"new"
    else:
        # Not an administrator: no file of another user can be made; the rename's refusal is worded the same.
        error = PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(target))
        assert describe_save_error(error, target, creating=False) == PROTECTED_REASON
        assert target.read_bytes() == b"old"


@posix_only
def test_an_administrator_saving_a_colleagues_file_leaves_it_the_colleagues(world_writable_folder: Path) -> None:
    target = world_writable_folder / "plan.caseplan"
    target.write_bytes(b"old")
    target.chmod(0o640)
    owner = (_OTHER_USER, _OTHER_USER) if IS_ADMIN else (os.geteuid(), os.getegid())
    if IS_ADMIN:
        os.chown(target, *owner)

    write_bytes_atomic(target, b"new")

    info = target.stat()
    assert (info.st_uid, info.st_gid) == owner
    assert stat.S_IMODE(info.st_mode) == 0o640
    assert target.read_bytes() == b"new"


@posix_only
def test_a_folder_the_user_may_not_write_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "Archief"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if IS_ADMIN:
            write_bytes_atomic(folder / "plan.caseplan", b"new")  # an administrator may write anywhere
            assert (folder / "plan.caseplan").read_bytes() == b"new"
        else:
            with pytest.raises(SaveError) as caught:
                write_bytes_atomic(folder / "plan.caseplan", b"new")
            assert caught.value.reason == (
                f"you may not create files in the folder {folder} (it is read-only or another user's)"
            )
    finally:
        folder.chmod(0o755)


# --- the words for each cause, from the errors the system raises -----------------------------------------------


@pytest.mark.parametrize(
    ("number", "creating", "expected"),
    [
        (errno.ENOSPC, False, "the disk is full"),
        (errno.ENOSPC, True, "the disk is full"),
        (errno.EDQUOT, False, "your share of the disk (quota) is full"),
        (errno.EROFS, True, READ_ONLY_DISK_REASON),
        (errno.EBUSY, False, "it is in use by another program (close it there and try again)"),
    ],
)
def test_each_cause_gets_its_words(tmp_path: Path, number: int, creating: bool, expected: str) -> None:
    target = tmp_path / "plan.caseplan"
    error = OSError(number, os.strerror(number), str(target))
    assert describe_save_error(error, target, creating=creating) == expected


def test_a_full_disk_while_writing_is_said_so_and_nothing_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.caseplan"
    target.write_bytes(b"old")

    def full(handle: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SaveError, match=r"^could not save plan\.caseplan: the disk is full$"):
        write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert _temps(tmp_path) == []


def _chattr(flag: str, path: Path) -> bool:
    """Linux's ``chattr`` where it can be run: by an administrator, on a file system with the flag."""
    chattr = shutil.which("chattr")
    if not (IS_ADMIN and chattr):
        return False
    return subprocess.run([chattr, flag, str(path)], capture_output=True, check=False).returncode == 0


def test_an_immutable_file_is_not_blamed_on_another_program(tmp_path: Path) -> None:
    """Linux refuses to replace an immutable (chattr +i) file with EPERM; access() says EPERM too.

    Only an administrator can mark a file immutable, on a file system that has the flag; there the
    save itself is tried too.
    """
    target = tmp_path / "plan.caseplan"
    target.write_bytes(b"old")
    error = PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(target))
    expected = PROTECTED_REASON if sys.platform != "win32" else IN_USE_REASON
    assert describe_save_error(error, target, creating=False) == expected
    assert describe_save_error(error, target, creating=False, checking=True) == expected
    if _chattr("+i", target):
        try:
            with pytest.raises(SaveError) as caught:
                write_bytes_atomic(target, b"new")
            assert caught.value.reason == PROTECTED_REASON
            assert target.read_bytes() == b"old"
            assert _temps(tmp_path) == []
        finally:
            assert _chattr("-i", target)


def _windows_error(winerror: int, text: str) -> PermissionError:
    """The PermissionError Windows raises, with its ``winerror`` (set by hand off Windows)."""
    error = PermissionError(errno.EACCES, text, "plan.caseplan")
    error.winerror = winerror
    return error


def test_windows_a_file_open_in_another_program_is_said_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.caseplan"
    target.write_bytes(b"old")
    locked = _windows_error(32, "The process cannot access the file because it is being used by another process")

    def replace(source: object, destination: object) -> None:
        raise locked

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(SaveError) as caught:
        write_bytes_atomic(target, b"new")
    assert caught.value.reason == OPEN_ELSEWHERE_REASON
    assert caught.value.locked
    assert target.read_bytes() == b"old"
    assert _temps(tmp_path) == []
    lock_violation = _windows_error(33, "The process cannot access the file because another process has locked it")
    assert describe_save_error(lock_violation, target, creating=False) == OPEN_ELSEWHERE_REASON


def test_windows_access_denied_when_checking_is_no_permission(tmp_path: Path) -> None:
    target = tmp_path / "plan.caseplan"
    denied = _windows_error(5, "Access is denied")
    assert describe_save_error(denied, target, creating=False, checking=True).startswith("you may not write to it")
    # Denied on the rename: Windows says the same for a file open without sharing and for a read-only one.
    assert describe_save_error(denied, target, creating=False) == IN_USE_REASON


# --- targets that are not regular files ------------------------------------------------------------------------


def test_a_device_is_refused_unless_asked_for_and_written_into_when_it_is() -> None:
    device = Path(os.devnull)
    with pytest.raises(SaveError, match="not a regular file but a device, a pipe or a socket"):
        write_bytes_atomic(device, b"data")
    write_bytes_atomic(device, b"data", special_files=True)
    assert device.exists()


@posix_only
def test_a_named_pipe_is_written_into(tmp_path: Path) -> None:
    pipe = tmp_path / "projection.csv"
    os.mkfifo(pipe)
    reader = subprocess.Popen(["cat", str(pipe)], stdout=subprocess.PIPE)
    write_bytes_atomic(pipe, b"scenario,month\n", special_files=True)
    out, _ = reader.communicate(timeout=30)
    assert out == b"scenario,month\n"
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert _temps(tmp_path) == []
