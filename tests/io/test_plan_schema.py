"""The JSON Schema of plan files: built from the field declarations, strict, and in agreement with validation."""

from __future__ import annotations

import copy
import math
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.io.plan_file import plan_json_schema
from desktop.model.checks import InvalidPlanError
from desktop.model.example import example_plan
from desktop.model.plan import Plan

from .samples import small_plan

SCHEMA = plan_json_schema()

# Every keyword the schema uses; _satisfies below knows each of them.
_KEYWORDS = {
    "$defs",
    "$ref",
    "$schema",
    "additionalProperties",
    "anyOf",
    "const",
    "default",
    "description",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "items",
    "maxItems",
    "maxLength",
    "maxProperties",
    "maximum",
    "minItems",
    "minLength",
    "minProperties",
    "minimum",
    "pattern",
    "properties",
    "required",
    "title",
    "type",
}


def _definition(name: str) -> dict[str, Any]:
    found: dict[str, Any] = SCHEMA["$defs"][name]
    return found


def test_ranges_lengths_and_patterns_are_those_of_the_fields() -> None:
    source = _definition("Source")["properties"]
    assert source["growth_per_year"] == {
        "default": 0.0,
        "description": "Growth per year for years without a figure (0.1 = +10 %).",
        "exclusiveMinimum": -1,
        "maximum": 10,
        "title": "Growth Per Year",
        "type": "number",
    }
    assert source["seasonality"]["items"] == {"maximum": 12, "minimum": 0, "type": "number"}
    assert (source["seasonality"]["minItems"], source["seasonality"]["maxItems"]) == (12, 12)
    assert source["volumes"]["additionalProperties"] == {"maximum": 1e9, "minimum": 0, "type": "number"}
    assert source["work"]["additionalProperties"] == {"$ref": "#/$defs/StageWork"}
    assert source["key"]["pattern"] == "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
    cap = _definition("Stage")["properties"]["max_exposure_hours_per_week"]
    assert cap["anyOf"] == [{"exclusiveMinimum": 0, "maximum": 168, "type": "number"}, {"type": "null"}]
    assert cap["default"] is None
    assert SCHEMA["properties"]["format"]["const"] == "caseload-planner/plan"
    assert SCHEMA["properties"]["schema_version"] == {
        "const": 2,
        "default": 2,
        "title": "Schema Version",
        "type": "integer",
    }
    assert SCHEMA["required"] == ["title", "scenarios"]


def _objects(node: Any) -> list[dict[str, Any]]:
    """Every schema of an object in ``node``."""
    found = []
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            found.append(node)
        for key, value in node.items():
            if key not in ("default", "const"):
                found += _objects(value)
    elif isinstance(node, list):
        for value in node:
            found += _objects(value)
    return found


def test_every_object_is_closed_and_every_reference_resolves() -> None:
    objects = _objects(SCHEMA)
    assert len(objects) == 1 + len(SCHEMA["$defs"])
    for schema in objects:
        assert schema["additionalProperties"] is False
        assert set(schema.get("required", [])) <= set(schema["properties"])
    references = re.findall(r"'\$ref': '#/\$defs/(\w+)'", repr(SCHEMA))
    assert set(references) == set(SCHEMA["$defs"])


def _keywords(node: Any, inside_properties: bool = False) -> set[str]:
    used: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if not inside_properties:
                used.add(key)
            if key not in ("default", "const"):
                used |= _keywords(value, inside_properties=key in ("properties", "$defs"))
    elif isinstance(node, list):
        for value in node:
            used |= _keywords(value)
    return used


def _satisfies(value: Any, schema: dict[str, Any]) -> bool:
    """Whether ``value`` satisfies ``schema``, for the keywords of _KEYWORDS (as JSON Schema 2020-12 reads them)."""
    if "$ref" in schema:
        return _satisfies(value, _definition(schema["$ref"].removeprefix("#/$defs/")))
    if "anyOf" in schema:
        return any(_satisfies(value, option) for option in schema["anyOf"])
    if "const" in schema and not (value == schema["const"] and type(value) is type(schema["const"])):
        return False
    kind = schema.get("type")
    if kind == "null":
        return value is None
    if kind in ("number", "integer"):
        is_number = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        if not is_number or (kind == "integer" and not isinstance(value, int)):
            return False
        return (
            value >= schema.get("minimum", -math.inf)
            and value > schema.get("exclusiveMinimum", -math.inf)
            and value <= schema.get("maximum", math.inf)
            and value < schema.get("exclusiveMaximum", math.inf)
        )
    if kind == "string":
        return (
            isinstance(value, str)
            and schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", math.inf)
            and ("pattern" not in schema or re.search(schema["pattern"].replace("$", r"\Z"), value) is not None)
        )
    if kind == "array":
        return (
            isinstance(value, list)
            and schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", math.inf)
            and all(_satisfies(item, schema["items"]) for item in value)
        )
    if kind == "object":
        if not isinstance(value, dict) or not set(schema.get("required", [])) <= set(value):
            return False
        if not schema.get("minProperties", 0) <= len(value) <= schema.get("maxProperties", math.inf):
            return False
        properties = schema.get("properties", {})
        rest = schema["additionalProperties"]
        for key, item in value.items():
            if key in properties:
                if not _satisfies(item, properties[key]):
                    return False
            elif rest is False or not _satisfies(item, rest):
                return False
        return True
    return True


