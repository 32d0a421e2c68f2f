"""The projection as a tidy table, and the headline figures a coordinator reports."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from desktop.model.engine import Array, Projection, project
from desktop.model.needs import Need, effective_share_of_posts, last_year_slice, mean_of_last_year, need_from_hours
from desktop.model.staffing import establishment

if TYPE_CHECKING:
    import pandas as pd

    from desktop.model.solver import HireAdvice

TIDY_COLUMNS = ["scenario", "month", "stage", "priority", "source", "metric", "value"]

METRICS = [
    "intake",
    "arrivals",
    "demand_hours",
    "capacity_hours",
    "processed_hours",
    "completed",
    "backlog_items",
    "backlog_hours",
    "utilization",
    "fte_available",
    "fte_required",
    "fte_required_to_clear",
    "wait_days",
    "arrival_wait_days",
    "target_breached",
]
"""Every metric of the tidy table, in the order its rows come."""


def tidy(projection: Projection) -> pd.DataFrame:
    """One row per scenario, month, stage, priority, source and metric; axes that do not apply are empty."""
    import pandas as pd

    p = projection
    months, stages, priorities, sources = p.months, p.stage_keys, p.priority_keys, p.source_keys
    by_stage_month_source_priority = ("stage", "month", "source", "priority")
    by_stage_month_priority = ("stage", "month", "priority")
    by_stage_month = ("stage", "month")
    blocks: list[tuple[str, Array, tuple[str, ...]]] = [
        ("intake", p.intake, ("month", "source")),
        ("arrivals", p.arrivals, by_stage_month_source_priority),
        ("demand_hours", p.demand_hours, by_stage_month_priority),
        ("capacity_hours", p.capacity_hours, by_stage_month),
        ("processed_hours", p.processed_hours, by_stage_month_priority),
        ("completed", p.completed, by_stage_month_source_priority),
        ("backlog_items", p.backlog_items, by_stage_month_source_priority),
        ("backlog_hours", p.backlog_hours, by_stage_month_priority),
        ("utilization", p.utilization, by_stage_month),
        ("fte_available", p.fte_available, by_stage_month),
        ("fte_required", p.fte_required, by_stage_month),
        ("fte_required_to_clear", p.fte_required_to_clear, by_stage_month),
        ("wait_days", p.wait_days, by_stage_month_priority),
        ("arrival_wait_days", p.arrival_wait_days, by_stage_month_priority),
        ("target_breached", p.breached.astype(float), by_stage_month_priority),
    ]
    labels = {"month": months, "stage": stages, "priority": priorities, "source": sources}
    columns: dict[str, list[np.ndarray]] = {name: [] for name in TIDY_COLUMNS}
    for metric, values, axes in blocks:
        grids = np.meshgrid(*[np.arange(len(labels[axis])) for axis in axes], indexing="ij")
        size = values.size
        for axis in ("month", "stage", "priority", "source"):
            if axis in axes:
                index = grids[axes.index(axis)].ravel()
                columns[axis].append(np.asarray(labels[axis], dtype=object)[index])
            else:
                columns[axis].append(np.full(size, None, dtype=object))
        columns["metric"].append(np.full(size, metric, dtype=object))
        columns["value"].append(values.ravel())
    total = sum(len(v) for v in columns["value"])
    frame = {
        "scenario": np.full(total, p.scenario.name, dtype=object),
        **{name: np.concatenate(parts) for name, parts in columns.items() if name != "scenario"},
    }
    return pd.DataFrame(frame, columns=TIDY_COLUMNS)


@dataclass(frozen=True)
class StageHeadline:
    """What a stage's team faces over the projection."""

    stage: str
    name: str
    team: str
    first_month_over_capacity: str | None
    """First month in which new work needs more hours than the team has; None if never."""
    backlog_items_end: float
    backlog_hours_end: float
    fte_available_end: float
    fte_required_end: float
    fte_required_to_clear_end: float
    months_in_breach: dict[str, int]
    """Per priority key: months whose wait exceeds the target."""
    first_breach: dict[str, str | None]
    need_today: Need
    """FTE for the work that reaches this team, over the last twelve months, at its highest occupancy."""
    need_if_upstream_kept_up: Need
    """FTE for the work that would reach it if every team before it kept up (the same as
    ``need_today`` for the first stage)."""
    fte_available: float
    """Mean effective FTE over the last twelve months."""
    posts_funded: float
    """Mean funded posts (the establishment) over the last twelve months."""
    clear_fte: float
    """Effective FTE on top of ``need_today`` to clear the backlog of the last month in ``clear_months``."""
    clear_posts: float
    clear_months: int
    max_occupancy: float
    hire: HireAdvice | None = None

    @property
    def fte_gap_end(self) -> float:
        """FTE short in the last month to keep up and clear the backlog in ``clear_months`` (negative: spare)."""
        return self.fte_required_to_clear_end - self.fte_available_end

    @property
    def gap_today(self) -> float:
        """Effective FTE short of the need for today's work, over the last twelve months (negative: spare)."""
        return self.need_today.fte - self.fte_available

    @property
    def gap_if_upstream_kept_up(self) -> float:
        """Effective FTE short of the need if every team before it kept up (negative: spare)."""
        return self.need_if_upstream_kept_up.fte - self.fte_available

    @property
    def held_back_by_upstream(self) -> bool:
        """The team would need noticeably more if the teams before it kept up (more than 0.5 FTE or 5 %)."""
        extra = self.need_if_upstream_kept_up.fte - self.need_today.fte
        return extra > max(0.5, 0.05 * self.need_today.fte)


