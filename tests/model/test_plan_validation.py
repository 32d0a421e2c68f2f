"""Each rule of a plan refused with the path of the field and a message (plan.py, checks.py)."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

import pytest

from desktop.model.checks import InvalidPlanError
from desktop.model.intake import yearly_volume
from desktop.model.limits import MAX_VOLUME_PER_YEAR
from desktop.model.plan import Plan

from .builders import plan_dict, priority, scenario_dict, source, stage

Edit = Callable[[dict[str, Any]], None]


def _base() -> dict[str, Any]:
    """A valid plan: two priorities, two stages, two sources, an event; edits break one thing."""

    def work() -> dict[str, dict[str, float]]:
        return {"k1": {"share": 1.0, "hours": 1.0}, "k2": {"share": 0.2, "hours": 10.0}}

    return plan_dict(
        scenario_dict(
            start="2021-01",
            months=24,
            priorities=[priority("urgent", 7), priority("regular", 180)],
            stages=[
                stage("k1", fte=5, initial_backlog={"urgent": 3, "regular": 100}),
                stage("k2", fte=5, staffing_changes=[{"month": "2022-01", "fte_delta": 2}]),
            ],
            sources=[
                source("a", volumes={"2021": 1200}, priority_mix={"urgent": 0.1, "regular": 0.9}, work=work()),
                source("b", volumes={"2021": 600}, priority_mix={"urgent": 0.5, "regular": 0.5}, work=work()),
            ],
            events=[{"name": "scanning", "source": "a", "month": "2021-06", "factor": 1.5}],
        )
    )


def _edited(edit: Edit) -> dict[str, Any]:
    data = copy.deepcopy(_base())
    edit(data)
    return data


def _scenario(data: dict[str, Any]) -> dict[str, Any]:
    return data["scenarios"][0]


def _structural_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(InvalidPlanError) as caught:
        Plan.model_validate(data)
    return [(p.path, p.message) for p in caught.value.problems]


def _cross_field_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(InvalidPlanError) as caught:
        Plan.model_validate(data)
    return [(p.path, p.message) for p in caught.value.problems]


def test_the_base_plan_is_valid() -> None:
    plan = Plan.model_validate(_base())
    assert plan.scenario().name == "Base"
    assert [s.key for s in plan.scenario("Base").sources] == ["a", "b"]


def test_an_unknown_scenario_name_is_a_key_error_naming_the_known_ones() -> None:
    with pytest.raises(KeyError, match=r"'Other'.*'Base'"):
        Plan.model_validate(_base()).scenario("Other")


def _set(path: list[str | int], value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        target = _scenario(data)
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return edit


S0 = "scenarios[0]"


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        # shares outside [0, 1]
        (["sources", 0, "work", "k1", "share"], 1.5, (f"{S0}.sources[0].work.k1.share", "must be at most 1, got 1.5")),
        (
            ["sources", 1, "priority_mix", "urgent"],
            -0.1,
            (f"{S0}.sources[1].priority_mix.urgent", "must be at least 0, got -0.1"),
        ),
        (["stages", 0, "productive_share"], 1.01, (f"{S0}.stages[0].productive_share", "must be at most 1, got 1.01")),
        (["stages", 1, "exposure_share"], -0.5, (f"{S0}.stages[1].exposure_share", "must be at least 0, got -0.5")),
        (
            ["stages", 0, "attrition_per_year"],
            1.2,
            (f"{S0}.stages[0].attrition_per_year", "must be at most 1, got 1.2"),
        ),
        # months written YYYY-MM
        (["start"], "2021-13", (f"{S0}.start", "must be a month written YYYY-MM, got '2021-13'")),
        (["start"], "21-01", (f"{S0}.start", "must be a month written YYYY-MM, got '21-01'")),
        (["start"], "2021-1", (f"{S0}.start", "must be a month written YYYY-MM, got '2021-1'")),
        (["start"], "2021-01\n", (f"{S0}.start", "must be a month written YYYY-MM, got '2021-01\\n'")),
        (["start"], "２０２１-01", (f"{S0}.start", "must be a month written YYYY-MM, got '２０２１-01'")),
        (
            ["events", 0, "month"],
            "1899-12",
            (f"{S0}.events[0].month", "year must be between 1900 and 2200, got '1899-12'"),
        ),
        (
            ["stages", 1, "staffing_changes", 0, "month"],
            "2022/01",
            (f"{S0}.stages[1].staffing_changes[0].month", "must be a month written YYYY-MM, got '2022/01'"),
        ),
        # no NaN or infinity anywhere
        (
            ["sources", 0, "work", "k2", "hours"],
            math.nan,
            (f"{S0}.sources[0].work.k2.hours", "must be a finite number"),
        ),
        (["stages", 0, "fte"], math.inf, (f"{S0}.stages[0].fte", "must be a finite number")),
        (["sources", 1, "growth_per_year"], -math.inf, (f"{S0}.sources[1].growth_per_year", "must be a finite number")),
        (["sources", 0, "volumes", "2021"], math.nan, (f'{S0}.sources[0].volumes["2021"]', "must be a finite number")),
        (
            ["stages", 0, "initial_backlog", "regular"],
            math.inf,
            (f"{S0}.stages[0].initial_backlog.regular", "must be a finite number"),
        ),
        (["events", 0, "factor"], math.nan, (f"{S0}.events[0].factor", "must be a finite number")),
        (["priorities", 1, "target_days"], math.inf, (f"{S0}.priorities[1].target_days", "must be a finite number")),
        # limits and types
        (
            ["sources", 0, "volumes", "2021"],
            2e9,
            (f'{S0}.sources[0].volumes["2021"]', "must be at most 1e+09, got 2e+09"),
        ),
        (
            ["sources", 0, "volumes"],
            {"21": 5.0},
            (f"{S0}.sources[0].volumes", "'21' is not a year between 1900 and 2200"),
        ),
        (
            ["sources", 0, "volumes"],
            {"²⁰²¹": 5.0},
            (f"{S0}.sources[0].volumes", "'²⁰²¹' is not a year between 1900 and 2200"),
        ),
        (
            ["sources", 0, "volumes"],
            {"٢٠٢١": 5.0},
            (f"{S0}.sources[0].volumes", "'٢٠٢١' is not a year between 1900 and 2200"),
        ),
        (["months"], 12.0, (f"{S0}.months", "must be a whole number, got 12.0")),
        (["stages", 0, "fte"], "5", (f"{S0}.stages[0].fte", "must be a number, got '5'")),
        (
            ["priorities", 0, "key"],
            "has space",
            (f"{S0}.priorities[0].key", "must be an identifier of letters, digits, '_', '-' or '.', got 'has space'"),
        ),
        (["unknown_field"], 1, (f"{S0}.unknown_field", "is not a field of this format")),
    ],
)
def test_a_field_out_of_its_range_is_refused_with_its_path(
    path: list[str | int], value: Any, expected: tuple[str, str]
) -> None:
    assert _structural_problems(_edited(_set(path, value))) == [expected]


def test_seasonality_of_all_zeros_and_the_wrong_length_are_refused() -> None:
    zeros = _structural_problems(_edited(_set(["sources", 0, "seasonality"], [0.0] * 12)))
    assert zeros == [(f"{S0}.sources[0].seasonality", "at least one month must have a factor above 0")]
    short = _structural_problems(_edited(_set(["sources", 0, "seasonality"], [1.0] * 11)))
    assert short == [(f"{S0}.sources[0].seasonality", "must have at least 12 item(s), has 11")]
    nan = _structural_problems(_edited(_set(["sources", 0, "seasonality"], [1.0] * 3 + [math.nan] + [1.0] * 8)))
    assert nan == [(f"{S0}.sources[0].seasonality[3]", "must be a finite number")]


def test_every_structural_problem_is_reported_at_once() -> None:
    def edit(data: dict[str, Any]) -> None:
        _scenario(data)["start"] = "2021-13"
        _scenario(data)["sources"][0]["work"]["k1"]["share"] = 2.0
        _scenario(data)["stages"][1]["hours_per_fte_year"] = math.nan

    assert sorted(_structural_problems(_edited(edit))) == sorted(
        [
            (f"{S0}.start", "must be a month written YYYY-MM, got '2021-13'"),
            (f"{S0}.sources[0].work.k1.share", "must be at most 1, got 2.0"),
            (f"{S0}.stages[1].hours_per_fte_year", "must be a finite number"),
        ]
    )


# --- checks across fields ------------------------------------------------------------------------


@pytest.mark.parametrize(("urgent", "regular"), [(0.1, 0.8999999), (0.1, 0.9000001), (0.3, 0.7)])
def test_a_priority_mix_within_a_millionth_of_one_is_accepted(urgent: float, regular: float) -> None:
    Plan.model_validate(_edited(_set(["sources", 0, "priority_mix"], {"urgent": urgent, "regular": regular})))


@pytest.mark.parametrize(("regular", "shown"), [(0.89999, "0.99999"), (0.9001, "1.0001"), (0.0, "0.1")])
def test_a_priority_mix_not_summing_to_one_is_refused(regular: float, shown: str) -> None:
    problems = _cross_field_problems(_edited(_set(["sources", 0, "priority_mix"], {"urgent": 0.1, "regular": regular})))
    assert problems == [(f"{S0}.sources[0].priority_mix", f"shares must sum to 1, they sum to {shown}")]


@pytest.mark.parametrize(
    ("what", "index", "key"),
    [("priorities", 0, "urgent"), ("stages", 1, "k2"), ("sources", 0, "a")],
)
def test_duplicate_keys_are_refused_at_the_second_one(what: str, index: int, key: str) -> None:
    def edit(data: dict[str, Any]) -> None:
        items = _scenario(data)[what]
        items.append({**copy.deepcopy(items[index]), "key": key})

    problems = _cross_field_problems(_edited(edit))
    position = len(_base()["scenarios"][0][what])
    assert (f"{S0}.{what}[{position}].key", f"{key!r} is used more than once; keys must be unique") in problems


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            _set(["stages", 1, "initial_backlog"], {"urgnet": 4.0}),
            (f"{S0}.stages[1].initial_backlog", "'urgnet' is not a priority of this scenario"),
        ),
        (
            _set(["sources", 1, "priority_mix"], {"urgent": 0.5, "regular": 0.5, "low": 0.0}),
            (f"{S0}.sources[1].priority_mix", "'low' is not a priority of this scenario"),
        ),
        (
            _set(["sources", 0, "work", "k3"], {"share": 1.0, "hours": 1.0}),
            (f"{S0}.sources[0].work", "'k3' is not a stage of this scenario"),
        ),
        (
            _set(["events", 0, "source"], "c"),
            (f"{S0}.events[0].source", "'c' is not a source of this scenario"),
        ),
        (
            _set(["stages", 1, "staffing_changes", 0, "month"], "2020-12"),
            (f"{S0}.stages[1].staffing_changes[0].month", "2020-12 is before the start 2021-01"),
        ),
    ],
)
def test_an_unknown_reference_is_refused(edit: Edit, expected: tuple[str, str]) -> None:
    assert _cross_field_problems(_edited(edit)) == [expected]


def test_a_source_must_list_every_stage() -> None:
    def edit(data: dict[str, Any]) -> None:
        del _scenario(data)["sources"][1]["work"]["k2"]

    assert _cross_field_problems(_edited(edit)) == [
        (f"{S0}.sources[1].work", "stage 'k2' is missing (give share 0 if it does not apply)")
    ]


def test_scenario_names_are_unique() -> None:
    data = _base()
    data["scenarios"].append(copy.deepcopy(data["scenarios"][0]))
    assert _cross_field_problems(data) == [("scenarios[1].name", "'Base' is used more than once; names must be unique")]


def test_every_cross_field_problem_is_reported_with_its_scenario() -> None:
    data = _base()
    second = copy.deepcopy(data["scenarios"][0])
    second["name"] = "Second"
    second["events"][0]["source"] = "zz"
    second["sources"][0]["priority_mix"]["urgent"] = 0.2
    data["scenarios"].append(second)
    assert _cross_field_problems(data) == [
        ("scenarios[1].sources[0].priority_mix", "shares must sum to 1, they sum to 1.1"),
        ("scenarios[1].events[0].source", "'zz' is not a source of this scenario"),
    ]


# --- growth carrying a volume past the limit -----------------------------------------------------


def test_growth_carrying_the_intake_past_the_limit_is_refused() -> None:
    # 1e8 × 4 = 4e8 in 2022 (within), × 4 = 1.6e9 in 2023, the last year of a 36-month plan from 2021
    data = _edited(_set(["sources", 1, "volumes"], {"2021": 1e8}))
    _scenario(data)["sources"][1]["growth_per_year"] = 3.0
    _scenario(data)["months"] = 36
    assert _cross_field_problems(data) == [
        (f"{S0}.sources[1].growth_per_year", "carries the intake to 1.6e+09 reports in 2023, more than 1e+09 a year")
    ]


def test_growth_carrying_the_intake_back_past_the_limit_is_refused() -> None:
    # a plan from 2019; first figure 2e8 in 2021, growth −60 %: 2020 has 2e8 ÷ 0.4 = 5e8 (within),
    # 2019 5e8 ÷ 0.4 = 1.25e9
    data = _edited(_set(["sources", 0, "volumes"], {"2021": 2e8}))
    _scenario(data)["sources"][0]["growth_per_year"] = -0.6
    _scenario(data)["start"] = "2019-01"
    _scenario(data)["stages"][1]["staffing_changes"] = []
    _scenario(data)["events"] = []
    assert _cross_field_problems(data) == [
        (f"{S0}.sources[0].growth_per_year", "carries the intake to 1.25e+09 reports in 2019, more than 1e+09 a year")
    ]


def test_growth_within_the_limit_is_accepted() -> None:
    # 1e8 × 3 × 3 = 9e8 reports in 2022 (the last year of 24 months from 2021)
    data = _edited(_set(["sources", 0, "volumes"], {"2021": 1e8}))
    _scenario(data)["sources"][0]["growth_per_year"] = 2.0
    Plan.model_validate(data)


def test_growth_carrying_the_intake_to_exactly_the_limit_is_accepted() -> None:
    # 1e8 × (1 + 9) = 1e9 reports in 2022: the most a year may have (a figure of 1e9 is accepted)
    data = _edited(_set(["sources", 0, "volumes"], {"2021": 1e8}))
    _scenario(data)["sources"][0]["growth_per_year"] = 9.0
    plan = Plan.model_validate(data)
    assert yearly_volume(plan.scenario().sources[0], 2022) == pytest.approx(MAX_VOLUME_PER_YEAR, rel=1e-12)


def test_growth_carrying_the_intake_past_the_limit_between_two_figures_is_refused() -> None:
    # figures for 2021 (1e8) and 2030 (5); growth 10: 2022 gets 1e8 × 11 = 1.1e9, 2023 1.21e10
    data = _edited(_set(["sources", 0, "volumes"], {"2021": 1e8, "2030": 5.0}))
    _scenario(data)["sources"][0]["growth_per_year"] = 10.0
    _scenario(data)["months"] = 36
    problems = _cross_field_problems(data)
    assert [path for path, _ in problems] == [f"{S0}.sources[0].growth_per_year"]
    assert problems[0][1].endswith("more than 1e+09 a year")
