"""Number formats of input cells, chosen per value so that no input ever shows rounded."""

from __future__ import annotations

import datetime as dt

from desktop.io.workbook.styles import WHOLE
from desktop.model.months import parse_month


def number_format(value: float | None, *, whole: str = WHOLE) -> str:
    """Thousands separators; as many decimals as the value has (up to six), so what is typed is what shows."""
    decimals = _decimals(value, 6)
    if decimals == 0:
        return whole
    return "#,##0." + "0" * decimals


def percent_format(value: float | None) -> str:
    """A share shown as a percentage, with the decimals it needs (0.175 → 17.5%)."""
    decimals = _decimals(None if value is None else value * 100, 4)
    return "0%" if decimals == 0 else "0." + "0" * decimals + "%"


def _decimals(value: float | None, most: int) -> int:
    if value is None:
        return 0
    for decimals in range(most + 1):
        if abs(round(value, decimals) - value) <= 1e-9 * max(1.0, abs(value)):
            return decimals
    return most


def month_date(month: str) -> dt.datetime:
    """A "YYYY-MM" month as the first day of that month, which a spreadsheet shows as a date."""
    year, month_number = parse_month(month)
    return dt.datetime(year, month_number, 1)
