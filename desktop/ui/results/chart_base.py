"""One chart of the results: title, legend, month axis, a hover line listing the month's values, PNG export."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen, QTextDocument, QTextOption
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QSizePolicy, QToolButton, QWidget

from desktop.ui.results.axes import GridAxis, MonthAxis, ValueAxis
from desktop.ui.results.look import MUTED_TEXT, TEXT, format_month, format_number, tint
from desktop.ui.results.plot_area import PlotArea

Kind = Literal["line", "dashed", "dotted", "area"]
_MARGINS = (6, 4, 14, 4)
"""Left, top, right, bottom around a chart's title, legend, plot and note (pixels)."""
_BUTTON_GAP = 10
"""Pixels between the end of a title's line and the "Save as PNG" button."""
_SPACING = 2
MIN_CHART_SIZE = (280, 195)
"""Width and height (pixels) below which a chart is not drawn smaller: its parent scrolls instead."""
MIN_PLOT_HEIGHT = 135
"""Pixels kept for the plot and its month axis however many lines the title, legend and note take."""


def escape(text: str) -> str:
    """``text`` safe inside rich text (the standard library's html module costs its import at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@dataclass(frozen=True)
class Series:
    """How one curve is drawn; ``area`` fills down to zero (stack them by passing cumulative values)."""

    name: str
    colour: str
    kind: Kind = "line"
    width: float = 2.0
    legend: bool = True


@dataclass(frozen=True)
class HoverRow:
    """One line of the hover label: a series' value in the month under the mouse."""

    name: str
    colour: str | None
    values: np.ndarray
    decimals: int = 0
    unit: str = ""
    infinite_text: str = "∞"
    bold: bool = False

    def text(self, month: int) -> str:
        value = float(self.values[month])
        if np.isinf(value):
            return self.infinite_text
        number = format_number(value, self.decimals)
        return f"{number} {self.unit}" if self.unit else number


class _HeightForWidth(pg.GraphicsWidget):
    """A graphics widget as tall as its content at its width (legend rows, wrapped text), no taller."""

    def __init__(self) -> None:
        super().__init__()
        self.fixed_height = -1
        """The height (pixels) its content takes at its width."""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def height_for(self, width: float) -> int:
        raise NotImplementedError

    def _relayout(self) -> None:
        self._fix_height(self.height_for(self.size().width() or 400.0))

    def _fix_height(self, height: int) -> None:
        if height == self.fixed_height:
            return
        self.fixed_height = height
        self.setMinimumHeight(height)
        self.setPreferredHeight(height)
        self.setMaximumHeight(height)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        self._relayout()


class LegendStrip(_HeightForWidth):
    """The legend as rows of entries above the plot, wrapped to the chart's width: it never covers data."""

    ROW_HEIGHT = 17.0
    SWATCH = 20.0
    GAP = 16.0
    MAX_NAME_PIXELS = 320.0

    def __init__(self) -> None:
        super().__init__()
        self._entries: list[Series] = []
        self._font = QFont()
        self._font.setPointSizeF(8.5)
        self._metrics = QFontMetricsF(self._font)
        self._fix_height(0)

    def set_entries(self, entries: Sequence[Series]) -> None:
        self._entries = list(entries)
        self._relayout()
        self.update()

    def _label(self, entry: Series) -> str:
        return self._metrics.elidedText(entry.name, Qt.TextElideMode.ElideRight, self.MAX_NAME_PIXELS)

    def _places(self, width: float) -> list[tuple[float, int]]:
        """(x, row) of each entry, wrapping to the next row when the entry does not fit."""
        places, x, row = [], 0.0, 0
        for entry in self._entries:
            needed = self.SWATCH + 5 + self._metrics.horizontalAdvance(self._label(entry))
            if x > 0 and x + needed > width:
                x, row = 0.0, row + 1
            places.append((x, row))
            x += needed + self.GAP
        return places

    def height_for(self, width: float) -> int:
        """Pixels the rows of entries take at ``width``."""
        places = self._places(width)
        return 0 if not places else int((places[-1][1] + 1) * self.ROW_HEIGHT) + 2

    def paint(self, painter: QPainter, *args: object) -> None:
        painter.setFont(self._font)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for entry, (x, row) in zip(self._entries, self._places(self.size().width()), strict=True):
            middle = row * self.ROW_HEIGHT + self.ROW_HEIGHT / 2
            if entry.kind == "area":
                painter.setPen(QPen(QColor(entry.colour), 1))
                painter.setBrush(tint(entry.colour, 0.6))
                painter.drawRect(QRectF(x + 2, middle - 5, self.SWATCH - 4, 10))
            else:
                pen = QPen(QColor(entry.colour), min(entry.width, 3.0))
                if entry.kind == "dashed":
                    pen.setStyle(Qt.PenStyle.DashLine)
                elif entry.kind == "dotted":
                    pen.setStyle(Qt.PenStyle.DotLine)
                painter.setPen(pen)
                painter.drawLine(QPointF(x, middle), QPointF(x + self.SWATCH, middle))
            painter.setPen(QColor(TEXT))
            text_rect = QRectF(x + self.SWATCH + 5, row * self.ROW_HEIGHT, 400, self.ROW_HEIGHT)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self._label(entry))


