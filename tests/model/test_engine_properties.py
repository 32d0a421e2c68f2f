"""Invariants of the engine on random valid scenarios (Hypothesis): nothing is lost, nothing goes
negative, more staff never makes a stage's queue longer, more intake never makes it shorter."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.model.engine import Projection, project
from desktop.model.months import month_label, month_ordinal
from desktop.model.plan import Plan, Scenario

from .builders import plan_dict, priority, scenario_dict, source, stage

PROPERTIES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _amounts(high: float, low: float = 1e-3) -> st.SearchStrategy[float]:
    """0 or a figure from ``low`` to ``high``: sizes a plan may have, without denormal noise (see test_queue)."""
    return st.just(0.0) | st.floats(low, high)


_fractions = st.sampled_from([0.0, 1.0]) | st.floats(1e-3, 1.0)


def _label(start: str, offset: int) -> str:
    return month_label(month_ordinal(start) + offset)


@st.composite
def _mix(draw: st.DrawFn, keys: list[str]) -> dict[str, float]:
    weights = draw(st.lists(_fractions, min_size=len(keys), max_size=len(keys)))
    if sum(weights) <= 0:
        weights[0] = 1.0
    total = sum(weights)
    return {key: weight / total for key, weight in zip(keys, weights, strict=True)}


@st.composite
def scenarios(draw: st.DrawFn, *, max_sources: int = 4, max_priorities: int = 3, max_stages: int = 3) -> Scenario:
    """A random valid scenario: 1–4 sources, 1–3 priorities, 1–3 stages, 1–36 months."""
    n_sources = draw(st.integers(1, max_sources))
    n_priorities = draw(st.integers(1, max_priorities))
    n_stages = draw(st.integers(1, max_stages))
    months = draw(st.integers(1, 36))
    start = f"{draw(st.integers(2019, 2023))}-{draw(st.integers(1, 12)):02d}"
    first_year = int(start[:4])
    priority_keys = [f"p{i}" for i in range(n_priorities)]
    stage_keys = [f"k{i}" for i in range(n_stages)]
    source_keys = [f"s{i}" for i in range(n_sources)]

    priorities = [priority(key, draw(st.floats(1.0, 365.0))) for key in priority_keys]
    stages = []
    for key in stage_keys:
        changes = [
            {
                "month": _label(start, draw(st.integers(0, months + 2))),
                "fte_delta": draw(st.just(0.0) | st.floats(-20, -1e-3) | st.floats(1e-3, 20)),
            }
            for _ in range(draw(st.integers(0, 2)))
        ]
        backlog_keys = draw(st.lists(st.sampled_from(priority_keys), unique=True, max_size=n_priorities))
        stages.append(
            stage(
                key,
                fte=draw(_amounts(50)),
                hours_per_fte_year=draw(st.floats(100.0, 2000.0)),
                productive_share=draw(_fractions),
                exposure_share=draw(_fractions),
                max_exposure_hours_per_week=draw(st.none() | st.floats(1.0, 40.0)),
                attrition_per_year=draw(_amounts(0.5)),
                vacancy_months=draw(st.integers(0, 6)),
                ramp_up_months=draw(st.integers(0, 6)),
                staffing_changes=changes,
                initial_backlog={p: draw(_amounts(1e4)) for p in backlog_keys},
            )
        )
    sources = []
    for key in source_keys:
        years = draw(st.lists(st.integers(first_year - 1, first_year + 3), unique=True, min_size=1, max_size=2))
        seasonality = draw(st.none() | st.lists(_amounts(3.0), min_size=12, max_size=12).filter(lambda f: sum(f) > 0))
        extra: dict[str, Any] = {} if seasonality is None else {"seasonality": seasonality}
        sources.append(
            source(
                key,
                volumes={str(year): draw(_amounts(1e5)) for year in years},
                growth_per_year=draw(st.floats(-0.5, 1.0)),
                priority_mix=draw(_mix(priority_keys)),
                work={k: {"share": draw(_fractions), "hours": draw(_amounts(50))} for k in stage_keys},
                **extra,
            )
        )
    events = [
        {
            "name": f"event {i}",
            "source": draw(st.sampled_from(source_keys)),
            "month": _label(start, draw(st.integers(-12, months))),
            "factor": draw(_amounts(3.0)),
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    data = scenario_dict(
        start=start, months=months, priorities=priorities, stages=stages, sources=sources, events=events
    )
    return Plan.model_validate(plan_dict(data)).scenarios[0]


def _hours(scenario: Scenario) -> np.ndarray:
    """(K, S) hours per item."""
    return np.array([[src.work[k.key].hours for src in scenario.sources] for k in scenario.stages])


def _shares(scenario: Scenario) -> np.ndarray:
    """(K, S) stage shares."""
    return np.array([[src.work[k.key].share for src in scenario.sources] for k in scenario.stages])


def _initial(scenario: Scenario) -> np.ndarray:
    """(K, P) starting backlog in items as the plan gives it."""
    keys = [p.key for p in scenario.priorities]
    return np.array([[k.initial_backlog.get(p, 0.0) for p in keys] for k in scenario.stages])


def _tolerance(*arrays: np.ndarray) -> float:
    """An absolute tolerance of 1e-9 of the largest finite figure involved."""
    scale = max((float(np.abs(a[np.isfinite(a)]).max(initial=0.0)) for a in arrays), default=0.0)
    return 1e-9 * (1.0 + scale)


def _start_backlog(projection: Projection) -> np.ndarray:
    """(K, S, P) what the engine started from: Σ completed + final backlog − Σ arrivals."""
    return projection.completed.sum(axis=1) + projection.backlog_items[:, -1] - projection.arrivals.sum(axis=1)


# --- nothing is lost -----------------------------------------------------------------------------


@PROPERTIES
@given(scenarios())
def test_items_are_conserved_at_every_stage_priority_and_source(scenario: Scenario) -> None:
    projection = project(scenario)
    arrivals, completed, backlog = projection.arrivals, projection.completed, projection.backlog_items
    tol = _tolerance(arrivals.sum(axis=1), completed.sum(axis=1), backlog, _initial(scenario))
    start = _start_backlog(projection)
    # per stage and priority: Σ arrivals + starting backlog (from the plan) = Σ completed + final backlog
    lhs = arrivals.sum(axis=(1, 2)) + _initial(scenario)
    rhs = completed.sum(axis=(1, 2)) + backlog[:, -1].sum(axis=1)
    np.testing.assert_allclose(lhs, rhs, rtol=1e-9, atol=tol)
    # per source: the starting backlog each source was given is never negative and adds up to the plan's
    assert (start >= -tol).all()
    np.testing.assert_allclose(start.sum(axis=1), _initial(scenario), rtol=1e-9, atol=tol)
    # month by month: backlog(m) = backlog(m − 1) + arrivals(m) − completed(m)
    previous = np.concatenate([start[:, None], backlog[:, :-1]], axis=1)
    np.testing.assert_allclose(backlog, previous + arrivals - completed, rtol=1e-9, atol=tol)


@PROPERTIES
@given(scenarios())
def test_hours_agree_with_items_and_capacity_is_used_in_priority_order(scenario: Scenario) -> None:
    projection = project(scenario)
    hours = _hours(scenario)
    demand, processed, waiting = projection.demand_hours, projection.processed_hours, projection.backlog_hours
    capacity = projection.capacity_hours
    tol = _tolerance(demand.sum(axis=1), waiting, capacity, processed.sum(axis=1))
    # hours are items × hours per item, for arrivals, completions and what waits
    np.testing.assert_allclose(demand, np.einsum("kmsp,ks->kmp", projection.arrivals, hours), rtol=1e-9, atol=tol)
    np.testing.assert_allclose(processed, np.einsum("kmsp,ks->kmp", projection.completed, hours), rtol=1e-9, atol=tol)
    np.testing.assert_allclose(waiting, np.einsum("kmsp,ks->kmp", projection.backlog_items, hours), rtol=1e-9, atol=tol)
    # hours: Σ new work + starting hours = Σ processed + hours waiting at the end
    start_hours = np.einsum("ksp,ks->kp", _start_backlog(projection), hours)
    np.testing.assert_allclose(
        demand.sum(axis=1) + start_hours, processed.sum(axis=1) + waiting[:, -1], rtol=1e-9, atol=tol
    )
    # items with no hours at a stage never wait there
    no_work = hours == 0  # (K, S)
    assert (projection.backlog_items.transpose(0, 2, 1, 3)[no_work] == 0).all()
    # never more than the capacity; no capacity idle while work waits
    total = processed.sum(axis=2)
    assert (total <= capacity + tol).all()
    work_waits = waiting.sum(axis=2) > tol
    np.testing.assert_allclose(total[work_waits], capacity[work_waits], rtol=1e-9, atol=tol)
    # a lower priority is worked on only when nothing of a higher priority is left waiting
    for p in range(1, len(scenario.priorities)):
        higher_waits = waiting[:, :, :p].sum(axis=2) > tol
        assert (processed[:, :, p][higher_waits] <= tol).all()


@PROPERTIES
@given(scenarios())
def test_arrivals_follow_intake_mix_and_shares(scenario: Scenario) -> None:
    projection = project(scenario)
    shares = _shares(scenario)
    mix = np.array([[src.priority_mix[p.key] for p in scenario.priorities] for src in scenario.sources])
    tol = _tolerance(projection.intake, projection.arrivals)
    expected_first = projection.intake[:, :, None] * mix[None] * shares[0][None, :, None]
    np.testing.assert_allclose(projection.arrivals[0], expected_first, rtol=1e-12, atol=tol)
    for k in range(1, len(scenario.stages)):
        expected = projection.completed[k - 1] * shares[k][None, :, None]
        np.testing.assert_allclose(projection.arrivals[k], expected, rtol=1e-12, atol=tol)


# --- nothing negative ----------------------------------------------------------------------------


@PROPERTIES
@given(scenarios())
def test_nothing_is_negative(scenario: Scenario) -> None:
    projection = project(scenario)
    for name in (
        "intake",
        "arrivals",
        "completed",
        "backlog_items",
        "demand_hours",
        "processed_hours",
        "backlog_hours",
        "capacity_hours",
        "fte_available",
        "wait_days",
        "drain_days",
        "queueing_days",
        "handling_days",
        "arrival_wait_days",
    ):
        values = getattr(projection, name)
        assert not np.isnan(values).any(), name
        assert (values >= 0).all(), f"{name}: min {values.min()!r}"
    assert (projection.fte_required >= 0).all()
    assert (projection.fte_required_to_clear >= 0).all()


@PROPERTIES
@given(scenarios())
def test_drain_time_is_zero_when_nothing_waits_and_infinite_only_without_room(scenario: Scenario) -> None:
    projection = project(scenario)
    ahead = np.cumsum(projection.backlog_hours, axis=2)
    room = projection.capacity_hours[:, :, None] - (
        np.cumsum(projection.demand_hours, axis=2) - projection.demand_hours
    )
    drain = projection.drain_days
    assert (drain[ahead <= 0] == 0).all()
    assert (room[np.isinf(drain)] <= 0).all()
    has_room = (ahead > 0) & (room > 0)
    assert np.isfinite(drain[has_room]).all()
    # where it is finite: Σ_(q ≤ p) backlog hours ÷ (C − Σ_(q < p) new work) × 30.44 days
    np.testing.assert_allclose(drain[has_room], ahead[has_room] / room[has_room] * 30.44, rtol=1e-9)
    # the expected wait at current rates adds the queueing wait, endless only where no hours are left
    queueing = projection.queueing_days
    np.testing.assert_array_equal(projection.wait_days, drain + queueing)
    new_work = projection.demand_hours.sum(axis=2)[:, :, None]
    assert (queueing[np.broadcast_to(new_work <= 0, queueing.shape)] == 0).all()
    has_capacity = np.broadcast_to((projection.capacity_hours > 0)[:, :, None], queueing.shape)
    assert np.isfinite(queueing[has_capacity]).all()
    # the norm is judged on the wait of a report arriving in the month
    assert (projection.breached == (projection.arrival_wait_days > projection.target_days)).all()
    assert (projection.arrival_wait_days >= projection.handling_days).all()


# --- more staff, more intake ---------------------------------------------------------------------


def _not_larger(smaller: np.ndarray, larger: np.ndarray, tol: float) -> bool:
    return bool((smaller <= larger + tol).all())


def _waits_not_longer(shorter: np.ndarray, longer: np.ndarray) -> bool:
    finite = np.isfinite(longer)
    return bool((shorter[finite] <= longer[finite] * (1 + 1e-9) + 1e-9).all() and np.isfinite(shorter[finite]).all())


@PROPERTIES
@given(scenarios(), st.data())
def test_extra_hires_never_make_their_stages_queue_longer(scenario: Scenario, data: st.DataObject) -> None:
    k = data.draw(st.integers(0, len(scenario.stages) - 1))
    extra = data.draw(st.floats(0.1, 20))
    key = scenario.stages[k].key
    base, more = project(scenario), project(scenario, extra_fte={key: extra})
    tol = _tolerance(base.backlog_items, more.backlog_items)
    assert _not_larger(base.fte_available[k], more.fte_available[k], 1e-9)
    assert _not_larger(more.backlog_items[k], base.backlog_items[k], tol)
    assert _not_larger(more.backlog_hours[k], base.backlog_hours[k], _tolerance(base.backlog_hours))
    assert _waits_not_longer(more.wait_days[k], base.wait_days[k])
    # stages before it are untouched
    np.testing.assert_array_equal(more.backlog_items[:k], base.backlog_items[:k])


@PROPERTIES
@given(scenarios(), st.data())
def test_more_staff_at_the_start_never_makes_that_stages_queue_longer(scenario: Scenario, data: st.DataObject) -> None:
    k = data.draw(st.integers(0, len(scenario.stages) - 1))
    added = data.draw(st.floats(0.1, 20))
    stages = list(scenario.stages)
    stages[k] = stages[k].model_copy(update={"fte": stages[k].fte + added})
    base, more = project(scenario), project(scenario.model_copy(update={"stages": stages}))
    tol = _tolerance(base.backlog_items, more.backlog_items)
    assert _not_larger(base.fte_available[k], more.fte_available[k], 1e-9)
    assert _not_larger(more.backlog_items[k], base.backlog_items[k], tol)
    assert _waits_not_longer(more.wait_days[k], base.wait_days[k])
    np.testing.assert_array_equal(more.backlog_items[:k], base.backlog_items[:k])


@PROPERTIES
@given(scenarios(max_sources=1, max_priorities=1), st.data())
def test_with_one_source_and_priority_more_staff_at_the_last_stage_shortens_no_queue_anywhere(
    scenario: Scenario, data: st.DataObject
) -> None:
    # (more staff upstream sends more work downstream, see test_queue; at the last stage it cannot)
    key = scenario.stages[-1].key
    base, more = project(scenario), project(scenario, extra_fte={key: data.draw(st.floats(0.1, 20))})
    assert _not_larger(more.backlog_items, base.backlog_items, _tolerance(base.backlog_items))


def _scaled(scenario: Scenario, factor: float) -> Scenario:
    sources = [
        src.model_copy(update={"volumes": {year: volume * factor for year, volume in src.volumes.items()}})
        for src in scenario.sources
    ]
    return scenario.model_copy(update={"sources": sources})


@PROPERTIES
@given(scenarios(), st.floats(1.0, 3.0))
def test_more_intake_never_makes_the_first_stages_queue_shorter(scenario: Scenario, factor: float) -> None:
    base, more = project(scenario), project(_scaled(scenario, factor))
    tol = _tolerance(base.backlog_items, more.backlog_items)
    assert _not_larger(base.backlog_items[0], more.backlog_items[0], tol)
    assert _waits_not_longer(base.wait_days[0], more.wait_days[0])


@PROPERTIES
@given(scenarios(max_sources=1, max_priorities=1), st.floats(1.0, 3.0))
def test_with_one_source_and_priority_more_intake_shortens_no_queue_anywhere(scenario: Scenario, factor: float) -> None:
    base, more = project(scenario), project(_scaled(scenario, factor))
    assert _not_larger(base.backlog_items, more.backlog_items, _tolerance(more.backlog_items))
