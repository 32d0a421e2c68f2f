"""The one-page PDF summary of a scenario for management: headline figures and the charts, landscape A4."""

from __future__ import annotations

import datetime
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, QLocale, QMarginsF, QPointF, QRectF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter, QPicture
from PySide6.QtWidgets import QApplication

import desktop
from desktop.io.atomic import write_bytes_atomic
from desktop.model.engine import Projection, project
from desktop.model.measures import Headlines, headlines
from desktop.model.plan import Plan
from desktop.ui.results.chart_base import Chart
from desktop.ui.results.charts import (
    MIN_WAIT_AXIS_DAYS,
    BacklogChart,
    DemandCapacityChart,
    IntakeChart,
    WaitChart,
)
from desktop.ui.results.look import format_month, format_number
from desktop.ui.summary_page import (
    PageText,
    draw_heading,
    draw_intake,
    draw_notes,
    draw_stage_table,
    notes_height,
    table_notes,
    tr,
)

MARGINS = (28.0, 20.0, 28.0, 18.0)
"""Left, top, right, bottom margins of the page (points)."""
MAX_STAGES_CHARTED = 3
CHART_GAP = 8.0
"""Points between charts."""
CHART_TEXT_SCALE = 0.85
"""The charts print at 85 % of their size on screen: their smallest text (8 pt) prints at 6.8 pt."""
MIN_CHART_TEXT_SCALE = 0.8125
"""A chart that needs more height than its cell is shrunk to fit, but its 8 pt text not below 6.5 pt."""
MIN_PLOT_POINTS = 62.0
"""Height kept for a chart's plot and month axis (points) however many lines its title and legend take."""

_created_applications: list[QApplication] = []
"""The application this module had to create (for the command line), kept so that Qt outlives the charts."""


def export_summary_pdf(plan: Plan, scenario_name: str | None, path: Path | str) -> None:
    """Write the one-page summary of the scenario (the first when None) to ``path``, atomically.

    Computes the projection and the headline figures with the hiring answer. Raises ValueError for an
    unknown scenario and :class:`desktop.io.atomic.SaveError` when the file cannot be written.
    """
    if scenario_name is None:
        scenario = plan.scenarios[0]
    else:
        found = [s for s in plan.scenarios if s.name == scenario_name]
        if not found:
            raise ValueError(tr("the plan has no scenario named {name}").format(name=scenario_name))
        scenario = found[0]
    projection = project(scenario)
    figures = headlines(projection, solve_hiring=True)
    pdf = render_summary_pdf(projection, figures, title=plan.title, generated=datetime.date.today())
    write_bytes_atomic(path, pdf)


def ensure_application() -> QApplication:
    """The running QApplication, or a new one; without a display on Linux it draws offscreen."""
    running = QApplication.instance()
    if isinstance(running, QApplication):
        return running
    if running is not None:
        raise RuntimeError("the PDF summary needs a QApplication, but a non-GUI Qt application is running")
    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and no_display and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # an empty setting counts as none
    application = QApplication(sys.argv[:1] or ["caseload-planner"])
    _created_applications.append(application)
    return application


def render_summary_pdf(projection: Projection, headlines: Headlines, *, title: str, generated: datetime.date) -> bytes:
    """The summary as the bytes of a one-page landscape A4 PDF."""
    ensure_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    # Charts keep their look only when a device pixel is as big as a chart pixel printed: their lines
    # are "cosmetic" pens, drawn so many device pixels wide whatever the scale.
    writer.setResolution(round(_chart_dpi() / CHART_TEXT_SCALE))
    writer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape, QMarginsF(0, 0, 0, 0))
    )
    writer.setTitle(title)
    writer.setCreator(f"Caseload Planner {desktop.__version__}")
    painter = QPainter(writer)
    try:
        _draw_page(PageText(painter), projection, headlines, title=title, generated=generated)
    finally:
        painter.end()
    del painter, writer  # the writer finishes the file when it goes; the buffer must outlive it
    data = QByteArray(buffer.data())
    buffer.close()
    return bytes(data.data())


def _chart_dpi() -> float:
    """Pixels per inch the charts lay out their text in: the screen's, which a QPicture records in."""
    return float(QPicture().logicalDpiY())


