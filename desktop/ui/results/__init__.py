"""The live results of a scenario: headline figures, charts and the month-by-month table."""

from desktop.ui.results.results_view import ResultsView

__all__ = ["ResultsView"]
