"""The editor's ranges, whole-number rule and tooltips come from the plan's field declarations (numbers.py)."""

from __future__ import annotations

import pytest

from desktop.model.limits import MAX_VOLUME_PER_YEAR
from desktop.model.plan import Plan, Scenario, Source, Stage
from desktop.ui.editors.numbers import field_description, field_spec


def test_an_exclusive_lower_bound_and_percent_follow_the_field() -> None:
    growth = field_spec(Source, "growth_per_year", "Growth", "%", 1, percent=True)
    assert (growth.minimum, growth.min_exclusive, growth.maximum) == (-100.0, True, 1000.0)
    assert not growth.integer
    # The "(0.1 = +10 %)" hint is for the plan's 0–1 figures, not for the percent the editor shows.
    assert growth.description == "Growth per year for years without a figure."


def test_a_whole_number_field_is_whole_in_the_editor() -> None:
    months = field_spec(Scenario, "months", "Months", "months", 0)
    assert (months.minimum, months.maximum, months.integer) == (1.0, 600.0, True)
    vacancy = field_spec(Stage, "vacancy_months", "Vacancy", "months", 0)
    assert (vacancy.minimum, vacancy.maximum, vacancy.integer) == (0.0, 60.0, True)


@pytest.mark.parametrize(
    ("model", "name", "low", "exclusive", "high"),
    [
        (Stage, "max_exposure_hours_per_week", 0.0, True, 168.0),
        (Stage, "initial_backlog", 0.0, False, MAX_VOLUME_PER_YEAR),
        (Source, "volumes", 0.0, False, MAX_VOLUME_PER_YEAR),
        (Source, "seasonality", 0.0, False, 12.0),
        (Source, "priority_mix", 0.0, False, 1.0),
    ],
)
def test_an_optional_number_and_the_values_of_a_list_or_dict_have_their_range(
    model: type[Stage | Source], name: str, low: float, exclusive: bool, high: float
) -> None:
    spec = field_spec(model, name, name, "", 2)
    assert (spec.minimum, spec.min_exclusive, spec.maximum) == (low, exclusive, high)


def test_tooltips_are_the_descriptions_of_the_fields() -> None:
    assert field_description(Stage, "fte") == "Funded FTE at the start, all in post and fully productive."
    assert field_description(Stage, "productive_share", percent=True) == "Share of paid hours available for casework."
    assert field_description(Plan, "notes") == ""


def test_a_field_without_a_number_has_no_number_spec() -> None:
    with pytest.raises(TypeError, match=r"Stage\.name holds no number"):
        field_spec(Stage, "name", "Name", "", 0)
