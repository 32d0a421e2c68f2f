"""The built-in example plan, after the Dutch police figures of August 2022.

Total intake is the report's: 36,000 in 2021, about 50,000 in 2022, and more than
100,000 a year from 2025. How that splits over sources, the hours per report, the
priority mixes and the staffing are illustrative, and the plan's notes say so.
"""

from __future__ import annotations

from typing import Any

from desktop.model.plan import FORMAT, SCHEMA_VERSION, Plan

NOTES = (
    "Illustrative plan. The total intake follows the figures the Dutch police gave in August 2022: "
    "36,000 reports of child sexual abuse material in 2021, about 50,000 expected in 2022 and more "
    "than 100,000 a year in the coming years. The split over sources, the hours per report, the "
    "priority mixes and all staffing figures are assumptions made up for this example; replace them "
    "with your own before drawing conclusions."
)

_PRIORITIES = [
    {"key": "urgent", "name": "Urgent (child at risk)", "target_days": 7},
    {"key": "high", "name": "High", "target_days": 30},
    {"key": "regular", "name": "Regular", "target_days": 180},
]

_STAGES = [
    {
        "key": "assessment",
        "name": "Assessment",
        "team": "Intake and assessment",
        "fte": 34,
        "hours_per_fte_year": 1600,
        "productive_share": 0.7,
        "exposure_share": 0.8,
        "max_exposure_hours_per_week": 16,
        "attrition_per_year": 0.15,
        "vacancy_months": 5,
        "ramp_up_months": 4,
        "staffing_changes": [
            {"month": "2023-01", "fte_delta": 6, "note": "Extra posts funded for 2023"},
        ],
        "initial_backlog": {"urgent": 20, "high": 400, "regular": 3000},
    },
    {
        "key": "investigation",
        "name": "Investigation",
        "team": "Investigation",
        "fte": 86,
        "hours_per_fte_year": 1600,
        "productive_share": 0.72,
        "exposure_share": 0.3,
        "max_exposure_hours_per_week": 16,
        "attrition_per_year": 0.1,
        "vacancy_months": 6,
        "ramp_up_months": 9,
        "staffing_changes": [
            {"month": "2024-01", "fte_delta": 10, "note": "Reinforcement agreed in the 2023 budget"},
        ],
        "initial_backlog": {"urgent": 5, "high": 60, "regular": 450},
    },
]


def _source(
    key: str,
    name: str,
    *,
    volumes: dict[str, float],
    growth: float,
    mix: tuple[float, float, float],
    assess_hours: float,
    investigate_share: float,
    investigate_hours: float,
) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        "volumes": volumes,
        "growth_per_year": growth,
        "priority_mix": dict(zip(("urgent", "high", "regular"), mix, strict=True)),
        "work": {
            "assessment": {"share": 1.0, "hours": assess_hours},
            "investigation": {"share": investigate_share, "hours": investigate_hours},
        },
    }


_SOURCES = [
    _source(
        "ncmec",
        "Companies via NCMEC CyberTipline",
        volumes={"2021": 24000, "2022": 37500, "2023": 48000, "2024": 60000, "2025": 72000},
        growth=0.08,
        mix=(0.03, 0.17, 0.80),
        assess_hours=0.75,
        investigate_share=0.06,
        investigate_hours=24,
    ),
    _source(
        "services",
        "Other investigative services",
        volumes={"2021": 5000, "2022": 6500},
        growth=0.10,
        mix=(0.10, 0.40, 0.50),
        assess_hours=1.25,
        investigate_share=0.25,
        investigate_hours=30,
    ),
    _source(
        "chat",
        "Chat-app scanning",
        volumes={"2021": 0, "2022": 1000, "2023": 8000, "2024": 18000},
        growth=0.15,
        mix=(0.05, 0.25, 0.70),
        assess_hours=1.0,
        investigate_share=0.10,
        investigate_hours=24,
    ),
    _source(
        "citizens",
        "Citizens",
        volumes={"2021": 3000, "2022": 4500},
        growth=0.05,
        mix=(0.08, 0.32, 0.60),
        assess_hours=1.5,
        investigate_share=0.15,
        investigate_hours=20,
    ),
    _source(
        "hotline",
        "Hotline referrals (Meldpunt Kinderporno)",
        volumes={"2021": 4000, "2022": 500},
        growth=0.0,
        mix=(0.02, 0.18, 0.80),
        assess_hours=0.75,
        investigate_share=0.05,
        investigate_hours=16,
    ),
]
_SOURCES[0]["seasonality"] = [1.05, 0.95, 1.0, 0.95, 0.95, 0.9, 0.9, 0.95, 1.05, 1.1, 1.1, 1.1]

_EVENTS = [
    {"name": "Another platform starts reporting through NCMEC", "source": "ncmec", "month": "2024-07", "factor": 1.12},
]


def example_plan() -> Plan:
    """The example plan: one baseline scenario, start 2021-01, 84 months."""
    return Plan.model_validate(
        {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "title": "Example: intake of reports of child sexual abuse material 2021–2027",
            "notes": NOTES,
            "scenarios": [
                {
                    "name": "Baseline",
                    "notes": "Current staffing with the posts already agreed.",
                    "start": "2021-01",
                    "months": 84,
                    # The news report the figures follow is of August 2022: advice starts the month after.
                    "decision_month": "2022-09",
                    "clear_months": 12,
                    "priorities": _PRIORITIES,
                    "stages": _STAGES,
                    "sources": _SOURCES,
                    "events": _EVENTS,
                }
            ],
        }
    )
