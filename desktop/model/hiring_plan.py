"""The hiring plan: per stage, the posts to fund and when, funding each post as late as it can be.

For each stage, in order, with the plan of the stages before it in place:

1. Norms are judged from the month posts funded at the decision month are fully productive
   (decision month + vacancy lag + ramp-up months). Earlier months no hire can reach in time;
   those that fail are counted (``months_breached_before_help``), not forced.
2. Walk forward through the months. At the first month m that fails — some priority breaches its
   norm (``Projection.breached``) or the month's new work exceeds ``max_occupancy`` × capacity
   (``Projection.over_occupancy``) — fund the fewest 0.1 posts that make m pass, in the latest
   funding month whose posts are fully productive by m: m − vacancy lag − ramp-up months, never
   before the decision month (at the decision month when that is later), and with
   ``granularity="quarter"`` at the latest quarter start (January, April, July, October) or the
   decision month before it. A post funded later would still be vacant or ramping up in m, so it
   would take more posts, or none would do. Months before m already pass and adding posts never
   makes them fail, so the walk goes on from m.
3. Prune: a post funded for a later month can, while it ramps up, help an earlier one, so each
   step is then cut to the fewest posts with which every month from step 1 on still passes. In
   the result removing any one 0.1 post from any step makes some month fail.

The plan funds posts (establishment), in whole 0.1 steps up to :data:`desktop.model.limits.MAX_FTE`
per step. :func:`desktop.model.solver.hires_to_meet_targets` is the single figure funded all at
the decision month; when the plan's only row is at the decision month the two are equal.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Literal

import numpy as np

from desktop.model.engine import DAYS_PER_MONTH, Projection, hours_per_fte_month
from desktop.model.months import month_label, month_ordinal
from desktop.model.plan import Scenario, StaffingChange
from desktop.model.solver import MAX_STEPS, STEPS_PER_FTE, StageTrials, posts_of, smallest_passing
from desktop.model.staffing import ramp_productivity

Granularity = Literal["month", "quarter"]
NOTE = "Hiring plan"
"""The note of the staffing changes :meth:`HiringPlan.applied_to` adds."""


@dataclass(frozen=True)
class HiringStep:
    stage: str
    """Stage key."""
    month: str
    """"YYYY-MM": the month the posts are funded (at or after the decision month)."""
    posts: float
    """Funded posts added that month, a positive multiple of 0.1."""
    in_post_from: str
    """The month the posts are filled: the funding month + the stage's vacancy lag."""


@dataclass(frozen=True)
class StagePlan:
    stage: str
    steps: list[HiringStep]
    posts: float
    """Total funded posts the plan adds for this stage."""
    unmet: str = ""
    """Why no schedule meets the norms ("" when the plan meets them)."""
    months_breached_before_help: int = 0
    """Months from the decision month on that fail, with the plan in place, before posts funded at the
    decision month can be fully productive: no hire reaches them in time."""


@dataclass(frozen=True)
class HiringPlan:
    scenario: str
    decision_month: str
    granularity: Granularity
    stages: list[StagePlan]

    def steps(self) -> list[HiringStep]:
        """Every step, by stage order, then month."""
        return [step for stage in self.stages for step in stage.steps]

    def applied_to(self, scenario: Scenario) -> Scenario:
        """``scenario`` with every step added as a staffing change (note "Hiring plan"), validated."""
        data = scenario.model_dump()
        by_stage = {plan.stage: plan.steps for plan in self.stages}
        for stage in data["stages"]:
            for step in by_stage.get(stage["key"], []):
                change = StaffingChange(month=step.month, fte_delta=step.posts, note=NOTE)
                stage["staffing_changes"].append(change.model_dump())
        return Scenario.model_validate(data)


def funding_months(scenario: Scenario, granularity: Granularity = "month") -> list[int]:
    """Month indices at which posts may be funded: from the decision month on, every month or the
    decision month and every quarter start after it."""
    decision = scenario.decision_index
    first = month_ordinal(scenario.start)
    months = range(decision, scenario.months)
    if granularity == "month":
        return list(months)
    return [m for m in months if m == decision or (first + m) % 3 == 0]


def hiring_plan(scenario: Scenario, granularity: Granularity = "month") -> HiringPlan:
    """The smallest schedule of funded posts per stage that keeps every priority within its norm, and
    the work within the highest occupancy, from the month hires can be fully productive to the end."""
    decision = scenario.decision_index
    first = month_ordinal(scenario.start)
    allowed = funding_months(scenario, granularity)
    extra: dict[str, list[tuple[int, float]]] = {}
    upstream: Projection | None = None
    stages = []
    for k, stage in enumerate(scenario.stages):
        trials = StageTrials(scenario, k, extra, upstream)
        schedule, unmet = _stage_schedule(trials, allowed)
        done = _as_steps(schedule)
        help_from = min(decision + stage.vacancy_months + stage.ramp_up_months, scenario.months)
        before = int(trials.failing(done)[decision:help_from].sum())
        steps = [
            HiringStep(
                stage.key,
                month_label(first + month),
                round(posts_of(n), 1),
                month_label(first + month + stage.vacancy_months),
            )
            for month, n in done
        ]
        total = round(posts_of(sum(n for _, n in done)), 1)
        stages.append(StagePlan(stage.key, steps, total, unmet, before))
        if done:
            extra[stage.key] = [(month, posts_of(n)) for month, n in done]
        upstream = trials(done)
    return HiringPlan(scenario.name, month_label(first + decision), granularity, stages)


