"""A team's effective FTE month by month: establishment changes, attrition, vacancy lag and ramp-up.

Each month m, in this order:

1. attrition: ``attrition_per_year / 12`` of the staff in post leave; each leaver
   opens a vacancy that is filled ``vacancy_months`` later;
2. the establishment of month m (start FTE + changes up to m + extra hires) is
   compared with staff in post plus vacancies being filled: more posts open new
   vacancies (filled ``vacancy_months`` later); fewer posts cancel the vacancies
   filled last first, then remove staff in post at once (a cut);
3. vacancies due this month are filled by newcomers;
4. effective FTE = Σ staff in post × productivity, a newcomer working at
   ``min(1, (j + 0.5) / ramp_up_months)`` in month j after joining.

Exact zeros: a month whose establishment is 0 has exactly 0 staff in post and no
vacancies (every vacancy being filled is cancelled), and staff in post or effective
FTE below :data:`ZERO_FTE` are 0. Without this a cut to zero leaves dust of about
1e-16 FTE from rounding, which attrition wears down for years and which the
projection would read as a vanishing capacity (waits of 1e16 days, not "no capacity").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from desktop.model.months import month_index
from desktop.model.plan import Stage

_EPS = 1e-12
ZERO_FTE = 1e-9
"""FTE below this are none: a billionth of an FTE is a few milliseconds of work a month."""


def establishment(
    stage: Stage,
    start: str,
    months: int,
    extra_fte: float = 0.0,
    extra_steps: Sequence[tuple[int, float]] = (),
) -> NDArray[np.float64]:
    """Funded FTE per month: start FTE plus every change up to that month (never below 0).

    ``extra_fte`` adds posts funded at the start; ``extra_steps`` adds (month index, posts) after
    the stage's own changes, in the same arithmetic as staffing changes appended to the stage, so
    that a hiring plan tried here and the plan applied as staffing changes give the same figures."""
    funded = np.full(months, stage.fte + extra_fte)
    for change in stage.staffing_changes:
        from_month = max(0, month_index(change.month, start))
        funded[from_month:] += change.fte_delta
    for from_month, posts in extra_steps:
        funded[max(0, from_month) :] += posts
    result: NDArray[np.float64] = np.where(funded > ZERO_FTE, funded, 0.0)
    return result


def ramp_productivity(months_since_joining: int, ramp_up_months: int) -> float:
    """Share of full productivity of a newcomer in their n-th month (0 = the month they join)."""
    if ramp_up_months <= 0:
        return 1.0
    return min(1.0, (months_since_joining + 0.5) / ramp_up_months)


def effective_fte(
    stage: Stage,
    start: str,
    months: int,
    extra_fte: float = 0.0,
    extra_steps: Sequence[tuple[int, float]] = (),
) -> NDArray[np.float64]:
    """Effective FTE per month; ``extra_fte`` adds posts funded at the start (hired after the vacancy lag),
    ``extra_steps`` posts funded from later months (as for :func:`establishment`)."""
    funded = establishment(stage, start, months, extra_fte, extra_steps).tolist()
    leave_rate = stage.attrition_per_year / 12.0
    lag = stage.vacancy_months
    due = [0.0] * (months + lag + 1)  # FTE of vacancies to be filled, by month due
    in_post, pending = stage.fte, 0.0
    in_post_by_month = np.empty(months)
    joined = np.zeros(months)
    survival = np.ones(months)  # share of staff in post that stays in post through the month
    for m in range(months):
        kept = 1.0
        if leave_rate > 0 and in_post > 0:
            leavers = in_post * leave_rate
            in_post -= leavers
            kept = 1.0 - leave_rate
            due[m + lag] += leavers
            pending += leavers
        gap = funded[m] - (in_post + pending)
        if gap > _EPS:
            due[m + lag] += gap
            pending += gap
        elif gap < -_EPS:
            excess = -gap
            for i in range(m + lag, m - 1, -1):  # vacancies filled last are cancelled first
                taken = min(excess, due[i])
                due[i] -= taken
                pending -= taken
                excess -= taken
                if excess <= _EPS:
                    break
            if excess > _EPS and in_post > 0:
                cut_keep = max(0.0, (in_post - excess) / in_post)
                in_post *= cut_keep
                kept *= cut_keep
        if funded[m] <= 0.0:  # no posts: nobody in post, no vacancy to fill (exactly, not rounding dust)
            in_post, pending, kept = 0.0, 0.0, 0.0
            for i in range(m, m + lag + 1):
                due[i] = 0.0
        elif in_post < ZERO_FTE:
            in_post = 0.0
        joining = due[m]
        if joining > 0:
            due[m] = 0.0
            pending = max(0.0, pending - joining)
            in_post += joining
            joined[m] = joining
        in_post_by_month[m] = in_post
        survival[m] = kept
    effective = in_post_by_month - _ramp_shortfall(joined, survival, stage.ramp_up_months)
    result: NDArray[np.float64] = np.where(effective > ZERO_FTE, effective, 0.0)
    return result


def _ramp_shortfall(joined: NDArray[np.float64], survival: NDArray[np.float64], ramp: int) -> NDArray[np.float64]:
    """FTE in post but not yet productive: Σ newcomers still in post × (1 − productivity)."""
    months = len(joined)
    shortfall = np.zeros(months)
    if ramp <= 0 or not joined.any():
        return shortfall
    through = np.cumprod(survival) if survival.all() else None
    for j in range(min(ramp, months)):
        # newcomers of month m − j, still in post after j more months of attrition and cuts
        if through is not None:
            remaining = joined[: months - j] * (through[j:] / through[: months - j])
        else:  # a cut to zero: multiply month by month
            remaining = joined[: months - j].copy()
            for i in range(1, j + 1):
                remaining *= survival[i : months - j + i]
        shortfall[j:] += remaining * (1.0 - ramp_productivity(j, ramp))
    return shortfall
