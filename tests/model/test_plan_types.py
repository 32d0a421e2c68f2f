"""The plan types and their validator (fields.py, shapes.py): strict types, every problem with its path, copies."""

from __future__ import annotations

import copy
import dataclasses
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.model.checks import InvalidPlanError
from desktop.model.example import example_plan
from desktop.model.plan import Event, Plan, Priority, Scenario, Source, Stage

from .builders import places, plan_dict, priority, scenario_dict, source, stage


def _problems(model: type[Any], data: object) -> list[tuple[str, str]]:
    with pytest.raises(InvalidPlanError) as caught:
        model.model_validate(data)
    return [(p.path, p.message) for p in caught.value.problems]


# --- numbers ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", [True, False])
def test_true_or_false_is_not_a_number(flag: bool) -> None:
    shown = "true" if flag else "false"
    assert _problems(Priority, priority(target_days=flag)) == [("target_days", f"must be a number, got {shown}")]
    assert _problems(Stage, stage(vacancy_months=flag)) == [("vacancy_months", f"must be a whole number, got {shown}")]


def test_a_whole_number_is_accepted_for_a_number_and_held_as_a_float() -> None:
    held = Priority.model_validate(priority(target_days=7)).target_days
    assert held == 7.0
    assert type(held) is float


def test_a_float_is_not_a_whole_number_even_when_it_is_whole() -> None:
    assert _problems(Stage, stage(ramp_up_months=3.0)) == [("ramp_up_months", "must be a whole number, got 3.0")]


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_are_refused(value: float) -> None:
    assert _problems(Stage, stage(fte=value)) == [("fte", "must be a finite number")]
    assert _problems(Stage, stage(max_exposure_hours_per_week=value)) == [
        ("max_exposure_hours_per_week", "must be a finite number")
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", "must be a number, got '7'"),
        (None, "must be a number, got null"),
        ([7], "must be a number, got a list"),
        ({"days": 7}, "must be a number, got an object"),
        (b"7", "must be a number, got bytes"),
        (0, "must be greater than 0, got 0"),
        (3650.5, "must be at most 3650, got 3650.5"),
    ],
)
def test_what_is_not_a_number_in_range_is_refused_with_what_it_is(value: Any, expected: str) -> None:
    assert _problems(Priority, priority(target_days=value)) == [("target_days", expected)]


def test_a_whole_number_far_too_large_is_a_problem_not_an_exception() -> None:
    # 10**5000 has more digits than Python turns into text (sys.get_int_max_str_digits).
    assert _problems(Priority, priority(target_days=10**400)) == [
        ("target_days", "must be a number, got a number of 401 digits")
    ]
    assert _problems(Priority, priority(target_days=10**5000)) == [
        ("target_days", "must be a number, got a number of 5001 digits")
    ]
    assert _problems(Stage, stage(vacancy_months=10**5000)) == [
        ("vacancy_months", "must be at most 60, got a number of 5001 digits")
    ]


# --- text ------------------------------------------------------------------------------------------------------


def test_names_lose_the_whitespace_at_either_end() -> None:
    assert Priority.model_validate(priority() | {"name": "  Urgent\t\n"}).name == "Urgent"
    assert _problems(Priority, priority() | {"name": " \t "}) == [("name", "must not be empty")]
    # The length is counted once the ends are stripped.
    assert len(Priority.model_validate(priority() | {"name": "  " + "x" * 200 + "  "}).name) == 200
    assert _problems(Priority, priority() | {"name": "x" * 201}) == [("name", "must be at most 200 characters long")]


def test_a_key_must_match_its_pattern_to_the_very_end() -> None:
    words = "must be an identifier of letters, digits, '_', '-' or '.'"
    assert _problems(Priority, priority("urgent\n")) == [("key", f"{words}, got 'urgent\\n'")]
    assert _problems(Priority, priority("-urgent")) == [("key", f"{words}, got '-urgent'")]
    assert Priority.model_validate(priority("A.b-c_9")).key == "A.b-c_9"


def test_text_that_no_file_can_hold_is_refused() -> None:
    assert _problems(Priority, priority() | {"name": "Urgent \ud800"}) == [("name", "must be text")]


def test_the_format_and_version_are_exact() -> None:
    data = plan_dict(scenario_dict())
    assert _problems(Plan, data | {"schema_version": True}) == [("schema_version", "must be 2, got true")]
    assert _problems(Plan, data | {"schema_version": 2.0}) == [("schema_version", "must be 2, got 2.0")]
    assert _problems(Plan, data | {"format": "other"}) == [("format", "must be 'caseload-planner/plan', got 'other'")]


# --- objects, lists and dicts ----------------------------------------------------------------------------------


