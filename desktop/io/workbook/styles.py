"""Cell styles, number formats, column widths and print set-up shared by every sheet of the workbook."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from desktop.io.safe_text import without_control_characters
from desktop.io.workbook.xl import (
    Alignment,
    Border,
    Font,
    NamedStyle,
    PatternFill,
    Side,
    Workbook,
    Worksheet,
    get_column_letter,
)

FONT_NAME: Final = "Calibri"
INK: Final = "1F2937"
MUTED: Final = "6B7280"
INPUT_BLUE: Final = "1F4E9E"
INPUT_FILL: Final = "FFF7CC"
HEADER_FILL: Final = "E5E9F0"
SECTION_RULE: Final = "1F3A5F"

# Number formats: thousands separators, units in the labels, never scientific notation.
WHOLE: Final = "#,##0"
ONE_DECIMAL: Final = "#,##0.0"
TWO_DECIMALS: Final = "#,##0.00"
MONTH: Final = "yyyy-mm"
YEAR: Final = "0"
YES_NO: Final = '"over";"over";"–"'
"""1 shows as "over" (the target is breached), 0 as a dash."""

NO_CAPACITY: Final = "no capacity"
"""What a wait shows when the priority gets no capacity at all (an endless wait), in Projection and Model alike."""

# Named styles: an analyst recognises inputs by the fill, and Excel lists the styles by name.
INPUT: Final = "Plan input"
COMPUTED: Final = "Plan computed"
LABEL: Final = "Plan label"
IDENTIFIER: Final = "Plan identifier"
HEADER: Final = "Plan header"
NOTE: Final = "Plan note"


def register_styles(workbook: Workbook) -> None:
    """Add the workbook's named styles (once per workbook)."""
    thin = Side(style="thin", color="D1D5DB")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    styles = [
        NamedStyle(
            INPUT,
            font=Font(name=FONT_NAME, size=10, color=INPUT_BLUE),
            fill=PatternFill("solid", fgColor=INPUT_FILL),
            border=box,
        ),
        NamedStyle(COMPUTED, font=Font(name=FONT_NAME, size=10, color=INK)),
        NamedStyle(LABEL, font=Font(name=FONT_NAME, size=10, color=INK)),
        NamedStyle(IDENTIFIER, font=Font(name=FONT_NAME, size=10, color=MUTED)),
        NamedStyle(
            HEADER,
            font=Font(name=FONT_NAME, size=10, bold=True, color=INK),
            fill=PatternFill("solid", fgColor=HEADER_FILL),
            alignment=Alignment(wrap_text=True, vertical="bottom"),
            border=Border(bottom=Side(style="thin", color="9CA3AF")),
        ),
        NamedStyle(NOTE, font=Font(name=FONT_NAME, size=9, italic=True, color=MUTED)),
    ]
    for style in styles:
        workbook.add_named_style(style)


TITLE_FONT: Final = Font(name=FONT_NAME, size=16, bold=True, color=SECTION_RULE)
SUBTITLE_FONT: Final = Font(name=FONT_NAME, size=11, color=INK)
SECTION_FONT: Final = Font(name=FONT_NAME, size=12, bold=True, color=SECTION_RULE)
SECTION_BORDER: Final = Border(bottom=Side(style="medium", color=SECTION_RULE))
BOLD: Final = Font(name=FONT_NAME, size=10, bold=True, color=INK)
WARNING_FONT: Final = Font(name=FONT_NAME, size=10, bold=True, color="9A3412")
WRAP_TOP: Final = Alignment(wrap_text=True, vertical="top")
RIGHT: Final = Alignment(horizontal="right")
HEADER_RIGHT: Final = Alignment(horizontal="right", vertical="bottom", wrap_text=True)
CENTRE: Final = Alignment(horizontal="center", vertical="bottom", wrap_text=True)


def set_widths(sheet: Worksheet, widths: Mapping[int, float]) -> None:
    """Column widths in characters, by column number (1 = A)."""
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width


def fitted_width(texts: Iterable[str], *, minimum: float = 8, maximum: float = 48) -> float:
    """A column width (characters) that shows the longest of ``texts`` without cutting it off."""
    longest = max((len(text) for text in texts), default=0)
    return max(minimum, min(maximum, longest * 1.1 + 2))


def section_title(sheet: Worksheet, row: int, text: str, last_column: int) -> None:
    """A section heading with a rule under it across the used columns."""
    cell = sheet.cell(row=row, column=1, value=text)
    cell.font = SECTION_FONT
    for column in range(1, last_column + 1):
        sheet.cell(row=row, column=column).border = SECTION_BORDER
    sheet.row_dimensions[row].height = 20


def print_setup(
    sheet: Worksheet,
    title: str,
    *,
    fit_width: bool = True,
    one_page: bool = False,
    title_rows: str | None = None,
    title_columns: str | None = None,
    scale: int | None = None,
    pages_wide: int | None = None,
    pages_tall: int | None = None,
) -> None:
    """Landscape A4, fitted to the page width, with the plan's title as header and page numbers as footer.

    ``title`` is plan text: every "&" is doubled so that Excel does not read it as a header code.
    """
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    if one_page or fit_width or pages_wide:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        setup.fitToWidth = pages_wide or 1
        setup.fitToHeight = 1 if one_page else (pages_tall or 0)
    elif scale is not None:
        setup.scale = scale
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.7
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    sheet.print_options.horizontalCentered = one_page
    if title_rows:
        sheet.print_title_rows = title_rows
    if title_columns:
        sheet.print_title_cols = title_columns
    header_text = _header_text(title)
    for header in (sheet.oddHeader, sheet.evenHeader):
        header.left.text = header_text
        header.left.size = 8
        header.right.text = "&A"
        header.right.size = 8
    for footer in (sheet.oddFooter, sheet.evenFooter):
        footer.left.text = "Caseload Planner"
        footer.left.size = 8
        footer.right.text = "Page &P of &N"
        footer.right.size = 8


def _header_text(title: str) -> str:
    # XML cannot hold an escape character and a header has one line: no control character stays.
    text = " ".join(without_control_characters(title).split())
    if len(text) > 120:
        text = text[:117] + "..."
    return text.replace("&", "&&")
