"""The plan types' common ground: fields declared once, checked on ``model_validate``, listed in ``model_fields``."""

from __future__ import annotations

import dataclasses
import operator
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import (
    Annotated,
    Any,
    ClassVar,
    Final,
    Literal,
    Self,
    TypeVar,
    Union,
    dataclass_transform,
    get_args,
    get_origin,
)

from desktop.model.checks import InvalidPlanError, Problem
from desktop.model.shapes import (
    INVALID,
    Constant,
    DictOf,
    ListOf,
    Nullable,
    Number,
    Part,
    Problems,
    Shape,
    Spec,
    Text,
    child_path,
    encodable,
    key_place,
    shown,
)

_SPEC: Final = "spec"


def spec(
    *,
    default: Any = dataclasses.MISSING,
    default_factory: Callable[[], Any] | None = None,
    description: str | None = None,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
) -> Any:
    """A field of a plan type: its default and its rules (see :class:`Spec`)."""
    rules = Spec(description=description, ge=ge, gt=gt, le=le, lt=lt, min_length=min_length, max_length=max_length)
    if default_factory is not None:
        return dataclasses.field(default_factory=default_factory, metadata={_SPEC: rules})
    return dataclasses.field(default=default, metadata={_SPEC: rules})


class Nested(Shape):
    """One of the plan types: an object with its fields, or an instance of it."""

    __slots__ = ("model",)

    def __init__(self, spec: Spec, model: type[PlanType]) -> None:
        super().__init__(spec)
        self.model = model

    def validate(self, value: Any, parent: str, part: Part, problems: Problems) -> Any:
        return self.model._plan_layout.validate(value, child_path(parent, part), problems)


# --- the plan types ----------------------------------------------------------------------------------------------


class PlanField:
    """One field of a plan type as declared: name, type, default and rules (``Plan.model_fields["title"]``)."""

    __slots__ = ("annotation", "default", "default_factory", "name", "shape")

    def __init__(
        self, name: str, annotation: Any, shape: Shape, default: Any, default_factory: Callable[[], Any] | None
    ) -> None:
        self.name = name
        self.annotation = annotation
        """The declared type, without the rules an ``Annotated`` alias adds (``float``, ``list[Stage]``, …)."""
        self.shape = shape
        self.default = default
        """The default value; ``dataclasses.MISSING`` when there is none or ``default_factory`` makes it."""
        self.default_factory = default_factory

    def __repr__(self) -> str:
        return f"PlanField({self.name!r}, {self.annotation!r})"

    @property
    def required(self) -> bool:
        return self.default is dataclasses.MISSING and self.default_factory is None

    @property
    def spec(self) -> Spec:
        return self.shape.spec

    @property
    def description(self) -> str | None:
        return self.shape.spec.description

    def number(self) -> Number | None:
        """The number the field holds (itself, or each of its items); None for text, lists of objects, …."""
        return self.shape.number()

    def default_value(self) -> Any:
        """A fresh default (a new list for a list); ``dataclasses.MISSING`` for a required field."""
        return self.default_factory() if self.default_factory is not None else self.default


