"""Chart axes that read like a report: calendar years under the months, values in the user's locale."""

from __future__ import annotations

import math
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QLocale
from PySide6.QtGui import QFont, QFontMetricsF

from desktop.ui.results.look import AXIS, GRID_LINE, TEXT, format_month, format_number

_MIN_PIXELS_PER_YEAR_LABEL = 42.0
"""Below this a year's band is too narrow for its label; then every second (or fifth …) year is named."""
_SHORT_PROJECTION_MONTHS = 24
"""Up to this length the axis names months ("Apr 2021") instead of years."""


def _style(axis: pg.AxisItem) -> None:
    axis.setPen(pg.mkPen(AXIS))
    axis.setTextPen(pg.mkPen(TEXT))
    axis.enableAutoSIPrefix(False)


class MonthAxis(pg.AxisItem):
    """Months are x = 0 … M−1. Long projections: a mark between years and the year's name centred
    under its months; short ones: a labelled mark every few months."""

    def __init__(self) -> None:
        super().__init__("bottom")
        _style(self)
        self._months: list[str] = []

    def set_months(self, months: list[str]) -> None:
        if months != self._months:
            self._months = list(months)
            self.picture = None
            self.update()

    def _year_bands(self) -> list[tuple[int, int, int]]:
        """(year, first index, last index) of each calendar year in the projection."""
        bands: list[tuple[int, int, int]] = []
        for index, label in enumerate(self._months):
            year = int(label[:4])
            if bands and bands[-1][0] == year:
                bands[-1] = (year, bands[-1][1], index)
            else:
                bands.append((year, index, index))
        return bands

    def tickValues(self, min_value: float, max_value: float, size: float) -> list[tuple[float, list[float]]]:  # noqa: N802
        count = len(self._months)
        if count == 0 or max_value <= min_value:
            return []
        pixels_per_month = size / (max_value - min_value)
        if count <= _SHORT_PROJECTION_MONTHS:
            step = next(s for s in (1, 2, 3, 6, 12) if s * pixels_per_month >= 70 or s == 12)
            return [(float(step), [float(i) for i in range(0, count, step)])]
        bands = self._year_bands()
        boundaries = [first - 0.5 for _, first, _ in bands[1:]]
        every = next(n for n in (1, 2, 5, 10, 20, 50) if n * 12 * pixels_per_month >= _MIN_PIXELS_PER_YEAR_LABEL)
        centres = [(first + last) / 2 for year, first, last in bands if year % every == 0 and last - first >= 2]
        return [(12.0, boundaries), (6.0, centres)]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        count = len(self._months)
        if count <= _SHORT_PROJECTION_MONTHS:
            return [format_month(self._months[round(v)]) if 0 <= round(v) < count else "" for v in values]
        if spacing == 12.0:
            return ["" for _ in values]
        return [self._months[min(count - 1, max(0, round(v)))][:4] for v in values]

    def generateDrawSpecs(self, p: Any) -> Any:  # noqa: N802
        """Draw marks only between years; the year names sit centred without a mark of their own."""
        specs = super().generateDrawSpecs(p)
        if specs is None or len(self._months) <= _SHORT_PROJECTION_MONTHS:
            return specs
        axis_spec, tick_specs, text_specs = specs
        boundary_marks = [spec for spec in tick_specs if spec[0].color().alpha() == 255]
        return axis_spec, boundary_marks, text_specs


class ValueAxis(pg.AxisItem):
    """A value axis whose tick labels use the locale's digit grouping and decimal separator."""

    def __init__(self, orientation: str = "left") -> None:
        super().__init__(orientation)
        _style(self)
        self.setStyle(maxTickLevel=0, autoExpandTextSpace=False, autoReduceTextSpace=False, hideOverlappingLabels=False)
        self._fitted_to = ""

    def fit_to(self, largest: float) -> None:
        """Make room for the widest label up to ``largest`` now, not one paint later (pyqtgraph's default)."""
        widest = format_number(largest) + "0"
        if widest != self._fitted_to:
            self._fitted_to = widest
            width = QFontMetricsF(self.style["tickFont"] or QFont()).horizontalAdvance(widest)
            self.setWidth(int(width) + 14)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        decimals = 0 if spacing >= 1 else min(6, math.ceil(-math.log10(spacing)))
        locale = QLocale()
        return [locale.toString(float(v) * scale, "f", decimals) for v in values]


class GridAxis(pg.AxisItem):
    """No line, no labels: only light horizontal grid lines at the value axis' ticks."""

    def __init__(self) -> None:
        super().__init__("right")
        self.setPen(pg.mkPen(None))
        self.setTickPen(pg.mkPen(GRID_LINE))
        self.setStyle(showValues=False, maxTickLevel=0, tickLength=0)
        self.setWidth(1)
        self.setGrid(255)
