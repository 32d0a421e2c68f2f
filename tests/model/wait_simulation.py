"""A team simulated report by report with Ciw, and the engine's estimate for the same team.

Used by tests/model/test_wait_calibration.py (a small grid) and benchmarks/wait_calibration.py
(the full table in docs/method.md). Time is in days. The team has ``servers`` people, each giving
``HOURS_PER_FTE_MONTH`` casework hours a month; an item of ``hours`` hours takes
hours × 30.44 ÷ H days of one person (exponentially distributed); reports arrive as a Poisson
stream at the rate that gives the load; priorities are served in order, without pre-emption,
first come first served within a priority.
"""

from __future__ import annotations

from collections.abc import Sequence

import ciw
import numpy as np

from desktop.model.engine import project
from desktop.model.waits import DAYS_PER_MONTH

from .builders import priority, scenario, source, stage

HOURS_PER_FTE_MONTH = 100.0
WINDOW_DAYS = 2.0
"""For a month from an empty queue: reports arriving within this many days either side of the month's end."""


def service_days(hours: float) -> float:
    return hours * DAYS_PER_MONTH / HOURS_PER_FTE_MONTH


def estimate(load: float, servers: float, hours: float, mix: Sequence[float] = (1.0,)) -> list[float]:
    """The engine's expected wait at current rates (days) per priority, at the end of a first month from empty."""
    keys = [f"p{j}" for j in range(len(mix))]
    reports_per_year = load * servers * HOURS_PER_FTE_MONTH / hours * 12
    projected = project(
        scenario(
            months=1,
            priorities=[priority(key) for key in keys],
            stages=[stage("k1", fte=servers)],
            sources=[
                source(
                    "s1",
                    volumes={"2021": reports_per_year},
                    priority_mix=dict(zip(keys, mix, strict=True)),
                    work={"k1": {"share": 1.0, "hours": hours}},
                )
            ],
        )
    )
    return [float(w) for w in projected.wait_days[0, 0]]


def _network(load: float, servers: int, hours: float, mix: Sequence[float]) -> ciw.Network:
    rate = load * servers / service_days(hours)  # reports a day
    classes = [f"Class {j}" for j in range(len(mix))]
    return ciw.create_network(
        arrival_distributions={c: [ciw.dists.Exponential(rate * share)] for c, share in zip(classes, mix, strict=True)},
        service_distributions={c: [ciw.dists.Exponential(1.0 / service_days(hours))] for c in classes},
        number_of_servers=[servers],
        priority_classes={c: j for j, c in enumerate(classes)},
    )


def _by_class(records: list[ciw.data_record.DataRecord], n_classes: int, keep: object) -> list[list[float]]:
    waits: list[list[float]] = [[] for _ in range(n_classes)]
    for record in records:
        if keep(record.arrival_date):  # type: ignore[operator]
            waits[int(record.customer_class.split()[-1])].append(record.waiting_time)
    return waits


def steady_wait(
    load: float, servers: int, hours: float, mix: Sequence[float] = (1.0,), *, reports: int = 30_000, seed: int = 1
) -> list[float]:
    """Mean wait (days) per priority in the long run (load < 1): ``reports`` arrivals, the first fifth discarded."""
    rate = load * servers / service_days(hours)
    horizon = reports / rate
    ciw.seed(seed)
    simulation = ciw.Simulation(_network(load, servers, hours, mix))
    simulation.simulate_until_max_time(horizon)
    warm_up = horizon / 5
    waits = _by_class(simulation.get_all_records(), len(mix), lambda t: t > warm_up)
    return [float(np.mean(w)) if w else 0.0 for w in waits]


def month_end_wait(
    load: float,
    servers: int,
    hours: float,
    mix: Sequence[float] = (1.0,),
    *,
    reports: int = 2_000,
    min_runs: int = 30,
    max_reports: float = 300_000,
    seed: int = 1,
) -> list[float]:
    """Mean wait (days) per priority of reports arriving around the end of a first month from an empty queue.

    Runs from empty (at least ``min_runs``, their waits being alike within a run) until about ``reports``
    reports have arrived within :data:`WINDOW_DAYS` of day 30.44, each run long enough for them to be
    served; no more runs than ``max_reports`` simulated reports allow.
    """
    rate = load * servers / service_days(hours)
    end = DAYS_PER_MONTH
    window = (end - WINDOW_DAYS, end + WINDOW_DAYS)
    longest = 1.5 * (max(load - 1.0, 0.0) * end + 3 * service_days(hours)) + 10 * service_days(hours) / servers
    per_run = rate * (window[1] + longest)  # reports simulated in one run
    runs = max(int(np.ceil(reports / (rate * 2 * WINDOW_DAYS))), min_runs)
    runs = max(1, min(runs, int(max_reports // per_run)))
    waits: list[list[float]] = [[] for _ in mix]
    for run in range(runs):
        ciw.seed(seed + run)
        simulation = ciw.Simulation(_network(load, servers, hours, mix))
        simulation.simulate_until_max_time(window[1] + longest)
        found = _by_class(simulation.get_all_records(), len(mix), lambda t: window[0] <= t < window[1])
        for j, w in enumerate(found):
            waits[j].extend(w)
    return [float(np.mean(w)) if w else 0.0 for w in waits]
