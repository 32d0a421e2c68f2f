"""The tidy projection as CSV text that a spreadsheet opens safely: no text cell can start a formula."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.io.safe_text import spreadsheet_text, starts_a_formula

if TYPE_CHECKING:
    import pandas as pd

BYTE_ORDER_MARK = "\ufeff"
"""UTF-8's byte-order mark: without it Excel reads a CSV file in the system's code page and garbles "ü" or "ë"."""


def tidy_csv_text(frame: pd.DataFrame, *, raw: bool = False) -> str:
    """``frame`` as CSV with ``\\n`` line ends; unless ``raw``, text cells that could start a formula get a quote.

    Only text columns are looked at: a value of -3.5 stays the number -3.5. The check runs
    on each column's distinct values (a scenario's name fills thousands of rows).
    """
    if not raw:
        frame = neutralised(frame)
    return frame.to_csv(index=False, lineterminator="\n")


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells that could start a formula begin with a single quote (OWASP)."""
    from pandas.api.types import is_object_dtype, is_string_dtype

    changed = frame
    for column in frame.columns:
        values = frame[column]
        if not (is_string_dtype(values.dtype) or is_object_dtype(values.dtype)):
            continue  # numbers stay numbers: -3.5 is not text
        risky = {
            text: spreadsheet_text(text)
            for text in values.dropna().unique()
            if isinstance(text, str) and starts_a_formula(text)
        }
        if risky:
            if changed is frame:
                changed = frame.copy()
            changed[column] = values.map(_replacer(risky))
    return changed


def _replacer(replacements: dict[str, str]) -> Callable[[object], object]:
    def replaced(cell: object) -> object:
        return replacements.get(cell, cell) if isinstance(cell, str) else cell

    return replaced
