"""The projection: a fluid queue per stage, served in priority order, month by month.

The formulas are in docs/method.md. Arrays are indexed [stage, month, source,
priority] (with the axes that apply), in the order the scenario lists them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from desktop.model.intake import monthly_intake
from desktop.model.months import month_labels
from desktop.model.plan import Scenario, Stage
from desktop.model.staffing import ZERO_FTE, effective_fte
from desktop.model.waits import DAYS_PER_MONTH, arrival_days, drain_days, handling_days, queueing_days

__all__ = ["DAYS_PER_MONTH", "Projection", "hours_per_fte_month", "project"]

ZERO_ITEMS = 1e-9
"""Flows of items (completions passed on to the next stage) below this are none: rounding dust
must not reach a team with no capacity and show there as an endless wait."""
OCCUPANCY_TOLERANCE = 1e-9
"""Relative slack of the occupancy test, so that work that fits exactly is not over it by rounding."""

Array = NDArray[np.float64]


def hours_per_fte_month(stage: Stage) -> float:
    """Casework hours one FTE gives a month: productive hours, capped by the exposure limit."""
    hours = stage.hours_per_fte_year / 12.0 * stage.productive_share
    if stage.max_exposure_hours_per_week is not None and stage.exposure_share > 0:
        # The cap is per working week: leave and holidays are weeks without viewing.
        cap = stage.max_exposure_hours_per_week * stage.working_weeks_per_year / 12.0 / stage.exposure_share
        hours = min(hours, cap)
    return hours


@dataclass(frozen=True, eq=False)
class Projection:
    """Monthly results of one scenario; shapes use K stages, M months, S sources, P priorities."""

    scenario: Scenario
    months: list[str]
    intake: Array  # (M, S) reports
    arrivals: Array  # (K, M, S, P) items
    completed: Array  # (K, M, S, P) items
    backlog_items: Array  # (K, M, S, P) items waiting at the end of the month
    demand_hours: Array  # (K, M, P) hours of new work arriving
    processed_hours: Array  # (K, M, P)
    backlog_hours: Array  # (K, M, P) at the end of the month
    capacity_hours: Array  # (K, M)
    fte_available: Array  # (K, M) effective FTE
    hours_per_fte_month: Array  # (K,)
    wait_days: Array  # (K, M, P) expected wait at current rates: drain_days + queueing_days; inf: no capacity
    drain_days: Array  # (K, M, P) the fluid part: the work ahead ÷ the capacity left for it
    queueing_days: Array  # (K, M, P) the queueing part: the random build-up of a multi-server queue
    handling_days: Array  # (K, M, P) a report's own handling time, elapsed
    arrival_wait_days: Array  # (K, M, P) wait of a report arriving mid-month (first come first served), handling in
    arrival_beyond_end: NDArray[np.bool_]  # (K, M, P) that report is done after the last month (estimated)

    @property
    def stage_keys(self) -> list[str]:
        return [k.key for k in self.scenario.stages]

    @property
    def priority_keys(self) -> list[str]:
        return [p.key for p in self.scenario.priorities]

    @property
    def source_keys(self) -> list[str]:
        return [s.key for s in self.scenario.sources]

    @property
    def target_days(self) -> Array:
        return np.array([p.target_days for p in self.scenario.priorities])

    @property
    def breached(self) -> NDArray[np.bool_]:
        """(K, M, P): the wait of a report arriving that month exceeds the priority's target."""
        return self.arrival_wait_days > self.target_days

    @property
    def over_occupancy(self) -> NDArray[np.bool_]:
        """(K, M): the month's new work needs more than the team's ``max_occupancy`` × capacity hours.

        The solver and the hiring plan require this to be False, besides every norm, from the month
        hires can be in post. A month without new work is never over; one with work and no capacity is.
        """
        occupancy = np.array([stage.max_occupancy for stage in self.scenario.stages])
        demand = self.demand_hours.sum(axis=2)
        room = occupancy[:, None] * self.capacity_hours
        with np.errstate(invalid="ignore"):  # inf capacity × occupancy stays inf
            return demand > room * (1.0 + OCCUPANCY_TOLERANCE)

    @property
    def fte_required(self) -> Array:
        """(K, M): FTE that the month's new work needs."""
        return _per_fte(self.demand_hours.sum(axis=2), self.hours_per_fte_month)

    @property
    def fte_required_to_clear(self) -> Array:
        """(K, M): FTE for the new work plus the backlog cleared over ``clear_months``."""
        hours = self.demand_hours.sum(axis=2) + self.backlog_hours.sum(axis=2) / self.scenario.clear_months
        return _per_fte(hours, self.hours_per_fte_month)

    @property
    def utilization(self) -> Array:
        """(K, M): processed ÷ capacity hours; NaN where there is no capacity."""
        processed = self.processed_hours.sum(axis=2)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.capacity_hours > 0, processed / self.capacity_hours, np.nan)


