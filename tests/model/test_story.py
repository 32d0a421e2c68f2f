"""The paragraph per stage says what the figures say, in words."""

from __future__ import annotations

from desktop.model.engine import project
from desktop.model.measures import headlines
from desktop.model.story import Writing, stage_story

from .builders import scenario, source, stage


def _stories(plan):  # type: ignore[no-untyped-def]
    p = project(plan)
    figures = headlines(p)
    return [stage_story(p, figures, k) for k in range(len(plan.stages))]


def test_a_team_that_keeps_up_reads_so() -> None:
    (story,) = _stories(scenario(months=12, stages=[stage(fte=5.0)]))
    assert story.startswith("Stage k1: new work stays within the team's capacity throughout.")
    assert "every priority is handled within its target" in story
    assert "No new posts are needed" in story


def test_a_bottleneck_upstream_is_named_downstream() -> None:
    plan = scenario(
        months=24,
        decision_month="2021-06",
        stages=[stage("assess", fte=0.5), stage("investigate", fte=0.2)],
        sources=[source(work={"assess": {"share": 1.0, "hours": 1.0}, "investigate": {"share": 1.0, "hours": 1.0}})],
    )
    first, second = _stories(plan)
    assert "new work exceeds the team's capacity from the first month (Jan 2021)" in first
    assert "reports wait" in first
    assert "from Jun 2021" in first  # the decision month, where advice starts
    assert "once stage assess keeps up it needs" in second


def test_numbers_and_months_are_written_by_the_callers_writing() -> None:
    plan = scenario(months=12, stages=[stage(fte=0.5)])
    p = project(plan)
    dutch = Writing(number=lambda v, d: f"{v:.{d}f}".replace(".", ","), month=lambda m: f"{m[5:]}-{m[:4]}")
    story = stage_story(p, headlines(p, solve_hiring=False), 0, dutch)
    assert "01-2021" in story
    assert "," in story.split("needs ")[1]
