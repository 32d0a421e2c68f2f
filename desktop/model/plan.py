"""The plan: scenarios of intake, priorities, stages and staffing, validated field by field.

Every number carries its unit in its name or description. Structural checks
(type, range, finiteness) are pydantic's; checks across fields (unique keys,
references, mixes summing to 1) are in :mod:`desktop.model.checks` and run
when a whole plan is validated.
"""

from __future__ import annotations

from typing import Annotated, Final, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from desktop.model.checks import InvalidPlanError, plan_problems, scenario_problems
from desktop.model.limits import HOURS_PER_YEAR, MAX_FTE, MAX_HOURS_PER_ITEM, MAX_MONTHS, MAX_VOLUME_PER_YEAR
from desktop.model.months import parse_month

FORMAT: Final = "caseload-planner/plan"
SCHEMA_VERSION: Final = 1


def _check_month(text: str) -> str:
    parse_month(text)
    return text


Key = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"),
    Field(description="Stable identifier: letters, digits, '_', '-' or '.', at most 64 characters."),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Notes = Annotated[str, StringConstraints(max_length=20_000)]
Month = Annotated[str, AfterValidator(_check_month), Field(description='A calendar month, "YYYY-MM".')]
Share = Annotated[float, Field(ge=0.0, le=1.0)]


class _Model(BaseModel):
    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        allow_inf_nan=False,
        str_strip_whitespace=False,
        validate_default=False,
    )


class Priority(_Model):
    """A priority tier; the first in a scenario's list is the most urgent."""

    key: Key
    name: Name
    target_days: float = Field(gt=0, le=3650, description="Target response time in days.")


class StaffingChange(_Model):
    """A change of a team's establishment (funded posts) from a month on."""

    month: Month
    fte_delta: float = Field(ge=-MAX_FTE, le=MAX_FTE, description="Change in funded FTE (+ new posts, − cuts).")
    note: Notes = ""


class Stage(_Model):
    """A step every report may pass through (e.g. assessment, investigation), worked by one team."""

    key: Key
    name: Name
    team: Name
    fte: float = Field(ge=0, le=MAX_FTE, description="Funded FTE at the start, all in post and fully productive.")
    hours_per_fte_year: float = Field(gt=0, le=HOURS_PER_YEAR, description="Paid hours per FTE per year (hours).")
    productive_share: Share = Field(description="Share of paid hours available for casework (0–1).")
    exposure_share: Share = Field(default=0.0, description="Share of casework hours spent viewing material (0–1).")
    max_exposure_hours_per_week: float | None = Field(
        default=None, gt=0, le=168, description="Cap on hours viewing material per person per week; none = no cap."
    )
    attrition_per_year: Share = Field(default=0.0, description="Share of staff in post who leave per year (0–1).")
    vacancy_months: int = Field(default=0, ge=0, le=60, description="Months from a vacancy to its filling.")
    ramp_up_months: int = Field(default=0, ge=0, le=60, description="Months until a newcomer is fully productive.")
    staffing_changes: list[StaffingChange] = Field(default_factory=list, max_length=MAX_MONTHS)
    initial_backlog: dict[str, Annotated[float, Field(ge=0, le=MAX_VOLUME_PER_YEAR)]] = Field(
        default_factory=dict, max_length=20, description="Items waiting at the start, per priority key."
    )


class StageWork(_Model):
    """What a source's reports ask of one stage."""

    share: Share = Field(
        description="First stage: share of intake that needs it; later stages: share of the items "
        "completed at the stage before that go on to this one (0–1)."
    )
    hours: float = Field(ge=0, le=MAX_HOURS_PER_ITEM, description="Hours of work per item at this stage.")


def _check_years(volumes: dict[str, float]) -> dict[str, float]:
    for year in volumes:
        if not (len(year) == 4 and year.isdigit() and 1900 <= int(year) <= 2200):
            raise ValueError(f"{year!r} is not a year between 1900 and 2200")
    return volumes


def _check_seasonality(factors: list[float]) -> list[float]:
    if sum(factors) <= 0:
        raise ValueError("at least one month must have a factor above 0")
    return factors


Volume = Annotated[float, Field(ge=0, le=MAX_VOLUME_PER_YEAR)]


class Source(_Model):
    """Where reports come from (a company via NCMEC, a hotline, citizens, …) and how they move."""

    key: Key
    name: Name
    volumes: Annotated[dict[str, Volume], AfterValidator(_check_years)] = Field(
        min_length=1, max_length=301, description='Reports per calendar year, keyed by year ("2021": 36000).'
    )
    growth_per_year: float = Field(
        default=0.0, gt=-1, le=10, description="Growth per year for years without a figure (0.1 = +10 %)."
    )
    seasonality: Annotated[list[Annotated[float, Field(ge=0, le=12)]], AfterValidator(_check_seasonality)] = Field(
        default_factory=lambda: [1.0] * 12,
        min_length=12,
        max_length=12,
        description="Twelve factors January–December, normalised to mean 1 when used.",
    )
    priority_mix: dict[str, Share] = Field(max_length=20, description="Share of reports per priority key; sums to 1.")
    work: dict[str, StageWork] = Field(
        max_length=20, description="Share and hours per stage key; every stage is listed."
    )

    def volume_by_year(self) -> dict[int, float]:
        return {int(year): volume for year, volume in self.volumes.items()}


class Event(_Model):
    """A step change in one source's intake from a month on (chat scanning switched on, …)."""

    name: Name
    source: Key = Field(description="Key of the source it changes.")
    month: Month
    factor: float = Field(ge=0, le=1000, description="Intake of the source is multiplied by this from the month on.")


class Scenario(_Model):
    """One complete set of assumptions."""

    name: Name
    notes: Notes = ""
    start: Month
    months: int = Field(ge=1, le=MAX_MONTHS, description="Length of the projection in months.")
    clear_months: int = Field(
        default=12, ge=1, le=MAX_MONTHS, description="Months in which a backlog should be cleared."
    )
    priorities: list[Priority] = Field(min_length=1, max_length=20)
    stages: list[Stage] = Field(min_length=1, max_length=20)
    sources: list[Source] = Field(min_length=1, max_length=200)
    events: list[Event] = Field(default_factory=list, max_length=1000)

    def scenario_problems(self) -> list[tuple[str, str]]:
        """Problems across fields, as (path relative to the scenario, message)."""
        return scenario_problems(self)


class Plan(_Model):
    """A plan file: one or more named scenarios."""

    format: Literal["caseload-planner/plan"] = FORMAT
    schema_version: Literal[1] = SCHEMA_VERSION
    title: Name
    notes: Notes = ""
    scenarios: list[Scenario] = Field(min_length=1, max_length=100)

    @model_validator(mode="after")
    def _consistent(self) -> Plan:
        problems = plan_problems(self)
        if problems:
            raise InvalidPlanError(problems)
        return self

    def scenario(self, name: str | None = None) -> Scenario:
        """The scenario called ``name`` (the first when None); KeyError when there is none."""
        if name is None:
            return self.scenarios[0]
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        known = ", ".join(repr(s.name) for s in self.scenarios)
        raise KeyError(f"no scenario named {name!r}; the plan has {known}")