class _Layout:
    """How one plan type is checked and built from an object: its fields in order, then keys it does not know."""

    __slots__ = ("_defaults", "_make", "_names", "_steps", "model", "values")

    def __init__(self, model: type[PlanType], fields: Mapping[str, PlanField]) -> None:
        self.model = model
        self._make: Callable[..., PlanType] = model
        self._steps = tuple((field.name, field.shape.validate, field.required) for field in fields.values())
        self._defaults = tuple((field.name, field.default, field.default_factory) for field in fields.values())
        self._names = frozenset(fields)
        get = operator.attrgetter(*fields)
        self.values: Callable[[PlanType], tuple[Any, ...]] = get if len(fields) > 1 else lambda made: (get(made),)
        """The values of an instance's fields, in order."""

    def fill(self, made: PlanType, values: Mapping[str, Any]) -> None:
        """Set the fields of a new instance from ``values``, the rest to their defaults; TypeError as a dataclass."""
        put = object.__setattr__
        for name, default, factory in self._defaults:
            if name in values:
                put(made, name, values[name])
            elif factory is not None:
                put(made, name, factory())
            elif default is not dataclasses.MISSING:
                put(made, name, default)
            else:
                raise TypeError(f"{self.model.__name__}() missing keyword argument {name!r}")
        unknown = [name for name in values if name not in self._names]
        if unknown:
            raise TypeError(f"{self.model.__name__}() got an unexpected keyword argument {unknown[0]!r}")

    def validate(self, data: Any, path: str, problems: Problems) -> Any:
        """An instance from the object ``data`` at ``path``, or INVALID once every problem is noted."""
        if not isinstance(data, dict):
            if isinstance(data, self.model):
                return data
            problems.append(Problem(path, f"must be an object, got {shown(data)}"))
            return INVALID
        before = len(problems)
        values = {}
        for name, validate, required in self._steps:
            if name in data:
                values[name] = validate(data[name], path, name, problems)
            elif required:
                problems.append(Problem(child_path(path, name), "is required"))
        if len(values) < len(data) and not self._unknown(data, path, problems):
            # A key no file can hold (a lone surrogate): the object is not read at all.
            del problems[before:]
            problems.append(Problem(path, "must be text"))
        if len(problems) > before:
            return INVALID
        made = self._make(**values)
        # Rules across fields only once every field is valid: they read the fields as the types say.
        across = made._problems_across_fields()
        if across:
            problems.extend(_within(path, problem) for problem in across)
            return INVALID
        return made

    def _unknown(self, data: dict[Any, Any], path: str, problems: Problems) -> bool:
        """Note the keys that are not fields; False when one of them is not valid Unicode."""
        if any(isinstance(key, str) and not encodable(key) for key in data):
            return False
        for key in data:
            if not isinstance(key, str):
                problems.append(Problem(child_path(path, key_place(key)), f"Keys should be strings, got {shown(key)}"))
            elif key not in self._names:
                problems.append(Problem(child_path(path, key), "is not a field of this format"))
        return True


def _within(path: str, problem: Problem) -> Problem:
    """``problem`` of the object at ``path``, with the path from the top."""
    if not path:
        return problem
    inner = problem.path
    return Problem(f"{path}{'' if not inner or inner.startswith('[') else '.'}{inner}", problem.message)


def _plain(value: Any) -> Any:
    """``value`` as new plain lists, dicts, numbers and text."""
    kind = type(value)
    if kind is float or kind is str or kind is int or value is None:
        return value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, PlanType):
        return value.model_dump()
    return value


