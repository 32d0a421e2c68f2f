"""Files of an older schema_version are lifted to the current one, step by step; newer ones are refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.io.migrations import MIGRATIONS, MigrationError, migrate
from desktop.io.plan_file import PlanFileError, read_plan
from desktop.model.plan import SCHEMA_VERSION, Plan

from .samples import small_plan, write

Raw = dict[str, Any]


def _rename_staff_to_fte(raw: Raw) -> Raw:
    """A made-up step from a made-up version 0, which called a stage's FTE "staff"."""
    for scenario in raw["scenarios"]:
        for stage in scenario["stages"]:
            stage["fte"] = stage.pop("staff")
    return raw


def _version_0_file(tmp_path: Path) -> Path:
    raw = small_plan()
    raw["schema_version"] = 0
    for stage in raw["scenarios"][0]["stages"]:
        stage["staff"] = stage.pop("fte")
    return write(tmp_path / "old.caseplan", raw)


def test_every_version_since_the_first_has_a_step_to_the_next() -> None:
    assert SCHEMA_VERSION == 2
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))


def test_a_version_1_file_opens_with_its_start_as_the_decision_month(tmp_path: Path) -> None:
    raw = small_plan()
    raw["schema_version"] = 1
    for scenario in raw["scenarios"]:
        scenario.pop("decision_month", None)
        for stage in scenario["stages"]:
            stage.pop("max_occupancy", None)
            stage.pop("working_weeks_per_year", None)
    plan = read_plan(write(tmp_path / "version 1 plan.caseplan", raw))
    scenario = plan.scenarios[0]
    assert scenario.decision_month == scenario.start
    assert scenario.decision_index == 0
    assert scenario.stages[0].max_occupancy == 0.85
    assert scenario.stages[0].working_weeks_per_year == 46


def test_an_older_file_is_lifted_through_the_migration_steps(tmp_path: Path) -> None:
    plan = read_plan(_version_0_file(tmp_path), migrations={0: _rename_staff_to_fte, **MIGRATIONS})
    assert plan == Plan.model_validate(small_plan())
    assert plan.scenarios[0].stages[0].fte == 12


def test_steps_run_in_order_and_each_result_is_stamped_with_its_version() -> None:
    seen: list[tuple[str, object]] = []

    def step(name: str) -> Any:
        def lift(raw: Raw) -> Raw:
            seen.append((name, raw["schema_version"]))
            return dict(raw)

        return lift

    lifted = migrate({"schema_version": -1}, {-1: step("from -1"), 0: step("from 0")}, current=1)
    assert seen == [("from -1", -1), ("from 0", 0)]
    assert lifted == {"schema_version": 1}


def test_a_file_older_than_every_step_is_explained(tmp_path: Path) -> None:
    path = _version_0_file(tmp_path)
    with pytest.raises(PlanFileError) as caught:
        read_plan(path)
    assert str(caught.value) == (
        "old.caseplan: the plan has schema_version 0, which this version of Caseload Planner cannot convert; "
        "it reads schema_version 1 to 2"
    )


def test_an_old_file_of_an_unexpected_shape_gives_a_message_not_a_crash(tmp_path: Path) -> None:
    raw = small_plan()
    raw["schema_version"] = 0  # but the stages have no "staff" for the step to rename
    with pytest.raises(PlanFileError) as caught:
        read_plan(write(tmp_path / "odd.caseplan", raw), migrations={0: _rename_staff_to_fte, **MIGRATIONS})
    assert str(caught.value).startswith(
        "odd.caseplan: the plan could not be converted from schema_version 0 to 1: 'staff'"
    )


def test_problems_in_a_lifted_file_are_reported_like_any_other(tmp_path: Path) -> None:
    raw = small_plan()
    raw["schema_version"] = 0
    raw["scenarios"][0]["stages"][0]["staff"] = -3
    del raw["scenarios"][0]["stages"][0]["fte"]
    raw["scenarios"][0]["stages"][1]["staff"] = raw["scenarios"][0]["stages"][1].pop("fte")
    with pytest.raises(PlanFileError) as caught:
        read_plan(write(tmp_path / "old.caseplan", raw), migrations={0: _rename_staff_to_fte, **MIGRATIONS})
    assert str(caught.value) == "old.caseplan: scenarios[0].stages[0].fte: must be at least 0, got -3"


def test_a_newer_file_is_refused_whatever_steps_exist() -> None:
    with pytest.raises(MigrationError, match=r"newer version of Caseload Planner \(schema_version 3\)"):
        migrate({"schema_version": 3}, {0: _rename_staff_to_fte}, current=2)
