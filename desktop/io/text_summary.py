"""The headline figures as plain text, for the command line."""

from __future__ import annotations

import functools
import math
import textwrap

from desktop.io.safe_text import terminal_text as shown
from desktop.model.engine import Projection
from desktop.model.measures import Headlines
from desktop.model.needs import Need
from desktop.model.plan import Scenario
from desktop.model.story import stage_story

_LABEL_WIDTH = 46
"""Where the figures start: the longest label and its indent, and room to spare."""


def _number(value: float, decimals: int = 0) -> str:
    if math.isinf(value):
        return "no capacity"
    return f"{value:,.{decimals}f}"


def format_headlines(headlines: Headlines, scenario: Scenario, projection: Projection | None = None) -> str:
    """A short report: intake per year, then per stage what the team needs, where it runs short and
    what funding posts from the decision month would fix; with ``projection``, a paragraph per stage
    that links the figures in words.

    Names from the plan are shown with control characters escaped: the report goes to a terminal.
    """
    decision = scenario.decision_month or scenario.start
    lines = [
        f"Scenario: {shown(scenario.name)} ({scenario.start}, {scenario.months} months; advice from {decision})",
        "",
        "Intake (reports)",
    ]
    for year, total in headlines.intake_per_year.items():
        months = headlines.months_per_year[year]
        partial = "" if months == 12 else f"  ({months} months)"
        lines.append(f"  {year}  {_number(total):>10}{partial}")
    priorities = {p.key: p for p in scenario.priorities}
    for k, stage in enumerate(headlines.stages):
        lines += ["", f"{shown(stage.name)} — team {shown(stage.team)}"]
        today, kept_up = stage.need_today, stage.need_if_upstream_kept_up

        row = functools.partial(_row, lines)
        row("first month new work exceeds capacity", stage.first_month_over_capacity or "never")
        row("reports waiting at the end", _number(stage.backlog_items_end))
        lines.append(f"  over the last 12 months (mean; peak month), at {stage.max_occupancy:.0%} occupancy:")
        row("FTE available", _number(stage.fte_available, 1), 4)
        row("funded posts", _number(stage.posts_funded, 1), 4)
        row("FTE needed for the work reaching it", _need(today), 4)
        if k > 0:
            row("FTE needed if the teams before kept up", _need(kept_up), 4)
        row("gap for the work reaching it", _gap(stage.gap_today), 4)
        if k > 0:
            row("gap if the teams before kept up", _gap(stage.gap_if_upstream_kept_up), 4)
        row(
            f"to clear the end backlog in {stage.clear_months} months",
            f"{_number(stage.clear_fte, 1)} FTE more ({_number(stage.clear_posts, 1)} posts)",
        )
        for key, months in stage.months_in_breach.items():
            target = priorities[key].target_days
            first = stage.first_breach[key]
            since = f", first {first}" if first else ""
            row(f"{shown(priorities[key].name)}: over the {target:g}-day target", f"{months} months{since}")
        hire = stage.hire
        if hire is not None:
            label = f"posts to fund from {decision} for every target"
            if hire.fte is None:
                row(label, f"not possible: {shown(hire.reason)}")
            else:
                arrival = f" (in post from {hire.first_month_helped})" if hire.first_month_helped else ""
                row(label, f"{_number(hire.fte, 1)}{arrival}")
            if hire.months_breached_before_hires:
                row("months over target before posts are filled", str(hire.months_breached_before_hires))
        if projection is not None:
            story = shown(stage_story(projection, headlines, k))
            lines += ["", *textwrap.wrap(story, width=96, initial_indent="  ", subsequent_indent="  ")]
    return "\n".join(lines)


def _row(lines: list[str], label: str, value: str, indent: int = 2) -> None:
    """``label`` then ``value`` in the figures' column (or two spaces after a longer label)."""
    lines.append(f"{' ' * indent}{label:<{_LABEL_WIDTH - indent - 2}}  {value}")


def _need(need: Need) -> str:
    peak = f"peak {_number(need.peak_fte, 1)} in {need.peak_month}"
    return f"{_number(need.fte, 1)} ({peak}; {_number(need.posts, 1)} posts)"


def _gap(gap: float) -> str:
    return f"{_number(gap, 1)} FTE short" if gap > 0.05 else f"{_number(-gap, 1)} FTE to spare"