def _per_fte(hours: Array, per_fte: Array) -> Array:
    with np.errstate(divide="ignore", invalid="ignore"):
        fte = hours / per_fte[:, None]
    return np.where(per_fte[:, None] > 0, fte, np.where(hours > 0, np.inf, 0.0))


def project(
    scenario: Scenario,
    extra_fte: Mapping[str, float] | None = None,
    *,
    unlimited: Collection[str] = (),
    extra_steps: Mapping[str, Sequence[tuple[int, float]]] | None = None,
    upstream: Projection | None = None,
    only_stage: int | None = None,
) -> Projection:
    """Run the scenario; ``extra_fte`` adds posts funded at the start per stage key (for the solver).

    Stages whose key is in ``unlimited`` have capacity without limit: they keep up with every
    report, so the stages after them see the flow they would get if the team kept up.
    ``extra_steps`` adds funded posts per stage key as (month index, posts) steps after the stage's
    own staffing changes: the hires of the solver and of the hiring plan.

    For the solver's many trials of one stage: with ``only_stage`` k, stages after k are left
    empty (no arrivals, no capacity), and with ``upstream`` too, stages before k are copied from
    that projection, which must be of the same scenario with the same hires before k.
    """
    extra_fte = extra_fte or {}
    extra_steps = extra_steps or {}
    n_months, n_stages = scenario.months, len(scenario.stages)
    n_sources, n_priorities = len(scenario.sources), len(scenario.priorities)
    priority_keys = [p.key for p in scenario.priorities]
    intake = upstream.intake if upstream is not None else monthly_intake(scenario)
    mix = np.array([[src.priority_mix.get(p, 0.0) for p in priority_keys] for src in scenario.sources])

    shape4 = (n_stages, n_months, n_sources, n_priorities)
    arrivals, completed, backlog = np.zeros(shape4), np.zeros(shape4), np.zeros(shape4)
    shape3 = (n_stages, n_months, n_priorities)
    demand, processed, backlog_hours = np.zeros(shape3), np.zeros(shape3), np.zeros(shape3)
    capacity, fte = np.zeros((n_stages, n_months)), np.zeros((n_stages, n_months))
    per_fte = np.array([hours_per_fte_month(stage) for stage in scenario.stages])
    has_work = np.zeros((n_stages, n_sources))  # 1 where the stage's items of a source take hours
    start_with_work = np.zeros((n_stages, n_priorities))

    for k, stage in enumerate(scenario.stages):
        if only_stage is not None and k > only_stage:
            break
        share = np.array([src.work[stage.key].share for src in scenario.sources])
        hours = np.array([src.work[stage.key].hours for src in scenario.sources])
        if upstream is not None and only_stage is not None and k < only_stage:
            _copy_stage(upstream, k, arrivals, completed, backlog, demand, processed, backlog_hours, capacity, fte)
            has_work[k] = hours > 0  # the waits of a copied stage are computed from its copied flows
            start_with_work[k] = has_work[k] @ _split_initial_backlog(stage, priority_keys, arrivals[k])
            continue
        if k == 0:
            arrivals[k] = intake[:, :, None] * mix[None, :, :] * share[None, :, None]
        else:
            arrivals[k] = completed[k - 1] * share[None, :, None]
        fte[k] = effective_fte(
            stage, scenario.start, n_months, extra_fte.get(stage.key, 0.0), extra_steps.get(stage.key, ())
        )
        capacity[k] = np.inf if stage.key in unlimited else fte[k] * per_fte[k]
        capacity[k][capacity[k] < ZERO_FTE * per_fte[k]] = 0.0  # no capacity is exactly none
        start_backlog = _split_initial_backlog(stage, priority_keys, arrivals[k])
        has_work[k] = hours > 0
        start_with_work[k] = has_work[k] @ start_backlog
        _run_queue(
            arrivals[k],
            start_backlog,
            hours,
            capacity[k],
            out_backlog=backlog[k],
            out_demand=demand[k],
            out_processed=processed[k],
            out_backlog_hours=backlog_hours[k],
        )
        previous = np.concatenate([start_backlog[None], backlog[k, :-1]])
        completed[k] = arrivals[k] + previous - backlog[k]
        completed[k][completed[k] < ZERO_ITEMS] = 0.0  # rounding dust is not a flow

    drain = drain_days(backlog_hours, demand, capacity)
    arrived = np.einsum("kmsp,ks->kmp", arrivals, has_work)
    done = np.einsum("kmsp,ks->kmp", completed, has_work)
    queueing = queueing_days(demand, arrived, capacity, fte, per_fte)
    handling = handling_days(demand, arrived, per_fte, np.array([s.working_weeks_per_year for s in scenario.stages]))
    arrival_wait, beyond_end = arrival_days(arrived, done, start_with_work, queueing, handling)
    return Projection(
        scenario=scenario,
        months=upstream.months if upstream is not None else month_labels(scenario.start, n_months),
        intake=intake,
        arrivals=arrivals,
        completed=completed,
        backlog_items=backlog,
        demand_hours=demand,
        processed_hours=processed,
        backlog_hours=backlog_hours,
        capacity_hours=capacity,
        fte_available=fte,
        hours_per_fte_month=per_fte,
        wait_days=drain + queueing,
        drain_days=drain,
        queueing_days=queueing,
        handling_days=handling,
        arrival_wait_days=arrival_wait,
        arrival_beyond_end=beyond_end,
    )


