"""Autosave of unsaved changes to the app's data folder, and recovery after a crash.

While the plan has unsaved changes, a copy is written every few minutes (Settings; one by
default) to ``<data folder>/autosave/``, with notes beside it saying which file it belongs to
(an absolute path) and when it was written. Each running window holds a lock file beside its
copy; a copy whose lock nobody holds any more belongs to a window that did not close properly,
and the next start offers to recover it.

Recovery never leaves the changes in one place only: the copy it recovered from is kept
(:meth:`Autosave.adopt`) until the window has written its own copy of the recovered plan, which
it does at once, or the plan is saved. An autosave that fails is reported once
(:attr:`Autosave.failed`) and retried; :attr:`Autosave.resumed` follows when it works again.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

from desktop.io.atomic import SaveError, write_bytes_atomic
from desktop.io.plan_file import PlanFileError, read_plan, write_plan
from desktop.model.plan import Plan
from desktop.ui.document import PlanDocument

AUTOSAVE_INTERVAL_MS = 60_000
RETRY_MS = 15_000
"""After a failed autosave the next try comes this soon (or at the interval, if that is sooner)."""


@dataclass(frozen=True)
class Recoverable:
    """An autosaved copy left by a window that did not close properly."""

    copy: Path
    original: Path | None
    """The plan file the changes belong to, as recorded; None for an untitled plan."""
    saved_at: datetime
    lock: QLockFile

    def read(self) -> Plan:
        return read_plan(self.copy)

    @property
    def original_is_there(self) -> bool:
        """The recorded plan file is still where it was (notes of older versions may hold a relative path)."""
        if self.original is None or not self.original.is_absolute():
            return False
        try:
            return self.original.is_file()
        except OSError:  # a drive that is not connected, a name the system refuses
            return False

    def discard(self) -> None:
        for path in (self.copy, _meta_path(self.copy)):
            with contextlib.suppress(OSError):
                path.unlink()
        self.release()
        with contextlib.suppress(OSError):
            _lock_path(self.copy).unlink()

    def release(self) -> None:
        """Leave the copy for a later start."""
        self.lock.unlock()


def _meta_path(copy: Path) -> Path:
    return copy.with_suffix(".json")


def _lock_path(copy: Path) -> Path:
    return copy.with_suffix(".lock")


def _absolute(path: Path) -> str:
    """``path`` as an absolute path, so that a later start from another folder finds the same file."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # a loop of links, a drive that went away
        return str(path.absolute())


def find_recoverable(folder: Path) -> list[Recoverable]:
    """Autosaved copies nobody is working on, newest first. Their locks are held until discarded."""
    found = []
    for copy in sorted(folder.glob("autosave-*.caseplan")):
        if not copy.is_file():
            continue
        lock = QLockFile(str(_lock_path(copy)))
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            continue  # another window is running and owns this copy
        try:
            meta = json.loads(_meta_path(copy).read_text(encoding="utf-8"))
            original = Path(meta["original"]) if meta.get("original") else None
            saved_at = datetime.fromisoformat(meta["saved_at"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            try:
                original, saved_at = None, datetime.fromtimestamp(copy.stat().st_mtime)
            except OSError:  # gone meanwhile
                lock.unlock()
                continue
        found.append(Recoverable(copy, original, saved_at, lock))
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


class Autosave(QObject):
    """Writes the document's plan to its own copy every ``interval_ms`` while there are unsaved changes."""

    failed = Signal(str)
    """Autosave stopped working (the reason); emitted once, not at every retry."""
    resumed = Signal()
    """After :attr:`failed`: an autosave worked again, or there is nothing left to keep (the plan was saved)."""

    def __init__(
        self,
        document: PlanDocument,
        folder: Path,
        interval_ms: int = AUTOSAVE_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._folder = folder
        self._copy = folder / f"autosave-{uuid.uuid4().hex}.caseplan"
        self._lock = QLockFile(str(_lock_path(self._copy)))
        self._lock.setStaleLockTime(0)  # held as long as the window is open; only a dead owner makes it stale
        self._written: Plan | None = None
        self._adopted: Recoverable | None = None
        self._interval_ms = interval_ms
        self.last_error: str | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.save_now)
        self._timer.start()
        document.file_changed.connect(self._on_file_changed)

    @property
    def copy_path(self) -> Path:
        return self._copy

    @property
    def folder(self) -> Path:
        return self._folder

    @property
    def interval_ms(self) -> int:
        return self._interval_ms

    @property
    def is_failing(self) -> bool:
        return self.last_error is not None

    def set_interval_ms(self, interval_ms: int) -> None:
        """Autosave this often from now on (the next copy is written one interval from now)."""
        self._interval_ms = interval_ms
        self._timer.setInterval(min(interval_ms, RETRY_MS) if self.is_failing else interval_ms)

    def adopt(self, recovered: Recoverable) -> None:
        """The document holds the changes recovered from ``recovered``: write them to this window's copy now.

        The recovered copy is removed only once that copy is written or the plan is saved; until
        then a second crash still leaves it to be recovered.
        """
        if self._adopted is not None and self._adopted is not recovered:
            self._adopted.release()
        self._adopted = recovered
        self._written = None
        self.save_now()

    def save_now(self) -> None:
        """Write the copy if the plan has unsaved changes not yet autosaved."""
        document = self._document
        if not document.is_modified or document.plan is self._written:
            return
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            if not self._lock.isLocked() and not self._lock.tryLock(0):
                raise OSError(f"cannot lock {_lock_path(self._copy)} ({self._lock.error().name})")
            write_plan(document.plan, self._copy)
            meta = {
                "original": _absolute(document.path) if document.path else None,
                "saved_at": datetime.now().isoformat(),
            }
            write_bytes_atomic(_meta_path(self._copy), json.dumps(meta).encode("utf-8"))
        except (OSError, SaveError, PlanFileError) as error:
            self._fail(str(error))  # autosave is a safety net: a failure must not interrupt work
            return
        self._written = document.plan
        self._drop_adopted()
        self._succeed()

    def stop(self) -> None:
        """The window closes properly: no copy is left to recover."""
        self._timer.stop()
        self._remove_copy()
        self._drop_adopted()
        self._lock.unlock()
        with contextlib.suppress(OSError):
            _lock_path(self._copy).unlink()

    def _fail(self, reason: str) -> None:
        first = self.last_error is None
        self.last_error = reason
        if first:
            self._timer.setInterval(min(self._interval_ms, RETRY_MS))
            self.failed.emit(reason)

    def _succeed(self) -> None:
        if self.last_error is None:
            return
        self.last_error = None
        self._timer.setInterval(self._interval_ms)
        self.resumed.emit()

    def _drop_adopted(self) -> None:
        if self._adopted is not None:
            self._adopted.discard()
            self._adopted = None

    def _on_file_changed(self) -> None:
        if not self._document.is_modified:
            # Saved (or the changes discarded by the user's choice): nothing is left to keep.
            self._remove_copy()
            self._drop_adopted()
            self._succeed()

    def _remove_copy(self) -> None:
        for path in (self._copy, _meta_path(self._copy)):
            with contextlib.suppress(OSError):
                path.unlink()
        self._written = None
