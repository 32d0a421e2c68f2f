"""How many posts to fund at the decision month so that no priority waits longer than its norm.

Hires are posts funded at the scenario's decision month (``Scenario.decision_month``; the
start when it has none): before it the plan is history and no advice is given there. The
posts are filled after the stage's vacancy lag and ramp up like any newcomer. The answer is
the smallest whole number of 0.1 posts for which, from the month new hires are fully productive
(decision month + vacancy lag + ramp-up months) to the end, no priority's norm is breached
(``Projection.breached``) and the month's new work fits in ``max_occupancy`` × capacity
(``Projection.over_occupancy``). The search runs over whole steps of 0.1 (integers) up to
:data:`desktop.model.limits.MAX_FTE`. Stages are solved in order, with the upstream answers in
place, because hires upstream send more work downstream.

This is the "fund it all now" figure: everything the rest of the projection needs, funded at
the decision month. :mod:`desktop.model.hiring_plan` funds each post as late as it can; where
that plan's first row is at the decision month and it is its only row, the two agree (the plan
funds at the decision month the fewest posts that fix the first failing month; if those keep
every later month within the norms too, they are this answer).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from desktop.model.engine import Projection, hours_per_fte_month, project
from desktop.model.limits import MAX_FTE
from desktop.model.months import month_label, month_ordinal
from desktop.model.plan import Scenario
from desktop.model.staffing import ZERO_FTE

RESOLUTION_FTE = 0.1
"""Answers are whole multiples of this step."""
STEPS_PER_FTE = 10
MAX_STEPS = round(MAX_FTE * STEPS_PER_FTE)
"""The search's ceiling in steps of 0.1: :data:`MAX_FTE` posts, the largest a plan may hold."""


@dataclass(frozen=True)
class HireAdvice:
    """The hiring answer for one stage."""

    stage: str
    fte: float | None
    """Posts to fund at the decision month (≥ 0), a multiple of 0.1; None when no number meets the norms."""
    first_month_helped: str | None
    """The first month the hires raise the team's effective FTE. Normally the decision month plus the
    vacancy lag (the posts are filled); earlier where the funded posts offset a cut: they keep in post
    people the cut would remove, from the month of the cut. None when no hire is in post before the end."""
    months_breached_before_hires: int
    """Months from the decision month until new hires are fully productive (decision month + vacancy lag
    + ramp-up) in which, with the hires funded, some priority still misses its norm or the work exceeds
    the highest occupancy: the months no hire reaches in time. Months helped by posts that offset a cut
    count only if they still fail."""
    reason: str = ""
    """Why there is no answer, in plain words, when ``fte`` is None."""
    funded_from: str = ""
    """The month the posts are funded: the scenario's decision month."""


def failing_months(projection: Projection, k: int) -> NDArray[np.bool_]:
    """(M,) months in which stage k breaches a norm or its new work exceeds the highest occupancy."""
    result: NDArray[np.bool_] = projection.breached[k].any(axis=1) | projection.over_occupancy[k]
    return result


def posts_of(steps: int) -> float:
    """The posts of a whole number of 0.1 steps."""
    return steps / STEPS_PER_FTE


def smallest_passing(passes: Callable[[int], bool], *, start: int = 1, ceiling: int = MAX_STEPS) -> int | None:
    """Smallest n in 0 … ``ceiling`` for which the monotone ``passes`` holds, or None when even ``ceiling``
    fails. Gallops from ``start`` (a guess; the search is exact whatever it is), then bisects."""
    start = min(max(1, start), ceiling)
    if passes(start):
        high, step = start, 1
        low = high - step
        while low > 0 and passes(low):
            high, step = low, step * 2
            low = max(0, high - step)
        if low == 0 and passes(0):
            return 0
    else:
        low, step = start, 1
        high = low + step
        while True:
            high = min(high, ceiling)
            if passes(high):
                break
            if high == ceiling:
                return None
            low, step = high, step * 2
            high = low + step
    while high - low > 1:  # low fails, high passes
        middle = (low + high) // 2
        if passes(middle):
            high = middle
        else:
            low = middle
    return high