def _copy_stage(upstream: Projection, k: int, *outs: Array) -> None:
    """Copy stage k's arrays (in :func:`project`'s order) from a projection already made."""
    sources = (
        upstream.arrivals,
        upstream.completed,
        upstream.backlog_items,
        upstream.demand_hours,
        upstream.processed_hours,
        upstream.backlog_hours,
        upstream.capacity_hours,
        upstream.fte_available,
    )
    for out, source in zip(outs, sources, strict=True):
        out[k] = source[k]


def _split_initial_backlog(stage: Stage, priority_keys: list[str], arrivals: Array) -> Array:
    """(S, P) starting backlog: per priority, split over sources as the first month's arrivals are."""
    n_sources = arrivals.shape[1]
    result = np.zeros((n_sources, len(priority_keys)))
    for p, key in enumerate(priority_keys):
        items = stage.initial_backlog.get(key, 0.0)
        if items <= 0:
            continue
        weights = arrivals[0, :, p]
        if weights.sum() <= 0:
            weights = arrivals[:, :, p].sum(axis=0)
        if weights.sum() <= 0:
            weights = np.ones(n_sources)
        result[:, p] = items * weights / weights.sum()
    return result


def _run_queue(
    arrivals: Array,
    start_backlog: Array,
    hours: Array,
    capacity: Array,
    *,
    out_backlog: Array,
    out_demand: Array,
    out_processed: Array,
    out_backlog_hours: Array,
) -> None:
    """One stage's queue. Capacity goes to priorities in order; within a priority every item
    with work gets the same completed fraction, items with 0 hours complete at once."""
    n_priorities = arrivals.shape[2]
    out_demand[:] = np.einsum("msp,s->mp", arrivals, hours)
    # The allocation runs on hours per priority (a few numbers a month), in plain Python:
    # for plans of this size that is faster than numpy calls on tiny arrays.
    waiting_hours = (hours @ start_backlog).tolist()
    processed_rows, waiting_rows, kept_rows = [], [], []
    for capacity_m, demand_m in zip(capacity.tolist(), out_demand.tolist(), strict=True):
        free = capacity_m
        processed_m, kept_m = [], []
        for p in range(n_priorities):
            work = waiting_hours[p] + demand_m[p]
            done = work if work <= free else free
            free -= done
            processed_m.append(done)
            kept_m.append((work - done) / work if work > 0 else 0.0)
            waiting_hours[p] = work - done
        processed_rows.append(processed_m)
        waiting_rows.append(list(waiting_hours))
        kept_rows.append(kept_m)
    out_processed[:] = processed_rows
    out_backlog_hours[:] = waiting_rows
    kept = np.array(kept_rows)  # (M, P) share of the waiting items still waiting after the month
    _carry_items(arrivals, start_backlog, kept, (hours > 0)[:, None], out_backlog)


def _carry_items(arrivals: Array, start_backlog: Array, kept: Array, has_work: NDArray[np.bool_], out: Array) -> None:
    """Items waiting per source and priority: b(m) = kept(m) × (b(m − 1) + a(m)), b(−1) = start backlog."""
    keep = kept[:, None, :] * has_work[None]  # (M, S, P); items with no work never wait
    waiting = start_backlog.copy()
    for m in range(arrivals.shape[0]):
        waiting += arrivals[m]
        waiting *= keep[m]
        out[m] = waiting
