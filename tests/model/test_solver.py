"""The hiring solver: the smallest 0.1 step funded at the decision month, up to MAX_FTE, that keeps
every norm and the highest occupancy; when hires help, also where they offset a cut."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.model.engine import Projection, project
from desktop.model.limits import MAX_FTE
from desktop.model.plan import Plan, Scenario
from desktop.model.solver import failing_months, hires_to_meet_targets

from .builders import plan_dict, priority, scenario, source, stage


def with_posts(plan: Scenario, key: str, month: str, posts: float) -> Scenario:
    """The scenario with ``posts`` funded from ``month`` at stage ``key``, as a real staffing change."""
    data = plan.model_dump()
    for raw in data["stages"]:
        if raw["key"] == key:
            raw["staffing_changes"].append({"month": month, "fte_delta": posts, "note": ""})
    return Plan.model_validate(plan_dict(data)).scenarios[0]


def passes_from(projection: Projection, k: int, first: int) -> bool:
    return not failing_months(projection, k)[first:].any()


def one_stage(volume: float, **fields: Any) -> Scenario:
    """One stage of 0 FTE at 100 h per FTE a month, a 30-day norm, one-hour reports."""
    extra = {key: fields.pop(key) for key in ("decision_month", "months") if key in fields}
    return scenario(
        priorities=[priority(target_days=30)],
        stages=[stage(fte=0.0, **fields)],
        sources=[source(volumes={"2021": volume})],
        **{"months": 12, **extra},
    )


def smallest_by_scan(plan: Scenario, low: int, high: int) -> float:
    """The smallest passing number of 0.1 posts, trying every one from ``low`` to ``high`` steps."""
    first = plan.decision_index + plan.stages[0].vacancy_months + plan.stages[0].ramp_up_months
    month = plan.decision_month or plan.start
    for n in range(low, high + 1):
        if passes_from(project(with_posts(plan, "k1", month, n / 10)), 0, first):
            return n / 10
    raise AssertionError("no number of posts in the range passes")


@pytest.mark.parametrize("occupancy", [1.0, 0.85])
def test_the_answer_is_the_smallest_passing_step_for_the_issue_reproducer(occupancy: float) -> None:
    """12,056 one-hour reports a year: the answer is the first 0.1 step that passes, none more."""
    plan = one_stage(12_056, max_occupancy=occupancy)
    [advice] = hires_to_meet_targets(plan)
    assert advice.fte == smallest_by_scan(plan, 1, 200)
    # the occupancy rule alone needs the month's work ÷ (occupancy × 100 h) posts
    assert advice.fte is not None
    assert advice.fte >= 12_056 / 12 / (occupancy * 100) - 1e-9


def test_the_answer_is_the_smallest_step_when_a_norm_binds() -> None:
    """A backlog to clear within the norm needs more than the new work: the norm, not occupancy, decides."""
    plan = one_stage(12_056, initial_backlog={"p1": 3000.0})
    [advice] = hires_to_meet_targets(plan)
    occupancy_only = 12_056 / 12 / (0.85 * 100)
    assert advice.fte is not None
    assert advice.fte > occupancy_only + 1
    assert advice.fte == smallest_by_scan(plan, 1, 500)


def test_needs_above_65536_are_found_up_to_the_ceiling() -> None:
    """The old doubling search stopped at 65,536; the documented ceiling is MAX_FTE."""
    volume = 12 * 0.85 * 100 * 80_000.5  # new work that 80,000.5 posts fill to 85 %
    plan = one_stage(volume)
    [advice] = hires_to_meet_targets(plan)
    assert advice.fte is not None
    assert 65_536 < advice.fte <= MAX_FTE
    assert passes_from(project(with_posts(plan, "k1", "2021-01", advice.fte)), 0, 0)
    assert not passes_from(project(with_posts(plan, "k1", "2021-01", round(advice.fte - 0.1, 1))), 0, 0)


def test_needs_above_the_ceiling_have_no_answer() -> None:
    plan = one_stage(12 * 100 * (MAX_FTE + 10))
    [advice] = hires_to_meet_targets(plan)
    assert advice.fte is None
    assert advice.reason == "the targets cannot be met by hiring at this stage"


def test_hires_are_funded_at_the_decision_month_and_change_nothing_before_it() -> None:
    plan = one_stage(12_056, months=24, decision_month="2021-07", vacancy_months=2)
    [advice] = hires_to_meet_targets(plan)
    assert advice.funded_from == "2021-07"
    assert advice.first_month_helped == "2021-09"  # in post after the vacancy lag
    assert advice.fte is not None
    assert advice.fte > 0
    base, hired = project(plan), project(with_posts(plan, "k1", "2021-07", advice.fte))
    assert hired.fte_available[0, :8] == pytest.approx(base.fte_available[0, :8], abs=0)
    assert hired.fte_available[0, 8] > base.fte_available[0, 8]
    # months from the decision month until the hires are in post fail anyway: there is no staff at all
    assert advice.months_breached_before_hires == 2
    # judged from the month the hires can work: it passes, and 0.1 fewer does not
    assert passes_from(hired, 0, 8)
    fewer = project(with_posts(plan, "k1", "2021-07", round(advice.fte - 0.1, 1)))
    assert not passes_from(fewer, 0, 8)


def test_hires_that_offset_a_cut_keep_people_in_post_from_the_cut() -> None:
    """12 FTE cut to 0 at the decision month: funded posts cancel the cut's removal at once, so the
    hires help from that month, not after the vacancy lag, and no month fails before they arrive."""
    plan = one_stage(
        12_000,
        months=12,
        decision_month="2021-04",
        vacancy_months=3,
        staffing_changes=[{"month": "2021-04", "fte_delta": -12.0}],
    )
    plan = plan.model_copy(update={"stages": [plan.stages[0].model_copy(update={"fte": 12.0})]})
    base = project(plan)
    assert failing_months(base, 0)[3:].all()  # nobody in post after the cut
    [advice] = hires_to_meet_targets(plan)
    assert advice.fte is not None
    assert advice.first_month_helped == "2021-04"
    hired = project(with_posts(plan, "k1", "2021-04", advice.fte))
    assert hired.fte_available[0, 3] == pytest.approx(advice.fte, abs=1e-9)  # kept in post, not hired later
    assert advice.months_breached_before_hires == int(failing_months(hired, 0)[3:6].sum()) == 0


def test_a_later_stage_is_solved_with_the_upstream_hires_in_place() -> None:
    plan = scenario(
        priorities=[priority(target_days=30)],
        stages=[stage("k1", fte=1.0), stage("k2", fte=1.0)],
        sources=[source(volumes={"2021": 12_000})],
    )
    first, second = hires_to_meet_targets(plan)
    assert first.fte is not None
    assert second.fte is not None
    assert first.fte > 0
    upstream = with_posts(plan, "k1", "2021-01", first.fte)
    assert second.fte == hires_to_meet_targets(upstream)[1].fte
    assert hires_to_meet_targets(upstream)[0].fte == 0.0
    both = project(with_posts(upstream, "k2", "2021-01", second.fte))
    assert passes_from(both, 0, 0)
    assert passes_from(both, 1, 0)


def test_hires_after_the_end_give_no_answer() -> None:
    plan = one_stage(12_056, months=6, vacancy_months=6)
    [advice] = hires_to_meet_targets(plan)
    assert advice.fte is None
    assert advice.first_month_helped is None
    assert advice.reason == "new hires would arrive after the end of the projection"


def test_no_hires_when_every_month_passes() -> None:
    plan = scenario(stages=[stage(fte=20.0)], sources=[source(volumes={"2021": 1200.0})])
    assert not failing_months(project(plan), 0).any()
    [advice] = hires_to_meet_targets(plan)
    assert advice.fte == 0.0
    assert advice.months_breached_before_hires == 0


def test_over_occupancy_is_new_work_above_the_share_of_capacity() -> None:
    # 1,020 h of work a month; 12 FTE give 1,200 h of which 85 % is 1,020: exactly full, not over
    fits = scenario(stages=[stage(fte=12.0)], sources=[source(volumes={"2021": 12_240.0})])
    assert not project(fits).over_occupancy.any()
    over = scenario(stages=[stage(fte=11.9)], sources=[source(volumes={"2021": 12_240.0})])
    assert project(over).over_occupancy.all()
    none = scenario(stages=[stage(fte=0.0)], sources=[source(volumes={"2021": 0.0})])
    assert not project(none).over_occupancy.any()