@dataclass(frozen=True)
class Headlines:
    """The figures for management: intake per year, and per stage where it runs short."""

    scenario: str
    intake_per_year: dict[int, float]
    intake_per_year_by_source: dict[str, dict[int, float]]
    months_per_year: dict[int, int]
    """Months of each calendar year inside the projection (a year at either end may be partial)."""
    stages: list[StageHeadline] = field(default_factory=list)


def headlines(projection: Projection, *, solve_hiring: bool = True) -> Headlines:
    """Headline figures of a projection; ``solve_hiring`` adds the FTE to hire now (runs more projections)."""
    p = projection
    years = np.array([int(month[:4]) for month in p.months])
    per_year: dict[int, float] = {}
    by_source: dict[str, dict[int, float]] = {key: {} for key in p.source_keys}
    months_per_year: dict[int, int] = {}
    for year in sorted(set(years.tolist())):  # not np.unique: it imports numpy.ma, slow at start-up
        in_year = years == year
        months_per_year[year] = int(in_year.sum())
        per_source = p.intake[in_year].sum(axis=0)
        per_year[year] = float(per_source.sum())
        for key, value in zip(p.source_keys, per_source.tolist(), strict=True):
            by_source[key][year] = value

    advice: dict[str, HireAdvice] = {}
    if solve_hiring:
        from desktop.model.solver import hires_to_meet_targets

        advice = {a.stage: a for a in hires_to_meet_targets(p.scenario)}

    demand = p.demand_hours.sum(axis=2)
    breached = p.breached
    fte_required, to_clear = p.fte_required, p.fte_required_to_clear
    stages = []
    window = last_year_slice(len(p.months))
    for k, stage in enumerate(p.scenario.stages):
        need_today = need_from_hours(demand[k], p, k)
        if k == 0:
            need_kept_up = need_today
        else:
            upstream = project(p.scenario, unlimited={s.key for s in p.scenario.stages[:k]})
            need_kept_up = need_from_hours(upstream.demand_hours[k].sum(axis=1), upstream, k)
        clear_hours = float(p.backlog_hours[k, -1].sum()) / p.scenario.clear_months
        per_fte = p.hours_per_fte_month[k] * stage.max_occupancy
        clear_fte = clear_hours / per_fte if per_fte > 0 else (math.inf if clear_hours > 0 else 0.0)
        funded = establishment(stage, p.scenario.start, len(p.months))
        over = np.flatnonzero(demand[k] > p.capacity_hours[k] * (1 + 1e-12))
        months_in_breach, first_breach = {}, {}
        for j, key in enumerate(p.priority_keys):
            hits = np.flatnonzero(breached[k, :, j])
            months_in_breach[key] = len(hits)
            first_breach[key] = p.months[hits[0]] if len(hits) else None
        stages.append(
            StageHeadline(
                stage=stage.key,
                name=stage.name,
                team=stage.team,
                first_month_over_capacity=p.months[over[0]] if len(over) else None,
                backlog_items_end=float(p.backlog_items[k, -1].sum()),
                backlog_hours_end=float(p.backlog_hours[k, -1].sum()),
                fte_available_end=float(p.fte_available[k, -1]),
                fte_required_end=float(fte_required[k, -1]),
                fte_required_to_clear_end=float(to_clear[k, -1]),
                months_in_breach=months_in_breach,
                first_breach=first_breach,
                need_today=need_today,
                need_if_upstream_kept_up=need_kept_up,
                fte_available=mean_of_last_year(p.fte_available[k]),
                posts_funded=float(funded[window].mean()),
                clear_fte=clear_fte,
                clear_posts=clear_fte / effective_share_of_posts(stage),
                clear_months=p.scenario.clear_months,
                max_occupancy=stage.max_occupancy,
                hire=advice.get(stage.key),
            )
        )
    return Headlines(
        scenario=p.scenario.name,
        intake_per_year=per_year,
        intake_per_year_by_source=by_source,
        months_per_year=months_per_year,
        stages=stages,
    )
