"""Reading and saving ``.caseplan`` files: hostile input becomes a list of problems, saving is atomic."""

from __future__ import annotations

import contextlib
import json
import math
import stat
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from desktop.io.atomic import SaveError, write_bytes_atomic
from desktop.io.migrations import MIGRATIONS, Migration, MigrationError, migrate
from desktop.io.safe_text import terminal_text
from desktop.model.checks import InvalidPlanError, Problem, join_path
from desktop.model.plan import FORMAT, Plan
from desktop.model.schema import json_schema

FILE_SUFFIX = ".caseplan"
MB = 1024 * 1024
MAX_PLAN_BYTES = 10 * MB
"""Far above real plans (the example is 7 KB, a hundred scenarios like it 0.7 MB); more would only stall the app."""

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_LARGEST_INT = 10**300
"""Whole numbers beyond this come near what a float can hold (and are far past every limit anyway)."""
_MAX_ITEMS = 10_000
"""No list or object of a real plan comes near this (events, the longest with a limit, hold at most 1,000)."""
_MAX_PROBLEMS_KEPT = 10_000
"""Beyond this many problems from validation only their number is told."""
MAX_PROBLEMS_LISTED = 100
"""Enough to put a hand-edited file right in one go; a damaged file could otherwise give millions of lines."""


class PlanFileError(Exception):
    """A plan file that cannot be opened; ``problems`` lists every reason, each with its field path."""

    def __init__(self, path: Path, problems: Sequence[Problem]) -> None:
        self.path = path
        self.problems = list(problems)
        name = path.name or str(path)
        super().__init__("\n".join(terminal_text(f"{name}: {problem}") for problem in self.problems))


class PlanSaveError(SaveError):
    """A plan could not be saved; the message names the file and says why, and the old file is untouched.

    A SaveError, so callers that save plans and other files alike catch one type.
    """


# --- reading ---------------------------------------------------------------------------------------------------


def read_plan(path: Path | str, *, migrations: Mapping[int, Migration] = MIGRATIONS) -> Plan:
    """The plan in the file at ``path``; PlanFileError (and nothing else) when it cannot be used."""
    file = Path(path)
    return plan_from_bytes(_read_bytes(file), file, migrations=migrations)


def _fail(file: Path, message: str, field: str = "") -> PlanFileError:
    return PlanFileError(file, [Problem(field, message)])


def _read_bytes(file: Path) -> bytes:
    def fail(message: str) -> PlanFileError:
        return _fail(file, message)

    try:
        info = file.stat()
        if stat.S_ISDIR(info.st_mode):
            raise fail("this is a folder, not a plan file")
        if not stat.S_ISREG(info.st_mode):
            # A pipe or device could block forever or never end.
            raise fail("this is not an ordinary file")
        if info.st_size > MAX_PLAN_BYTES:
            raise fail(_too_large(info.st_size))
        with file.open("rb") as stream:
            # The size can change between stat and read, or be reported wrongly (some network drives).
            data = stream.read(MAX_PLAN_BYTES + 1)
    except FileNotFoundError:
        raise fail("there is no such file") from None
    except IsADirectoryError:
        raise fail("this is a folder, not a plan file") from None
    except PermissionError:
        raise fail("you do not have permission to read this file") from None
    except OSError as error:
        raise fail(f"the file could not be read: {error.strerror or error}") from None
    except ValueError:  # a NUL character in the name
        raise fail("this is not a valid file name") from None
    if len(data) > MAX_PLAN_BYTES:
        raise fail(_too_large(len(data)))
    return data


def _too_large(size: int) -> str:
    # Rounded up, so a file just over the limit does not read as "10.0 MB; at most 10 MB".
    shown = math.ceil(size * 10 / MB) / 10
    return f"the file is {shown:.1f} MB; a plan file is at most {MAX_PLAN_BYTES // MB} MB"


def plan_from_bytes(
    data: bytes, path_for_messages: Path | str, *, migrations: Mapping[int, Migration] = MIGRATIONS
) -> Plan:
    """The plan in the bytes of a plan file; PlanFileError names ``path_for_messages``."""
    file = Path(path_for_messages)
    if len(data) > MAX_PLAN_BYTES:
        raise _fail(file, _too_large(len(data)))
    bom = data.startswith(_UTF8_BOM)
    if data.startswith(_UTF16_BOMS):
        raise _fail(file, "the file is saved as UTF-16 text; save it as UTF-8")
    try:
        # Windows Notepad starts UTF-8 files with a byte order mark; it is no part of the JSON.
        text = data[len(_UTF8_BOM) :].decode("utf-8") if bom else data.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + (len(_UTF8_BOM) if bom else 0)
        line = data.count(b"\n", 0, offset) + 1
        where = f"byte 0x{data[offset]:02x} at offset {offset}, line {line}"
        raise _fail(file, f"the file is not UTF-8 text ({where}); save it as UTF-8") from None
    return plan_from_json(text, file, migrations=migrations)