class TextBlock(_HeightForWidth):
    """A title or note that wraps to the width the chart gives it and takes the height it needs.

    pyqtgraph's LabelItem makes its whole text the layout's minimum width: a long title then pushed the
    plot out past the chart's right edge. This one never asks for width, and ``reserve_right`` pixels
    at its right stay free (for the "Save as PNG" button).
    """

    def __init__(self, point_size: float, colour: str, *, bold: bool = False) -> None:
        super().__init__()
        self._document = QTextDocument()
        self._document.setDocumentMargin(0)
        font = QFont()
        font.setPointSizeF(point_size)
        self._document.setDefaultFont(font)
        option = self._document.defaultTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self._document.setDefaultTextOption(option)
        self._colour = colour
        self._bold = bold
        self.text = ""
        """The main text as plain text (for a title: without the muted detail)."""
        self.detail = ""
        """Muted text after the main text, e.g. the unit of a chart's values."""
        self.reserve_right = 0.0
        self.setMinimumWidth(0)
        self._fix_height(0)

    def set_text(self, text: str, detail: str = "") -> None:
        if (text, detail) == (self.text, self.detail):
            return
        self.text, self.detail = text, detail
        weight = "font-weight: 600; " if self._bold else ""
        html = f"<span style='{weight}color: {self._colour};'>{escape(text)}</span>"
        if detail:
            # The detail moves to the next line as a whole rather than leave one word behind.
            unbroken = escape(detail).replace(" ", "&nbsp;")
            html += f" <span style='color: {MUTED_TEXT};'>({unbroken})</span>"
        self._document.setHtml(html if text or detail else "")
        self.setToolTip(f"{text} ({detail})" if detail else text)
        self._relayout()
        self.update()

    def set_reserve_right(self, pixels: float) -> None:
        if pixels != self.reserve_right:
            self.reserve_right = pixels
            self._relayout()

    def plain_text(self) -> str:
        return self._document.toPlainText()

    def line_count(self) -> int:
        """How many lines the text takes at the block's width (0 when empty)."""
        if not self.fixed_height:
            return 0
        lines, block = 0, self._document.begin()
        while block.isValid():
            lines += block.layout().lineCount()
            block = block.next()
        return lines

    def text_width(self) -> float:
        """The width the text is laid out in: the block's own, less the reserved right part."""
        return self._text_width_in(self.size().width() or 400.0)  # before the first layout: a guess

    def _text_width_in(self, width: float) -> float:
        return max(40.0, width - self.reserve_right)

    def height_for(self, width: float) -> int:
        """Pixels the text takes when the block is ``width`` wide."""
        if not self.text and not self.detail:
            return 0
        self._document.setTextWidth(self._text_width_in(width))
        return int(np.ceil(self._document.size().height()))

    def paint(self, painter: QPainter, *args: object) -> None:
        if self.fixed_height > 0:
            width = self.text_width()
            if self._document.textWidth() != width:  # height_for() may have laid it out for another width
                self._document.setTextWidth(width)
            self._document.drawContents(painter, QRectF(0, 0, width, self.fixed_height))


