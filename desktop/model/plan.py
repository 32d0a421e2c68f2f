"""The plan: scenarios of intake, priorities, stages and staffing, validated field by field.

Every number carries its unit in its name or description. Each field declares its
type, default and rules once (:mod:`desktop.model.fields`): ``model_validate``
checks them (strict types, no NaN or infinity, ranges), and the JSON Schema and the
editor's ranges and tooltips are read from them. Checks across fields (unique keys,
references, mixes summing to 1) are in :mod:`desktop.model.checks` and run when a
whole plan is validated and every field is valid.
"""

# No ``from __future__ import annotations`` here: the field types are read when each class
# is made, and reading them back from text would cost time on the window's start-up path.

from typing import Annotated, Final, Literal

from desktop.model.checks import Problem, plan_problems, scenario_problems
from desktop.model.fields import PlanType, plan_type, spec
from desktop.model.limits import HOURS_PER_YEAR, MAX_FTE, MAX_HOURS_PER_ITEM, MAX_MONTHS, MAX_VOLUME_PER_YEAR
from desktop.model.months import month_index, parse_month
from desktop.model.shapes import Spec

FORMAT: Final = "caseload-planner/plan"
SCHEMA_VERSION: Final = 2


def _check_month(text: str) -> str:
    parse_month(text)
    return text


Key = Annotated[
    str,
    Spec(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
        pattern_words="an identifier of letters, digits, '_', '-' or '.'",
        description="Stable identifier: letters, digits, '_', '-' or '.', at most 64 characters.",
    ),
]
Name = Annotated[str, Spec(strip=True, min_length=1, max_length=200)]
Notes = Annotated[str, Spec(max_length=20_000)]
Month = Annotated[str, Spec(check=_check_month, description='A calendar month, "YYYY-MM".')]
Share = Annotated[float, Spec(ge=0.0, le=1.0)]


@plan_type
class Priority(PlanType):
    """A priority tier; the first in a scenario's list is the most urgent."""

    key: Key
    name: Name
    target_days: float = spec(gt=0, le=3650, description="Target response time in days.")


@plan_type
class StaffingChange(PlanType):
    """A change of a team's establishment (funded posts) from a month on."""

    month: Month
    fte_delta: float = spec(ge=-MAX_FTE, le=MAX_FTE, description="Change in funded FTE (+ new posts, − cuts).")
    note: Notes = ""


@plan_type
class Stage(PlanType):
    """A step every report may pass through (e.g. assessment, investigation), worked by one team."""

    key: Key
    name: Name
    team: Name
    fte: float = spec(ge=0, le=MAX_FTE, description="Funded FTE at the start, all in post and fully productive.")
    hours_per_fte_year: float = spec(gt=0, le=HOURS_PER_YEAR, description="Paid hours per FTE per year (hours).")
    productive_share: Share = spec(description="Share of paid hours available for casework (0–1).")
    exposure_share: Share = spec(default=0.0, description="Share of casework hours spent viewing material (0–1).")
    max_exposure_hours_per_week: float | None = spec(
        default=None, gt=0, le=168, description="Cap on hours viewing material per person per week; none = no cap."
    )
    attrition_per_year: Share = spec(default=0.0, description="Share of staff in post who leave per year (0–1).")
    vacancy_months: int = spec(default=0, ge=0, le=60, description="Months from a vacancy to its filling.")
    ramp_up_months: int = spec(default=0, ge=0, le=60, description="Months until a newcomer is fully productive.")
    max_occupancy: float = spec(
        default=0.85,
        gt=0,
        le=1,
        description="Highest share of the team's casework hours that planning fills with work, leaving slack "
        "for the ups and downs of intake (0–1; 0.85 = 85 %).",
    )
    working_weeks_per_year: float = spec(
        default=46.0,
        gt=0,
        le=52,
        description="Weeks a year a person works, leave and holidays excluded; the exposure cap counts these weeks.",
    )
    staffing_changes: list[StaffingChange] = spec(default_factory=list, max_length=MAX_MONTHS)
    initial_backlog: dict[str, Annotated[float, Spec(ge=0, le=MAX_VOLUME_PER_YEAR)]] = spec(
        default_factory=dict, max_length=20, description="Items waiting at the start, per priority key."
    )