def plan_from_json(
    text: str, path_for_messages: Path | str, *, migrations: Mapping[int, Migration] = MIGRATIONS
) -> Plan:
    """The plan in the JSON text of a plan file; PlanFileError names ``path_for_messages``.

    Every problem is reported at once: numbers JSON should not hold, repeated keys and
    every field that breaks a rule, so a file edited by hand can be put right in one go.
    """
    file = Path(path_for_messages)

    def fail(message: str, field: str = "") -> PlanFileError:
        return _fail(file, message, field)

    if not text.strip():
        raise fail("the file is empty")
    parser = _StrictJson()
    try:
        raw = parser.parse(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        cut_short = "the file ends too early (it may have been cut short)"
        if error.pos >= len(text.rstrip()):
            raise fail(f"{cut_short}: it breaks off at {where}") from None
        # A JSON string cannot hold a line break, so one still open has run into the end of the file.
        if error.msg.startswith("Unterminated string"):
            raise fail(f"{cut_short}: it breaks off inside the text that starts at {where}") from None
        raise fail(f"this is not valid JSON: {error.msg.lower()} at {where}") from None
    except RecursionError:
        raise fail("the JSON is nested too deeply to be a plan file") from None
    except ValueError:  # the only other: a whole number of more than 4,300 digits (sys.get_int_max_str_digits)
        raise fail("the file holds a number thousands of digits long; no plan figure comes near that") from None
    raw = parser.check(raw)

    if not isinstance(raw, dict):
        kind = "a list" if isinstance(raw, list) else "a single value"
        raise fail(f"this is not a Caseload Planner plan file (it holds {kind}, not an object)")
    if raw.get("format") != FORMAT:
        has = "has no" if "format" not in raw else "does not have"
        raise fail(f'this is not a Caseload Planner plan file (it {has} "format": "{FORMAT}")')
    try:
        raw = migrate(raw, migrations)
    except MigrationError as error:
        raise fail(error.message, error.field) from None

    problems = parser.problems
    if not parser.oversized and not parser.more:
        plan, found = _validated(raw)
        # Validation sees a NaN as a NaN; the check above already said so, in words closer to the file.
        said = {problem.path for problem in problems}
        problems = problems + [problem for problem in found if problem.path not in said]
        if plan is not None and not problems:
            return plan
    if parser.more:
        problems.append(Problem("", "there are more problems, not listed; put these right first"))
    elif len(problems) > MAX_PROBLEMS_LISTED:
        more = f"and {len(problems) - MAX_PROBLEMS_LISTED:,} more problems, not listed; put these right first"
        problems = [*problems[:MAX_PROBLEMS_LISTED], Problem("", more)]
    raise PlanFileError(file, problems)


def _validated(raw: dict[str, Any]) -> tuple[Plan | None, list[Problem]]:
    """The plan, or every field that breaks a rule (rules across fields are checked once every field is valid)."""
    try:
        return Plan.model_validate(raw), []
    except InvalidPlanError as error:
        count = len(error.problems)
        if count > _MAX_PROBLEMS_KEPT:
            # A file like that was never a plan: its first hundred problems would say little.
            return None, [Problem("", f"{count:,} problems, too many to list: the file is damaged, or not a plan")]
        return None, error.problems


class _BadNumber(float):
    """A NaN, Infinity or -Infinity in the file, which Python's json accepts although JSON has no such thing.

    A float, so that where the walk stops early it passes on as the value it stands for.
    """

    __slots__ = ("text",)
    text: str

    def __new__(cls, text: str) -> _BadNumber:
        number = super().__new__(cls, text)
        number.text = text
        return number


class _ProblemLimitError(Exception):
    """Raised inside the walk once MAX_PROBLEMS_LISTED are found: more are not read."""


class _StrictJson:
    """JSON parsing that notes what ``json.loads`` accepts silently: NaN, infinities, repeated keys.

    The hooks cannot know where in the tree they are, so they leave markers, and
    :meth:`check` walks the tree afterwards to report each with its field path.
    """

    def __init__(self) -> None:
        # id → (the object, its pairs as written); the object is held so its id is not reused.
        self._repeated: dict[int, tuple[dict[str, Any], list[tuple[str, Any]]]] = {}
        self.problems: list[Problem] = []
        self.more = False
        """More than MAX_PROBLEMS_LISTED problems: the walk stopped there, and validation is skipped."""
        self.oversized = False
        """A list or object larger than any in a plan: validating it would only list the same error endlessly."""

    def parse(self, text: str) -> Any:
        # No parse_float or parse_int hook: called for every number they would slow parsing
        # several times over; check() finds the numbers too large instead.
        return json.loads(text, object_pairs_hook=self._object, parse_constant=self._constant)

    def _object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) < len(pairs):
            self._repeated[id(obj)] = (obj, pairs)
        return obj

    @staticmethod
    def _constant(text: str) -> _BadNumber:
        return _BadNumber(text)

    def _found(self, path: tuple[str | int, ...], message: str) -> None:
        if len(self.problems) == MAX_PROBLEMS_LISTED:
            self.more = True
            raise _ProblemLimitError
        self.problems.append(Problem(join_path(path), message))

    def check(self, root: Any) -> Any:
        """``root`` with markers replaced by plain floats; a problem noted for each marker and repeated key.

        Iterative, not recursive: JSON nested a few hundred deep parses, and must not
        then overflow the stack here. Written for speed, as a 10 MB file can hold millions of values.
        """
        if not isinstance(root, dict | list):
            return root
        with contextlib.suppress(_ProblemLimitError):
            self._walk(root)
        return root

    def _walk(self, root: dict[str, Any] | list[Any]) -> None:
        stack: list[tuple[Any, tuple[str | int, ...]]] = [(root, ())]
        while stack:
            node, path = stack.pop()
            if len(node) > _MAX_ITEMS:
                # Validation is skipped then, so what is inside need not be looked at either.
                self.oversized = True
                self._found(path, f"holds {len(node):,} items; no part of a plan has more than {_MAX_ITEMS:,}")
                continue
            items: Iterable[tuple[str | int, Any]]
            if type(node) is dict:
                if repeated := self._repeated.get(id(node)):
                    for key, count in Counter(key for key, _ in repeated[1]).items():
                        if count > 1:
                            self._found(path, f"key {key!r} appears {'twice' if count == 2 else f'{count} times'}")
                items = node.items()
            else:
                items = enumerate(node)
            containers = []
            for part, child in items:
                kind = type(child)
                if kind is dict or kind is list:
                    containers.append((child, (*path, part)))
                elif kind is str:
                    if not child.isascii() and not _encodable(child):
                        self._found((*path, part), f"{_NOT_UNICODE}: {_escaped(child)}")
                elif kind is _BadNumber:
                    # Assigning to an existing key does not disturb the iteration.
                    node[part] = float(child)
                    self._found((*path, part), f"must be a finite number, got {child.text}")
                elif (kind is float and not math.isfinite(child)) or (kind is int and abs(child) > _LARGEST_INT):
                    # A literal such as 1e999 parses as infinity; a whole number this long cannot become a float.
                    node[part] = math.inf if child > 0 else -math.inf
                    self._found((*path, part), "is too large a number (more than 1e300)")
                if type(part) is str and not part.isascii() and not _encodable(part):
                    self._found(path, f"key {_escaped(part)} {_NOT_UNICODE}")
            # Reversed, so the stack hands out children in the order they appear in the file.
            stack.extend(reversed(containers))