def test_an_unknown_field_is_named_with_its_path() -> None:
    data = plan_dict(scenario_dict(stages=[stage(), stage("k2", fte_per_year=3)]))
    assert _problems(Plan, data) == [("scenarios[0].stages[1].fte_per_year", "is not a field of this format")]


def test_a_missing_field_is_named_with_its_path() -> None:
    data = plan_dict(scenario_dict())
    del data["scenarios"][0]["sources"][0]["volumes"]
    assert _problems(Plan, data) == [("scenarios[0].sources[0].volumes", "is required")]


def test_every_problem_is_reported_at_once_in_the_order_of_the_fields() -> None:
    data = plan_dict(scenario_dict(events=[{"name": "e", "source": "s1", "month": "2021-01", "factor": 1.0}]))
    scenario = data["scenarios"][0]
    scenario["months"] = "12"
    scenario["stages"][0]["productive_share"] = 1.5
    scenario["sources"][0]["volumes"] = {"2021": -1.0, "2022": "many"}
    scenario["events"][0]["extra"] = True
    del scenario["events"][0]["factor"]
    data["title"] = ""
    assert _problems(Plan, data) == [
        ("title", "must not be empty"),
        ("scenarios[0].months", "must be a whole number, got '12'"),
        ("scenarios[0].stages[0].productive_share", "must be at most 1, got 1.5"),
        ('scenarios[0].sources[0].volumes["2021"]', "must be at least 0, got -1.0"),
        ('scenarios[0].sources[0].volumes["2022"]', "must be a number, got 'many'"),
        ("scenarios[0].events[0].factor", "is required"),
        ("scenarios[0].events[0].extra", "is not a field of this format"),
    ]


def test_rules_across_fields_wait_until_every_field_is_valid() -> None:
    data = plan_dict(scenario_dict(sources=[source(priority_mix={"p1": 0.5})]))
    assert _problems(Plan, data) == [("scenarios[0].sources[0].priority_mix", "shares must sum to 1, they sum to 0.5")]
    data["scenarios"][0]["months"] = 0
    assert _problems(Plan, data) == [("scenarios[0].months", "must be at least 1, got 0")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (tuple([1.0] * 12), "must be a list, got tuple"),
        ({"1": 1.0}, "must be a list, got an object"),
        ([1.0] * 13, "must have at most 12 item(s), has 13"),
        ([1.0] * 11, "must have at least 12 item(s), has 11"),
    ],
)
def test_a_list_field_takes_a_list_of_its_length(value: Any, expected: str) -> None:
    assert _problems(Source, source(seasonality=value, priority_mix={}, work={})) == [("seasonality", expected)]


def test_keys_of_an_object_must_be_text() -> None:
    problems = _problems(Source, source(volumes={2021: 5.0, (1, 2): "x"}, priority_mix={}, work={}))
    assert problems == [
        ("volumes[2021]", "must be text, got 2021"),
        ('volumes["(1, 2)"]', "must be text, got tuple"),
        ('volumes["(1, 2)"]', "must be a number, got 'x'"),
    ]
    assert _problems(Priority, {**priority(), 7: "seven"}) == [("[7]", "Keys should be strings, got 7")]


@pytest.mark.parametrize("data", [None, [priority()], "urgent", 7, (("key", "p1"),)])
def test_an_object_is_needed_where_a_plan_type_is(data: object) -> None:
    problems = _problems(Priority, data)
    assert len(problems) == 1
    assert problems[0][0] == ""
    assert problems[0][1].startswith("must be an object, got ")


def test_a_value_nested_deeply_where_a_number_belongs_is_one_problem() -> None:
    deep: Any = 1.0
    for _ in range(100_000):
        deep = [deep]
    assert _problems(Stage, stage(fte=deep)) == [("fte", "must be a number, got a list")]


def test_an_instance_is_accepted_where_its_type_is_expected() -> None:
    urgent = Priority.model_validate(priority("urgent"))
    data = plan_dict(scenario_dict(priorities=[priority("p1")]))
    data["scenarios"][0]["priorities"].append(urgent)
    plan = Plan.model_validate(data)
    assert plan.scenarios[0].priorities[1] is urgent
    assert _problems(Stage, urgent) == [("", "must be an object, got Priority")]


# --- defaults, copies and immutability ---------------------------------------------------------------------------


def test_defaults_are_those_of_the_format() -> None:
    held = Stage.model_validate(stage())
    assert (held.exposure_share, held.max_exposure_hours_per_week, held.attrition_per_year) == (0.0, None, 0.0)
    assert (held.vacancy_months, held.ramp_up_months, held.staffing_changes, held.initial_backlog) == (0, 0, [], {})
    first = Source.model_validate(source(priority_mix={}, work={}))
    second = Source.model_validate(source(priority_mix={}, work={}))
    assert first.seasonality == [1.0] * 12
    assert first.seasonality is not second.seasonality