def test_the_schema_uses_only_keywords_this_test_can_read() -> None:
    assert _keywords(SCHEMA) <= _KEYWORDS


@pytest.mark.parametrize("plan", [example_plan().model_dump(), small_plan()], ids=["example", "small"])
def test_valid_plans_satisfy_the_schema(plan: dict[str, Any]) -> None:
    assert _satisfies(plan, SCHEMA)


def _broken(path: list[str | int], value: Any) -> dict[str, Any]:
    plan = copy.deepcopy(small_plan())
    node: Any = plan
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return plan


BROKEN = [
    (["scenarios", 0, "sources", 0, "growth_per_year"], -1),
    (["scenarios", 0, "sources", 0, "growth_per_year"], True),
    (["scenarios", 0, "sources", 0, "seasonality"], [1.0] * 11),
    (["scenarios", 0, "sources", 0, "volumes", "2026"], 2e9),
    (["scenarios", 0, "stages", 0, "vacancy_months"], 1.5),
    (["scenarios", 0, "stages", 0, "max_exposure_hours_per_week"], 0),
    (["scenarios", 0, "stages", 0, "fte_per_year"], 3),
    (["scenarios", 0, "priorities", 0, "key"], "has space"),
    (["scenarios", 0, "priorities", 0, "key"], "urgent\n"),
    (["scenarios", 0, "priorities", 0, "name"], ""),
    (["scenarios", 0, "events"], [{"name": "e", "source": "ncmec", "month": "2027-07"}]),
    (["schema_version"], 3),
    (["scenarios"], []),
]


@pytest.mark.parametrize(("path", "value"), BROKEN, ids=[f"{path[-1]}={value!r}" for path, value in BROKEN])
def test_a_field_the_validator_refuses_breaks_the_schema_too(path: list[str | int], value: Any) -> None:
    plan = _broken(path, value)
    with pytest.raises(InvalidPlanError):
        Plan.model_validate(plan)
    assert not _satisfies(plan, SCHEMA)


_values = st.none() | st.booleans() | st.integers(-5, 700) | st.floats(-2, 2e9) | st.sampled_from(["x", "", "2027-01"])
_PLACES: list[tuple[str | int, ...]] = [
    ("scenarios", 0, "months"),
    ("scenarios", 0, "clear_months"),
    ("scenarios", 0, "priorities", 0, "target_days"),
    ("scenarios", 0, "stages", 0, "fte"),
    ("scenarios", 0, "stages", 0, "max_exposure_hours_per_week"),
    ("scenarios", 0, "stages", 0, "vacancy_months"),
    ("scenarios", 0, "stages", 0, "initial_backlog", "urgent"),
    ("scenarios", 0, "stages", 0, "staffing_changes", 0, "fte_delta"),
    ("scenarios", 0, "sources", 0, "growth_per_year"),
    ("scenarios", 0, "sources", 0, "seasonality", 3),
    ("scenarios", 0, "sources", 0, "volumes", "2026"),
    ("scenarios", 0, "sources", 0, "work", "assessment", "hours"),
    ("scenarios", 0, "events", 0, "factor"),
    ("scenarios", 0, "name"),
]


@given(st.lists(st.tuples(st.sampled_from(_PLACES), _values), min_size=1, max_size=3))
def test_what_the_validator_accepts_the_schema_accepts(changes: list[tuple[tuple[str | int, ...], Any]]) -> None:
    plan = copy.deepcopy(small_plan())
    for path, value in changes:
        node: Any = plan
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
    try:
        valid = Plan.model_validate(plan).model_dump()
    except InvalidPlanError:
        assert not _satisfies(plan, SCHEMA) or _only_rules_the_schema_cannot_say(plan)
    else:
        assert _satisfies(valid, SCHEMA)


def _only_rules_the_schema_cannot_say(plan: dict[str, Any]) -> bool:
    """Rules across fields, and a month, a stripped name or a mix sum: no JSON Schema keyword says them."""
    with pytest.raises(InvalidPlanError) as caught:
        Plan.model_validate(plan)
    return all(
        problem.path.endswith((".month", ".name", ".priority_mix", ".growth_per_year", ".seasonality"))
        or "is before the start" in problem.message
        for problem in caught.value.problems
    )
