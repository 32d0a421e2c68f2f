"""A saved plan opens as the same plan; the documented format and schema match the code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from desktop.io.plan_file import plan_from_json, plan_json_schema, plan_to_json, read_plan, write_plan
from desktop.model.example import example_plan
from desktop.model.plan import SCHEMA_VERSION, Event, Plan, Priority, Scenario, Source, StaffingChange, Stage, StageWork

from .samples import as_json, small_plan, write

ROOT = Path(__file__).resolve().parents[2]
FORMAT_DOC = ROOT / "docs" / "plan-format.md"
SCHEMA_FILE = ROOT / "docs" / "plan.schema.json"


def test_example_plan_survives_saving_and_opening(tmp_path: Path) -> None:
    path = tmp_path / "example.caseplan"
    write_plan(example_plan(), path)
    assert read_plan(path) == example_plan()


def test_saving_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    """An unchanged plan saved again changes nothing, so version control shows no difference."""
    first, second = tmp_path / "first.caseplan", tmp_path / "second.caseplan"
    write_plan(example_plan(), first)
    write_plan(read_plan(first), second)
    assert first.read_bytes() == second.read_bytes()


def test_folder_and_file_names_with_spaces_and_accents(tmp_path: Path) -> None:
    folder = tmp_path / "Planning Zeden – 2026"
    folder.mkdir()
    path = folder / "plän é.caseplan"
    write_plan(example_plan(), path)
    assert read_plan(str(path)) == example_plan()
    assert [p.name for p in folder.iterdir()] == ["plän é.caseplan"]


def test_saved_text_is_indented_utf8_with_a_final_newline(tmp_path: Path) -> None:
    path = tmp_path / "example.caseplan"
    write_plan(example_plan(), path)
    data = path.read_bytes()
    text = data.decode("utf-8")
    assert text.startswith('{\n  "format": "caseload-planner/plan",\n  "schema_version": 2,\n')
    assert text.endswith("}\n")
    assert not data.startswith(b"\xef\xbb\xbf")
    # The en dash of the title is written as itself, readable in any editor.
    assert "2021–2027" in text
    assert "\\u2013" not in text
    assert text == plan_to_json(example_plan())


def test_a_hand_written_file_with_defaults_left_out_opens(tmp_path: Path) -> None:
    plan = read_plan(write(tmp_path / "small.caseplan", small_plan()))
    investigation = plan.scenarios[0].stages[1]
    assert investigation.attrition_per_year == 0.0
    assert investigation.max_exposure_hours_per_week is None
    assert investigation.staffing_changes == []
    assert plan.scenarios[0].sources[1].seasonality == [1.0] * 12


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """Windows Notepad starts UTF-8 files with one."""
    path = tmp_path / "notepad.caseplan"
    path.write_bytes(b"\xef\xbb\xbf" + as_json(small_plan()).encode("utf-8"))
    assert read_plan(path).title == "Team Zeden – small example"


def test_text_round_trip_for_autosave() -> None:
    plan = example_plan()
    assert plan_from_json(plan_to_json(plan), "autosave.caseplan") == plan


def _example_in_the_format_doc() -> str:
    doc = FORMAT_DOC.read_text(encoding="utf-8")
    section = doc.split("## A complete example", 1)[1]
    match = re.search(r"```json\n(.*?)```", section, re.DOTALL)
    assert match, "docs/plan-format.md has a complete example in a json block"
    return match.group(1)


def test_the_documented_example_opens_and_is_the_test_plan() -> None:
    text = _example_in_the_format_doc()
    plan = plan_from_json(text, "plan-format.md")
    assert plan == Plan.model_validate(small_plan())
    assert json.loads(text) == small_plan()


@pytest.mark.parametrize(
    "model", [Plan, Scenario, Priority, Stage, StaffingChange, Source, StageWork, Event], ids=lambda m: m.__name__
)
def test_the_format_doc_names_every_field(model: type[Plan]) -> None:
    """A field added to the code without a word in the doc fails here."""
    doc = FORMAT_DOC.read_text(encoding="utf-8")
    missing = [name for name in model.model_fields if f"| `{name}` |" not in doc]
    assert missing == []


def test_the_committed_json_schema_is_what_the_code_produces() -> None:
    expected = json.dumps(plan_json_schema(), indent=2, ensure_ascii=False) + "\n"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == expected, (
        "docs/plan.schema.json is out of date: run `caseload-planner schema -o docs/plan.schema.json`"
    )


def test_the_json_schema_describes_the_format() -> None:
    schema = plan_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["format"]["const"] == "caseload-planner/plan"
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION == 2
    assert schema["additionalProperties"] is False
    stage = schema["$defs"]["Stage"]["properties"]
    assert stage["hours_per_fte_year"]["exclusiveMinimum"] == 0
    assert stage["hours_per_fte_year"]["maximum"] == 8784