@plan_type
class StageWork(PlanType):
    """What a source's reports ask of one stage."""

    share: Share = spec(
        description="First stage: share of intake that needs it; later stages: share of the items "
        "completed at the stage before that go on to this one (0–1)."
    )
    hours: float = spec(ge=0, le=MAX_HOURS_PER_ITEM, description="Hours of work per item at this stage.")


def _check_years(volumes: dict[str, float]) -> dict[str, float]:
    for year in volumes:
        # ASCII digits only: "²⁰²¹".isdigit() is true, yet int() refuses it, and "٢٠٢١" would be 2021 twice over.
        if not (len(year) == 4 and year.isascii() and year.isdigit() and 1900 <= int(year) <= 2200):
            raise ValueError(f"{year!r} is not a year between 1900 and 2200")
    return volumes


def _check_seasonality(factors: list[float]) -> list[float]:
    if sum(factors) <= 0:
        raise ValueError("at least one month must have a factor above 0")
    return factors


Volume = Annotated[float, Spec(ge=0, le=MAX_VOLUME_PER_YEAR)]


@plan_type
class Source(PlanType):
    """Where reports come from (a company via NCMEC, a hotline, citizens, …) and how they move."""

    key: Key
    name: Name
    volumes: Annotated[dict[str, Volume], Spec(check=_check_years)] = spec(
        min_length=1, max_length=301, description='Reports per calendar year, keyed by year ("2021": 36000).'
    )
    growth_per_year: float = spec(
        default=0.0, gt=-1, le=10, description="Growth per year for years without a figure (0.1 = +10 %)."
    )
    seasonality: Annotated[list[Annotated[float, Spec(ge=0, le=12)]], Spec(check=_check_seasonality)] = spec(
        default_factory=lambda: [1.0] * 12,
        min_length=12,
        max_length=12,
        description="Twelve factors January–December, normalised to mean 1 when used.",
    )
    priority_mix: dict[str, Share] = spec(max_length=20, description="Share of reports per priority key; sums to 1.")
    work: dict[str, StageWork] = spec(
        max_length=20, description="Share and hours per stage key; every stage is listed."
    )

    def volume_by_year(self) -> dict[int, float]:
        return {int(year): volume for year, volume in self.volumes.items()}


@plan_type
class Event(PlanType):
    """A step change in one source's intake from a month on (chat scanning switched on, …)."""

    name: Name
    source: Key = spec(description="Key of the source it changes.")
    month: Month
    factor: float = spec(ge=0, le=1000, description="Intake of the source is multiplied by this from the month on.")


@plan_type
class Scenario(PlanType):
    """One complete set of assumptions."""

    name: Name
    notes: Notes = ""
    start: Month
    months: int = spec(ge=1, le=MAX_MONTHS, description="Length of the projection in months.")
    clear_months: int = spec(
        default=12, ge=1, le=MAX_MONTHS, description="Months in which a backlog should be cleared."
    )
    decision_month: Month | None = spec(
        default=None,
        description="The month from which advice is given; months before it are history. None = the start month.",
    )
    priorities: list[Priority] = spec(min_length=1, max_length=20)
    stages: list[Stage] = spec(min_length=1, max_length=20)
    sources: list[Source] = spec(min_length=1, max_length=200)
    events: list[Event] = spec(default_factory=list, max_length=1000)

    @property
    def decision_index(self) -> int:
        """Index of the decision month on the projection's timeline (0 when it is the start)."""
        if self.decision_month is None:
            return 0
        return max(0, month_index(self.decision_month, self.start))

    def scenario_problems(self) -> list[tuple[str, str]]:
        """Problems across fields, as (path relative to the scenario, message)."""
        return scenario_problems(self)


@plan_type
class Plan(PlanType):
    """A plan file: one or more named scenarios."""

    format: Literal["caseload-planner/plan"] = FORMAT
    schema_version: Literal[2] = SCHEMA_VERSION
    title: Name
    notes: Notes = ""
    scenarios: list[Scenario] = spec(min_length=1, max_length=100)

    def _problems_across_fields(self) -> list[Problem]:
        return plan_problems(self)

    def scenario(self, name: str | None = None) -> Scenario:
        """The scenario called ``name`` (the first when None); KeyError when there is none."""
        if name is None:
            return self.scenarios[0]
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        known = ", ".join(repr(s.name) for s in self.scenarios)
        raise KeyError(f"no scenario named {name!r}; the plan has {known}")
