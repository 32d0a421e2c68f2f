"""The hiring plan: per stage the posts to fund and when, as late as vacancy lag and ramp-up allow."""

from __future__ import annotations

import pytest

from desktop.model.engine import project
from desktop.model.example import example_plan
from desktop.model.hiring_plan import NOTE, HiringPlan, hiring_plan
from desktop.model.months import month_index
from desktop.model.plan import Plan, Scenario
from desktop.model.solver import failing_months, hires_to_meet_targets

from .builders import plan_dict, priority, scenario, source, stage


@pytest.fixture(scope="module")
def example() -> Scenario:
    return example_plan().scenarios[0]


@pytest.fixture(scope="module")
def example_hiring(example: Scenario) -> HiringPlan:
    return hiring_plan(example)


def _help_from(plan: Scenario, k: int) -> int:
    return plan.decision_index + plan.stages[k].vacancy_months + plan.stages[k].ramp_up_months


def _growing(**fields: object) -> Scenario:
    """One stage of 10 FTE at 100 h a month; one-hour reports growing 40 % a year over three years."""
    return scenario(
        months=36,
        priorities=[priority(target_days=30)],
        stages=[stage(fte=10.0, **fields)],
        sources=[source(volumes={"2021": 9_000.0}, growth_per_year=0.4)],
    )


def _less(applied: Scenario, k: int, change: int) -> Scenario:
    data = applied.model_dump()
    raw = data["stages"][k]["staffing_changes"][change]
    raw["fte_delta"] = round(raw["fte_delta"] - 0.1, 1)
    if raw["fte_delta"] <= 0:
        del data["stages"][k]["staffing_changes"][change]
    return Plan.model_validate(plan_dict(data)).scenarios[0]


def _assert_meets_norms_with_every_post_needed(plan: Scenario, hiring: HiringPlan) -> None:
    applied = hiring.applied_to(plan)
    projection = project(applied)
    for k, stage_plan in enumerate(hiring.stages):
        assert stage_plan.unmet == ""
        assert not failing_months(projection, k)[_help_from(plan, k) :].any()
        own = len(plan.stages[k].staffing_changes)
        for i in range(len(stage_plan.steps)):
            fewer = project(_less(applied, k, own + i))
            assert failing_months(fewer, k)[_help_from(plan, k) :].any(), stage_plan.steps[i]


def test_the_example_plan_applied_meets_every_norm_with_no_post_to_spare(
    example: Scenario, example_hiring: HiringPlan
) -> None:
    assert example_hiring.decision_month == example.decision_month
    assert [s.stage for s in example_hiring.stages] == [s.key for s in example.stages]
    assert all(s.steps for s in example_hiring.stages)
    _assert_meets_norms_with_every_post_needed(example, example_hiring)


def test_no_post_is_funded_before_the_decision_month(example: Scenario, example_hiring: HiringPlan) -> None:
    assert example.decision_month is not None
    assert all(step.month >= example.decision_month for step in example_hiring.steps())
    first = example_hiring.steps()[0]
    assert first.month == example.decision_month


def test_steps_are_positive_tenths_filled_after_the_vacancy_lag(example: Scenario, example_hiring: HiringPlan) -> None:
    lags = {s.key: s.vacancy_months for s in example.stages}
    for step in example_hiring.steps():
        assert step.posts > 0
        assert step.posts == round(step.posts, 1)
        assert month_index(step.in_post_from, step.month) == lags[step.stage]
    for stage_plan in example_hiring.stages:
        assert stage_plan.posts == pytest.approx(sum(s.posts for s in stage_plan.steps), abs=1e-9)


def test_applied_adds_each_step_as_a_staffing_change(example: Scenario, example_hiring: HiringPlan) -> None:
    applied = example_hiring.applied_to(example)
    for before, after, stage_plan in zip(example.stages, applied.stages, example_hiring.stages, strict=True):
        added = after.staffing_changes[len(before.staffing_changes) :]
        assert after.staffing_changes[: len(before.staffing_changes)] == before.staffing_changes
        assert [(c.month, c.fte_delta, c.note) for c in added] == [(s.month, s.posts, NOTE) for s in stage_plan.steps]


def test_months_no_hire_reaches_are_counted_not_forced(example: Scenario, example_hiring: HiringPlan) -> None:
    projection = project(example_hiring.applied_to(example))
    for k, stage_plan in enumerate(example_hiring.stages):
        reachable = _help_from(example, k)
        unreached = failing_months(projection, k)[example.decision_index : reachable]
        assert stage_plan.months_breached_before_help == int(unreached.sum())
    assert any(s.months_breached_before_help > 0 for s in example_hiring.stages)