class StageTrials:
    """Projections of stage k with hires added to it, each made once: the upstream stages are copied
    from ``upstream`` (with their hires ``extra``; None: computed once here), the stages after k are not
    computed."""

    def __init__(
        self, scenario: Scenario, k: int, extra: Mapping[str, Sequence[tuple[int, float]]], upstream: Projection | None
    ) -> None:
        self.scenario, self.k, self.extra = scenario, k, dict(extra)
        self.upstream = upstream if upstream is not None else project(scenario, extra_steps=extra, only_stage=k)
        self.key = scenario.stages[k].key
        self._made: dict[tuple[tuple[int, int], ...], Projection] = {}
        self.count = 0

    def __call__(self, steps: Sequence[tuple[int, int]]) -> Projection:
        """The projection with posts of ``steps`` — (month index, whole 0.1 steps) in month order — funded."""
        key = tuple((month, n) for month, n in steps if n > 0)
        made = self._made.get(key)
        if made is None:
            hires = {**self.extra, self.key: [(month, posts_of(n)) for month, n in key]}
            made = project(self.scenario, extra_steps=hires, upstream=self.upstream, only_stage=self.k)
            self._made[key] = made
            self.count += 1
        return made

    def failing(self, steps: Sequence[tuple[int, int]]) -> NDArray[np.bool_]:
        """(M,) months that fail at stage k with ``steps`` funded (see :func:`failing_months`)."""
        return failing_months(self(steps), self.k)


def hires_to_meet_targets(scenario: Scenario) -> list[HireAdvice]:
    """Per stage, in order, the posts to fund at the decision month so that from the month the hires are
    fully productive on no priority's norm is breached and the work fits the highest occupancy."""
    decision = scenario.decision_index
    labels = [month_label(month_ordinal(scenario.start) + m) for m in range(scenario.months)]
    funded_from = month_label(month_ordinal(scenario.start) + decision)
    extra: dict[str, list[tuple[int, float]]] = {}
    upstream: Projection | None = None
    advice = []
    for k, stage in enumerate(scenario.stages):
        arrive = decision + stage.vacancy_months  # new hires in post
        full = arrive + stage.ramp_up_months  # and fully productive: the norms are judged from here
        trials = StageTrials(scenario, k, extra, upstream)
        base = trials(())
        failing = failing_months(base, k)
        if full >= scenario.months:
            reason = (
                "the decision month is after the end of the projection"
                if decision >= scenario.months
                else "new hires would arrive after the end of the projection"
                if arrive >= scenario.months
                else "new hires would not be fully productive before the end of the projection"
            )
            helped = labels[arrive] if arrive < scenario.months else None
            advice.append(HireAdvice(stage.key, None, helped, int(failing[decision:].sum()), reason, funded_from))
            upstream = base
            continue

        def passes(n: int, trials: StageTrials = trials, full: int = full) -> bool:
            return not bool(trials.failing(((decision, n),))[full:].any())

        n: int | None
        if passes(0):
            n = 0
        elif hours_per_fte_month(stage) <= 0:
            n = None
        else:
            n = smallest_passing(passes, start=_guess(base, k, full))
        if n is None:
            advice.append(
                HireAdvice(
                    stage.key,
                    None,
                    labels[arrive],
                    int(failing[decision:full].sum()),
                    "the targets cannot be met by hiring at this stage",
                    funded_from,
                )
            )
            upstream = base
            continue
        solved = trials(((decision, n),))
        helped = labels[arrive]
        if n > 0:
            raised = np.nonzero(solved.fte_available[k, decision:] > base.fte_available[k, decision:] + ZERO_FTE)[0]
            if raised.size:
                helped = labels[decision + int(raised[0])]
        before = int(failing_months(solved, k)[decision:full].sum())
        advice.append(HireAdvice(stage.key, round(posts_of(n), 1), helped, before, "", funded_from))
        if n > 0:
            extra[stage.key] = [(decision, posts_of(n))]
        upstream = solved
    return advice


def _guess(base: Projection, k: int, full: int) -> int:
    """A first guess in steps: the posts the peak month's work needs at the highest occupancy, less
    those there are (only where the search starts; the answer does not depend on it)."""
    per_fte = float(base.hours_per_fte_month[k])
    if per_fte <= 0:
        return 1
    occupancy = base.scenario.stages[k].max_occupancy
    need = base.demand_hours[k, full:].sum(axis=1) / (occupancy * per_fte) - base.fte_available[k, full:]
    peak = float(np.max(need)) if need.size else 0.0
    if not np.isfinite(peak):
        return 1
    return max(1, min(MAX_STEPS, int(peak * STEPS_PER_FTE)))