_NOT_UNICODE = "holds a character that is not valid Unicode (a lone surrogate)"


def _encodable(text: str) -> bool:
    # A lone surrogate (from a "\ud800" escape) is valid JSON but cannot be saved as UTF-8 again.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _escaped(text: str) -> str:
    return ascii(text if len(text) <= 40 else text[:37] + "...")


# --- saving ----------------------------------------------------------------------------------------------------


def plan_to_json(plan: Plan) -> str:
    """The text of a plan file: 2-space indented JSON, non-ASCII kept as is, newline at the end.

    The same plan always gives the same text, so saving an unchanged plan changes no byte
    and files compare well in version control. ValueError when the plan holds NaN or
    infinity (only possible when validation was bypassed).
    """
    return json.dumps(plan.model_dump(mode="json"), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_plan(plan: Plan, path: Path | str) -> None:
    """Save ``plan`` to ``path`` atomically: afterwards the file holds either the new plan or, on failure, the old one.

    The text goes to a temporary file in the same folder (a rename is only atomic
    within one file system), is flushed to the disk, then renamed over the target.
    PlanSaveError names the file and says why when anything fails.
    """
    target = Path(path)
    try:
        data = plan_to_json(plan).encode("utf-8")
    except ValueError as error:  # also UnicodeEncodeError
        raise PlanSaveError(target, f"the plan holds a value a plan file cannot: {error}") from error
    try:
        write_bytes_atomic(target, data)
    except SaveError as error:
        raise PlanSaveError(error.path, error.reason) from error


# --- the schema ------------------------------------------------------------------------------------------------


def plan_json_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of plan files; docs/plan.schema.json holds its output.

    It covers each field's type and range; the rules across fields (unique keys,
    references, mixes summing to 1) cannot be said in JSON Schema and are in
    docs/plan-format.md.
    """
    schema = json_schema(Plan)
    schema.pop("title", None)
    schema.pop("description", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Caseload Planner plan file (.caseplan)",
        "description": "One plan: one or more named scenarios. Rules across fields (unique keys, references, "
        "priority mixes summing to 1) are not expressed here; see docs/plan-format.md.",
        **schema,
    }