class PlanType:
    """What every plan type has: checking data (``model_validate``), plain data back, copies and its fields.

    Instances are immutable; equal when their fields are; their repr and hash are
    those of a frozen dataclass. An instance made with the class itself
    (``Priority(key=..., ...)``) or by ``model_copy`` is not checked.
    """

    __slots__ = ()

    model_fields: ClassVar[Mapping[str, PlanField]]
    """Name → declaration, in the order of the file format."""
    _plan_layout: ClassVar[_Layout]

    def __init__(self, **values: Any) -> None:
        type(self)._plan_layout.fill(self, values)

    def __setattr__(self, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = self._plan_layout.values
        return values(self) == values(other)

    def __hash__(self) -> int:
        return hash(self._plan_layout.values(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.model_fields)
        return f"{type(self).__qualname__}({shown})"

    def __getstate__(self) -> tuple[Any, ...]:
        return self._plan_layout.values(self)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        """For copy and pickle, which set the fields of an instance they made without ``__init__``."""
        for name, value in zip(self.model_fields, state, strict=True):
            object.__setattr__(self, name, value)

    @classmethod
    def model_validate(cls, data: object) -> Self:
        """An instance from plain data (or ``data`` itself when it is one); InvalidPlanError lists every problem."""
        problems: Problems = []
        made = cls._plan_layout.validate(data, "", problems)
        if made is INVALID:
            raise InvalidPlanError(problems)
        checked: Self = made
        return checked

    def model_dump(self, *, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
        """The fields as new plain dicts and lists; the same in either mode, as every value is a JSON type."""
        if mode not in ("python", "json"):
            raise ValueError(f"mode must be 'python' or 'json', not {mode!r}")
        return {name: _plain(getattr(self, name)) for name in self.model_fields}

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Self:
        """A copy with some fields replaced, not checked (lists and dicts are shared with this one)."""
        values = {name: getattr(self, name) for name in self.model_fields}
        if update:
            values.update(update)
        make: Callable[..., Self] = type(self)
        return make(**values)

    def _problems_across_fields(self) -> list[Problem]:
        """Problems that no single field shows, paths relative to this object; checked once the fields are valid."""
        return []


def _shape(hint: Any, rules: Spec, where: str) -> Shape:
    """The shape of a declared type; ``rules`` are the field's own, added to what an ``Annotated`` alias says."""
    origin, args = get_origin(hint), get_args(hint)
    if origin is Annotated:
        declared = Spec()
        for extra in hint.__metadata__:
            if isinstance(extra, Spec):
                declared = declared.merged(extra)
        return _shape(args[0], declared.merged(rules), where)
    if hint is float or hint is int:
        return Number(rules, integer=hint is int)
    if hint is str:
        return Text(rules)
    if origin is Literal and len(args) == 1 and isinstance(args[0], str | int):
        return Constant(rules, args[0])
    if origin in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = args[0] if args[1] is type(None) else args[1]
        return Nullable(rules, _shape(inner, rules, where))
    if origin is list and len(args) == 1:
        return ListOf(rules, _shape(args[0], Spec(), where))
    if origin is dict and len(args) == 2 and args[0] is str:
        return DictOf(rules, _shape(args[1], Spec(), where))
    if isinstance(hint, type) and issubclass(hint, PlanType):
        return Nested(rules, hint)
    raise TypeError(f"{where}: a plan field cannot be of type {hint!r}")


def _bare(hint: Any) -> Any:
    return get_args(hint)[0] if get_origin(hint) is Annotated else hint


Model = TypeVar("Model", bound=PlanType)


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(spec, dataclasses.field))
def plan_type(cls: type[Model]) -> type[Model]:
    """Make ``cls`` a plan type: a dataclass with slots whose fields are checked as declared.

    ``__init__``, immutability, equality and repr are :class:`PlanType`'s rather than
    code written for each class (Python 3.12 compiles six functions per frozen
    dataclass, about 1 ms per class, on the window's start-up path).
    """
    made = dataclasses.dataclass(slots=True, kw_only=True, init=False, repr=False, eq=False)(cls)
    declared: Any = made
    hints = {field.name: field.type for field in dataclasses.fields(declared)}
    if any(isinstance(hint, str) for hint in hints.values()):  # ``from __future__ import annotations``
        hints = typing.get_type_hints(made, include_extras=True)
    fields = {}
    for field in dataclasses.fields(declared):
        hint = hints[field.name]
        fields[field.name] = PlanField(
            name=field.name,
            annotation=_bare(hint),
            shape=_shape(hint, field.metadata.get(_SPEC, Spec()), f"{cls.__name__}.{field.name}"),
            default=field.default,
            default_factory=None if field.default_factory is dataclasses.MISSING else field.default_factory,
        )
    made.model_fields = types.MappingProxyType(fields)
    made._plan_layout = _Layout(made, fields)
    return made


def iter_plan_types(root: type[PlanType]) -> Iterator[type[PlanType]]:
    """``root`` and every plan type its fields hold, each once, ``root`` first."""
    seen: list[type[PlanType]] = []
    pending = [root]
    while pending:
        model = pending.pop(0)
        if model in seen:
            continue
        seen.append(model)
        yield model
        for field in model.model_fields.values():
            pending.extend(_nested_types(field.shape))


def _nested_types(shape: Shape) -> list[type[PlanType]]:
    if isinstance(shape, Nested):
        return [shape.model]
    if isinstance(shape, ListOf):
        return _nested_types(shape.item)
    if isinstance(shape, DictOf):
        return _nested_types(shape.value)
    if isinstance(shape, Nullable):
        return _nested_types(shape.inner)
    return []
