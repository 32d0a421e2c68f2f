"""What one value of a plan may be (a number in a range, text, a list, …), and the check of plain data against it."""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable
from typing import Any, Final

from desktop.model.checks import Problem

Problems = list[Problem]
Part = str | int | None
"""The last step to a value from its container: a field name, a key or an index; None for the value itself."""


def child_path(parent: str, part: Part) -> str:
    """The path of ``part`` of what is at ``parent``: ``scenarios[0]`` and ``"name"`` give ``scenarios[0].name``.

    As :func:`desktop.model.checks.join_path` writes it, one step at a time: a path is
    only written out when a problem needs it, or once for a list or an object.
    """
    if part is None:
        return parent
    if isinstance(part, int):
        return f"{parent}[{part}]"
    if part.isidentifier():
        return f"{parent}.{part}" if parent else part
    return f'{parent}["{part}"]'


class Spec:
    """The rules and words of one value: range, length, pattern, a check of its own, the text of its tooltip.

    A type alias carries one (``Key = Annotated[str, Spec(pattern=...)]``) and so can a
    field (``= spec(...)``); what the field sets wins over what its type says.
    """

    __slots__ = (
        "check",
        "description",
        "ge",
        "gt",
        "le",
        "lt",
        "max_length",
        "min_length",
        "pattern",
        "pattern_words",
        "strip",
    )

    def __init__(
        self,
        *,
        description: str | None = None,
        ge: float | None = None,
        gt: float | None = None,
        le: float | None = None,
        lt: float | None = None,
        min_length: int | None = None,
        max_length: int | None = None,
        pattern: str | None = None,
        pattern_words: str | None = None,
        strip: bool = False,
        check: Callable[[Any], object] | None = None,
    ) -> None:
        self.description = description
        self.ge = ge
        self.gt = gt
        self.le = le
        self.lt = lt
        self.min_length = min_length
        self.max_length = max_length
        self.pattern = pattern
        """A regular expression the whole text must match (a line break before ``$`` does not)."""
        self.pattern_words = pattern_words
        """What a value that does not match ``pattern`` must be, for the message."""
        self.strip = strip
        """Whitespace at either end is removed before the length is checked."""
        self.check = check
        """Runs once the value is valid otherwise; its ValueError is the message."""

    def merged(self, over: Spec) -> Spec:
        """This spec with whatever ``over`` sets."""
        merged = Spec()
        for name in Spec.__slots__:
            value = getattr(over, name)
            setattr(merged, name, value if value is not None and value is not False else getattr(self, name))
        return merged

    def __repr__(self) -> str:
        given = ", ".join(f"{name}={getattr(self, name)!r}" for name in Spec.__slots__ if getattr(self, name))
        return f"Spec({given})"


# --- messages -----------------------------------------------------------------------------------------------------


def shown(value: Any) -> str:
    """A value as a message quotes it: short, and without repeating a long text or number."""
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, int | float):
        if isinstance(value, float) and abs(value) < 1e6:
            return repr(value)
        if isinstance(value, int) and abs(value) > 10**15:
            return f"a number of {_digits(abs(int(value)))} digits"
        return f"{value:.6g}"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _digits(number: int) -> int:
    try:
        return len(str(number))
    except ValueError:  # more digits than Python turns into text (sys.get_int_max_str_digits)
        return math.floor(math.log10(number)) + 1


def _bound(value: float) -> str:
    return f"{value:g}"


class _RuleError(Exception):
    """A value breaks a rule; the message says which."""

    def __init__(self, message: str) -> None:
        self.message = message


INVALID: Final[Any] = object()
"""What a shape's ``validate`` returns once it has noted a problem."""


# Unicode's White_Space, the whitespace names have always lost at either end (plans saved until now
# were stripped of it); str.strip() would also remove the separators U+001C–U+001F.
_WHITESPACE: Final = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


