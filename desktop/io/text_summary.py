"""The headline figures as plain text, for the command line."""

from __future__ import annotations

import math

from desktop.io.safe_text import terminal_text as shown
from desktop.model.measures import Headlines
from desktop.model.plan import Scenario


def _number(value: float, decimals: int = 0) -> str:
    if math.isinf(value):
        return "no capacity"
    return f"{value:,.{decimals}f}"


def format_headlines(headlines: Headlines, scenario: Scenario) -> str:
    """A short report: intake per year, then per stage where capacity runs short and what hiring would fix it.

    Names from the plan are shown with control characters escaped: the report goes to a terminal.
    """
    lines = [f"Scenario: {shown(scenario.name)} ({scenario.start}, {scenario.months} months)", "", "Intake (reports)"]
    for year, total in headlines.intake_per_year.items():
        months = headlines.months_per_year[year]
        partial = "" if months == 12 else f"  ({months} months)"
        lines.append(f"  {year}  {_number(total):>10}{partial}")
    priorities = {p.key: p for p in scenario.priorities}
    for stage in headlines.stages:
        lines += ["", f"{shown(stage.name)} — team {shown(stage.team)}"]
        over = stage.first_month_over_capacity or "never"
        lines.append(f"  first month new work exceeds capacity   {over}")
        lines.append(f"  backlog at the end                      {_number(stage.backlog_items_end)} items")
        lines.append(f"  FTE available at the end                {_number(stage.fte_available_end, 1)}")
        lines.append(f"  FTE needed for new work at the end      {_number(stage.fte_required_end, 1)}")
        gap = stage.fte_gap_end
        gap_text = f"{_number(gap, 1)} FTE short" if gap > 0 else f"{_number(-gap, 1)} FTE to spare"
        lines.append(f"  gap at the end (incl. clearing backlog) {gap_text} (over {scenario.clear_months} months)")
        for key, months in stage.months_in_breach.items():
            target = priorities[key].target_days
            first = stage.first_breach[key]
            since = f", first {first}" if first else ""
            lines.append(f"  {shown(priorities[key].name)}: over the {target:g}-day target in {months} months{since}")
        hire = stage.hire
        if hire is not None:
            if hire.fte is None:
                lines.append(f"  hire now to meet every target           not possible: {shown(hire.reason)}")
            else:
                lines.append(
                    f"  hire now to meet every target           {_number(hire.fte, 1)} FTE"
                    f" (in post from {hire.first_month_helped})"
                )
            if hire.months_breached_before_hires:
                lines.append(f"  months over target before hires arrive  {hire.months_breached_before_hires}")
    return "\n".join(lines)