def _as_steps(schedule: dict[int, int]) -> tuple[tuple[int, int], ...]:
    return tuple((month, n) for month, n in sorted(schedule.items()) if n > 0)


def _stage_schedule(trials: StageTrials, allowed: list[int]) -> tuple[dict[int, int], str]:
    """Funding month index → whole 0.1 steps for stage ``trials.k``, and why the norms stay unmet ("")."""
    scenario, k = trials.scenario, trials.k
    stage = scenario.stages[k]
    lag, ramp = stage.vacancy_months, stage.ramp_up_months
    decision = scenario.decision_index
    help_from = decision + lag + ramp
    schedule: dict[int, int] = {}
    if not allowed or help_from >= scenario.months:
        failing = trials.failing(())
        if not failing[decision:].any():
            return schedule, ""
        if not allowed:
            return schedule, "the decision month is after the end of the projection"
        return schedule, "posts funded from the decision month would not be fully productive before the end"
    if hours_per_fte_month(stage) <= 0 and trials.failing(())[help_from:].any():
        return schedule, "the team has no casework hours, so no number of posts meets the norms"
    month_from, guess = help_from, 1
    while True:
        failing = trials.failing(_as_steps(schedule))
        late = np.nonzero(failing[month_from:])[0]
        if not late.size:
            break
        month = month_from + int(late[0])
        latest = max(decision, month - lag - ramp)
        fund = allowed[bisect.bisect_right(allowed, latest) - 1]
        already = schedule.get(fund, 0)

        def fixes(n: int, fund: int = fund, already: int = already, month: int = month) -> bool:
            return not bool(trials.failing(_as_steps({**schedule, fund: already + n}))[month])

        current = trials(_as_steps(schedule))
        start = _guess(current, k, month, ramp_productivity(month - fund - lag, ramp)) or guess
        added = smallest_passing(fixes, start=start, ceiling=MAX_STEPS - already)
        if added is None:
            label_month = month_label(month_ordinal(scenario.start) + month)
            label_fund = month_label(month_ordinal(scenario.start) + fund)
            return schedule, f"no number of posts funded in {label_fund} keeps {label_month} within the norms"
        schedule[fund] = already + added
        guess, month_from = max(1, added), month
    return _pruned(trials, schedule, help_from), ""


def _guess(current: Projection, k: int, month: int, productivity: float) -> int:
    """Steps of 0.1 posts funded with ``productivity`` in ``month`` that would give the capacity the month
    needs, from the fluid queue: the new work at the highest occupancy, and per priority the hours waiting
    ahead of its reports cleared within its target. Only where the exact search starts; 0 = no guess."""
    stage = current.scenario.stages[k]
    per_fte = float(current.hours_per_fte_month[k])
    if per_fte <= 0 or productivity <= 0:
        return 0
    demand = current.demand_hours[k, month]
    before = current.backlog_hours[k, month - 1] if month > 0 else np.zeros_like(demand)
    work = np.cumsum(before + demand)
    need = max(
        float(demand.sum()) / stage.max_occupancy, *(work * DAYS_PER_MONTH / (current.target_days + DAYS_PER_MONTH))
    )
    short = need / per_fte - float(current.fte_available[k, month])
    if not np.isfinite(short) or short <= 0:
        return 0
    return min(MAX_STEPS, int(np.ceil(short / productivity * STEPS_PER_FTE)))


def _pruned(trials: StageTrials, schedule: dict[int, int], help_from: int) -> dict[int, int]:
    """Each step cut to the fewest posts with which every month from ``help_from`` on still passes."""

    def passes(candidate: dict[int, int]) -> bool:
        return not bool(trials.failing(_as_steps(candidate))[help_from:].any())

    changed = True
    while changed:
        changed = False
        for fund in sorted(schedule):
            n = schedule[fund]
            if n <= 0 or not passes({**schedule, fund: n - 1}):
                continue

            def with_posts(r: int, fund: int = fund) -> bool:
                return passes({**schedule, fund: r})

            fewest = smallest_passing(with_posts, start=n - 1, ceiling=n)
            schedule[fund] = fewest if fewest is not None else n
            changed = True
    return {fund: n for fund, n in schedule.items() if n > 0}
