"""Projections and a fixed locale shared by the results tests (no tests of its own; could move to conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QLocale

from desktop.model.engine import Projection, project
from desktop.model.example import example_plan
from desktop.model.measures import Headlines, headlines
from desktop.model.plan import Plan, Scenario


def example_scenario(**stage_changes: dict[str, Any]) -> Scenario:
    """The example's scenario, with fields of stages changed by key: ``assessment={"fte": 60}``."""
    data = example_plan().model_dump()
    for stage in data["scenarios"][0]["stages"]:
        stage.update(stage_changes.get(stage["key"], {}))
    return Plan.model_validate(data).scenarios[0]


def projected(scenario: Scenario | None = None) -> tuple[Projection, Headlines]:
    projection = project(scenario or example_scenario())
    return projection, headlines(projection, solve_hiring=False)


@pytest.fixture
def english_locale() -> Iterator[QLocale]:
    """Numbers as 1,234.5 whatever the machine's locale; the previous default comes back after the test."""
    before = QLocale()
    locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    QLocale.setDefault(locale)
    yield locale
    QLocale.setDefault(before)


@pytest.fixture
def dutch_locale() -> Iterator[QLocale]:
    """Numbers as 1.234,5, as a Dutch coordinator's Excel expects them."""
    before = QLocale()
    locale = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)
    QLocale.setDefault(locale)
    yield locale
    QLocale.setDefault(before)
