"""Questions the window asks in more than one place."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget


class AfterFailedWrite(Enum):
    RETRY = "retry"
    SAVE_AS = "save as"
    CANCEL = "cancel"


def ask_after_failed_write(parent: QWidget, title: str, text: str) -> AfterFailedWrite:
    """A file could not be written (locked by Excel, read-only, disk full): try again, choose another name, or stop.

    QMessageBox's own Save button stands for "save under another name"; the text says so.
    """
    answer = QMessageBox.warning(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Retry,
    )
    if answer == QMessageBox.StandardButton.Retry:
        return AfterFailedWrite.RETRY
    if answer == QMessageBox.StandardButton.Save:
        return AfterFailedWrite.SAVE_AS
    return AfterFailedWrite.CANCEL
