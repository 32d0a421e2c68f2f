"""The five result charts: intake, new work against capacity, backlog, waits against targets, FTE."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from desktop.model.engine import Projection
from desktop.ui.results.chart_base import Chart, HoverRow, Series
from desktop.ui.results.look import (
    BLACK,
    BLUE,
    BLUISH_GREEN,
    GREY,
    PRIORITY_COLOURS,
    SERIES_COLOURS,
    VERMILLION,
    colour,
    format_number,
    tint,
    tr,
)

MAX_SOURCES_DRAWN = 7
"""More sources than this are drawn as the largest six and one band "Other sources", to stay readable."""
MIN_WAIT_AXIS_DAYS = 365.0
"""The wait chart's axis reaches at least a year, or twice the longest target; longer waits are drawn at the top."""


def _finite_max(*arrays: np.ndarray) -> float:
    """Largest finite value of the arrays, 0 when there is none."""
    best = 0.0
    for array in arrays:
        finite = array[np.isfinite(array)]
        if finite.size:
            best = max(best, float(finite.max()))
    return best


def _finite_or_nan(values: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(values), values, np.nan)


class IntakeChart(Chart):
    """Reports per month, stacked by source."""

    def __init__(self) -> None:
        super().__init__(tr("Intake by source"), tr("reports per month"))

    def show_projection(self, projection: Projection) -> None:
        names = [source.name for source in projection.scenario.sources]
        intake = projection.intake  # (M, S)
        if len(names) > MAX_SOURCES_DRAWN:
            largest = np.argsort(-intake.sum(axis=0), kind="stable")[: MAX_SOURCES_DRAWN - 1]
            kept = sorted(largest.tolist())
            rest = [i for i in range(len(names)) if i not in set(kept)]
            names = [names[i] for i in kept] + [self.tr("Other sources ({count})").format(count=len(rest))]
            intake = np.column_stack([intake[:, kept], intake[:, rest].sum(axis=1)])
        series = [Series(name, colour(SERIES_COLOURS, i), "area") for i, name in enumerate(names)]
        self.set_series(series)
        stacked = np.cumsum(intake, axis=1)
        total = stacked[:, -1]
        self.set_curves(projection.months, list(stacked.T), _finite_max(total))
        unit = self.tr("reports")
        rows = [HoverRow(s.name, s.colour, intake[:, i], unit=unit) for i, s in enumerate(series)]
        rows.append(HoverRow(self.tr("Total"), None, total, unit=unit, bold=True))
        self.set_hover_rows(rows)


class DemandCapacityChart(Chart):
    """Hours of new work a month against the team's capacity, the shortfall shaded."""

    def __init__(self) -> None:
        super().__init__("")
        self._shortfall_edge = pg.PlotCurveItem(pen=pg.mkPen(None))
        self.set_series(
            [
                Series(self.tr("Capacity"), BLACK, "line", width=2.5),
                Series(self.tr("New work"), VERMILLION, "line"),
            ],
            [Series(self.tr("Shortfall (new work above capacity)"), VERMILLION, "area")],
        )
        self._shortfall = pg.FillBetweenItem(self._shortfall_edge, self.curves[1], brush=tint(VERMILLION, 0.3))
        self._shortfall.setZValue(-5)
        self.plot.addItem(self._shortfall_edge)
        self.plot.addItem(self._shortfall)

    def show_projection(self, projection: Projection, stage: int) -> None:
        name = projection.scenario.stages[stage].name
        self.set_title(self.tr("{stage}: new work and capacity").format(stage=name), self.tr("hours per month"))
        demand = projection.demand_hours[stage].sum(axis=1)
        capacity = projection.capacity_hours[stage]
        self.set_curves(projection.months, [capacity, demand], _finite_max(demand, capacity))
        self._shortfall_edge.setData(self.curves[1].xData, np.minimum(demand, capacity))
        unit = self.tr("hours")
        self.set_hover_rows(
            [
                HoverRow(self.tr("Capacity"), BLACK, capacity, unit=unit),
                HoverRow(self.tr("New work"), VERMILLION, demand, unit=unit),
                HoverRow(self.tr("Shortfall"), None, np.maximum(demand - capacity, 0.0), unit=unit, bold=True),
            ]
        )


class BacklogChart(Chart):
    """Reports waiting at the end of each month, stacked by priority."""

    def __init__(self) -> None:
        super().__init__("")

    def show_projection(self, projection: Projection, stage: int) -> None:
        name = projection.scenario.stages[stage].name
        self.set_title(
            self.tr("{stage}: backlog by priority").format(stage=name), self.tr("reports waiting at month end")
        )
        priorities = projection.scenario.priorities
        series = [Series(p.name, colour(PRIORITY_COLOURS, i), "area") for i, p in enumerate(priorities)]
        self.set_series(series)
        backlog = projection.backlog_items[stage].sum(axis=1)  # (M, P)
        stacked = np.cumsum(backlog, axis=1)
        total = stacked[:, -1]
        self.set_curves(projection.months, list(stacked.T), _finite_max(total))
        unit = self.tr("reports")
        rows = [HoverRow(s.name, s.colour, backlog[:, i], unit=unit) for i, s in enumerate(series)]
        rows.append(HoverRow(self.tr("Total"), None, total, unit=unit, bold=True))
        self.set_hover_rows(rows)


