"""A row of parts that becomes a column when the window is narrow (the editor shares the window with results)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QWidget


class Reflow(QWidget):
    """Parts side by side from ``breakpoint`` pixels wide, one above the other below it."""

    reflowed = Signal(bool)
    """The parts were rearranged; True when they now stand side by side."""

    def __init__(self, breakpoint: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.breakpoint = breakpoint
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)

    def add(self, part: QWidget, stretch: int = 1) -> None:
        self.box.addWidget(part, stretch)

    def is_row(self) -> bool:
        return self.box.direction() == QBoxLayout.Direction.LeftToRight

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        wanted = (
            QBoxLayout.Direction.LeftToRight
            if event.size().width() >= self.breakpoint
            else QBoxLayout.Direction.TopToBottom
        )
        if self.box.direction() != wanted:
            self.box.setDirection(wanted)
            self.reflowed.emit(self.is_row())
        super().resizeEvent(event)
