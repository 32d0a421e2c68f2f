"""The text of the one-page summary: heading, intake per year and the table per stage, drawn in points."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from desktop.model.engine import Projection
from desktop.model.measures import Headlines, StageHeadline
from desktop.model.story import Writing, stage_brief
from desktop.ui.results.headline_bar import short_priority_name
from desktop.ui.results.look import (
    MUTED_TEXT,
    PRIORITY_COLOURS,
    TEXT,
    WARNING_TEXT,
    colour,
    format_month,
    format_number,
)

RULE = "#C8C8C8"
LIGHT_RULE = "#E3E3E3"
CELL_PADDING = 7.0
"""Points between the columns of the stage table at the least."""
MAX_EXTRA_PADDING = 24.0
"""Points added between the columns, at the most, to spread a narrow table over the page."""
MAX_PRIORITY_HEADING = 62.0
"""Points a priority's name may take in the table heading before it is shortened with "…"."""
MAX_NAME = 240.0
MIN_NAME = 50.0
"""Points a stage's or team's name takes at the most, and at the least when the table is too wide."""
HEAD_POINTS = 7.5
VALUE_POINTS = 9.0
SWATCH = 6.0


def tr(text: str) -> str:
    return QCoreApplication.translate("SummaryPdf", text)


class PageText:
    """Draws text and rules on a painter in points (1/72 inch), whatever the device's resolution."""

    def __init__(self, painter: QPainter) -> None:
        self.painter = painter
        self.unit = painter.device().logicalDpiY() / 72.0
        """Device pixels per point."""

    def font(self, points: float, *, bold: bool = False) -> QFont:
        font = QFont()
        font.setPointSizeF(points)
        font.setBold(bold)
        # Unhinted: glyphs keep their design widths, so that text measures the same at any resolution.
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        font.setFeature(QFont.Tag("liga"), 0)  # "fi" stays two letters for a reader who searches or copies
        return font

    def _metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self.painter.device())

    def width(self, text: str, font: QFont) -> float:
        return self._metrics(font).horizontalAdvance(text) / self.unit

    def line_height(self, font: QFont) -> float:
        return self._metrics(font).height() / self.unit

    def elided(self, text: str, font: QFont, width: float) -> str:
        return self._metrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width * self.unit)

    def wrapped_height(self, text: str, font: QFont, width: float) -> float:
        """Points that ``text`` takes when wrapped at word boundaries to ``width`` points."""
        flags = int(Qt.TextFlag.TextWordWrap)
        bounds = self._metrics(font).boundingRect(QRectF(0, 0, width * self.unit, 1e6), flags, text)
        return bounds.height() / self.unit

    def rect(self, x: float, y: float, width: float, height: float) -> QRectF:
        u = self.unit
        return QRectF(x * u, y * u, width * u, height * u)

    def text(
        self,
        x: float,
        y: float,
        width: float,
        text: str,
        font: QFont,
        ink: str = TEXT,
        *,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        wrap: bool = False,
    ) -> float:
        """Draw ``text`` with its top at ``y``; returns the points it takes downwards."""
        height = self.wrapped_height(text, font, width) if wrap else self.line_height(font)
        flags = int(align | Qt.AlignmentFlag.AlignTop) | (int(Qt.TextFlag.TextWordWrap) if wrap else 0)
        self.painter.setFont(font)
        self.painter.setPen(QColor(ink))
        self.painter.drawText(self.rect(x, y, width, height), flags, text)
        return height

    def rule(self, x: float, y: float, width: float, ink: str = RULE, thickness: float = 0.5) -> None:
        pen = QPen(QColor(ink), thickness * self.unit)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        self.painter.setPen(pen)
        u = self.unit
        self.painter.drawLine(QPointF(x * u, y * u), QPointF((x + width) * u, y * u))

    def swatch(self, x: float, y: float, size: float, ink: str) -> None:
        self.painter.fillRect(self.rect(x, y, size, size), QColor(ink))