def _facts(projection: Projection, generated: datetime.date) -> list[str]:
    months = projection.months
    period = tr("{first} – {last} ({count} months)").format(
        first=format_month(months[0], long=True), last=format_month(months[-1], long=True), count=len(months)
    )
    date = QLocale().toString(QDate(generated.year, generated.month, generated.day), "d MMMM yyyy")
    return [
        tr("Scenario: {name}").format(name=projection.scenario.name),
        period,
        tr("Generated {date}").format(date=date),
        tr("Caseload Planner {version}").format(version=desktop.__version__),
    ]


def _draw_page(
    page: PageText, projection: Projection, figures: Headlines, *, title: str, generated: datetime.date
) -> None:
    device = page.painter.device()
    page_width, page_height = device.width() / page.unit, device.height() / page.unit
    left, top, right, bottom = MARGINS
    width = page_width - left - right
    y = draw_heading(page, left, top, width, title, _facts(projection, generated))
    y = draw_intake(page, left, y + 7, width, figures)
    y = draw_stage_table(page, left, y + 8, width, projection, figures) + 3
    stages = len(projection.scenario.stages)
    charts: dict[tuple[str, int], Chart] = {}
    # As many stages' rows of charts as fit with readable text: fewer when the table or legends are long.
    for rows in range(min(stages, MAX_STAGES_CHARTED), 0, -1):
        notes = table_notes(projection, figures)
        if rows < stages:
            notes.append(_charted_note(rows, stages))
        axis_top = _wait_axis_top(projection)
        drawn = np.maximum(projection.wait_days[:rows], projection.arrival_wait_days[:rows])
        if (drawn > axis_top).any():
            notes.append(
                tr("Wait charts: waits beyond {days} days are drawn at the top.").format(days=format_number(axis_top))
            )
        charts_top = y + notes_height(page, width, notes) + 8
        area = QRectF(left, charts_top, width, page_height - bottom - charts_top)
        prepared = [_prepare(charts, placed, projection) for placed in _place_charts(area, rows)]
        if all(chart.fits for chart in prepared):
            break
    draw_notes(page, left, y, width, notes)
    for chart in prepared:
        _play(page, chart)


def _wait_axis_top(projection: Projection) -> float:
    """Where the wait charts' axis ends (as WaitChart draws it): a year, or twice the longest target."""
    return max(MIN_WAIT_AXIS_DAYS, 2.0 * float(projection.target_days.max()))


def _charted_note(rows: int, stages: int) -> str:
    if rows == 1:
        return tr("Charts are shown for the first of the {count} stages; the table covers them all.").format(
            count=stages
        )
    return tr("Charts are shown for the first {shown} of the {count} stages; the table covers them all.").format(
        shown=rows, count=stages
    )


@dataclass(frozen=True)
class PlacedChart:
    """Which chart goes where: ``kind`` is intake, work, backlog or wait; ``cell`` is in points."""

    kind: str
    stage: int
    cell: QRectF


def _place_charts(area: QRectF, stages: int) -> list[PlacedChart]:
    """One stage: two by two. More: intake in the first column, then a row of three per stage."""
    gap = CHART_GAP
    if stages == 1:
        cell_width, cell_height = (area.width() - gap) / 2, (area.height() - gap) / 2
        corners = [(0, 0), (1, 0), (0, 1), (1, 1)]
        kinds = ["intake", "work", "backlog", "wait"]
        return [
            PlacedChart(
                kind,
                0,
                QRectF(
                    area.left() + col * (cell_width + gap),
                    area.top() + row * (cell_height + gap),
                    cell_width,
                    cell_height,
                ),
            )
            for kind, (col, row) in zip(kinds, corners, strict=True)
        ]
    cell_width = (area.width() - 3 * gap) / 4
    cell_height = (area.height() - (stages - 1) * gap) / stages
    placed = [PlacedChart("intake", 0, QRectF(area.left(), area.top(), cell_width, area.height()))]
    for stage in range(stages):
        for col, kind in enumerate(("work", "backlog", "wait"), start=1):
            cell = QRectF(
                area.left() + col * (cell_width + gap),
                area.top() + stage * (cell_height + gap),
                cell_width,
                cell_height,
            )
            placed.append(PlacedChart(kind, stage, cell))
    return placed


