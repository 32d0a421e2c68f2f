"""Plan files for the io tests: a small valid plan as raw JSON, and helpers to write and read it back."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from desktop.io.plan_file import PlanFileError, read_plan

# The same plan as the complete example in docs/plan-format.md; optional fields are
# left out of the second stage and the second source.
_SMALL_PLAN: dict[str, Any] = {
    "format": "caseload-planner/plan",
    "schema_version": 2,
    "title": "Team Zeden – small example",
    "notes": "Illustrative figures only.",
    "scenarios": [
        {
            "name": "Baseline",
            "notes": "Current staffing with the posts already agreed.",
            "start": "2026-01",
            "months": 36,
            "clear_months": 12,
            "decision_month": "2026-01",
            "priorities": [
                {"key": "urgent", "name": "Urgent (child at risk)", "target_days": 7},
                {"key": "regular", "name": "Regular", "target_days": 180},
            ],
            "stages": [
                {
                    "key": "assessment",
                    "name": "Assessment",
                    "team": "Intake and assessment",
                    "fte": 12,
                    "hours_per_fte_year": 1600,
                    "productive_share": 0.7,
                    "exposure_share": 0.8,
                    "max_exposure_hours_per_week": 16,
                    "attrition_per_year": 0.15,
                    "vacancy_months": 5,
                    "ramp_up_months": 4,
                    "staffing_changes": [{"month": "2027-01", "fte_delta": 2, "note": "Two posts in the 2027 budget"}],
                    "initial_backlog": {"urgent": 10, "regular": 900},
                },
                {
                    "key": "investigation",
                    "name": "Investigation",
                    "team": "Investigation",
                    "fte": 20,
                    "hours_per_fte_year": 1600,
                    "productive_share": 0.72,
                },
            ],
            "sources": [
                {
                    "key": "ncmec",
                    "name": "Companies via NCMEC",
                    "volumes": {"2025": 9000, "2026": 11000},
                    "growth_per_year": 0.2,
                    "seasonality": [1.05, 1, 1, 1, 1, 0.9, 0.8, 0.9, 1, 1.1, 1.1, 1.15],
                    "priority_mix": {"urgent": 0.05, "regular": 0.95},
                    "work": {
                        "assessment": {"share": 1, "hours": 0.75},
                        "investigation": {"share": 0.06, "hours": 24},
                    },
                },
                {
                    "key": "citizens",
                    "name": "Citizens",
                    "volumes": {"2026": 1200},
                    "priority_mix": {"urgent": 0.1, "regular": 0.9},
                    "work": {
                        "assessment": {"share": 1, "hours": 1.5},
                        "investigation": {"share": 0.15, "hours": 20},
                    },
                },
            ],
            "events": [
                {"name": "A new platform reports through NCMEC", "source": "ncmec", "month": "2027-07", "factor": 1.1}
            ],
        }
    ],
}


def small_plan() -> dict[str, Any]:
    """A fresh copy of the small valid plan, as parsed JSON, for a test to break."""
    return copy.deepcopy(_SMALL_PLAN)


def scenario_of(raw: dict[str, Any]) -> dict[str, Any]:
    scenario: dict[str, Any] = raw["scenarios"][0]
    return scenario


def as_json(raw: Any) -> str:
    """JSON text of ``raw``; a string "<<text>>" becomes the bare literal text (NaN, 1e999, …)."""
    return re.sub(r'"<<(.*?)>>"', r"\1", json.dumps(raw, indent=2, ensure_ascii=False))


def write(path: Path, raw: Any) -> Path:
    path.write_text(as_json(raw), encoding="utf-8")
    return path


def problems_in(path: Path) -> list[str]:
    """The lines a user is shown when the file does not open; each must name the file."""
    with pytest.raises(PlanFileError) as caught:
        read_plan(path)
    assert caught.value.path == path
    lines = str(caught.value).splitlines()
    assert lines, "a PlanFileError must say something"
    assert len(lines) == len(caught.value.problems)
    for line in lines:
        assert line.startswith(f"{path.name}: "), line
    return lines
