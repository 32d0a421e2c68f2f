"""The solver and the hiring plan on random small plans (Hypothesis): the solver's answer passes and
0.1 less fails; the hiring plan applied meets every norm from the month it can help, and is the fewest
posts: removing 0.1 from any step makes some month fail."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.model.engine import project
from desktop.model.hiring_plan import hiring_plan
from desktop.model.limits import MAX_FTE
from desktop.model.months import month_label, month_ordinal
from desktop.model.plan import Plan, Scenario
from desktop.model.solver import failing_months, hires_to_meet_targets

from .builders import plan_dict, priority, scenario_dict, source, stage

FEW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def small_plans(draw: st.DrawFn, *, max_months: int = 18) -> Scenario:
    """1–2 stages, 1–2 priorities, 1 source, 3–18 months, a decision month anywhere on the timeline."""
    months = draw(st.integers(3, max_months))
    start = f"{draw(st.integers(2020, 2022))}-{draw(st.integers(1, 12)):02d}"
    n_priorities, n_stages = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    priorities = [priority(f"p{i}", draw(st.floats(3.0, 120.0))) for i in range(n_priorities)]
    stages = []
    for k in range(n_stages):
        changes = [
            {
                "month": month_label(month_ordinal(start) + draw(st.integers(0, months - 1))),
                "fte_delta": draw(st.floats(-10, 10)),
            }
            for _ in range(draw(st.integers(0, 1)))
        ]
        stages.append(
            stage(
                f"k{k}",
                fte=draw(st.just(0.0) | st.floats(0.1, 15)),
                attrition_per_year=draw(st.just(0.0) | st.floats(0.01, 0.4)),
                vacancy_months=draw(st.integers(0, 3)),
                ramp_up_months=draw(st.integers(0, 3)),
                max_occupancy=draw(st.floats(0.5, 1.0)),
                staffing_changes=changes,
                initial_backlog={"p0": draw(st.just(0.0) | st.floats(1, 2000))},
            )
        )
    keys = [p["key"] for p in priorities]
    first = draw(st.floats(0.0, 1.0)) if n_priorities == 2 else 1.0
    mix = {keys[0]: first, **({keys[1]: 1.0 - first} if n_priorities == 2 else {})}
    work = {f"k{k}": {"share": draw(st.floats(0.2, 1.0)), "hours": draw(st.floats(0.2, 4.0))} for k in range(n_stages)}
    volume = draw(st.floats(0.0, 20_000.0))
    raw: dict[str, Any] = scenario_dict(
        start=start,
        months=months,
        decision_month=month_label(month_ordinal(start) + draw(st.integers(0, months - 1))),
        priorities=priorities,
        stages=stages,
        sources=[source(volumes={start[:4]: volume}, priority_mix=mix, work=work)],
    )
    return Plan.model_validate(plan_dict(raw)).scenarios[0]


def _funded(plan: Scenario, posts: dict[str, float]) -> Scenario:
    """``plan`` with ``posts`` per stage funded at the decision month, as real staffing changes."""
    data = plan.model_dump()
    month = plan.decision_month or plan.start
    for raw in data["stages"]:
        if posts.get(raw["key"], 0.0) > 0:
            raw["staffing_changes"].append({"month": month, "fte_delta": posts[raw["key"]], "note": ""})
    return Plan.model_validate(plan_dict(data)).scenarios[0]


def _help_from(plan: Scenario, k: int) -> int:
    return plan.decision_index + plan.stages[k].vacancy_months + plan.stages[k].ramp_up_months


@FEW
@given(small_plans())
def test_the_solver_answer_passes_and_one_step_less_fails(plan: Scenario) -> None:
    advice = hires_to_meet_targets(plan)
    answers = {a.stage: a.fte for a in advice if a.fte is not None}
    for k, one in enumerate(advice):
        first = _help_from(plan, k)
        upstream = {key: fte for key, fte in answers.items() if key in [s.key for s in plan.stages[:k]]}
        if one.fte is None:
            if first < plan.months:  # even the ceiling fails
                at_ceiling = project(_funded(plan, {**upstream, one.stage: MAX_FTE}))
                assert failing_months(at_ceiling, k)[first:].any()
            continue
        solved = project(_funded(plan, {**upstream, one.stage: one.fte}))
        assert not failing_months(solved, k)[first:].any()
        if one.fte > 0:
            fewer = project(_funded(plan, {**upstream, one.stage: round(one.fte - 0.1, 1)}))
            assert failing_months(fewer, k)[first:].any()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_plans(max_months=12), st.sampled_from(["month", "quarter"]))
def test_the_hiring_plan_applied_meets_the_norms_and_every_post_is_needed(plan: Scenario, every: str) -> None:
    hiring = hiring_plan(plan, "quarter" if every == "quarter" else "month")
    applied = hiring.applied_to(plan)
    projection = project(applied)
    decision = plan.decision_month or plan.start
    for k, stage_plan in enumerate(hiring.stages):
        first = _help_from(plan, k)
        assert all(step.month >= decision for step in stage_plan.steps)
        if stage_plan.unmet or first >= plan.months:
            continue
        assert not failing_months(projection, k)[first:].any()
        for i, step in enumerate(stage_plan.steps):
            fewer = _with_step_less(hiring.applied_to(plan), k, len(plan.stages[k].staffing_changes) + i)
            assert failing_months(project(fewer), k)[first:].any(), step


def _with_step_less(applied: Scenario, k: int, change: int) -> Scenario:
    """``applied`` with 0.1 fewer posts in staffing change ``change`` of stage ``k``."""
    data = applied.model_dump()
    raw = data["stages"][k]["staffing_changes"][change]
    raw["fte_delta"] = round(raw["fte_delta"] - 0.1, 1)
    if raw["fte_delta"] <= 0:
        del data["stages"][k]["staffing_changes"][change]
    return Plan.model_validate(plan_dict(data)).scenarios[0]
