"""Reports per calendar year of one source: the figures given, and growth carried to the years between and around."""

from __future__ import annotations

import math
from collections.abc import Mapping


def volume_in_year(volumes: Mapping[int, float], growth_per_year: float, year: int) -> float:
    """The figure of ``year`` if given; else the nearest earlier figure × (1 + growth) per year, or,
    before the first figure, the first figure ÷ (1 + growth) per year. ``inf`` when that leaves
    the range of a float (validation keeps plans far from it inside their projection)."""
    if year in volumes:
        return volumes[year]
    first = min(volumes)
    base_year = first if year < first else max(y for y in volumes if y < year)
    base = volumes[base_year]
    if base == 0:
        return 0.0
    try:
        scale = (1.0 + growth_per_year) ** (year - base_year)
    except OverflowError:
        return math.inf
    return base * scale
