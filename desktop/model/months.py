"""Calendar months as "YYYY-MM" strings and as month indices from a plan's start."""

from __future__ import annotations

import re

_MONTH_RE = re.compile(r"(\d{4})-(0[1-9]|1[0-2])", re.ASCII)
"""Matched against the whole text: no line break after it, and ASCII digits only ("２０２１-01" is not a month)."""

FIRST_YEAR = 1900
LAST_YEAR = 2200


def parse_month(text: str) -> tuple[int, int]:
    """Return (year, month 1-12) of a "YYYY-MM" string; raise ValueError with the reason."""
    match = _MONTH_RE.fullmatch(text)
    if match is None:
        raise ValueError(f"must be a month written YYYY-MM, got {text!r}")
    year, month = int(match.group(1)), int(match.group(2))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year must be between {FIRST_YEAR} and {LAST_YEAR}, got {text!r}")
    return year, month


def month_ordinal(text: str) -> int:
    """Months since January of year 0, so that differences count months."""
    year, month = parse_month(text)
    return year * 12 + (month - 1)


def month_label(ordinal: int) -> str:
    """The "YYYY-MM" text of a month ordinal."""
    year, month0 = divmod(ordinal, 12)
    return f"{year:04d}-{month0 + 1:02d}"


def month_index(month: str, start: str) -> int:
    """Index of ``month`` on a timeline that starts at ``start`` (negative when before it)."""
    return month_ordinal(month) - month_ordinal(start)


def month_labels(start: str, months: int) -> list[str]:
    """The "YYYY-MM" labels of ``months`` consecutive months from ``start``."""
    first = month_ordinal(start)
    return [month_label(first + i) for i in range(months)]
