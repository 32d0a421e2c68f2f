"""How many FTE to hire now so that no priority waits longer than its target.

Hires are posts funded at the start month: they are filled after the stage's
vacancy lag and ramp up like any newcomer. Months before the hires can arrive
cannot be helped by hiring; breaches there are reported, not counted against
the answer. Stages are solved in order, because hires upstream send more work
downstream.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from desktop.model.engine import hours_per_fte_month, project
from desktop.model.plan import Scenario

RESOLUTION_FTE = 0.1
"""Answers are rounded up to this step."""
MAX_SEARCH_FTE = 100_000.0


@dataclass(frozen=True)
class HireAdvice:
    """The hiring answer for one stage."""

    stage: str
    fte: float | None
    """FTE to fund now (≥ 0), rounded up to 0.1; None when no number of hires meets the targets."""
    first_month_helped: str | None
    """The month the new hires can start (start + vacancy lag); None when that is after the projection."""
    months_breached_before_hires: int
    """Months before the hires arrive in which some priority misses its target anyway."""
    reason: str = ""
    """Why there is no answer, in plain words, when ``fte`` is None."""


def hires_to_meet_targets(scenario: Scenario) -> list[HireAdvice]:
    """Per stage, in order, the FTE to fund at the start so that from the hires' first month on
    no priority's target is breached."""
    extra: dict[str, float] = {}
    advice = []
    for k, stage in enumerate(scenario.stages):
        lag = stage.vacancy_months
        if lag >= scenario.months:
            base = project(scenario, extra)
            advice.append(
                HireAdvice(
                    stage.key,
                    None,
                    None,
                    int(base.breached[k].any(axis=1).sum()),
                    "new hires would arrive after the end of the projection",
                )
            )
            continue

        def meets_targets(fte: float, k: int = k, key: str = stage.key, lag: int = lag) -> bool:
            projection = project(scenario, {**extra, key: fte})
            return not bool(projection.breached[k, lag:].any())

        base = project(scenario, extra)
        # Hires funded now only arrive at month `lag`: earlier breaches happen whatever is decided.
        unavoidable = base.breached[k, :lag].any(axis=1)
        if not base.breached[k, lag:].any():
            fte: float | None = 0.0
        elif hours_per_fte_month(stage) <= 0:
            fte = None
        else:
            fte = _smallest_passing(meets_targets)
        reason = "" if fte is not None else "the targets cannot be met by hiring at this stage"
        advice.append(HireAdvice(stage.key, fte, base.months[lag], int(np.sum(unavoidable)), reason))
        extra[stage.key] = fte or 0.0
    return advice


def _smallest_passing(passes: Callable[[float], bool]) -> float | None:
    """Smallest multiple of RESOLUTION_FTE for which the monotone ``passes`` holds, or None."""
    low, high = 0.0, 1.0
    while not passes(high):
        low, high = high, high * 2
        if high > MAX_SEARCH_FTE:
            return None
    while high - low > RESOLUTION_FTE / 2:
        middle = (low + high) / 2
        if passes(middle):
            high = middle
        else:
            low = middle
    answer = math.ceil(high / RESOLUTION_FTE - 1e-9) * RESOLUTION_FTE
    return round(answer, 1)
