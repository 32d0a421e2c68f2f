"""Whatever a file holds, opening it gives a plan or a PlanFileError, never another exception."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.io.plan_file import PlanFileError, plan_from_bytes, plan_from_json, plan_to_json
from desktop.model.plan import Plan
from tests.model.builders import places as _places

from .samples import as_json, small_plan

# Lone surrogates included: JSON can carry them as escapes, UTF-8 cannot.
_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats(allow_nan=True, allow_infinity=True)
    | _text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_text, children, max_size=4),
    max_leaves=20,
)


def _opens_or_says_why(open_it: Any, *args: Any) -> Plan | None:
    """The plan, or None after checking that the refusal names the file on every line."""
    refusal: PlanFileError | None = None
    try:
        plan: Plan = open_it(*args, "fuzz.caseplan")
    except PlanFileError as error:
        refusal = error
    if refusal is None:
        return plan
    assert refusal.problems
    assert all(line.startswith("fuzz.caseplan: ") for line in str(refusal).splitlines())
    return None


@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    _opens_or_says_why(plan_from_bytes, data)


@given(_json_values)
def test_arbitrary_json(value: Any) -> None:
    _opens_or_says_why(plan_from_json, json.dumps(value))


_PLACES = _places(small_plan())[1:]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_PLACES), _json_values), min_size=1, max_size=3))
def test_a_valid_plan_with_fields_replaced_by_anything(changes: list[tuple[tuple[str | int, ...], Any]]) -> None:
    """Deep into validation and the rules across fields; a plan that still opens saves and opens again the same."""
    raw = small_plan()
    for path, value in changes:
        _replace(raw, path, value)
    plan = _opens_or_says_why(plan_from_json, json.dumps(raw))
    if plan is not None:
        assert plan_from_json(plan_to_json(plan), "again.caseplan") == plan


def _replace(node: Any, path: tuple[str | int, ...], value: Any) -> None:
    """Put ``value`` at ``path``; nothing when an earlier change has taken the place away."""
    *parents, last = path
    for part in parents:
        if not _has(node, part):
            return
        node = node[part]
    if _has(node, last):
        node[last] = value


def _has(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and part < len(node)


@given(st.integers(min_value=0, max_value=len(as_json(small_plan()))))
def test_a_plan_cut_off_anywhere(length: int) -> None:
    text = as_json(small_plan())
    if length < len(text.rstrip()):
        assert _opens_or_says_why(plan_from_json, text[:length]) is None
