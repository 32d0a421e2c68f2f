"""Blocks of cells as Excel puts them on the clipboard (tabs and newlines), and numbers in a locale's format.

Excel copies a range as one line per row and a tab between cells, ends with a
newline, and quotes a cell that holds a tab, a newline or starts with a quote
(``"a""b"`` is ``a"b``). Numbers are written with the user's decimal separator,
and often with group separators: ``1.234,5`` in a Dutch locale, ``1,234.5`` in
English.

:func:`parse_number` is strict where a mistake would go unnoticed: group
separators must stand between groups of three digits, so that ``12,5`` typed in
an English locale is refused (with the hint to use ``.``) rather than read as
125. A trailing percent sign is accepted and the number is returned as written
(``12,5 %`` → 12.5): the editors show shares in percent, and that is what Excel
copies from a cell formatted as a percentage. Callers for which a percentage
makes no sense pass ``allow_percent=False``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Final, Literal

NumberProblem = Literal["empty", "not_a_number", "grouping", "percent_not_allowed", "too_large"]

_SPACES: Final = frozenset({" ", "\u00a0", "\u202f", "\u2009"})
"""Spaces that locales use as group separators (French uses a narrow no-break space)."""
_STRIP: Final = " \t\r\n\u00a0\u202f\u2009"
_MINUS_SIGNS: Final = ("-", "\u2212")
_EXPONENT: Final = re.compile(r"[eE][+-]?\d{1,3}$")


class NumberTextError(ValueError):
    """Text that is not a number in the given format; ``problem`` says which rule it breaks.

    The message is English; a user interface shows its own translated text for ``problem``.
    """

    def __init__(self, problem: NumberProblem, text: str, message: str) -> None:
        super().__init__(message)
        self.problem: NumberProblem = problem
        self.text = text


def _is_group_separator(char: str, group_separator: str) -> bool:
    if group_separator in _SPACES:
        return char in _SPACES
    return char == group_separator


def _check_integer_part(digits: str, text: str, decimal_point: str, group_separator: str) -> str:
    """The digits of an integer part with its group separators removed, or :class:`NumberTextError`."""
    groups: list[str] = [""]
    for char in digits:
        if char.isdigit() and char.isascii():
            groups[-1] += char
        elif _is_group_separator(char, group_separator):
            groups.append("")
        else:
            raise NumberTextError("not_a_number", text, f"{text!r} is not a number")
    if len(groups) > 1:
        first, rest = groups[0], groups[1:]
        if not 1 <= len(first) <= 3 or any(len(group) != 3 for group in rest):
            raise NumberTextError(
                "grouping",
                text,
                f"{text!r} is not a number: {group_separator!r} separates groups of three digits; "
                f"write decimals with {decimal_point!r}",
            )
    return "".join(groups)


def parse_number(text: str, decimal_point: str, group_separator: str, *, allow_percent: bool = True) -> float:
    """The number written in ``text`` with the given separators; :class:`NumberTextError` (a ValueError) if none.

    Accepts surrounding spaces, a leading ``+``, ``-`` or ``−``, group separators between groups of
    three digits, one decimal separator, an exponent (``1E+05``, as Excel shows large numbers) and,
    when ``allow_percent``, a trailing ``%`` that is ignored (``12,5 %`` → 12.5).
    """
    stripped = text.strip(_STRIP)
    if not stripped:
        raise NumberTextError("empty", text, "no number was given")
    if stripped.endswith("%"):
        if not allow_percent:
            raise NumberTextError("percent_not_allowed", text, f"{text!r}: a percentage is not allowed here")
        stripped = stripped[:-1].rstrip(_STRIP)
    sign = 1.0
    if stripped[:1] in _MINUS_SIGNS:
        sign, stripped = -1.0, stripped[1:]
    elif stripped[:1] == "+":
        stripped = stripped[1:]
    exponent_match = _EXPONENT.search(stripped)
    exponent = exponent_match.group(0) if exponent_match else ""
    mantissa = stripped[: len(stripped) - len(exponent)]
    integer_part, _, fraction = mantissa.partition(decimal_point)
    if decimal_point in fraction or not (integer_part or fraction):
        raise NumberTextError("not_a_number", text, f"{text!r} is not a number")
    digits = _check_integer_part(integer_part, text, decimal_point, group_separator)
    if fraction and not (fraction.isdigit() and fraction.isascii()):
        if any(_is_group_separator(char, group_separator) for char in fraction):
            raise NumberTextError(
                "grouping", text, f"{text!r} is not a number: no group separator may follow the decimal separator"
            )
        raise NumberTextError("not_a_number", text, f"{text!r} is not a number")
    value = sign * float(f"{digits or '0'}.{fraction or '0'}{exponent}")
    if not math.isfinite(value):
        raise NumberTextError("too_large", text, f"{text!r} is too large")
    return value


def format_number(value: float, decimal_point: str) -> str:
    """``value`` as plain text for the clipboard: up to 15 significant digits, no group separators."""
    text = f"{value:.15g}"
    return text.replace(".", decimal_point) if decimal_point != "." else text


def parse_block(text: str) -> list[list[str]]:
    """Cells of a tab-separated block: one list per row, all rows padded with "" to the same width.

    Accepts ``\\r\\n``, ``\\n`` or ``\\r`` between rows, Excel's quoted cells, and drops the newline
    Excel puts after the last row (and any blank rows after it). Cells keep their spaces; splitting
    does not depend on the number format, so the separators are the caller's business.
    """
    rows: list[list[str]] = [[]]
    cell = ""
    i, n = 0, len(text)
    at_cell_start = True
    while i < n:
        char = text[i]
        if at_cell_start and char == '"':
            closing = _closing_quote(text, i + 1)
            if closing is not None:
                cell = text[i + 1 : closing].replace('""', '"')
                i = closing + 1
                at_cell_start = False
                continue
        if char == "\t":
            rows[-1].append(cell)
            cell, at_cell_start = "", True
        elif char in "\r\n":
            rows[-1].append(cell)
            rows.append([])
            cell, at_cell_start = "", True
            if char == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
        else:
            cell += char
            at_cell_start = False
        i += 1
    rows[-1].append(cell)
    while rows and rows[-1] == [""]:
        rows.pop()
    width = max((len(row) for row in rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows]


def _closing_quote(text: str, start: int) -> int | None:
    """Index of the quote that closes a quoted cell opened before ``start``, if the cell ends right after it."""
    i = start
    while i < len(text):
        if text[i] == '"':
            if i + 1 < len(text) and text[i + 1] == '"':
                i += 2
                continue
            return i if i + 1 == len(text) or text[i + 1] in "\t\r\n" else None
        i += 1
    return None


def _quoted(cell: str) -> str:
    if any(char in cell for char in "\t\r\n") or cell.startswith('"'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def format_block(rows: Sequence[Sequence[str]]) -> str:
    """Rows of cells as tab-separated lines, quoted as Excel quotes them, ending with a newline as Excel does."""
    if not rows:
        return ""
    return "".join("\t".join(_quoted(cell) for cell in row) + "\n" for row in rows)
