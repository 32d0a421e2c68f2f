"""Broken plan files: each gives a message that names the file and the field, never a traceback."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop.io.plan_file import MAX_PLAN_BYTES, MAX_PROBLEMS_LISTED, MB, PlanFileError, plan_from_bytes, read_plan
from desktop.model.plan import SCHEMA_VERSION

from .samples import as_json, problems_in, scenario_of, small_plan, write

Raw = dict[str, Any]


def _stage(raw: Raw, i: int = 0) -> Raw:
    stage: Raw = scenario_of(raw)["stages"][i]
    return stage


def _source(raw: Raw, i: int = 0) -> Raw:
    source: Raw = scenario_of(raw)["sources"][i]
    return source


def _set(get: Callable[[Raw], Raw], field: str, value: Any) -> Callable[[Raw], None]:
    return lambda raw: get(raw).__setitem__(field, value)


# (what is wrong, how to break the small plan, the field path, words the message holds)
BROKEN_FIELDS = [
    ("fte as text", _set(_stage, "fte", "ten"), "scenarios[0].stages[0].fte", "must be a number, got 'ten'"),
    ("months as text", _set(scenario_of, "months", "36"), "scenarios[0].months", "must be a whole number, got '36'"),
    ("months not whole", _set(scenario_of, "months", 36.5), "scenarios[0].months", "must be a whole number"),
    (
        "NaN",
        _set(lambda r: _source(r, 1), "growth_per_year", "<<NaN>>"),
        "scenarios[0].sources[1].growth_per_year",
        "must be a finite number, got NaN",
    ),
    ("Infinity", _set(_stage, "fte", "<<Infinity>>"), "scenarios[0].stages[0].fte", "must be a finite number"),
    (
        "-Infinity in a list",
        lambda raw: _source(raw)["seasonality"].__setitem__(3, "<<-Infinity>>"),
        "scenarios[0].sources[0].seasonality[3]",
        "must be a finite number, got -Infinity",
    ),
    (
        "a number too large for a computer",
        _set(_stage, "fte", "<<1e999>>"),
        "scenarios[0].stages[0].fte",
        "is too large a number (more than 1e300)",
    ),
    (
        "a whole number with 500 digits",
        _set(_stage, "fte", "<<" + "9" * 500 + ">>"),
        "scenarios[0].stages[0].fte",
        "is too large a number",
    ),
    (
        "negative hours per FTE",
        _set(_stage, "hours_per_fte_year", -5),
        "scenarios[0].stages[0].hours_per_fte_year",
        "must be greater than 0",
    ),
    (
        "negative hours per item",
        lambda raw: _source(raw)["work"]["investigation"].__setitem__("hours", -2),
        "scenarios[0].sources[0].work.investigation.hours",
        "must be at least 0, got -2",
    ),
    (
        "a volume of 1e15 reports",
        lambda raw: _source(raw)["volumes"].__setitem__("2026", 1e15),
        'scenarios[0].sources[0].volumes["2026"]',
        "must be at most 1e+09",
    ),
    (
        "growth of -300 %",
        _set(_source, "growth_per_year", -3),
        "scenarios[0].sources[0].growth_per_year",
        "must be greater than -1",
    ),
    (
        "a misspelt field",
        lambda raw: _source(raw).__setitem__("growth_per_yaer", 0.1),
        "scenarios[0].sources[0].growth_per_yaer",
        "is not a field of this format",
    ),
    (
        "a source key used twice",
        _set(lambda r: _source(r, 1), "key", "ncmec"),
        "scenarios[0].sources[1].key",
        "'ncmec' is used more than once",
    ),
    (
        "priority_mix naming an unknown priority",
        lambda raw: _source(raw)["priority_mix"].update({"urgent": 0.0, "high": 0.05}),
        "scenarios[0].sources[0].priority_mix",
        "'high' is not a priority of this scenario",
    ),
    (
        "an event naming an unknown source",
        lambda raw: scenario_of(raw)["events"][0].__setitem__("source", "hotline"),
        "scenarios[0].events[0].source",
        "'hotline' is not a source of this scenario",
    ),
    (
        "a priority mix summing to 0.9",
        lambda raw: _source(raw)["priority_mix"].__setitem__("regular", 0.85),
        "scenarios[0].sources[0].priority_mix",
        "shares must sum to 1, they sum to 0.9",
    ),
]


@pytest.mark.parametrize(("broken", "path", "words"), [c[1:] for c in BROKEN_FIELDS], ids=[c[0] for c in BROKEN_FIELDS])
def test_a_broken_field_is_named_with_its_path(
    tmp_path: Path, broken: Callable[[Raw], None], path: str, words: str
) -> None:
    raw = small_plan()
    broken(raw)
    lines = problems_in(write(tmp_path / "plan.caseplan", raw))
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"plan.caseplan: {path}: "), lines
    assert words in lines[0]


def test_a_key_twice_in_one_object_is_reported_where_it_is(tmp_path: Path) -> None:
    text = as_json(small_plan()).replace('"fte": 12,', '"fte": 12,\n          "fte": 21,', 1)
    path = tmp_path / "plan.caseplan"
    path.write_text(text, encoding="utf-8")
    assert problems_in(path) == ["plan.caseplan: scenarios[0].stages[0]: key 'fte' appears twice"]


def test_text_that_could_not_be_saved_again_is_refused(tmp_path: Path) -> None:
    """JSON allows a lone surrogate escape; UTF-8 cannot hold it, so the plan could never be saved."""
    text = as_json(small_plan()).replace('"Assessment"', '"Assessment \\ud800"', 1)
    path = tmp_path / "plan.caseplan"
    path.write_text(text, encoding="utf-8")
    lines = problems_in(path)
    assert len(lines) == 1
    assert lines[0].startswith(
        "plan.caseplan: scenarios[0].stages[0].name: holds a character that is not valid Unicode"
    )


def test_every_problem_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    raw = small_plan()
    _stage(raw)["fte"] = "ten"
    _stage(raw, 1)["hours_per_fte_year"] = -5
    _source(raw, 1)["growth_per_year"] = "<<NaN>>"
    scenario_of(raw)["months"] = "36"
    text = as_json(raw).replace('"title":', '"notes": "twice",\n  "title":', 1)
    path = tmp_path / "plan.caseplan"
    path.write_text(text, encoding="utf-8")

    lines = problems_in(path)

    assert sorted(lines) == sorted(
        [
            "plan.caseplan: key 'notes' appears twice",
            "plan.caseplan: scenarios[0].sources[1].growth_per_year: must be a finite number, got NaN",
            "plan.caseplan: scenarios[0].months: must be a whole number, got '36'",
            "plan.caseplan: scenarios[0].stages[0].fte: must be a number, got 'ten'",
            "plan.caseplan: scenarios[0].stages[1].hours_per_fte_year: must be greater than 0, got -5",
        ]
    )


def test_every_rule_across_fields_broken_is_reported_at_once(tmp_path: Path) -> None:
    raw = small_plan()
    _source(raw, 1)["key"] = "ncmec"
    scenario_of(raw)["events"][0]["source"] = "hotline"
    _stage(raw)["initial_backlog"]["high"] = 5
    del _source(raw)["work"]["investigation"]

    lines = problems_in(write(tmp_path / "plan.caseplan", raw))

    assert len(lines) == 4, lines
    assert any(line.startswith("plan.caseplan: scenarios[0].sources[1].key: 'ncmec'") for line in lines)
    assert any(line.startswith("plan.caseplan: scenarios[0].events[0].source: 'hotline'") for line in lines)
    assert any(line.startswith("plan.caseplan: scenarios[0].stages[0].initial_backlog: 'high'") for line in lines)
    assert any(line.startswith("plan.caseplan: scenarios[0].sources[0].work: stage 'investigation'") for line in lines)


def _write_text(text: str) -> Callable[[Path], object]:
    return lambda path: path.write_text(text, encoding="utf-8")


def _write_bytes(data: bytes) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(data)


def _cut_in_half(path: Path) -> None:
    text = as_json(small_plan())
    path.write_text(text[: len(text) // 2], encoding="utf-8")


def _fifty_megabytes(path: Path) -> None:
    # Sparse: the size is there at once without writing 50 MB.
    with path.open("wb") as stream:
        stream.truncate(50 * MB)


# (what is wrong, how to write the file, the whole line the user reads or its start)
BROKEN_FILES = [
    ("empty", _write_bytes(b""), "plan.caseplan: the file is empty"),
    ("only spaces", _write_text("  \n\n "), "plan.caseplan: the file is empty"),
    ("cut short", _cut_in_half, "plan.caseplan: the file ends too early (it may have been cut short)"),
    (
        "cut short after a value",
        _write_text('{"format": "caseload-planner/plan"'),
        "plan.caseplan: the file ends",
    ),
    (
        "a trailing comma",
        _write_text('{"format": "caseload-planner/plan",}'),
        "plan.caseplan: this is not valid JSON: expecting property name enclosed in double quotes at line 1, column 36",
    ),
    (
        "Latin-1 bytes",
        _write_bytes(b'{\n  "title": "Zedenpolitie K\xf6ln"\n}'),
        "plan.caseplan: the file is not UTF-8 text (byte 0xf6 at offset 28, line 2); save it as UTF-8",
    ),
    ("UTF-16", _write_bytes('{"a": 1}'.encode("utf-16")), "plan.caseplan: the file is saved as UTF-16 text"),
    ("fifty megabytes", _fifty_megabytes, "plan.caseplan: the file is 50.0 MB; a plan file is at most 10 MB"),
    (
        "a JSON list",
        _write_text("[1, 2, 3]"),
        "plan.caseplan: this is not a Caseload Planner plan file (it holds a list, not an object)",
    ),
    (
        "NaN alone",
        _write_text("NaN"),
        "plan.caseplan: this is not a Caseload Planner plan file (it holds a single value, not an object)",
    ),
    (
        "another app's JSON",
        _write_text('{"name": "my-app", "version": "1.0.0", "dependencies": {}}'),
        'plan.caseplan: this is not a Caseload Planner plan file (it has no "format": "caseload-planner/plan")',
    ),
    (
        "another format",
        _write_text('{"format": "caseload-planner/settings", "schema_version": 1}'),
        "plan.caseplan: this is not a Caseload Planner plan file",
    ),
    (
        "a number of 5,000 digits",
        _write_text('{"format": "caseload-planner/plan", "fte": ' + "9" * 5000 + "}"),
        "plan.caseplan: the file holds a number thousands of digits long",
    ),
    (
        "a list too long for any plan",
        _write_text('{"format": "caseload-planner/plan", "schema_version": 1, "x": [' + "0," * 20_000 + "0]}"),
        "plan.caseplan: x: holds 20,001 items; no part of a plan has more than 10,000",
    ),
    (
        "lists nested deep",
        _write_text("[" * 100_000),
        "plan.caseplan: the JSON is nested too deeply to be a plan file",
    ),
    ("objects nested deep", _write_text('{"a": ' * 100_000), "plan.caseplan: the JSON is nested too deeply"),
]


@pytest.mark.parametrize(("make", "expected"), [c[1:] for c in BROKEN_FILES], ids=[c[0] for c in BROKEN_FILES])
def test_a_broken_file_gets_a_clear_message(tmp_path: Path, make: Callable[[Path], object], expected: str) -> None:
    path = tmp_path / "plan.caseplan"
    make(path)
    lines = problems_in(path)
    assert len(lines) == 1, lines
    assert lines[0].startswith(expected), lines


def test_a_file_from_a_newer_app_is_refused(tmp_path: Path) -> None:
    raw = small_plan()
    raw["schema_version"] = SCHEMA_VERSION + 1
    raw["scenarios"][0]["something_new"] = {"from": "a newer version"}
    assert problems_in(write(tmp_path / "plan.caseplan", raw)) == [
        "plan.caseplan: the plan was written by a newer version of Caseload Planner "
        f"(schema_version {SCHEMA_VERSION + 1}); this version reads up to {SCHEMA_VERSION}. Update the app to open it."
    ]


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        (None, "schema_version: is missing"),
        ("1", "schema_version: must be a whole number, got '1'"),
        (1.0, "schema_version: must be a whole number, got 1.0"),
        (True, "schema_version: must be a whole number, got true"),
        (0, "the plan has schema_version 0, which this version of Caseload Planner cannot convert"),
    ],
)
def test_a_missing_or_odd_schema_version_is_explained(tmp_path: Path, version: object, expected: str) -> None:
    raw = small_plan()
    if version is None:
        del raw["schema_version"]
    else:
        raw["schema_version"] = version
    lines = problems_in(write(tmp_path / "plan.caseplan", raw))
    assert len(lines) == 1
    assert lines[0].startswith(f"plan.caseplan: {expected}")


def test_a_missing_file(tmp_path: Path) -> None:
    assert problems_in(tmp_path / "gone.caseplan") == ["gone.caseplan: there is no such file"]


def test_a_folder_instead_of_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "plans.caseplan"
    folder.mkdir()
    assert problems_in(folder) == ["plans.caseplan: this is a folder, not a plan file"]


def test_a_file_that_may_not_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "plan.caseplan", small_plan())
    # Permissions cannot be taken from root (these tests run as root) or portably on Windows,
    # so the refusal the system would give is simulated.

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    assert problems_in(path) == ["plan.caseplan: you do not have permission to read this file"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes exist on POSIX only")
def test_a_named_pipe_is_not_read(tmp_path: Path) -> None:
    """Opening a pipe nobody writes to would hang the app."""
    path = tmp_path / "pipe.caseplan"
    os.mkfifo(path)
    assert problems_in(path) == ["pipe.caseplan: this is not an ordinary file"]


def test_content_over_the_limit_is_refused_even_when_the_size_was_not_known() -> None:
    """A file that grows after its size was checked is still read only up to the limit."""
    with pytest.raises(PlanFileError) as caught:
        plan_from_bytes(b" " * (MAX_PLAN_BYTES + 1), "growing.caseplan")
    assert str(caught.value) == "growing.caseplan: the file is 10.1 MB; a plan file is at most 10 MB"


def test_the_message_names_a_file_with_spaces_and_accents(tmp_path: Path) -> None:
    folder = tmp_path / "Planning Zeden – 2026"
    folder.mkdir()
    raw = small_plan()
    _stage(raw)["fte"] = -1
    lines = problems_in(write(folder / "plän é.caseplan", raw))
    assert lines == ["plän é.caseplan: scenarios[0].stages[0].fte: must be at least 0, got -1"]


def test_read_plan_accepts_a_string_path(tmp_path: Path) -> None:
    path = tmp_path / "plan.caseplan"
    path.write_text("", encoding="utf-8")
    with pytest.raises(PlanFileError) as caught:
        read_plan(str(path))
    assert caught.value.path == path


def test_a_damaged_file_lists_the_first_hundred_problems(tmp_path: Path) -> None:
    """A damaged file can hold millions of problems; a hundred lines are enough to see what happened."""
    raw = small_plan()
    _source(raw)["volumes"] = {str(year): "<<NaN>>" for year in range(1900, 2201)}
    lines = problems_in(write(tmp_path / "plan.caseplan", raw))
    assert len(lines) == MAX_PROBLEMS_LISTED + 1
    assert lines[0] == 'plan.caseplan: scenarios[0].sources[0].volumes["1900"]: must be a finite number, got NaN'
    assert lines[-1] == "plan.caseplan: there are more problems, not listed; put these right first"


def test_past_a_hundred_field_problems_the_rest_are_counted(tmp_path: Path) -> None:
    raw = small_plan()
    _source(raw)["volumes"] = {str(year): "many" for year in range(1900, 2201)}
    lines = problems_in(write(tmp_path / "plan.caseplan", raw))
    assert len(lines) == MAX_PROBLEMS_LISTED + 1
    assert lines[0] == "plan.caseplan: scenarios[0].sources[0].volumes[\"1900\"]: must be a number, got 'many'"
    assert lines[-1] == "plan.caseplan: and 201 more problems, not listed; put these right first"


def test_a_key_with_a_line_break_keeps_each_problem_on_one_line(tmp_path: Path) -> None:
    raw = small_plan()
    _source(raw)["volumes"]["20\n26"] = 5
    lines = problems_in(write(tmp_path / "plan.caseplan", raw))
    assert len(lines) == 1
    assert "\\n" in lines[0]
