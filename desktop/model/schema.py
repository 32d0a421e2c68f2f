"""JSON Schema (draft 2020-12) of a plan type, built from the declarations of its fields."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

from desktop.model.fields import Nested, PlanField, PlanType, iter_plan_types
from desktop.model.shapes import Constant, DictOf, ListOf, Nullable, Number, Shape, Text


def json_schema(root: type[PlanType]) -> dict[str, Any]:
    """The schema of ``root``, with every plan type its fields hold under ``$defs``.

    Keys are sorted, except the properties, which keep the order of the fields.
    """
    schema = _object(root)
    defs = {model.__name__: _object(model) for model in iter_plan_types(root) if model is not root}
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return _sorted(schema)


def _object(model: type[PlanType]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "additionalProperties": False,
        "properties": {name: _property(field) for name, field in model.model_fields.items()},
        "title": model.__name__,
        "type": "object",
    }
    if model.__doc__:
        schema["description"] = inspect.cleandoc(model.__doc__)
    required = [name for name, field in model.model_fields.items() if field.required]
    if required:
        schema["required"] = required
    return schema


def _property(field: PlanField) -> dict[str, Any]:
    schema = _value(field.shape)
    schema["title"] = field.name.replace("_", " ").title()
    if field.description:
        schema["description"] = field.description
    default = field.default_value()
    if default is not dataclasses.MISSING:
        schema["default"] = default
    return schema


def _value(shape: Shape) -> dict[str, Any]:
    """What a value of ``shape`` may be, without the words (title, description) of the field."""
    rules = shape.spec
    schema: dict[str, Any]
    if isinstance(shape, Number):
        schema = {"type": "integer" if shape.integer else "number"}
        bounds = {"minimum": rules.ge, "exclusiveMinimum": rules.gt, "maximum": rules.le, "exclusiveMaximum": rules.lt}
        schema.update({key: bound for key, bound in bounds.items() if bound is not None})
    elif isinstance(shape, Text):
        schema = {"type": "string"}
        lengths = {"minLength": rules.min_length, "maxLength": rules.max_length, "pattern": rules.pattern}
        schema.update({key: limit for key, limit in lengths.items() if limit is not None})
    elif isinstance(shape, Constant):
        schema = {"const": shape.value, "type": "string" if isinstance(shape.value, str) else "integer"}
    elif isinstance(shape, Nullable):
        schema = {"anyOf": [_value(shape.inner), {"type": "null"}]}
    elif isinstance(shape, ListOf):
        schema = {"items": _value(shape.item), "type": "array"}
        schema.update(_counts(shape, "minItems", "maxItems"))
    elif isinstance(shape, DictOf):
        schema = {"additionalProperties": _value(shape.value), "type": "object"}
        schema.update(_counts(shape, "minProperties", "maxProperties"))
    elif isinstance(shape, Nested):
        schema = {"$ref": f"#/$defs/{shape.model.__name__}"}
    else:
        raise TypeError(f"no JSON Schema for {type(shape).__name__}")
    return schema


def _counts(shape: Shape, least: str, most: str) -> dict[str, int]:
    counts = {least: shape.spec.min_length, most: shape.spec.max_length}
    return {key: count for key, count in counts.items() if count is not None}


def _sorted(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its keys sorted at every level; properties, defaults and lists of names keep their order."""
    done: dict[str, Any] = {}
    for key in sorted(schema):
        value = schema[key]
        if key in ("properties", "$defs"):
            done[key] = {name: _sorted(inner) for name, inner in value.items()}
        elif key == "anyOf":
            done[key] = [_sorted(inner) for inner in value]
        elif isinstance(value, dict) and key != "default":
            done[key] = _sorted(value)
        else:
            done[key] = value
    return done
