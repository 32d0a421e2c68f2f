"""The desktop window: Qt widgets, pyqtgraph charts, undo commands."""
