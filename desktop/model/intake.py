"""Monthly intake per source from yearly volumes, growth, seasonality and events."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from desktop.model.months import month_index, month_ordinal
from desktop.model.plan import Scenario, Source
from desktop.model.volumes import volume_in_year


def yearly_volume(source: Source, year: int) -> float:
    """Reports from ``source`` in ``year`` (see :func:`desktop.model.volumes.volume_in_year`)."""
    return volume_in_year(source.volume_by_year(), source.growth_per_year, year)


def seasonal_factors(source: Source) -> NDArray[np.float64]:
    """The twelve seasonality factors of a source, normalised to mean 1."""
    factors = np.asarray(source.seasonality, dtype=np.float64)
    normalised: NDArray[np.float64] = factors * (12.0 / float(factors.sum()))
    return normalised


def monthly_intake(scenario: Scenario) -> NDArray[np.float64]:
    """Reports arriving per month (rows) and source (columns)."""
    first = month_ordinal(scenario.start)
    first_year, first_month = divmod(first, 12)
    n_years = (first_month + scenario.months + 11) // 12
    intake = np.empty((scenario.months, len(scenario.sources)))
    for s, source in enumerate(scenario.sources):
        per_year = [yearly_volume(source, first_year + y) / 12.0 for y in range(n_years)]
        per_month = np.repeat(per_year, 12)[first_month : first_month + scenario.months]
        seasonal = np.tile(seasonal_factors(source), n_years)[first_month : first_month + scenario.months]
        intake[:, s] = per_month * seasonal
    for event in scenario.events:
        s = next(i for i, src in enumerate(scenario.sources) if src.key == event.source)
        from_month = max(0, month_index(event.month, scenario.start))
        intake[from_month:, s] *= event.factor
    return intake