def test_the_plan_keeps_no_list_or_dict_of_the_data_it_was_made_from() -> None:
    data = plan_dict(scenario_dict(stages=[stage(staffing_changes=[{"month": "2021-06", "fte_delta": 1.0}])]))
    plan = Plan.model_validate(data)
    before = plan.model_dump()
    scenario = data["scenarios"][0]
    scenario["stages"][0]["staffing_changes"][0]["fte_delta"] = 99.0
    scenario["stages"][0]["staffing_changes"].append({"month": "2021-07", "fte_delta": 2.0})
    scenario["sources"][0]["volumes"]["2022"] = 5.0
    scenario["sources"].clear()
    assert plan.model_dump() == before


def test_a_dump_is_plain_data_of_its_own() -> None:
    plan = example_plan()
    dumped = plan.model_dump()
    assert dumped == plan.model_dump(mode="json")
    assert Plan.model_validate(copy.deepcopy(dumped)) == plan
    dumped["scenarios"][0]["sources"][0]["seasonality"][0] = 3.0
    dumped["scenarios"][0]["stages"].clear()
    assert plan.model_dump() != dumped
    assert Plan.model_validate(plan.model_dump()) == plan


def test_model_copy_replaces_fields_without_validating_them() -> None:
    held = Priority.model_validate(priority("p1", target_days=7))
    copied = held.model_copy(update={"target_days": -5.0})
    assert copied.target_days == -5.0
    assert held.target_days == 7.0
    assert held.model_copy() == held
    with pytest.raises(TypeError):
        held.model_copy(update={"no_such_field": 1})


def test_instances_cannot_be_changed() -> None:
    held = Event.model_validate({"name": "e", "source": "s1", "month": "2021-01", "factor": 2.0})
    with pytest.raises(dataclasses.FrozenInstanceError):
        held.factor = 3.0  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):
        held.something = 1  # type: ignore[attr-defined]


def test_equality_and_repr_read_the_fields() -> None:
    data = {"name": "e", "source": "s1", "month": "2021-01", "factor": 2}
    assert Event.model_validate(data) == Event.model_validate({**data, "factor": 2.0})
    assert Event.model_validate(data) != Event.model_validate({**data, "factor": 3.0})
    assert repr(Event.model_validate(data)) == "Event(name='e', source='s1', month='2021-01', factor=2.0)"


def test_the_fields_are_listed_in_the_order_of_the_format_with_their_words() -> None:
    assert list(Priority.model_fields) == ["key", "name", "target_days"]
    assert Priority.model_fields["target_days"].description == "Target response time in days."
    assert Event.model_fields["source"].description == "Key of the source it changes."
    assert Stage.model_fields["key"].description.startswith("Stable identifier")  # type: ignore[union-attr]
    assert Scenario.model_fields["name"].required
    assert not Scenario.model_fields["notes"].required


# --- whatever the data, a plan or InvalidPlanError ------------------------------------------------------------------

_anything = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats()
    | st.text(st.characters(codec=None, exclude_categories=()), max_size=8)
    | st.binary(max_size=4)
    | st.sampled_from([(), (1.0,), frozenset(), 1j, object()]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.tuples(children)
        | st.dictionaries(
            st.text(max_size=4) | st.integers() | st.none() | st.tuples(st.integers()), children, max_size=3
        )
    ),
    max_leaves=12,
)


_EXAMPLE = example_plan().model_dump()
_PLACES = places(_EXAMPLE)[1:]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_PLACES), _anything), min_size=1, max_size=3))
def test_any_value_anywhere_gives_a_plan_or_every_problem(changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    data = copy.deepcopy(_EXAMPLE)
    for path, value in changes:
        node: Any = data
        for part in path[:-1]:
            node = node[part] if isinstance(node, dict | list) and _has(node, part) else None
        if isinstance(node, dict | list) and _has(node, path[-1]):
            node[path[-1]] = value
    problems: list[str] = []
    try:
        plan = Plan.model_validate(data)
    except InvalidPlanError as error:
        problems = [problem.message for problem in error.problems]
        assert problems
        assert all(problems)
    if not problems:
        assert Plan.model_validate(plan.model_dump()) == plan


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(part, int) and 0 <= part < len(node)


@given(_anything)
def test_any_value_as_the_whole_plan_is_refused_with_a_problem(value: Any) -> None:
    with pytest.raises(InvalidPlanError):
        Plan.model_validate(value)
