"""Lifting plan files written in an older schema_version to the current one, one version at a time."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from desktop.model.plan import SCHEMA_VERSION

RawPlan = dict[str, Any]
"""A plan file as parsed JSON, before validation."""

Migration = Callable[[RawPlan], RawPlan]
"""Turns the raw dict of version n into the raw dict of version n + 1."""


def _v1_to_v2(raw: RawPlan) -> RawPlan:
    """Version 2 adds a scenario's decision month (older plans: their start month) and, per stage, the
    maximum occupancy and the working weeks a year, whose defaults apply."""
    scenarios = raw.get("scenarios")
    # A broken file is the validator's to describe, with the paths of its problems: leave it as it is.
    for scenario in scenarios if isinstance(scenarios, list) else []:
        if isinstance(scenario, dict) and "start" in scenario:
            scenario.setdefault("decision_month", scenario["start"])
    return raw


MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2}
"""Version n → the step to version n + 1.

When the format changes, SCHEMA_VERSION in desktop.model.plan goes up by one and the
step from the old version is added here, with a test that lifts a real file of the
old version. Steps are never removed, so any file ever written can still be opened.
"""


class MigrationError(Exception):
    """The file's schema_version is missing, newer than this app, or cannot be lifted to the current one."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        """Field path the message is about ("" when it is about the file as a whole)."""


def schema_version_of(raw: Mapping[str, Any]) -> int:
    """The file's schema_version; MigrationError when it is missing or not a whole number."""
    if "schema_version" not in raw:
        raise MigrationError(
            f'is missing; a plan file says which version of the format it follows ("schema_version": {SCHEMA_VERSION})',
            "schema_version",
        )
    version = raw["schema_version"]
    # bool is an int to Python, but `true` in a file is no version number.
    if type(version) is not int:
        raise MigrationError(f"must be a whole number, got {_described(version)}", "schema_version")
    return version


def migrate(raw: RawPlan, migrations: Mapping[int, Migration] = MIGRATIONS, current: int = SCHEMA_VERSION) -> RawPlan:
    """Lift ``raw`` to version ``current`` through ``migrations``; MigrationError when that is impossible.

    A file from a newer app is refused rather than read in part: fields it relies on
    would be dropped without a word, and saving would lose them.
    Steps may change the dict they are given; each result is stamped with its version
    so a step cannot leave a stale number behind.
    """
    version = schema_version_of(raw)
    if version > current:
        raise MigrationError(
            f"the plan was written by a newer version of Caseload Planner (schema_version {version}); "
            f"this version reads up to {current}. Update the app to open it."
        )
    oldest = _oldest_reachable(migrations, current)
    if version < oldest:
        raise MigrationError(
            f"the plan has schema_version {version}, which this version of Caseload Planner cannot convert; "
            f"it reads schema_version {oldest} to {current}"
        )
    while version < current:
        step = migrations[version]
        try:
            lifted = step(raw)
        except (LookupError, TypeError, ValueError, AttributeError) as error:
            # Old files are as untrusted as new ones: a step meeting a shape it did not expect is the file's fault.
            raise MigrationError(
                f"the plan could not be converted from schema_version {version} to {version + 1}: {error}"
            ) from error
        if not isinstance(lifted, dict):
            raise TypeError(f"migration from schema_version {version} returned {type(lifted).__name__}, not a dict")
        version += 1
        lifted["schema_version"] = version
        raw = lifted
    return raw


def _oldest_reachable(migrations: Mapping[int, Migration], current: int) -> int:
    """The oldest version from which an unbroken chain of steps leads to ``current``."""
    oldest = current
    while oldest - 1 in migrations:
        oldest -= 1
    return oldest


def _described(value: object) -> str:
    """A short rendering of a JSON value for a message; never recurses, so nesting cannot break it."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