def draw_heading(page: PageText, x: float, y: float, width: float, title: str, facts: Sequence[str]) -> float:
    """The plan's title, then a muted line of facts (scenario, period, date, version); returns the new y.

    A title too long for the line is set smaller, then shortened; so is the first fact (the scenario's
    name), so that the others always show.
    """
    title_font = page.font(15, bold=True)
    if page.width(title, title_font) > width:
        title_font = page.font(12, bold=True)
    y += page.text(x, y, width, page.elided(title, title_font, width), title_font)
    facts_font = page.font(8.5)
    separator = "   ·   "
    rest = separator.join(["", *facts[1:]])
    first = page.elided(facts[0], facts_font, max(width / 3, width - page.width(rest, facts_font)))
    line = page.elided(first + rest, facts_font, width)
    y += 1 + page.text(x, y + 1, width, line, facts_font, MUTED_TEXT)
    page.rule(x, y + 5, width, RULE, 0.75)
    return y + 5


def draw_intake(page: PageText, x: float, y: float, width: float, headlines: Headlines) -> float:
    """Reports per calendar year, each year's figure under its name, in rows as wide as the page."""
    label_font, year_font, value_font = page.font(8, bold=True), page.font(7.5), page.font(10, bold=True)
    label = tr("Intake\n(reports per year)")
    label_width = max(page.width(part, label_font) for part in label.split("\n")) + 12
    cells = []
    for year, reports in headlines.intake_per_year.items():
        months = headlines.months_per_year[year]
        heading = str(year) if months == 12 else tr("{year} ({months} months)").format(year=year, months=months)
        value = format_number(reports)
        cells.append((heading, value, max(page.width(heading, year_font), page.width(value, value_font))))
    gap = 16.0
    row_height = page.line_height(year_font) + page.line_height(value_font)
    page.text(x, y, label_width, label, label_font, MUTED_TEXT, wrap=True)
    left, column_x, top = x + label_width, x + label_width, y
    for heading, value, cell_width in cells:
        if column_x > left and column_x + cell_width > x + width:
            column_x, top = left, top + row_height + 4
        page.text(column_x, top, cell_width, heading, year_font, MUTED_TEXT, align=Qt.AlignmentFlag.AlignRight)
        page.text(
            column_x,
            top + page.line_height(year_font),
            cell_width,
            value,
            value_font,
            align=Qt.AlignmentFlag.AlignRight,
        )
        column_x += cell_width + gap
    return max(top + row_height, y + page.wrapped_height(label, label_font, label_width))


@dataclass(frozen=True)
class Cell:
    """One figure of the stage table, and whether it needs attention (drawn in the warning colour)."""

    text: str
    warn: bool = False


@dataclass(frozen=True)
class Column:
    heading: str
    cells: list[Cell]
    text_column: bool = False
    """Names, left-aligned and allowed to give way (shortened with "…") when the page is too narrow."""
    swatch: str | None = None
    """A priority's chart colour, shown before its heading."""


def _hire_cells(stage: StageHeadline) -> tuple[Cell, Cell]:
    """The FTE to hire now, and the month they can be in post."""
    advice = stage.hire
    if advice is None:
        return Cell("–"), Cell("–")
    if advice.fte is None:
        return Cell(tr("no answer"), warn=True), Cell("–")
    text = tr("{fte} posts").format(fte=format_number(advice.fte, 1))
    month = advice.first_month_helped
    if advice.fte <= 0 or not month:
        return Cell(text), Cell("–")
    return Cell(text, warn=True), Cell(format_month(month))


def _gap_cell(gap: float) -> Cell:
    if gap > 0.05:
        return Cell(tr("{fte} short").format(fte=format_number(gap, 1)), warn=True)
    return Cell(tr("{fte} spare").format(fte=format_number(-gap, 1)))


