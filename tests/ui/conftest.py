"""Fixtures for widget tests: a document on the example plan."""

from __future__ import annotations

import pytest

from desktop.model.example import example_plan
from desktop.ui.document import PlanDocument


@pytest.fixture
def document(qtbot: object) -> PlanDocument:
    """The example plan, opened as an unsaved document."""
    return PlanDocument(example_plan())
