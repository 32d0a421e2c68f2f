"""Writing a file so that it holds either all of the new content or, on failure, the old content.

The content goes to a temporary file beside the target, named after it
(``.plan.caseplan.<12 hex>.tmp``, hidden on Windows too), which is flushed to the disk
and renamed over the target. A save that is killed leaves its temporary file behind;
the next save of the same target removes those that are old and that no running save
holds locked (:func:`remove_stale_temporary_files`).

Before a file is replaced the save checks that the user may write it, and every
failure is worded for its cause: read-only, no permission, protected by the system,
open in another program, a read-only disk, a full disk.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path

STALE_AFTER_SECONDS = 10 * 60
"""A temporary file of ours untouched this long (and not locked) was left by a save that was killed.

A save writes its temporary file in one go and renames it at once; ten minutes leaves room for
a slow network drive and can never catch a save that is still running.
"""

FILE_ATTRIBUTE_HIDDEN = 0x2
FILE_ATTRIBUTE_NORMAL = 0x80
_SHARING_VIOLATION, _LOCK_VIOLATION = 32, 33  # Windows: the file is open in another program
_WINDOWS_ACCESS_DENIED = 5

SetAttributes = Callable[[str, int], None]
"""Sets a file's Windows attributes (SetFileAttributesW); raises OSError when it cannot."""

READ_ONLY_REASON = "it is read-only (save under another name, or clear the read-only mark)"
IN_USE_REASON = "it is read-only or open in another program"
OPEN_ELSEWHERE_REASON = "it is open in another program (close it there and try again, or save under another name)"
PROTECTED_REASON = (
    "the system protects it from changes (it is marked immutable or append-only); save under another name"
)
READ_ONLY_DISK_REASON = "the disk it is on is read-only (a write-protected stick or share?); save elsewhere"


class SaveError(Exception):
    """A file could not be written; the message names the file and says why in plain words.

    ``locked`` is True when the cause may be another program holding the file open (Windows
    refuses to replace such a file), so that a caller can say which program is likely.
    """

    def __init__(self, path: Path, reason: str, *, locked: bool = False) -> None:
        self.path = path
        self.reason = reason
        self.locked = locked
        super().__init__(f"could not save {path.name or path}: {reason}")


def write_bytes_atomic(path: Path | str, data: bytes, *, special_files: bool = False) -> None:
    """Replace ``path`` with ``data`` atomically; :class:`SaveError` names the file and says why on failure.

    The data goes to a temporary file in the same folder (a rename is only atomic
    within one file system), is flushed to the disk, then renamed over the target.

    A target that exists and is not a regular file (a pipe, a terminal, ``/dev/stdout``)
    cannot be replaced: with ``special_files`` the data is written into it as it is (what
    the command line wants for ``--csv /dev/stdout``), otherwise it is refused.
    """
    _write_atomically(Path(path), data, special_files=special_files, set_attributes=_SYSTEM_SET_ATTRIBUTES)