def stage_columns(projection: Projection, headlines: Headlines) -> list[Column]:
    """The table's columns: the stage and its team, its first month over capacity, backlog, FTE and
    hires, then the months over the wait target per priority."""
    stages = headlines.stages
    hires = [_hire_cells(s) for s in stages]
    columns = [
        Column(tr("Stage"), [Cell(s.name) for s in stages], text_column=True),
        Column(tr("Team"), [Cell(s.team) for s in stages], text_column=True),
        Column(
            tr("First month\nover capacity"),
            [
                Cell(format_month(s.first_month_over_capacity), warn=True)
                if s.first_month_over_capacity
                else Cell(tr("never"))
                for s in stages
            ],
        ),
        Column(tr("Backlog at end\n(reports)"), [Cell(format_number(s.backlog_items_end)) for s in stages]),
        Column(
            tr("FTE available /\nneeded, last 12 mo."),
            [Cell(f"{format_number(s.fte_available, 1)} / {format_number(s.need_today.fte, 1)}") for s in stages],
        ),
        Column(tr("FTE short,\nlast 12 months"), [_gap_cell(s.gap_today) for s in stages]),
        Column(
            tr("FTE short if stages\nbefore kept up"),
            [
                Cell("–") if s.need_if_upstream_kept_up is s.need_today else _gap_cell(s.gap_if_upstream_kept_up)
                for s in stages
            ],
        ),
        Column(
            tr("Posts to fund\nfrom {month}").format(
                month=format_month(projection.scenario.decision_month or projection.scenario.start)
            ),
            [hire for hire, _ in hires],
        ),
        Column(tr("Posts filled\nfrom"), [month for _, month in hires]),
    ]
    for index, priority in enumerate(projection.scenario.priorities):
        heading = tr("{priority}\n≤ {days} days").format(
            priority=short_priority_name(priority.name), days=format_number(priority.target_days)
        )
        months = [s.months_in_breach.get(priority.key, 0) for s in stages]
        cells = [Cell(format_number(n), warn=n > 0) for n in months]
        columns.append(Column(heading, cells, swatch=colour(PRIORITY_COLOURS, index)))
    return columns


def _column_widths(page: PageText, columns: Sequence[Column], width: float) -> tuple[list[float], float]:
    """Each column's width and the padding between them: natural widths, spread over ``width`` up to a
    point; when they do not fit, the names give way first, then every column shrinks."""
    head_font, value_font = page.font(HEAD_POINTS), page.font(VALUE_POINTS, bold=True)

    def natural(column: Column) -> float:
        lines = [page.width(part, head_font) for part in column.heading.split("\n")]
        if column.swatch is not None:
            lines[0] = min(lines[0], MAX_PRIORITY_HEADING) + SWATCH + 3
        values = [page.width(cell.text, value_font) for cell in column.cells]
        limit = MAX_NAME if column.text_column else float("inf")
        return min(limit, max([*lines, *values])) + 1  # a point to spare: measured text then never gets elided

    widths = [natural(c) for c in columns]
    gaps = len(widths) - 1
    spare = width - sum(widths) - CELL_PADDING * gaps
    padding = CELL_PADDING + min(MAX_EXTRA_PADDING, max(0.0, spare / max(1, gaps)))
    if spare < 0:
        names = [i for i, c in enumerate(columns) if c.text_column]
        cap = _level(sorted(widths[i] for i in names), -spare)
        for i in names:
            widths[i] = min(widths[i], max(MIN_NAME, cap))
        factor = min(1.0, (width - padding * gaps) / sum(widths))
        widths = [w * factor for w in widths]
    return widths, padding


def _level(widths: Sequence[float], excess: float) -> float:
    """The width to cut the widest of ``widths`` (ascending) down to, so that together they lose ``excess``."""
    n = len(widths)
    for count in range(1, n + 1):
        level = (sum(widths[n - count :]) - excess) / count
        if count == n or level >= widths[n - count - 1]:
            return level
    return 0.0