class WaitChart(Chart):
    """Per priority: the wait of a report arriving that month (solid; the norm is judged on it), the expected
    wait at current rates (dotted) and the target (dashed), all in the priority's colour."""

    def __init__(self) -> None:
        super().__init__("")
        self.axis_top_days = MIN_WAIT_AXIS_DAYS
        self.target_lines: list[pg.InfiniteLine] = []

    def _set_target_lines(self, colours: list[str]) -> None:
        if [line.pen.color().name().upper() for line in self.target_lines] == colours:
            return
        for line in self.target_lines:
            self.plot.removeItem(line)
        self.target_lines = []
        for c in colours:
            pen = pg.mkPen(c, width=1.5, style=Qt.PenStyle.DashLine)
            line = pg.InfiniteLine(angle=0, movable=False, pen=pen)
            line.setZValue(5)
            self.plot.addItem(line, ignoreBounds=True)
            self.target_lines.append(line)

    def show_projection(self, projection: Projection, stage: int) -> None:
        name = projection.scenario.stages[stage].name
        self.set_title(self.tr("{stage}: wait of reports arriving").format(stage=name), self.tr("days"))
        priorities = projection.scenario.priorities
        colours = [colour(PRIORITY_COLOURS, i) for i in range(len(priorities))]
        arriving = [Series(p.name, c, "line") for p, c in zip(priorities, colours, strict=True)]
        at_rates = [
            Series(p.name, c, "dotted", width=1.5, legend=False) for p, c in zip(priorities, colours, strict=True)
        ]
        # one legend entry for both, so that the chart keeps its room in the PDF summary
        extra = [Series(self.tr("Target (dashed); at current rates (dotted)"), GREY, "dashed", width=1.5)]
        self.set_series(arriving + at_rates, extra)
        self._set_target_lines(colours)
        for line, p in zip(self.target_lines, priorities, strict=True):
            line.setValue(p.target_days)

        # (M, P) each, inf when the priority gets no capacity
        arrival, wait = projection.arrival_wait_days[stage], projection.wait_days[stage]
        target_days = projection.target_days
        cap = max(MIN_WAIT_AXIS_DAYS, 2.0 * float(target_days.max()))
        self.axis_top_days = cap
        both = np.concatenate([arrival, wait], axis=1)
        clipped = np.minimum(both, cap)  # inf becomes the cap: drawn along the top
        beyond = bool((both > cap).any())
        self.set_curves(projection.months, list(clipped.T), cap if beyond else _finite_max(both, target_days))
        if beyond:
            self.set_note(
                self.tr(
                    "Waits beyond {days} days are drawn at the top; point at the chart to read the actual wait."
                ).format(days=format_number(cap))
            )
        else:
            self.set_note("")
        unit, never = self.tr("days"), self.tr("no capacity left for it")
        rows = []
        for i, (p, c) in enumerate(zip(priorities, colours, strict=True)):
            label = self.tr("{priority} (target {days} days): arriving this month").format(
                priority=p.name, days=format_number(p.target_days)
            )
            rows.append(HoverRow(label, c, arrival[:, i], unit=unit, infinite_text=never))
            rows.append(HoverRow(self.tr("  expected at current rates"), c, wait[:, i], unit=unit, infinite_text=never))
        self.set_hover_rows(rows)


class FteChart(Chart):
    """Effective FTE in post against the FTE the new work needs at the team's highest planned occupancy,
    and those needed to clear the backlog too; with a hiring plan, the FTE it would bring."""

    def __init__(self) -> None:
        super().__init__("")
        self._with_plan: np.ndarray | None = None

    def set_hiring_plan(self, fte_with_plan: np.ndarray | None) -> None:
        """(K, M) effective FTE with the hiring plan applied, drawn from the next :meth:`show_projection`."""
        self._with_plan = fte_with_plan

    def show_projection(self, projection: Projection, stage: int) -> None:
        team = projection.scenario.stages[stage]
        clear_months = projection.scenario.clear_months
        self.set_title(self.tr("{stage}: staff available and required").format(stage=team.name), self.tr("FTE"))
        occupancy = format_number(team.max_occupancy * 100)
        required_name = self.tr("Required for new work at {occupancy} % occupancy").format(occupancy=occupancy)
        to_clear_name = self.tr("Required incl. clearing the backlog in {months} months").format(months=clear_months)
        series = [
            Series(self.tr("Available (effective)"), BLACK, "line", width=2.5),
            Series(required_name, BLUE, "dashed"),
            Series(to_clear_name, VERMILLION, "line"),
        ]
        available = projection.fte_available[stage]
        required = projection.fte_required[stage] / team.max_occupancy
        to_clear = projection.fte_required_to_clear[stage] / team.max_occupancy
        curves = [available, _finite_or_nan(required), _finite_or_nan(to_clear)]
        unit = self.tr("FTE")
        hover = [
            HoverRow(self.tr("Available"), BLACK, available, 1, unit),
            HoverRow(self.tr("Required for new work"), BLUE, required, 1, unit),
            HoverRow(self.tr("Required to clear the backlog"), VERMILLION, to_clear, 1, unit),
        ]
        with_plan = self._with_plan
        if with_plan is not None and with_plan.shape == projection.fte_available.shape:
            series.append(Series(self.tr("Available with the hiring plan"), BLUISH_GREEN, "dashed", width=2.5))
            curves.append(with_plan[stage])
            hover.append(HoverRow(self.tr("With the hiring plan"), BLUISH_GREEN, with_plan[stage], 1, unit))
        self.set_series(series)
        self.set_curves(projection.months, curves, _finite_max(*curves))
        self.set_hover_rows(hover)
