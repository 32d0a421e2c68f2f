"""Writing a file so that it holds either all of the new content or, on failure, the old content."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path


class SaveError(Exception):
    """A file could not be written; the message names the file and says why in plain words."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"could not save {path.name or path}: {reason}")


def write_bytes_atomic(path: Path | str, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; :class:`SaveError` names the file and says why on failure.

    The data goes to a temporary file in the same folder (a rename is only atomic
    within one file system), is flushed to the disk, then renamed over the target.
    """
    _write_atomically(Path(path), data)


def _write_atomically(target: Path, data: bytes) -> None:
    try:
        if target.is_symlink():
            # Replace the file the link points to, not the link.
            target = target.resolve()
        folder = target.parent
        if not folder.is_dir():
            raise SaveError(target, f"the folder {folder} does not exist")
        old_mode = _mode_of_existing(target)
    except OSError as error:
        raise SaveError(target, _save_reason(error, target, creating=False)) from error
    except ValueError as error:  # a NUL character in the name
        raise SaveError(target, f"the name is not a valid file name: {error}") from error
    # A name of our own with O_EXCL, rather than mkstemp: the file is then created with the
    # mode 0o666 minus the umask like any new file (mkstemp gives 0o600), without reading the
    # process-wide umask, which cannot be done without briefly changing it for every thread.
    temp = folder / f".{target.name[:40]}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(temp, flags, 0o666)
    except OSError as error:
        raise SaveError(target, _save_reason(error, target, creating=True)) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            # Data on the disk before the rename; otherwise a power cut can leave an empty file behind the new name.
            os.fsync(stream.fileno())
        if old_mode is not None:
            os.chmod(temp, old_mode)
        os.replace(temp, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(error, OSError):
            raise SaveError(target, _save_reason(error, target, creating=False)) from error
        raise
    _flush_folder(folder)


def _mode_of_existing(target: Path) -> int | None:
    """Permission bits of the file about to be replaced (None when there is none yet)."""
    try:
        info = target.stat()
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(info.st_mode):
        raise SaveError(target, "it is a folder")
    if not info.st_mode & stat.S_IWUSR:
        # The rename would succeed on POSIX all the same; the user marked the file read-only to keep it.
        raise SaveError(target, "it is read-only (save under another name, or clear the read-only mark)")
    return stat.S_IMODE(info.st_mode)


def _save_reason(error: OSError, target: Path, *, creating: bool) -> str:
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full"
    if isinstance(error, PermissionError):
        if creating:
            return f"the folder {target.parent} is read-only, or you may not write to it"
        return "it is read-only or open in another program"
    if isinstance(error, FileNotFoundError):
        return f"the folder {target.parent} does not exist"
    return error.strerror or str(error)


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