def draw_stage_table(
    page: PageText, x: float, y: float, width: float, projection: Projection, headlines: Headlines
) -> float:
    """A row per stage under a two-level heading; figures that need attention in the warning colour."""
    columns = stage_columns(projection, headlines)
    n_priorities = len(projection.scenario.priorities)
    head_font, value_font = page.font(HEAD_POINTS), page.font(VALUE_POINTS, bold=True)
    name_font = page.font(VALUE_POINTS)
    widths, padding = _column_widths(page, columns, width)
    lefts, position = [], x
    for column_width in widths:
        lefts.append(position)
        position += column_width + padding
    table_width = position - padding - x

    head_line = page.line_height(head_font)
    group_height = head_line + 2 if n_priorities else 0.0
    if n_priorities:
        group_x = lefts[len(columns) - n_priorities]
        group_width = lefts[-1] + widths[-1] - group_x
        group = tr("Months over wait target (of {months})").format(months=len(projection.months))
        page.text(group_x, y, group_width, page.elided(group, head_font, group_width), head_font, MUTED_TEXT)
        page.rule(group_x, y + head_line + 0.5, group_width, RULE, 0.5)
    heading_height = group_height + 2 * head_line
    for column, left, column_width in zip(columns, lefts, widths, strict=True):
        align = Qt.AlignmentFlag.AlignLeft if column.text_column else Qt.AlignmentFlag.AlignRight
        lines = column.heading.split("\n")
        top = y + heading_height - len(lines) * head_line
        if column.swatch is not None:
            name = page.elided(lines[0], head_font, column_width - SWATCH - 3)
            swatch_x = left + column_width - page.width(name, head_font) - SWATCH - 3
            page.swatch(swatch_x, top + (head_line - SWATCH) / 2, SWATCH, column.swatch)
            lines[0] = name
        for line_index, line in enumerate(lines):
            shown = page.elided(line, head_font, column_width)
            page.text(left, top + line_index * head_line, column_width, shown, head_font, MUTED_TEXT, align=align)
    y += heading_height + 2
    page.rule(x, y, table_width, TEXT, 0.6)

    row_height = page.line_height(value_font) + 4
    for row in range(len(headlines.stages)):
        for index, (column, left, column_width) in enumerate(zip(columns, lefts, widths, strict=True)):
            cell = column.cells[row]
            align = Qt.AlignmentFlag.AlignLeft if column.text_column else Qt.AlignmentFlag.AlignRight
            font = name_font if index == 1 else value_font  # the team, plain beside its stage
            ink = WARNING_TEXT if cell.warn else TEXT
            page.text(left, y + 2, column_width, page.elided(cell.text, font, column_width), font, ink, align=align)
        y += row_height
        page.rule(x, y, table_width, LIGHT_RULE, 0.5)
    return y


def table_notes(projection: Projection, headlines: Headlines) -> list[str]:
    """What the table's columns mean, and what a stage's hiring answer leaves out."""
    scenario = projection.scenario
    notes = [
        tr(
            "FTE: means of the last 12 months, for the work reaching the team at its highest planned occupancy; "
            "clearing the backlog within {months} months needs more. Posts are funded from {decision} so that, once "
            "filled and trained, no priority waits longer than its target."
        ).format(months=scenario.clear_months, decision=format_month(scenario.decision_month or scenario.start))
    ]
    writing = Writing(number=format_number, month=format_month)
    # A sentence per stage says what the figures mean together (the page has no room for the paragraph).
    for k, stage in enumerate(headlines.stages):  # the team's name too: the table may have shortened it
        brief = stage_brief(projection, headlines, k, writing)
        notes.append(brief.replace(f"{stage.name}:", f"{stage.name} ({stage.team}):", 1))
    return notes


NOTE_POINTS = 7.0


def notes_height(page: PageText, width: float, notes: Sequence[str]) -> float:
    font = page.font(NOTE_POINTS)
    return sum(page.wrapped_height(note, font, width) + 1 for note in notes)


def draw_notes(page: PageText, x: float, y: float, width: float, notes: Sequence[str]) -> float:
    """Muted notes under the table, each wrapped to ``width``; returns the new y."""
    font = page.font(NOTE_POINTS)
    for note in notes:
        y += page.text(x, y, width, note, font, MUTED_TEXT, wrap=True) + 1
    return y
