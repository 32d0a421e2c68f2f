"""What a team needs: FTE for the work that reaches it and for the work it would get if every team
before it kept up, as means over the last twelve months, in effective FTE and in funded posts.

Two questions, two answers (docs/method.md, "Needs"):

- **for the work that reaches this team today**: the new work of each month in the projection as it
  is, divided by the casework hours an FTE gives at the team's highest planned occupancy;
- **if every team before it kept up**: the same for a projection in which every earlier stage has
  unlimited capacity, so the flow downstream is not held back by a bottleneck upstream.

Effective FTE are people at full productivity. A funded post gives less than one effective FTE on
average: after a leaver the post is vacant for the vacancy lag, and the newcomer ramps up.
:func:`effective_share_of_posts` gives the share in a steady state at the team's attrition.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop.model.engine import Array, Projection
from desktop.model.plan import Stage
from desktop.model.staffing import ramp_productivity

YEAR_MONTHS = 12
"""Headline needs are means over the last year of the projection (or all of it when shorter)."""


@dataclass(frozen=True)
class Need:
    """FTE needed over the last twelve months of the projection."""

    fte: float
    """Mean effective FTE needed over the last twelve months (inf: the team gives no casework hours)."""
    peak_fte: float
    """The highest month's need in those months."""
    peak_month: str
    posts: float
    """Funded posts that give ``fte`` effective FTE on average at the team's attrition, vacancy lag and ramp-up."""


def effective_share_of_posts(stage: Stage) -> float:
    """Effective FTE per funded post in a steady state of leavers, vacancies and newcomers (0–1].

    Each month a share q = attrition ÷ 12 of the staff in post leaves; each leaver's post is
    vacant for ``vacancy_months`` and the newcomer works at the ramp-up productivity of the
    month since joining. In a steady state with P in post per funded post:
    P × (1 + q × vacancy) = 1 and effective = P − Σ_j<ramp q × P × (1 − q)^j × (1 − productivity(j)).
    """
    q = stage.attrition_per_year / 12.0
    if q <= 0:
        return 1.0
    in_post = 1.0 / (1.0 + q * stage.vacancy_months)
    shortfall = sum(
        q * in_post * (1.0 - q) ** j * (1.0 - ramp_productivity(j, stage.ramp_up_months))
        for j in range(stage.ramp_up_months)
    )
    return in_post - shortfall


def last_year_slice(months: int) -> slice:
    """The months that headline means are taken over: the last twelve, or all when fewer."""
    return slice(max(0, months - YEAR_MONTHS), months)


def need_from_hours(hours: Array, projection: Projection, k: int) -> Need:
    """The need of stage ``k`` for ``hours`` of new work per month (M,), at its highest occupancy."""
    stage = projection.scenario.stages[k]
    per_fte = projection.hours_per_fte_month[k] * stage.max_occupancy
    window = last_year_slice(len(hours))
    recent = hours[window]
    fte_by_month = recent / per_fte if per_fte > 0 else np.where(recent > 0, np.inf, 0.0)
    peak = int(np.argmax(fte_by_month))
    mean = float(fte_by_month.mean())
    return Need(
        fte=mean,
        peak_fte=float(fte_by_month[peak]),
        peak_month=projection.months[window.start + peak],
        posts=mean / effective_share_of_posts(stage),
    )


def mean_of_last_year(values: Array) -> float:
    """Mean of a monthly series (M,) over the last twelve months."""
    return float(values[last_year_slice(len(values))].mean())