def _write_atomically(
    target: Path, data: bytes, *, special_files: bool = False, set_attributes: SetAttributes | None = None
) -> None:
    """The save; ``set_attributes`` is the Windows attribute setter (None elsewhere; tests pass a recorder)."""
    target, old = _checked_target(target, special_files=special_files)
    if old is not None and not stat.S_ISREG(old.st_mode):
        _write_into(target, data)
        return
    folder = target.parent
    remove_stale_temporary_files(target)
    # A name of our own with O_EXCL, rather than mkstemp: the file is then created with the
    # mode 0o666 minus the umask like any new file (mkstemp gives 0o600), without reading the
    # process-wide umask, which cannot be done without briefly changing it for every thread.
    temp = folder / f"{temporary_prefix(target.name)}{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(temp, flags, 0o666)
    except OSError as error:
        raise SaveError(target, describe_save_error(error, target, creating=True)) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            _lock(stream.fileno())  # held until the data is on the disk: a clean-up leaves the file alone
            if set_attributes is not None:
                with contextlib.suppress(OSError):  # hiding is a courtesy; the save goes on without it
                    set_attributes(str(temp), FILE_ATTRIBUTE_HIDDEN)
            stream.write(data)
            stream.flush()
            # Data on the disk before the rename; otherwise a power cut can leave an empty file behind the new name.
            os.fsync(stream.fileno())
            if old is not None:
                _keep_owner_and_permissions(temp, old)
        if set_attributes is not None:
            # Windows moves the attributes with the file: the saved file must not come out hidden.
            hidden = getattr(old, "st_file_attributes", 0) & FILE_ATTRIBUTE_HIDDEN
            set_attributes(str(temp), FILE_ATTRIBUTE_HIDDEN if hidden else FILE_ATTRIBUTE_NORMAL)
        os.replace(temp, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(error, OSError):
            reason = describe_save_error(error, target, creating=False)
            raise SaveError(target, reason, locked=reason in (IN_USE_REASON, OPEN_ELSEWHERE_REASON)) from error
        raise
    _flush_folder(folder)


def _checked_target(target: Path, *, special_files: bool) -> tuple[Path, os.stat_result | None]:
    """The file to write (a link's target) and what it is now (None: new); SaveError when it may not be written."""
    try:
        old = _stat_or_none(target)  # through links: /dev/stdout is the pipe or terminal it stands for
        if old is not None and not stat.S_ISREG(old.st_mode):
            if stat.S_ISDIR(old.st_mode):
                raise SaveError(target, "it is a folder")
            if not special_files:
                raise SaveError(target, "it is not a regular file but a device, a pipe or a socket")
            return target, old
        if target.is_symlink():
            # Replace the file the link points to, not the link.
            target = target.resolve()
        if not target.parent.is_dir():
            raise SaveError(target, f"the folder {target.parent} does not exist")
        if old is not None:
            refuse_unless_writable(target, old)
    except OSError as error:
        raise SaveError(target, describe_save_error(error, target, creating=False, checking=True)) from error
    except ValueError as error:  # a NUL character in the name
        raise SaveError(target, f"the name is not a valid file name: {error}") from error
    return target, old


def _stat_or_none(target: Path) -> os.stat_result | None:
    try:
        return target.stat()
    except FileNotFoundError:
        return None


def _write_into(target: Path, data: bytes) -> None:
    """Write into a pipe, a terminal or another device, which cannot be replaced.

    A reader that stops early (``| head``) raises BrokenPipeError, which the command line takes as done.
    """
    try:
        with target.open("wb") as stream:
            stream.write(data)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise SaveError(target, describe_save_error(error, target, creating=False)) from error


# --- may the user replace the file? ---------------------------------------------------------------------------


def refuse_unless_writable(target: Path, old: os.stat_result) -> None:
    """:class:`SaveError` when the user may not replace ``target``, worded for the cause.

    The mode bits are checked first, as well as ``os.access``: an administrator (root) passes
    every access check, yet a file marked read-only was marked so to keep it.
    """
    if not old.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise SaveError(target, READ_ONLY_REASON)
    if not os.access(target, os.W_OK):
        raise SaveError(target, _why_not_writable(target, old))
    if _sticky_folder_of_another_user(target, old):
        raise SaveError(target, _sticky_reason(target))


def _why_not_writable(target: Path, old: os.stat_result) -> str:
    """The cause behind a failed access check, from the error a real attempt to open the file for writing gives."""
    try:
        # Opening without truncating changes nothing; it only asks the system for its reason.
        os.close(os.open(target, os.O_WRONLY | getattr(os, "O_BINARY", 0)))
    except OSError as error:
        return describe_save_error(error, target, creating=False, checking=True)
    return _no_permission_reason(target, old)


def _no_permission_reason(target: Path, old: os.stat_result | None) -> str:
    owner = ""
    if old is not None and hasattr(os, "geteuid") and old.st_uid != os.geteuid():
        owner = " (it belongs to another user)"
    return f"you may not write to it{owner}; save under another name"


def _sticky_folder_of_another_user(target: Path, old: os.stat_result) -> bool:
    """True when the folder lets only each file's owner replace it (like /tmp) and the file is someone else's."""
    if not hasattr(os, "geteuid"):
        return False
    user = os.geteuid()
    if user in (0, old.st_uid):
        return False
    try:
        folder = target.parent.stat()
    except OSError:
        return False
    return bool(folder.st_mode & stat.S_ISVTX) and folder.st_uid != user


def _sticky_reason(target: Path) -> str:
    return (
        f"the folder {target.parent} lets only the owner of a file replace it, and this file belongs to"
        " another user; save under another name"
    )


def _keep_owner_and_permissions(temp: Path, old: os.stat_result) -> None:
    os.chmod(temp, stat.S_IMODE(old.st_mode))
    if hasattr(os, "chown") and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
        # An administrator saving a colleague's file leaves it the colleague's; others cannot give files away.
        with contextlib.suppress(OSError):
            os.chown(temp, old.st_uid, old.st_gid)


def describe_save_error(error: OSError, target: Path, *, creating: bool, checking: bool = False) -> str:
    """Plain words for why ``target`` could not be written.

    ``creating``: the error came from creating the temporary file in the target's folder;
    ``checking``: from opening the existing target to learn why it may not be written;
    otherwise from writing the data or renaming it over the target.
    """
    number = error.errno
    if number == errno.ENOSPC:
        return "the disk is full"
    if number == getattr(errno, "EDQUOT", None):
        return "your share of the disk (quota) is full"
    if number == errno.EROFS:
        return READ_ONLY_DISK_REASON
    winerror = getattr(error, "winerror", None)
    if winerror in (_SHARING_VIOLATION, _LOCK_VIOLATION):
        return OPEN_ELSEWHERE_REASON
    if number in (errno.EBUSY, getattr(errno, "ETXTBSY", errno.EBUSY)):
        return "it is in use by another program (close it there and try again)"
    if isinstance(error, FileNotFoundError):
        return f"the folder {target.parent} does not exist"
    if isinstance(error, PermissionError):
        if creating:
            return f"you may not create files in the folder {target.parent} (it is read-only or another user's)"
        if winerror == _WINDOWS_ACCESS_DENIED and checking:
            return _no_permission_reason(target, None)
        if number == errno.EPERM and sys.platform != "win32":
            old = _stat_or_none_quietly(target)
            if old is not None and _sticky_folder_of_another_user(target, old):
                return _sticky_reason(target)
            return PROTECTED_REASON
        if checking:
            return _no_permission_reason(target, _stat_or_none_quietly(target))
        return IN_USE_REASON
    return error.strerror or str(error)


def _stat_or_none_quietly(target: Path) -> os.stat_result | None:
    try:
        return target.stat()
    except OSError:
        return None


# --- temporary files -------------------------------------------------------------------------------------------


def temporary_prefix(name: str) -> str:
    """The start of the name of every temporary file of a save of ``name``: ``.plan.caseplan.``.

    A long name is cut and a digest of the whole name added, so that two long names
    that begin alike never share their temporary files.
    """
    if len(name) <= 40:
        return f".{name}."
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f".{name[:31]}~{digest}."


def remove_stale_temporary_files(target: Path, *, now: float | None = None) -> list[Path]:
    """Remove temporary files that killed saves of ``target`` left behind; the removed files.

    Only files of this target's own pattern, untouched for :data:`STALE_AFTER_SECONDS`,
    and not locked by a save in progress (POSIX: an advisory lock; Windows: a file open
    elsewhere cannot be removed) are removed. A clean-up that fails is no reason to fail the save.
    """
    pattern = re.compile(re.escape(temporary_prefix(target.name)) + r"[0-9a-f]{12}\.tmp\Z")
    moment = time.time() if now is None else now
    removed: list[Path] = []
    try:
        with os.scandir(target.parent) as entries:
            candidates = [entry for entry in entries if pattern.match(entry.name)]
    except OSError:
        return removed
    for entry in candidates:
        try:
            info = entry.stat(follow_symlinks=False)
            old_enough = stat.S_ISREG(info.st_mode) and moment - info.st_mtime >= STALE_AFTER_SECONDS
            if old_enough and _remove_unless_locked(Path(entry.path)):
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


if sys.platform == "win32":

    def _lock(handle: int) -> None:
        """Windows keeps a file that is open from being removed; no lock is needed."""

    def _remove_unless_locked(path: Path) -> bool:
        try:
            path.unlink()
        except PermissionError:  # open in a save that is still running
            return False
        return True

else:
    import fcntl

    def _lock(handle: int) -> None:
        with contextlib.suppress(OSError):  # a file system without locks: the age alone decides
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _remove_unless_locked(path: Path) -> bool:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # a save in progress holds it
                return False
            except OSError:
                pass  # a file system without locks: the age alone decides
            path.unlink()
            return True
        finally:
            os.close(handle)


def windows_attribute_setter() -> SetAttributes | None:
    """SetFileAttributesW on Windows (a leading dot hides nothing there); None on other systems."""
    if sys.platform != "win32":
        return None
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    function = kernel32.SetFileAttributesW
    function.argtypes = (ctypes.c_wchar_p, ctypes.c_uint32)
    function.restype = ctypes.c_int

    def set_attributes(path: str, attributes: int) -> None:
        if not function(path, attributes):
            raise ctypes.WinError(ctypes.get_last_error())

    return set_attributes


_SYSTEM_SET_ATTRIBUTES = windows_attribute_setter()


def _flush_folder(folder: Path) -> None:
    """Make the rename itself durable where the system allows it.

    POSIX needs the folder flushed; Windows cannot open a folder this way and
    journals renames itself, so failing here is expected there and harmless.
    """
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
