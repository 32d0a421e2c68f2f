"""Native Excel charts (line and stacked area) with a sober look, placed exactly over a block of cells."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from desktop.io.safe_text import without_control_characters
from desktop.io.workbook.xl import (
    AnchorMarker,
    AreaChart,
    CharacterProperties,
    DateAxis,
    GraphicalProperties,
    LineChart,
    LineProperties,
    Paragraph,
    ParagraphProperties,
    Reference,
    RichText,
    Series,
    SeriesLabel,
    StrRef,
    TwoCellAnchor,
    Worksheet,
    get_column_letter,
    quote_sheetname,
)

PALETTE: Final = ("1F3A5F", "2A9D8F", "E9A23B", "C8553D", "7B6CB0", "6B8E23", "4C9BE8", "A0522D", "708090", "D17A9E")
PRIORITY_COLOURS: Final = ("C8553D", "E9A23B", "1F3A5F", "2A9D8F", "7B6CB0", "708090")
"""Most urgent first: red, amber, then calm colours."""
_TEXT: Final = "374151"
_GRID: Final = "E5E7EB"


@dataclass(frozen=True)
class Line:
    """One series: a column of the By month sheet, named by its heading there."""

    column: int
    colour: str
    dashed: bool = False
    width_pt: float = 1.75


def _text_properties(size: float, *, bold: bool = False) -> RichText:
    properties = CharacterProperties(sz=int(size * 100), b=bold, solidFill=_TEXT)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=properties), endParaRPr=properties)])


def plain(text: str) -> str:
    """Plan text for a chart title or legend: no control characters, not too long."""
    text = without_control_characters(text)
    return text if len(text) <= 60 else text[:57] + "..."


def _style(chart: Any, title: str, y_title: str, number_format: str) -> None:
    # A time axis labelled once a year; the categories are the first days of the months.
    chart.x_axis = DateAxis(crossAx=100)
    chart.x_axis.number_format = "yyyy"
    chart.x_axis.baseTimeUnit = "months"
    chart.x_axis.majorUnit = 12
    chart.x_axis.majorTimeUnit = "months"
    chart.y_axis.crossAx = 500
    chart.title = plain(title)
    chart.title.tx.rich.p[0].pPr = ParagraphProperties(defRPr=CharacterProperties(sz=1000, b=True, solidFill=_TEXT))
    chart.title.overlay = False
    chart.style = 2
    chart.legend.position = "b"
    chart.legend.txPr = _text_properties(8)
    for axis in (chart.x_axis, chart.y_axis):
        axis.delete = False
        axis.txPr = _text_properties(8)
    chart.y_axis.title = y_title
    chart.y_axis.title.tx.rich.p[0].pPr = ParagraphProperties(defRPr=CharacterProperties(sz=800, solidFill=_TEXT))
    chart.y_axis.number_format = number_format
    chart.y_axis.majorGridlines.spPr = GraphicalProperties(ln=LineProperties(solidFill=_GRID))
    chart.y_axis.scaling.min = 0
    chart.x_axis.tickLblPos = "low"
    chart.x_axis.majorTickMark = "out"


def _categories(sheet: Worksheet, first_row: int, last_row: int) -> Reference:
    return Reference(sheet, min_col=1, min_row=first_row, max_row=last_row)


def _series(sheet: Worksheet, line: Line, first_row: int, last_row: int) -> Any:
    """The series of a column; its name is the column's heading (a reference, so plan text is never parsed)."""
    values = Reference(sheet, min_col=line.column, min_row=first_row, max_row=last_row)
    series = Series(values)
    heading = f"{quote_sheetname(sheet.title)}!${get_column_letter(line.column)}${first_row - 1}"
    series.tx = SeriesLabel(strRef=StrRef(f=heading))
    return series


def line_chart(
    sheet: Worksheet,
    first_row: int,
    last_row: int,
    lines: list[Line],
    *,
    title: str,
    y_title: str,
    number_format: str = "#,##0",
    y_max: float | None = None,
) -> Any:
    """Lines over the months (rows ``first_row`` to ``last_row``, headings on the row above); empty cells are gaps."""
    chart = LineChart()
    _style(chart, title, y_title, number_format)
    for line in lines:
        series = _series(sheet, line, first_row, last_row)
        series.smooth = False
        series.marker.symbol = "none"
        properties = series.graphicalProperties.line
        properties.solidFill = line.colour
        properties.width = int(line.width_pt * 12700)
        if line.dashed:
            properties.dashStyle = "dash"
        chart.series.append(series)
    chart.set_categories(_categories(sheet, first_row, last_row))
    chart.display_blanks = "gap"
    if y_max is not None:
        chart.y_axis.scaling.max = y_max
    return chart


def stacked_area_chart(
    sheet: Worksheet, first_row: int, last_row: int, lines: list[Line], *, title: str, y_title: str
) -> Any:
    """Areas stacked over the months: the parts of a total."""
    chart = AreaChart(grouping="stacked")
    _style(chart, title, y_title, "#,##0")
    for line in lines:
        series = _series(sheet, line, first_row, last_row)
        series.graphicalProperties.solidFill = line.colour
        series.graphicalProperties.line.noFill = True
        chart.series.append(series)
    chart.set_categories(_categories(sheet, first_row, last_row))
    return chart


def place(sheet: Worksheet, chart: Any, first_column: int, first_row: int, last_column: int, last_row: int) -> None:
    """Anchor ``chart`` to cover the cells from (first_column, first_row) up to, not including, the last ones."""
    anchor = TwoCellAnchor()
    anchor._from = AnchorMarker(col=first_column - 1, row=first_row - 1)
    anchor.to = AnchorMarker(col=last_column - 1, row=last_row - 1)
    chart.anchor = anchor
    sheet.add_chart(chart)
