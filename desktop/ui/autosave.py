"""Autosave of unsaved changes to the app's data folder, and recovery after a crash.

While the plan has unsaved changes, a copy is written every minute to
``<data folder>/autosave/``. Each running window holds a lock file beside its
copy; a copy whose lock nobody holds any more belongs to a window that did not
close properly, and the next start offers to recover it.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer

from desktop.io.atomic import SaveError, write_bytes_atomic
from desktop.io.plan_file import PlanFileError, read_plan, write_plan
from desktop.model.plan import Plan
from desktop.ui.document import PlanDocument

AUTOSAVE_INTERVAL_MS = 60_000


@dataclass(frozen=True)
class Recoverable:
    """An autosaved copy left by a window that did not close properly."""

    copy: Path
    original: Path | None
    saved_at: datetime
    lock: QLockFile

    def read(self) -> Plan:
        return read_plan(self.copy)

    def discard(self) -> None:
        for path in (self.copy, _meta_path(self.copy)):
            with contextlib.suppress(OSError):
                path.unlink()
        self.lock.unlock()
        with contextlib.suppress(OSError):
            _lock_path(self.copy).unlink()


def _meta_path(copy: Path) -> Path:
    return copy.with_suffix(".json")


def _lock_path(copy: Path) -> Path:
    return copy.with_suffix(".lock")


def find_recoverable(folder: Path) -> list[Recoverable]:
    """Autosaved copies nobody is working on, newest first. Their locks are held until discarded."""
    found = []
    for copy in sorted(folder.glob("autosave-*.caseplan")):
        lock = QLockFile(str(_lock_path(copy)))
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            continue  # another window is running and owns this copy
        try:
            meta = json.loads(_meta_path(copy).read_text(encoding="utf-8"))
            original = Path(meta["original"]) if meta.get("original") else None
            saved_at = datetime.fromisoformat(meta["saved_at"])
        except (OSError, ValueError, KeyError, TypeError):
            original, saved_at = None, datetime.fromtimestamp(copy.stat().st_mtime)
        found.append(Recoverable(copy, original, saved_at, lock))
    return sorted(found, key=lambda r: r.saved_at, reverse=True)


class Autosave(QObject):
    """Writes the document's plan to its own copy every ``interval_ms`` while there are unsaved changes."""

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
        self.last_error: str | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.save_now)
        self._timer.start()
        document.file_changed.connect(self._on_file_changed)

    @property
    def copy_path(self) -> Path:
        return self._copy

    def save_now(self) -> None:
        """Write the copy if the plan has unsaved changes not yet autosaved."""
        document = self._document
        if not document.is_modified or document.plan is self._written:
            return
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            if not self._lock.isLocked():
                self._lock.tryLock(0)
            write_plan(document.plan, self._copy)
            meta = {"original": str(document.path) if document.path else None, "saved_at": datetime.now().isoformat()}
            write_bytes_atomic(_meta_path(self._copy), json.dumps(meta).encode("utf-8"))
        except (OSError, SaveError, PlanFileError) as error:
            self.last_error = str(error)  # autosave is a safety net: a failure must not interrupt work
            return
        self._written = document.plan
        self.last_error = None

    def stop(self) -> None:
        """The window closes properly: no copy is left to recover."""
        self._timer.stop()
        self._remove_copy()
        self._lock.unlock()
        with contextlib.suppress(OSError):
            _lock_path(self._copy).unlink()

    def _on_file_changed(self) -> None:
        if not self._document.is_modified:
            self._remove_copy()

    def _remove_copy(self) -> None:
        for path in (self._copy, _meta_path(self._copy)):
            with contextlib.suppress(OSError):
                path.unlink()
        self._written = None
