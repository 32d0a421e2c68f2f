"""Per stage, one paragraph that links the headline figures in words.

The headline bar, the text summary, the workbook's Summary and the PDF all say the same
sentences, made here. Numbers and months are written by the caller's formatters, so the
window can write them in its locale; the defaults write them the English way.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from desktop.model.engine import Projection
from desktop.model.measures import Headlines, StageHeadline

_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def english_number(value: float, decimals: int = 0) -> str:
    if math.isinf(value):
        return "without end"
    return f"{value:,.{decimals}f}"


def english_month(label: str) -> str:
    return f"{_MONTH_NAMES[int(label[5:7]) - 1]} {label[:4]}"


@dataclass(frozen=True)
class Writing:
    """How the sentences write numbers (value, decimals) and "YYYY-MM" months."""

    number: Callable[[float, int], str] = english_number
    month: Callable[[str], str] = english_month


def stage_story(
    projection: Projection,
    headlines: Headlines,
    k: int,
    writing: Writing | None = None,
) -> str:
    """The paragraph of stage ``k``: when new work first exceeds capacity, how backlog and waits end,
    what the team needs (and what the hiring advice funds), and why a team after a bottleneck needs
    more once the team before it keeps up."""
    w = writing or Writing()
    stage = headlines.stages[k]
    scenario = projection.scenario
    sentences = [_first_over(stage, scenario.start, w), _end(projection, stage, k, w), _need(stage, w)]
    upstream = _upstream(headlines, k, w)
    if upstream:
        sentences.append(upstream)
    hire = _hire(stage, scenario.decision_month or scenario.start, w)
    if hire:
        sentences.append(hire)
    return " ".join(sentences)


def stage_brief(projection: Projection, headlines: Headlines, k: int, writing: Writing | None = None) -> str:
    """One sentence for stage ``k`` with the same links as :func:`stage_story`, for the headline bar."""
    w = writing or Writing()
    stage = headlines.stages[k]
    scenario = projection.scenario
    first = stage.first_month_over_capacity
    over = f"over capacity from {w.month(first)}" if first else "within capacity throughout"
    last = w.month(projection.months[-1])
    backlog = stage.backlog_items_end
    waiting = f"{w.number(backlog, 0)} reports wait by {last}" if backlog >= 0.5 else f"nothing waits by {last}"
    need = f"needs {w.number(stage.need_today.fte, 1)} FTE against {w.number(stage.fte_available, 1)} available"
    parts = [f"{stage.name}: {over}; {waiting}; {need}"]
    if k > 0 and stage.held_back_by_upstream:
        before = headlines.stages[k - 1].name.lower() if k == 1 else "the stages before it"
        parts.append(f", {w.number(stage.need_if_upstream_kept_up.fte, 1)} once {before} keeps up")
    advice = stage.hire
    decision = w.month(scenario.decision_month or scenario.start)
    if advice is not None and advice.fte is not None:
        if advice.fte > 0:
            parts.append(f"; fund {w.number(advice.fte, 1)} posts from {decision} to meet every target")
        else:
            parts.append("; no new posts needed to meet every target")
    elif advice is not None:
        parts.append("; no number of posts meets every target")
    return "".join(parts) + "."


def _first_over(stage: StageHeadline, start: str, w: Writing) -> str:
    first = stage.first_month_over_capacity
    if first is None:
        return f"{stage.name}: new work stays within the team's capacity throughout."
    if first == start:
        return f"{stage.name}: new work exceeds the team's capacity from the first month ({w.month(first)})."
    return f"{stage.name}: new work first exceeds the team's capacity in {w.month(first)}."


def _end(projection: Projection, stage: StageHeadline, k: int, w: Writing) -> str:
    last = projection.months[-1]
    backlog = stage.backlog_items_end
    waiting = (
        f"By {w.month(last)} {w.number(backlog, 0)} reports wait"
        if backlog >= 0.5
        else f"By {w.month(last)} nothing waits"
    )
    worst = None
    for j, priority in enumerate(projection.scenario.priorities):
        months = stage.months_in_breach.get(priority.key, 0)
        if months and (worst is None or months > worst[1]):
            worst = (j, months)
    if worst is None:
        return f"{waiting}, and every priority is handled within its target."
    j, months = worst
    priority = projection.scenario.priorities[j]
    wait = float(projection.arrival_wait_days[k, -1, j])  # the wait the norm is judged on
    wait_text = (
        "a report arriving then is not handled within the projection"
        if math.isinf(wait)
        else f"a report arriving then waits about {w.number(wait, 0)} days"
    )
    return (
        f"{waiting}; {priority.name.lower()} reports are over their {w.number(priority.target_days, 0)}-day "
        f"target in {months} months, and {wait_text}."
    )


def _need(stage: StageHeadline, w: Writing) -> str:
    need = stage.need_today
    text = (
        f"Over the last 12 months today's work needs {w.number(need.fte, 1)} FTE on average "
        f"(peak {w.number(need.peak_fte, 1)} in {w.month(need.peak_month)}), "
        f"at {w.number(stage.max_occupancy * 100, 0)} % occupancy, that is {w.number(need.posts, 1)} funded posts, "
        f"against {w.number(stage.fte_available, 1)} FTE available"
    )
    if stage.clear_fte >= 0.05:
        text += (
            f"; clearing the backlog within {stage.clear_months} months takes {w.number(stage.clear_fte, 1)} FTE more"
        )
    return text + "."


def _upstream(headlines: Headlines, k: int, w: Writing) -> str:
    stage = headlines.stages[k]
    if k == 0 or not stage.held_back_by_upstream:
        return ""
    before = headlines.stages[k - 1].name if k == 1 else "the teams before it"
    return (
        f"Less work reaches {stage.name.lower()} than is on its way because {before.lower()} falls behind: once "
        f"{before.lower()} keeps up it needs {w.number(stage.need_if_upstream_kept_up.fte, 1)} FTE "
        f"({w.number(stage.need_if_upstream_kept_up.posts, 1)} posts), "
        f"not {w.number(stage.need_today.fte, 1)}."
    )


def _hire(stage: StageHeadline, decision: str, w: Writing) -> str:
    advice = stage.hire
    if advice is None:
        return ""
    if advice.fte is None:
        return f"No number of posts funded from {w.month(decision)} keeps every priority within its target."
    if advice.fte <= 0:
        return f"No new posts are needed from {w.month(decision)} to keep every priority within its target."
    arrival = advice.first_month_helped
    in_post = f", in post from {w.month(arrival)}" if arrival else ""
    posts = w.number(advice.fte, 1)
    text = f"To keep every priority within its target, fund {posts} posts from {w.month(decision)}{in_post}"
    if advice.months_breached_before_hires:
        text += f"; {advice.months_breached_before_hires} months before then miss a target whatever is decided"
    return text + "."
