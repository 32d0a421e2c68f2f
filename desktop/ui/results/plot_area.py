"""The plot inside a chart: a view box with the value axis on its left, a grid axis on its right and
the month axis below.

pyqtgraph's ``PlotItem`` arranges the same, but also builds a title, buttons and a context menu
with a form of some thirty widgets for every plot, none of which a chart here shows; for five charts
that was a fifth of the window's start-up work beyond bare Qt and pyqtgraph.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsGridLayout, QGraphicsItem

_PLACES = {"left": (0, 0), "right": (0, 2), "bottom": (1, 1)}
"""Grid cell (row, column) of each axis around the view box at (0, 1)."""


class PlotArea(pg.GraphicsWidget):
    """A view box with fixed axes; the mouse neither pans nor zooms (the chart shows what it is given)."""

    def __init__(self, axes: dict[str, pg.AxisItem]) -> None:
        super().__init__()
        layout = QGraphicsGridLayout()
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setHorizontalSpacing(0)
        layout.setVerticalSpacing(0)
        self.setLayout(layout)
        self.vb = pg.ViewBox(parent=self, enableMouse=False, enableMenu=False)
        layout.addItem(self.vb, 0, 1)
        self.axes = dict(axes)
        for name, axis in self.axes.items():
            axis.linkToView(self.vb)
            layout.addItem(axis, *_PLACES[name])
            # Above what the view box draws at z = 0; items that must cover an axis use z ≥ 1.
            axis.setZValue(0.5)
            axis.setFlag(QGraphicsItem.GraphicsItemFlag.ItemNegativeZStacksBehindParent)
        # As PlotItem: the axes take the room they ask for, the view box all the rest.
        for row in range(2):
            layout.setRowPreferredHeight(row, 0)
            layout.setRowMinimumHeight(row, 0)
            layout.setRowStretchFactor(row, 100 if row == 0 else 1)
        for column in range(3):
            layout.setColumnPreferredWidth(column, 0)
            layout.setColumnMinimumWidth(column, 0)
            layout.setColumnStretchFactor(column, 100 if column == 1 else 1)

    def addItem(self, item: QGraphicsItem, *, ignoreBounds: bool = False) -> None:  # noqa: N802, N803 - pyqtgraph's names
        """Draw ``item`` in view coordinates; with ``ignoreBounds`` it does not count for the range."""
        self.vb.addItem(item, ignoreBounds=ignoreBounds)

    def removeItem(self, item: QGraphicsItem) -> None:  # noqa: N802 - pyqtgraph's name
        self.vb.removeItem(item)