def encodable(text: str) -> bool:
    """False for a lone surrogate ("\\ud800" in JSON), which no file can hold."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- shapes: what a field holds, how it is checked -------------------------------------------------------------


class Shape:
    """What a value must be; :meth:`validate` returns it as the plan holds it, or notes why not."""

    __slots__ = ("spec",)

    def __init__(self, spec: Spec) -> None:
        self.spec = spec

    def validate(self, value: Any, parent: str, part: Part, problems: Problems) -> Any:
        """``value``, the ``part`` of what is at the path ``parent``, as the plan holds it; else INVALID."""
        try:
            return self.checked(value)
        except _RuleError as refused:
            problems.append(Problem(child_path(parent, part), refused.message))
            return INVALID

    def checked(self, value: Any) -> Any:
        """The value as the plan holds it; _RuleError when it breaks a rule."""
        raise NotImplementedError

    def number(self) -> Number | None:
        """The number this holds, itself or as its items (for the editor's ranges)."""
        return None


_NOT_NUMBERS: Final = (str, bool, list, dict)
"""What is most often found where a number belongs: refused before the slower checks for numpy's numbers."""


class Number(Shape):
    """A finite number within the spec's range; a whole number when ``integer``."""

    __slots__ = ("_range", "integer")

    def __init__(self, spec: Spec, *, integer: bool) -> None:
        super().__init__(spec)
        self.integer = integer
        self._range = (spec.ge, spec.gt, spec.le, spec.lt)

    def checked(self, value: Any) -> float | int:
        kind = type(value)
        number: float | int
        if kind is float and not self.integer:
            number = value
        elif kind is int:
            number = value if self.integer else self._float(value)
        else:
            number = self._unusual(value)
        if not self.integer and not math.isfinite(number):
            raise _RuleError("must be a finite number")
        ge, gt, le, lt = self._range
        if ge is not None and not number >= ge:
            raise _RuleError(f"must be at least {_bound(ge)}, got {shown(value)}")
        if gt is not None and not number > gt:
            raise _RuleError(f"must be greater than {_bound(gt)}, got {shown(value)}")
        if le is not None and not number <= le:
            raise _RuleError(f"must be at most {_bound(le)}, got {shown(value)}")
        if lt is not None and not number < lt:
            raise _RuleError(f"must be less than {_bound(lt)}, got {shown(value)}")
        return number

    def _unusual(self, value: Any) -> float | int:
        """Anything but a plain float or int: a subclass of them (never bool), a numpy number, or a refusal."""
        if value is None or isinstance(value, _NOT_NUMBERS):
            raise _RuleError(f"must be {'a whole number' if self.integer else 'a number'}, got {shown(value)}")
        if self.integer:
            if isinstance(value, int) and not isinstance(value, bool):
                return int(value)
            raise _RuleError(f"must be a whole number, got {shown(value)}")
        if isinstance(value, float | int | numbers.Real) and not isinstance(value, bool):
            return self._float(value)
        raise _RuleError(f"must be a number, got {shown(value)}")

    @staticmethod
    def _float(value: Any) -> float:
        try:
            return float(value)
        except (OverflowError, ValueError, TypeError):
            raise _RuleError(f"must be a number, got {shown(value)}") from None

    def number(self) -> Number:
        return self


class Text(Shape):
    """Text: stripped, of a length, matching a pattern where the spec says so."""

    __slots__ = ("_pattern", "_unicode")

    def __init__(self, spec: Spec) -> None:
        super().__init__(spec)
        self._pattern = re.compile(spec.pattern) if spec.pattern is not None else None
        # Text with rules of its own must be valid Unicode, as it always had to be; a Month is left to its check.
        self._unicode = spec.strip or spec.min_length is not None or spec.max_length is not None or bool(spec.pattern)

    def checked(self, value: Any) -> str:
        if type(value) is str:
            text: str = value
        elif isinstance(value, str):
            text = str.__str__(value)
        else:
            raise _RuleError(f"must be text, got {shown(value)}")
        rules = self.spec
        if self._unicode and not encodable(text):
            raise _RuleError("must be text")
        if rules.strip:
            text = text.strip(_WHITESPACE)
        if rules.min_length is not None and len(text) < rules.min_length:
            short = (
                "must not be empty" if rules.min_length == 1 else f"must be at least {rules.min_length} characters long"
            )
            raise _RuleError(short)
        if rules.max_length is not None and len(text) > rules.max_length:
            raise _RuleError(f"must be at most {rules.max_length} characters long")
        if self._pattern is not None and self._pattern.fullmatch(text) is None:
            raise _RuleError(f"must be {rules.pattern_words or 'text of the right form'}, got {shown(text)}")
        if rules.check is not None:
            try:
                rules.check(text)
            except ValueError as error:
                raise _RuleError(str(error)) from None
        return text


class Constant(Shape):
    """Exactly one value (``Literal["caseload-planner/plan"]``, ``Literal[1]``)."""

    __slots__ = ("value",)

    def __init__(self, spec: Spec, value: str | int) -> None:
        super().__init__(spec)
        self.value = value

    def checked(self, value: Any) -> str | int:
        expected = self.value
        # Exact: True is not 1, nor is 1.0.
        if isinstance(value, type(expected)) and not isinstance(value, bool):
            if isinstance(value, str) and not encodable(value):
                raise _RuleError("must be text")
            if value == expected:
                return expected
        raise _RuleError(f"must be {expected!r}, got {shown(value)}")


class Nullable(Shape):
    """None, or what ``inner`` accepts."""

    __slots__ = ("inner",)

    def __init__(self, spec: Spec, inner: Shape) -> None:
        super().__init__(spec)
        self.inner = inner

    def validate(self, value: Any, parent: str, part: Part, problems: Problems) -> Any:
        return None if value is None else self.inner.validate(value, parent, part, problems)

    def number(self) -> Number | None:
        return self.inner.number()


def _whole(spec: Spec, value: list[Any] | dict[str, Any], path: str, problems: Problems) -> Any:
    """A list or dict whose items are valid, checked as a whole: its length, then its own check."""
    count = len(value)
    if spec.max_length is not None and count > spec.max_length:
        message = f"must have at most {spec.max_length} item(s), has {count}"
    elif spec.min_length is not None and count < spec.min_length:
        message = f"must have at least {spec.min_length} item(s), has {count}"
    elif spec.check is not None:
        try:
            spec.check(value)
        except ValueError as error:
            message = str(error)
        else:
            return value
    else:
        return value
    problems.append(Problem(path, message))
    return INVALID


class ListOf(Shape):
    """A list (a new one: the caller's is not kept) whose items ``item`` accepts."""

    __slots__ = ("item",)

    def __init__(self, spec: Spec, item: Shape) -> None:
        super().__init__(spec)
        self.item = item

    def validate(self, value: Any, parent: str, part: Part, problems: Problems) -> Any:
        here = child_path(parent, part)
        if not isinstance(value, list):
            problems.append(Problem(here, f"must be a list, got {shown(value)}"))
            return INVALID
        if self.spec.max_length is not None and len(value) > self.spec.max_length:
            # The items are not looked at: thousands of them could each be a problem.
            return _whole(self.spec, value, here, problems)
        before = len(problems)
        validate = self.item.validate
        items = [validate(item, here, i, problems) for i, item in enumerate(value)]
        if len(problems) > before:
            return INVALID
        return _whole(self.spec, items, here, problems)

    def number(self) -> Number | None:
        return self.item.number()


def _placeable(key: str) -> str:
    """A key as a field path shows it: a lone surrogate, which no file or terminal can hold, as U+FFFD."""
    if encodable(key):
        return key
    return key.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def key_place(key: object) -> str | int:
    """A key that is not text, as a field path shows it."""
    if isinstance(key, int) and -(2**63) <= key < 2**63:
        return int(key)
    try:
        return str(key)
    except Exception:  # a key of any type can only come from code, and its str() may fail
        return type(key).__name__


class DictOf(Shape):
    """An object (a new dict) with text keys whose values ``value`` accepts."""

    __slots__ = ("value",)

    def __init__(self, spec: Spec, value: Shape) -> None:
        super().__init__(spec)
        self.value = value

    def validate(self, value: Any, parent: str, part: Part, problems: Problems) -> Any:
        here = child_path(parent, part)
        if not isinstance(value, dict):
            problems.append(Problem(here, f"must be an object, got {shown(value)}"))
            return INVALID
        before = len(problems)
        validate = self.value.validate
        entries = {}
        for key, item in value.items():
            if type(key) is str:
                entries[key] = validate(item, here, key if key.isascii() else _placeable(key), problems)
            elif isinstance(key, str):
                text = str.__str__(key)
                entries[text] = validate(item, here, _placeable(text), problems)
            else:
                place = key_place(key)
                problems.append(Problem(child_path(here, place), f"must be text, got {shown(key)}"))
                validate(item, here, place, problems)
        if len(problems) > before:
            return INVALID
        return _whole(self.spec, entries, here, problems)

    def number(self) -> Number | None:
        return self.value.number()
