"""Writing a file so that it is either wholly replaced or left as it was."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO


class SaveError(Exception):
    """A file could not be written; the message names the file and says why in plain words."""


def explain_os_error(path: Path, error: OSError) -> str:
    """What went wrong writing ``path``, for a coordinator rather than a programmer."""
    if isinstance(error, PermissionError):
        return f"cannot write {path}: it is read-only, or open in another program (close it and try again)"
    if error.errno == errno.ENOSPC:
        return f"cannot write {path}: the disk is full"
    if isinstance(error, FileNotFoundError) or error.errno == errno.ENOENT:
        return f"cannot write {path}: the folder {path.parent} does not exist"
    if isinstance(error, IsADirectoryError):
        return f"cannot write {path}: it is a folder"
    return f"cannot write {path}: {error.strerror or error}"


def write_atomic(path: Path | str, write: Callable[[IO[bytes]], None]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then move it into place.

    On any failure the temporary file is removed, the old ``path`` is untouched and
    :class:`SaveError` says why.
    """
    target = Path(path)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise SaveError(explain_os_error(target, error)) from error
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        _copy_mode(target, temp)
        os.replace(temp, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise SaveError(explain_os_error(target, error)) from error
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def write_bytes_atomic(path: Path | str, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (see :func:`write_atomic`)."""

    def write(stream: IO[bytes]) -> None:
        stream.write(data)

    write_atomic(path, write)


def _copy_mode(target: Path, temp: Path) -> None:
    """Keep the permissions of the file being replaced; a new file gets the usual ones, not mkstemp's 0600."""
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temp, mode)