class _AreaCurve(pg.PlotCurveItem):
    """A filled area drawn as one path: pyqtgraph fills in chunks of 50 points, which leaves thin seams on
    screen, in PNGs and on paper."""

    def _shouldUseFillPathList(self) -> bool:  # noqa: N802 - pyqtgraph's name
        return False


class Chart(pg.GraphicsLayoutWidget):
    """A report-style chart of monthly values. Subclasses fill it from a projection."""

    def __init__(self, title: str, unit: str = "", parent: QWidget | None = None) -> None:
        """``unit``: what the values are, shown muted after the title, e.g. "reports per month"."""
        super().__init__(parent)
        self.setBackground("w")
        self.setMinimumSize(*MIN_CHART_SIZE)
        self._months: list[str] = []
        self._x = np.zeros(0)
        self._series: list[Series] = []
        self._extra_legend: list[Series] = []
        self.curves: list[pg.PlotCurveItem] = []
        self._hover_rows: list[HoverRow] = []
        self.hovered_month: int | None = None

        layout = self.ci
        layout.setContentsMargins(*_MARGINS)
        layout.setSpacing(_SPACING)
        self.title = TextBlock(10, TEXT, bold=True)
        self.title.set_text(title, unit)
        layout.addItem(self.title, row=0, col=0)
        self.legend = LegendStrip()
        layout.addItem(self.legend, row=1, col=0)
        self.month_axis = MonthAxis()
        self.value_axis = ValueAxis()
        # The grid comes from a bare axis on the right: an axis with a grid may not draw labels past the
        # plot's edge, and the left axis must, or the "0" at its foot is dropped.
        self.plot = PlotArea({"bottom": self.month_axis, "left": self.value_axis, "right": GridAxis()})
        layout.addItem(self.plot, row=2, col=0)
        self.note = TextBlock(8, MUTED_TEXT)
        self.note.hide()
        layout.addItem(self.note, row=3, col=0)

        self.plot.vb.disableAutoRange()
        self.crosshair = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(MUTED_TEXT, width=1))
        self.crosshair.setZValue(100)
        self.crosshair.hide()
        self.plot.addItem(self.crosshair, ignoreBounds=True)

        self._hover_label: QLabel | None = None  # made when first pointed at: it costs a style sheet

        self.save_action = QAction(self.tr("Save as PNG…"), self)
        self.save_action.setToolTip(self.tr("Save this chart as a PNG image, e.g. for a presentation"))
        self.save_action.triggered.connect(self.save_png_with_dialog)
        self.addAction(self.save_action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.save_button = QToolButton(self.viewport())
        self.save_button.setDefaultAction(self.save_action)
        self.save_button.setAutoRaise(True)
        self.save_button.setCursor(Qt.CursorShape.PointingHandCursor)
        # Muted and small through palette and font: a style sheet per chart would slow the first paint.
        button_font = QFont(self.save_button.font())
        button_font.setPointSizeF(8)
        self.save_button.setFont(button_font)
        palette = self.save_button.palette()
        palette.setColor(QPalette.ColorRole.ButtonText, QColor(MUTED_TEXT))
        self.save_button.setPalette(palette)

        self.scene().sigMouseMoved.connect(self._mouse_moved)
        self.viewport().installEventFilter(self)
        self.last_folder = ""

    # --- data ---------------------------------------------------------------------------------

    def set_series(self, series: Sequence[Series], extra_legend: Sequence[Series] = ()) -> None:
        """Create the curves; nothing happens when they are the same as before (then only the data change)."""
        if list(series) == self._series and list(extra_legend) == self._extra_legend:
            return
        for curve in self.curves:
            self.plot.removeItem(curve)
        self._series, self._extra_legend = list(series), list(extra_legend)
        self.curves = [self._make_curve(s, index) for index, s in enumerate(self._series)]
        for curve in self.curves:
            self.plot.addItem(curve)
        self.legend.set_entries([s for s in self._series if s.legend] + self._extra_legend)
        self._keep_room_for_the_plot()

    @staticmethod
    def _make_curve(series: Series, index: int) -> pg.PlotCurveItem:
        # PlotCurveItem, not PlotDataItem: the legend is our own, and setData costs half as much.
        if series.kind == "area":
            curve = _AreaCurve(
                pen=pg.mkPen(series.colour, width=1), fillLevel=0.0, brush=tint(series.colour, 0.6), connect="finite"
            )
            curve.setZValue(-index)  # stacks are passed bottom first; the larger sums behind
            return curve
        pen = pg.mkPen(series.colour, width=series.width)
        if series.kind == "dashed":
            pen.setStyle(Qt.PenStyle.DashLine)
        elif series.kind == "dotted":
            pen.setStyle(Qt.PenStyle.DotLine)
        curve = pg.PlotCurveItem(pen=pen, connect="finite")
        curve.setZValue(10 + index)
        return curve

    def set_curves(self, months: list[str], values: Sequence[np.ndarray], y_top: float) -> None:
        """Give each curve its y per month (NaN leaves a gap) and fix the value range at 0 … ``y_top``."""
        if len(months) != len(self._x):
            self._x = np.arange(len(months), dtype=float)
        self._months = months
        self.month_axis.set_months(months)
        for curve, y in zip(self.curves, values, strict=True):
            if np.isfinite(y).all():  # the usual case: pyqtgraph's checks for gaps can be skipped
                curve.setData(self._x, y, connect="all", skipFiniteCheck=True)
            else:
                curve.setData(self._x, y, connect="finite")
        top = float(y_top) if np.isfinite(y_top) and y_top > 0 else 1.0
        self.plot.vb.setRange(xRange=(-0.5, max(len(months) - 0.5, 0.5)), yRange=(0.0, top * 1.06), padding=0)
        # pyqtgraph applies a new range while painting, which asks for a second paint: apply it now.
        self.plot.vb.updateMatrix()
        self.value_axis.fit_to(top * 1.06)

    def set_hover_rows(self, rows: Sequence[HoverRow]) -> None:
        """What the hover lists (call after :meth:`set_curves`); a month being pointed at shows the new values."""
        self._hover_rows = list(rows)
        if self.hovered_month is not None:
            self.hover_month(min(self.hovered_month, len(self._months) - 1))

    def _keep_room_for_the_plot(self) -> None:
        """Grow the chart when a wrapped title, legend or note would leave the plot too little height."""
        width = self.viewport().width() - _MARGINS[0] - _MARGINS[2]
        parts = (self.title, self.legend, self.note)
        text_height = sum(part.height_for(width) for part in parts if part.isVisible())
        needed = int(_MARGINS[1] + _MARGINS[3] + text_height + len(parts) * _SPACING + MIN_PLOT_HEIGHT)
        height = max(MIN_CHART_SIZE[1], needed)
        if height != self.minimumHeight():
            self.setMinimumHeight(height)

    def set_note(self, text: str) -> None:
        """A line under the chart (how to read it), wrapped to the chart's width; an empty note takes no room."""
        if text != self.note.text:
            self.note.set_text(text)
            self.note.setVisible(bool(text))
            self._keep_room_for_the_plot()

    def set_title(self, text: str, unit: str = "") -> None:
        """The title in bold, then ``unit`` (what the values are) muted; both wrap when the chart is narrow."""
        if (text, unit) != (self.title.text, self.title.detail):
            self.title.set_text(text, unit)
            self._keep_room_for_the_plot()

    def note_text(self) -> str:
        return self.note.text

    # --- hover --------------------------------------------------------------------------------

    @property
    def hover_label(self) -> QLabel:
        """The box beside the line under the mouse that lists the month's values."""
        if self._hover_label is None:
            label = QLabel(self.viewport())
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setStyleSheet(
                f"QLabel {{ background: rgba(255, 255, 255, 235); color: {TEXT}; border: 1px solid #B0B0B0;"
                " border-radius: 3px; padding: 4px 6px; }"
            )
            label.hide()
            self._hover_label = label
        return self._hover_label

    def hover_text(self) -> str:
        label = self._hover_label
        return label.text() if label is not None and label.isVisible() else ""

    def hover_month(self, index: int | None) -> None:
        """Show the line and the values of month ``index``; None hides them."""
        if index is None or not self._months or not 0 <= index < len(self._months):
            self.hovered_month = None
            self.crosshair.hide()
            if self._hover_label is not None:
                self._hover_label.hide()
            return
        self.hovered_month = index
        self.crosshair.setPos(index)
        self.crosshair.show()
        lines = [f"<b>{format_month(self._months[index], long=True)}</b>"]
        for row in self._hover_rows:
            swatch = f"<span style='color:{row.colour}'>■</span> " if row.colour else "&nbsp;&nbsp;&nbsp;"
            value = f"<b>{row.text(index)}</b>" if row.bold else row.text(index)
            lines.append(f"{swatch}{row.name}: {value}")
        self.hover_label.setText("<br>".join(lines))
        self.hover_label.adjustSize()
        self.hover_label.show()
        self.hover_label.raise_()
        self._place_hover_label()

    def _place_hover_label(self) -> None:
        if self.hovered_month is None:
            return
        view_box = self.plot.vb
        line_x = self.mapFromScene(view_box.mapViewToScene(QPointF(self.hovered_month, 0))).x()
        area = self.mapFromScene(view_box.sceneBoundingRect()).boundingRect()
        label = self.hover_label
        x = line_x + 10 if line_x + 10 + label.width() <= area.right() else line_x - 10 - label.width()
        label.move(int(max(0, x)), area.top() + 4)

    def _mouse_moved(self, scene_position: QPointF) -> None:
        view_box = self.plot.vb
        if not self._months or not view_box.sceneBoundingRect().contains(scene_position):
            self.hover_month(None)
            return
        month = round(view_box.mapSceneToView(scene_position).x())
        month = min(max(month, 0), len(self._months) - 1)
        if month != self.hovered_month:
            self.hover_month(month)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.viewport() and event.type() == QEvent.Type.Leave:
            self.hover_month(None)
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        button = getattr(self, "save_button", None)  # pyqtgraph resizes once before __init__ is done
        if button is None:
            return
        button.adjustSize()
        button.move(self.viewport().width() - button.width() - 4, 2)
        # The title ends short of the button: it wraps rather than run under it.
        self.title.set_reserve_right(button.width() + 4 + _BUTTON_GAP - _MARGINS[2])
        self._keep_room_for_the_plot()
        self._place_hover_label()

    # --- export -------------------------------------------------------------------------------

    def suggested_file_name(self) -> str:
        return f"{self.title.text}.png".replace("/", "-").replace(":", " -")

    def save_png(self, path: Path) -> None:
        """Write the chart (title, legend, plot and note, without the hover line) as a PNG; OSError when it fails."""
        from pyqtgraph.exporters import ImageExporter  # with its SVG and XML siblings: not needed at start

        hovered = self.hovered_month
        self.hover_month(None)
        try:
            image = ImageExporter(self.ci).export(toBytes=True)
        finally:
            self.hover_month(hovered)
        if image is None or image.isNull() or not image.save(str(path), "PNG"):
            raise OSError(self.tr("the file could not be written (is the folder writable and the disk not full?)"))

    def save_png_with_dialog(self) -> None:
        start = str(Path(self.last_folder) / self.suggested_file_name())
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save chart as PNG"), start, self.tr("PNG image (*.png)"))
        if not path:
            return
        target = Path(path) if path.lower().endswith(".png") else Path(path + ".png")
        self.last_folder = str(target.parent)
        try:
            self.save_png(target)
        except OSError as error:
            QMessageBox.warning(
                self,
                self.tr("Chart not saved"),
                self.tr("The chart could not be saved as {path}:\n{reason}").format(path=target, reason=error),
            )