def _make_chart(kind: str, stage: int, projection: Projection) -> Chart:
    if kind == "intake":
        intake = IntakeChart()
        intake.show_projection(projection)
        return intake
    chart: DemandCapacityChart | BacklogChart | WaitChart
    chart = {"work": DemandCapacityChart, "backlog": BacklogChart, "wait": WaitChart}[kind]()
    chart.show_projection(projection, stage)
    if isinstance(chart, WaitChart):
        # Its note asks the reader to point at the chart; the page says once what is drawn at the top.
        chart.set_note("")
    return chart


def _lay_out(chart: Chart, width: float, height: float) -> QRectF:
    """Give the chart's scene ``width`` × ``height`` pixels without showing the widget; returns its extent.

    Only the scene is laid out: a widget that is never shown gets no resize events, and the scene is what
    is printed. The text blocks wrap to their new width, which changes their height, so the layout runs
    until it settles. The extent is taller than asked when the title and legend need more room.
    """
    chart.title.set_reserve_right(0.0)  # no "Save as PNG" button on paper
    chart.ci.setGeometry(QRectF(0, 0, width, height))
    for _ in range(4):
        chart.ci.layout.invalidate()
        chart.ci.layout.activate()
    return QRectF(chart.ci.sceneBoundingRect())


@dataclass(frozen=True)
class PreparedChart:
    """A chart laid out for its cell: ``extent`` in chart pixels, printed at ``scale`` points per pixel."""

    chart: Chart
    cell: QRectF
    extent: QRectF
    scale: float
    fits: bool
    """Whether it fits its cell with its text at least MIN_CHART_TEXT_SCALE of its size on screen."""


def _prepare(charts: dict[tuple[str, int], Chart], placed: PlacedChart, projection: Projection) -> PreparedChart:
    """Lay the chart out to fill its cell at CHART_TEXT_SCALE, its plot no lower than MIN_PLOT_POINTS;
    a chart that then needs more room than the cell has is shrunk to fit."""
    key = (placed.kind, placed.stage)
    if key not in charts:
        charts[key] = _make_chart(placed.kind, placed.stage, projection)
    chart = charts[key]
    chart_dpi = _chart_dpi()
    points_per_pixel = CHART_TEXT_SCALE * 72.0 / chart_dpi
    # The chart's own margin goes into the gap before it, so that its title lines up with the text above.
    margin_left, margin_top, _, _ = chart.ci.layout.getContentsMargins()
    cell = placed.cell.adjusted(-margin_left * points_per_pixel, -margin_top * points_per_pixel, 0, 0)
    width_px, height_px = cell.width() / points_per_pixel, cell.height() / points_per_pixel
    extent = _lay_out(chart, width_px, height_px)
    plot_px = chart.plot.geometry().height()
    if plot_px * points_per_pixel < MIN_PLOT_POINTS:
        extent = _lay_out(chart, width_px, height_px + MIN_PLOT_POINTS / points_per_pixel - plot_px)
    scale = min(points_per_pixel, cell.height() / extent.height(), cell.width() / extent.width())
    smallest = MIN_CHART_TEXT_SCALE * 72.0 / chart_dpi
    return PreparedChart(chart, cell, extent, max(scale, smallest), scale >= smallest * 0.999)


def _play(page: PageText, prepared: PreparedChart) -> None:
    """Record the chart's scene in a QPicture and play it into its cell: vector, and the chart's text
    scales with the chart (text drawn straight onto the PDF would keep its size in points)."""
    extent, scale, cell = prepared.extent, prepared.scale, prepared.cell
    picture = QPicture()
    recorder = QPainter(picture)
    prepared.chart.scene().render(recorder, QRectF(QPointF(0, 0), QSizeF(extent.size())), extent)
    recorder.end()

    painter = page.painter
    painter.save()
    painter.setClipRect(page.rect(cell.x(), cell.y(), cell.width(), cell.height()))  # never over a neighbour
    offset = max(0.0, (cell.width() - extent.width() * scale) / 2)  # centred when the chart had to shrink
    painter.translate(page.rect(cell.x() + offset, cell.y(), 0, 0).topLeft())
    # drawPicture() scales by the device's resolution over the picture's; this scale makes up the rest.
    factor = scale * picture.logicalDpiY() / 72.0
    painter.scale(factor, factor)
    painter.drawPicture(QPointF(0, 0), picture)
    painter.restore()