def test_quarterly_plans_fund_at_quarter_starts_or_the_decision_month(example: Scenario) -> None:
    quarterly = hiring_plan(example, "quarter")
    assert quarterly.granularity == "quarter"
    for step in quarterly.steps():
        assert step.month == example.decision_month or step.month[5:] in {"01", "04", "07", "10"}
    assert len(quarterly.steps()) < len(hiring_plan(example).steps())
    _assert_meets_norms_with_every_post_needed(example, quarterly)


def test_growing_work_is_funded_step_by_step_as_late_as_lag_and_ramp_up_allow() -> None:
    plan = _growing(vacancy_months=2, ramp_up_months=2)
    hiring = hiring_plan(plan)
    [stage_plan] = hiring.stages
    assert len(stage_plan.steps) > 1
    _assert_meets_norms_with_every_post_needed(plan, hiring)
    # each step is what the first failing month then needs: a month later would leave that month failing
    applied = hiring.applied_to(plan)
    for i, step in enumerate(stage_plan.steps[1:], start=1):
        data = applied.model_dump()
        later = data["stages"][0]["staffing_changes"][i]
        funded = month_index(later["month"], plan.start)
        if funded + 1 >= plan.months:
            continue
        later["month"] = project(plan).months[funded + 1]
        postponed = Plan.model_validate(plan_dict(data)).scenarios[0]
        assert failing_months(project(postponed), 0)[_help_from(plan, 0) :].any(), step


def test_later_stages_are_planned_with_the_upstream_plan_in_place() -> None:
    plan = scenario(
        months=24,
        priorities=[priority(target_days=30)],
        stages=[stage("k1", fte=5.0, vacancy_months=1), stage("k2", fte=5.0, vacancy_months=2)],
        sources=[source(volumes={"2021": 12_000.0}, growth_per_year=0.3)],
    )
    hiring = hiring_plan(plan)
    first, second = hiring.stages
    assert first.steps
    assert second.steps
    _assert_meets_norms_with_every_post_needed(plan, hiring)
    # the second stage's plan is what it needs once the first stage's plan is in place
    data = plan.model_dump()
    data["stages"][0] = hiring.applied_to(plan).stages[0].model_dump()
    upstream_applied = Plan.model_validate(plan_dict(data)).scenarios[0]
    again = hiring_plan(upstream_applied)
    assert again.stages[0].steps == []
    assert again.stages[1].steps == second.steps


def test_the_fund_now_figure_is_the_first_row_when_that_is_the_only_row() -> None:
    """Constant work: one step at the decision month keeps every month, and it is the solver's figure."""
    plan = scenario(
        months=24,
        decision_month="2021-04",
        priorities=[priority(target_days=30)],
        stages=[stage(fte=2.0, vacancy_months=1, ramp_up_months=1)],
        sources=[source(volumes={"2021": 12_000.0, "2022": 12_000.0})],
    )
    [stage_plan] = hiring_plan(plan).stages
    [advice] = hires_to_meet_targets(plan)
    [only] = stage_plan.steps
    assert only.month == advice.funded_from == "2021-04"
    assert only.posts == advice.fte


def test_a_team_without_casework_hours_cannot_meet_the_norms() -> None:
    plan = _growing(productive_share=0.0)
    [stage_plan] = hiring_plan(plan).stages
    assert stage_plan.steps == []
    assert stage_plan.unmet == "the team has no casework hours, so no number of posts meets the norms"


def test_posts_that_cannot_be_productive_before_the_end_are_not_planned() -> None:
    plan = _growing(vacancy_months=30, ramp_up_months=6)
    [stage_plan] = hiring_plan(plan).stages
    assert stage_plan.steps == []
    assert stage_plan.unmet == "posts funded from the decision month would not be fully productive before the end"
    assert stage_plan.months_breached_before_help == int(failing_months(project(plan), 0).sum())


def test_nothing_is_funded_when_every_month_passes() -> None:
    plan = scenario(stages=[stage(fte=20.0)], sources=[source(volumes={"2021": 1200.0})])
    hiring = hiring_plan(plan)
    assert hiring.steps() == []
    assert hiring.stages[0].posts == 0.0
    assert hiring.applied_to(plan) == plan
