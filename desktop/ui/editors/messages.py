"""Why an edit was refused, in the user's words: field paths become "Stage “Assessment”, staffing change 1, month"."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.model.checks import Problem, join_path
from desktop.model.plan import Plan, Scenario
from desktop.ui.document import FieldPath, PlanDocument, PlanEditRejected


def field_label(name: str) -> str:
    """The label of a plan field as the editors show it."""
    labels = {
        "title": QCoreApplication.translate("Messages", "Plan title"),
        "name": QCoreApplication.translate("Messages", "Name"),
        "notes": QCoreApplication.translate("Messages", "Notes"),
        "start": QCoreApplication.translate("Messages", "Start month"),
        "months": QCoreApplication.translate("Messages", "Months"),
        "clear_months": QCoreApplication.translate("Messages", "Months to clear a backlog"),
        "decision_month": QCoreApplication.translate("Messages", "Decision month"),
        "max_occupancy": QCoreApplication.translate("Messages", "Highest occupancy"),
        "working_weeks_per_year": QCoreApplication.translate("Messages", "Working weeks per year"),
        "target_days": QCoreApplication.translate("Messages", "Target"),
        "team": QCoreApplication.translate("Messages", "Team"),
        "fte": QCoreApplication.translate("Messages", "FTE"),
        "hours_per_fte_year": QCoreApplication.translate("Messages", "Hours per FTE per year"),
        "productive_share": QCoreApplication.translate("Messages", "Productive share"),
        "exposure_share": QCoreApplication.translate("Messages", "Exposure share"),
        "max_exposure_hours_per_week": QCoreApplication.translate("Messages", "Exposure cap"),
        "attrition_per_year": QCoreApplication.translate("Messages", "Attrition per year"),
        "vacancy_months": QCoreApplication.translate("Messages", "Vacancy months"),
        "ramp_up_months": QCoreApplication.translate("Messages", "Ramp-up months"),
        "staffing_changes": QCoreApplication.translate("Messages", "Staffing changes"),
        "month": QCoreApplication.translate("Messages", "Month"),
        "fte_delta": QCoreApplication.translate("Messages", "FTE change"),
        "note": QCoreApplication.translate("Messages", "Note"),
        "initial_backlog": QCoreApplication.translate("Messages", "Starting backlog"),
        "volumes": QCoreApplication.translate("Messages", "Volumes per year"),
        "growth_per_year": QCoreApplication.translate("Messages", "Growth per year"),
        "seasonality": QCoreApplication.translate("Messages", "Seasonality"),
        "priority_mix": QCoreApplication.translate("Messages", "Priority mix"),
        "work": QCoreApplication.translate("Messages", "Work per stage"),
        "share": QCoreApplication.translate("Messages", "Share"),
        "hours": QCoreApplication.translate("Messages", "Hours per report"),
        "source": QCoreApplication.translate("Messages", "Source"),
        "factor": QCoreApplication.translate("Messages", "Factor"),
        "key": QCoreApplication.translate("Messages", "Key"),
    }
    return labels.get(name, name)


_PART = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\["([^"]*)"\]')


def _parts(path: str) -> list[str | int]:
    parts: list[str | int] = []
    for match in _PART.finditer(path):
        name, index, key = match.groups()
        parts.append(int(index) if index is not None else (name if name is not None else key))
    return parts


def _named(items: Sequence[object], index: int) -> str:
    if 0 <= index < len(items):
        return str(getattr(items[index], "name", index + 1))
    return str(index + 1)


def describe_path(path: str, plan: Plan, scenario_index: int) -> str:
    """``scenarios[0].stages[1].fte`` → "Stage “Investigation”, FTE" (the current scenario is not named)."""
    parts = _parts(path)
    words: list[str] = []
    scenario: Scenario | None = None
    i = 0
    while i < len(parts):
        part = parts[i]
        index = parts[i + 1] if i + 1 < len(parts) and isinstance(parts[i + 1], int) else None
        if part == "scenarios" and isinstance(index, int):
            scenario = plan.scenarios[index] if index < len(plan.scenarios) else None
            if index != scenario_index:
                words.append(
                    QCoreApplication.translate("Messages", "Scenario “{name}”").format(
                        name=_named(plan.scenarios, index)
                    )
                )
            i += 2
            continue
        if scenario is not None and isinstance(index, int) and part in ("stages", "sources", "priorities", "events"):
            items: Sequence[object] = getattr(scenario, str(part))
            kind = {
                "stages": QCoreApplication.translate("Messages", "Stage “{name}”"),
                "sources": QCoreApplication.translate("Messages", "Source “{name}”"),
                "priorities": QCoreApplication.translate("Messages", "Priority “{name}”"),
                "events": QCoreApplication.translate("Messages", "Event “{name}”"),
            }[str(part)]
            words.append(kind.format(name=_named(items, index)))
            i += 2
            continue
        if part == "staffing_changes" and isinstance(index, int):
            words.append(QCoreApplication.translate("Messages", "staffing change {number}").format(number=index + 1))
            i += 2
            continue
        if isinstance(part, str):
            words.append(field_label(part))
        i += 1
    return ", ".join(words)


def problems_text(problems: Sequence[Problem], plan: Plan, scenario_index: int) -> str:
    """Every problem on its own line, each with the place it concerns."""
    lines = []
    for problem in problems:
        where = describe_path(problem.path, plan, scenario_index)
        lines.append(f"{where}: {problem.message}" if where else problem.message)
    return "\n".join(lines)


def _contains(outer: str, inner: str) -> bool:
    """Whether path ``inner`` lies inside path ``outer`` (``a.b`` holds ``a.b.c`` and ``a.b[0]``)."""
    return inner.startswith((outer + ".", outer + "["))


def refusal_text(rejected: PlanEditRejected, path: FieldPath, plan: Plan, scenario_index: int) -> str:
    """The reason to show beside the field at ``path``: its own problems bare, else every problem with its place.

    A problem is the field's own when it concerns the field, a part of it, or what holds it (a mix that
    no longer sums to 1 concerns each of its shares).
    """
    where = join_path(path)
    own = [
        p.message
        for p in rejected.problems
        if p.path and (p.path == where or _contains(where, p.path) or _contains(p.path, where))
    ]
    return "; ".join(own) if own else problems_text(rejected.problems, plan, scenario_index)


def apply_to_scenario(document: PlanDocument, change: Callable[[dict[str, Any]], object], text: str) -> str | None:
    """Run ``change(scenario_data)`` as one undo step; the reason when the plan would be invalid (nothing changes)."""
    index = document.scenario_index

    def change_plan(plan: dict[str, Any]) -> None:
        change(plan["scenarios"][index])

    try:
        document.update(change_plan, text)
    except PlanEditRejected as rejected:
        return problems_text(rejected.problems, document.plan, index)
    return None
