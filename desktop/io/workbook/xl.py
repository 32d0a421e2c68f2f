"""The parts of openpyxl the workbook uses, imported in one place (openpyxl ships no type information)."""

from __future__ import annotations

from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import Cell  # type: ignore[import-untyped]
from openpyxl.chart import AreaChart, LineChart, Reference, Series  # type: ignore[import-untyped]
from openpyxl.chart.axis import DateAxis  # type: ignore[import-untyped]
from openpyxl.chart.data_source import StrRef  # type: ignore[import-untyped]
from openpyxl.chart.series import SeriesLabel  # type: ignore[import-untyped]
from openpyxl.chart.shapes import GraphicalProperties  # type: ignore[import-untyped]
from openpyxl.chart.text import RichText  # type: ignore[import-untyped]
from openpyxl.drawing.line import LineProperties  # type: ignore[import-untyped]
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor  # type: ignore[import-untyped]
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties  # type: ignore[import-untyped]
from openpyxl.formatting.rule import FormulaRule  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter, quote_sheetname  # type: ignore[import-untyped]
from openpyxl.utils.cell import range_boundaries  # type: ignore[import-untyped]
from openpyxl.utils.datetime import to_excel  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]
from openpyxl.workbook.defined_name import DefinedName  # type: ignore[import-untyped]
from openpyxl.worksheet.pagebreak import Break  # type: ignore[import-untyped]
from openpyxl.worksheet.table import Table, TableStyleInfo  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

__all__ = [
    "Alignment",
    "AnchorMarker",
    "AreaChart",
    "Border",
    "Break",
    "Cell",
    "CharacterProperties",
    "DateAxis",
    "DefinedName",
    "Font",
    "FormulaRule",
    "GraphicalProperties",
    "InvalidFileException",
    "LineChart",
    "LineProperties",
    "NamedStyle",
    "Paragraph",
    "ParagraphProperties",
    "PatternFill",
    "Reference",
    "RichText",
    "Series",
    "SeriesLabel",
    "Side",
    "StrRef",
    "Table",
    "TableStyleInfo",
    "TwoCellAnchor",
    "Workbook",
    "Worksheet",
    "get_column_letter",
    "load_workbook",
    "quote_sheetname",
    "range_boundaries",
    "to_excel",
]
