"""Waits: the expected wait at current rates, and the wait a report arriving in a month gets.

The formulas are in docs/method.md ("Waits"). Arrays are indexed [stage, month, priority]
(the source axis is summed first). The Model sheet of the workbook writes the same
formulas, in the same order of operations (desktop/io/workbook/model_waits.py).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

DAYS_PER_MONTH = 30.44
"""Average days in a month (365.25 / 12), to turn months of work into days of waiting."""

POSITION_TOLERANCE = 1e-9
"""A report's place in the queue is taken this share of all items earlier, so that rounding in
the cumulative sums never pushes a report that is done past the end of the projection."""


def drain_days(backlog_hours: Array, demand: Array, capacity: Array) -> Array:
    """(K, M, P) the fluid part: Σ_(q ≤ p) backlog hours ÷ (capacity − Σ_(q < p) new work) × days per month."""
    ahead = np.cumsum(backlog_hours, axis=2)
    served_first = np.cumsum(demand, axis=2) - demand
    room = capacity[:, :, None] - served_first
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # a vanishing capacity: an endless wait
        wait = np.where(room > 0, ahead / room * DAYS_PER_MONTH, np.inf)
    return np.where(ahead <= 0, 0.0, wait)


def service_days(hours_per_item: Array, hours_per_fte_month: Array) -> Array:
    """Elapsed days one person takes for an item: its hours at H ÷ 30.44 casework hours a calendar day.

    ``hours_per_item`` is (K, …) and ``hours_per_fte_month`` (K,); a stage without casework hours
    takes for ever over an item with work.
    """
    per_fte = hours_per_fte_month.reshape((-1,) + (1,) * (hours_per_item.ndim - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        days = hours_per_item * DAYS_PER_MONTH / per_fte
    return np.where(hours_per_item > 0, np.where(per_fte > 0, days, np.inf), 0.0)


def queueing_days(
    demand: Array, items_with_work: Array, capacity: Array, fte: Array, hours_per_fte_month: Array
) -> Array:
    """(K, M, P) the queueing part: a multi-server queue per stage with priority classes.

    With ρ the month's load (new work ÷ capacity), σ_p the load of priority p and the ones
    before it, c the effective FTE (the servers), S the mean elapsed time of an item and
    T the days of a month:

        P = min(ρ, 1) ^ (√(2 (max(c, 1) + 1)) − 1)       (Sakasegawa's chance of waiting)
        T' = max(T − S (2 + ln(max(c, 1)) ÷ 2), S)         (the part of the month in which a queue builds)
        ε = √(π S ÷ (4 c T'))                              (a month's random build-up at full load)
        D(σ) = √((1 − σ)² + ε²) ÷ √(1 + ε²)                (1 − σ, kept above ε near full load)
        W_p = P × S ÷ (c × D(σ_(p−1)) × D(σ_p))           (Cobham's priority classes)

    0 where no work arrives at the stage; infinite where work arrives and there is no capacity.
    """
    total = demand.sum(axis=2)  # (K, M)
    items = items_with_work.sum(axis=2)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        load = total / capacity
        hours_per_item = np.where(items > 0, total / items, 0.0)
        service = service_days(hours_per_item, hours_per_fte_month)
        servers = np.maximum(fte, 1.0)
        chance = np.minimum(load, 1.0) ** (np.sqrt(2.0 * (servers + 1.0)) - 1.0)
        horizon = np.maximum(DAYS_PER_MONTH - service * (2.0 + np.log(servers) / 2.0), service)
        spread = np.sqrt(math.pi * service / (4.0 * fte * horizon))
        sigma = np.cumsum(demand, axis=2) / capacity[:, :, None]
        before = sigma - demand / capacity[:, :, None]
        eps = spread[:, :, None]
        norm = np.sqrt(1.0 + eps**2)
        this = np.sqrt((1.0 - sigma) ** 2 + eps**2) / norm
        ahead = np.sqrt((1.0 - before) ** 2 + eps**2) / norm
        wait = chance[:, :, None] * service[:, :, None] / (fte[:, :, None] * ahead * this)
    has_capacity = (capacity > 0)[:, :, None]
    wait = np.where(has_capacity, wait, np.inf)
    return np.where((total > 0)[:, :, None], np.where(np.isinf(capacity)[:, :, None], 0.0, wait), 0.0)


def handling_days(demand: Array, items_with_work: Array, hours_per_fte_month: Array, working_weeks: Array) -> Array:
    """(K, M, P) a report's own handling time, elapsed, at the month's hours per item of its priority.

    One person gives H ÷ (working weeks × 5 ÷ 12) casework hours a working day; an item takes its
    hours ÷ that many days: hours × working weeks × 5 ÷ (12 H). (24 hours at 5 casework hours a
    day: about a working week.) A month with no items of the priority uses the priority's mean
    over the projection.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        overall = np.where(
            items_with_work.sum(axis=1) > 0, demand.sum(axis=1) / items_with_work.sum(axis=1), 0.0
        )  # (K, P)
        hours = np.where(items_with_work > 0, demand / items_with_work, overall[:, None, :])
        days = hours * working_weeks[:, None, None] * 5.0 / (12.0 * hours_per_fte_month[:, None, None])
    return np.where(hours > 0, np.where(hours_per_fte_month[:, None, None] > 0, days, np.inf), 0.0)


def arrival_days(
    arrived: Array, completed: Array, start_backlog: Array, queueing: Array, handling: Array
) -> tuple[Array, NDArray[np.bool_]]:
    """(K, M, P) the wait of a report arriving mid-month, first come first served within its priority.

    ``arrived`` and ``completed`` are items with work per month, ``start_backlog`` (K, P) the
    items with work waiting at the start (they arrived before month 0). The report's place is
    A(m) = starting backlog + arrivals before m + half of month m's; it is done when the
    cumulative completions reach A, read linearly within the month. A report not done by the
    end is done at the last month's completion rate after it (never, if that is 0); the second
    array marks those. Wait = (done − (m + ½)) months (at least 0) × 30.44 + the queueing
    part of month m (where month m has no capacity: of the month it is done in, the last month
    when after the end) + its own handling time.
    """
    n_stages, n_months, n_priorities = arrived.shape
    # running sums from the starting backlog, added month by month (as the workbook's Model adds them)
    cum_arrived = np.cumsum(np.concatenate([start_backlog[:, None, :], arrived], axis=1), axis=1)
    cum_done = np.cumsum(completed, axis=1)
    tolerance = POSITION_TOLERANCE * (1.0 + cum_arrived[:, -1:, :])
    position = np.maximum(cum_arrived[:, :-1, :] + arrived / 2.0 - tolerance, 0.0)
    # months whose cumulative completions fall short of the place: the report is done in the next one
    before = np.empty((n_stages, n_months, n_priorities), dtype=np.intp)  # (K, M, P)
    for k in range(n_stages):
        for p in range(n_priorities):  # the cumulative completions never fall: a sorted search counts them
            before[k, :, p] = np.searchsorted(cum_done[k, :, p], position[k, :, p], side="left")
    padded = np.concatenate([np.zeros((n_stages, 1, n_priorities)), cum_done], axis=1)  # padded[n] = cum_done[n-1]
    inside = before < n_months
    index = np.minimum(before, n_months - 1)
    previous = np.take_along_axis(padded, index, axis=1)
    reached = np.take_along_axis(cum_done, index, axis=1)
    last = cum_done[:, -1:, :]
    rate = completed[:, -1:, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(position > previous, (position - previous) / (reached - previous), 0.0)
        after = np.where(rate > 0, n_months + (position - last) / rate, np.inf)
    done = np.where(inside, before + share, after)
    mid_month = np.arange(n_months)[None, :, None] + 0.5
    delay = np.maximum(done - mid_month, 0.0)
    # the queueing wait of the arrival month; where that month has no capacity, of the month it is done in
    served_in = np.maximum(index, np.arange(n_months)[None, :, None])  # never before it arrives
    queued = np.where(np.isfinite(queueing), queueing, np.take_along_axis(queueing, served_in, axis=1))
    return delay * DAYS_PER_MONTH + queued + handling, ~inside
