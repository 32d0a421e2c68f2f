"""Tables of every source: reports per year, the work each stage does per report, and seasonality."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, QObject

from desktop.model.intake import yearly_volume
from desktop.model.months import month_ordinal
from desktop.model.plan import Source, StageWork
from desktop.ui.document import FieldPath, PlanDocument
from desktop.ui.editors.numbers import field_spec, format_number
from desktop.ui.editors.table_base import Column, PlanTableModel


class _PerSource(PlanTableModel):
    """Rows: the scenario's sources, named in the row headers."""

    def __init__(self, document: PlanDocument, parent: QObject | None = None) -> None:
        super().__init__(document, parent)
        self.reset()

    def count_rows(self) -> int:
        return len(self.document.scenario.sources)

    def row_label(self, row: int) -> str:
        return self.document.scenario.sources[row].name

    def vertical_header(self, row: int) -> str:
        return self.row_label(row)


class VolumesModel(_PerSource):
    """Columns: calendar years — every year of the projection and every year with a figure.

    A year without a figure shows, grey, the volume the model carries over from another
    year with the source's growth; typing a number there gives the year a figure, and
    clearing a cell removes the figure again.
    """

    def years(self) -> list[int]:
        scenario = self.document.scenario
        first = month_ordinal(scenario.start)
        projection = range(first // 12, (first + scenario.months - 1) // 12 + 1)
        given = {int(year) for source in scenario.sources for year in source.volumes}
        return sorted(given.union(projection))

    def build_columns(self) -> list[Column]:
        columns = []
        for year in self.years():
            spec = field_spec(
                Source,
                "volumes",
                str(year),
                self.tr("reports"),
                0,
                optional=True,
                description=self.tr("Reports received from this source in {year}.").format(year=year),
            )
            columns.append(Column(str(year), "number", spec, tooltip=spec.tooltip(self.locale()), key=str(year)))
        return columns

    def cell_value(self, row: int, column: int) -> Any:
        return self.document.scenario.sources[row].volumes.get(self.column(column).key)

    def derived(self, row: int, column: int) -> tuple[float, str] | None:
        source = self.document.scenario.sources[row]
        year = int(self.column(column).key)
        given = sorted(int(y) for y in source.volumes)
        earlier = [y for y in given if y < year]
        origin = earlier[-1] if earlier else given[0]
        growth = format_number(source.growth_per_year * 100, 1, self.locale())
        note = self.tr("No figure for {year}: carried from {origin} with growth of {growth} % a year.")
        try:
            volume = yearly_volume(source, year)
        except OverflowError:  # growth carried over centuries; the plan's checks refuse such a plan anyway
            return None
        return volume, note.format(year=year, origin=origin, growth=growth)

    def cell_path(self, row: int, column: int) -> FieldPath:
        return ("sources", row, "volumes", self.column(column).key)

    def edit_cell(self, row: int, column: int, value: Any) -> None:
        if value is not None:
            super().edit_cell(row, column, value)
            return
        year = self.column(column).key
        source = self.document.scenario.sources[row]
        text = self.tr("Remove the {year} figure of {source}").format(year=year, source=source.name)
        index = self.document.scenario_index
        self.document.update(lambda plan: plan["scenarios"][index]["sources"][row]["volumes"].pop(year, None), text)


class WorkModel(_PerSource):
    """Columns: per stage, the share of reports that need it (%) and the hours per report."""

    def build_columns(self) -> list[Column]:
        columns = []
        for stage in self.document.scenario.stages:
            share = field_spec(StageWork, "share", stage.name, "%", 1, percent=True)
            hours = field_spec(StageWork, "hours", stage.name, self.tr("h"), 2)
            share_header = self.tr("{stage}\nshare (%)").format(stage=stage.name)
            hours_header = self.tr("{stage}\nhours per report").format(stage=stage.name)
            columns.append(Column(share_header, "number", share, tooltip=share.tooltip(self.locale()), key=stage.key))
            columns.append(Column(hours_header, "number", hours, tooltip=hours.tooltip(self.locale()), key=stage.key))
        return columns

    def _field(self, column: int) -> str:
        return "share" if column % 2 == 0 else "hours"

    def cell_value(self, row: int, column: int) -> Any:
        work = self.document.scenario.sources[row].work.get(self.column(column).key)
        return None if work is None else getattr(work, self._field(column))

    def cell_path(self, row: int, column: int) -> FieldPath:
        return ("sources", row, "work", self.column(column).key, self._field(column))


class SeasonalityModel(_PerSource):
    """Columns: January to December, each a factor on the month's intake (normalised to mean 1 when used)."""

    def build_columns(self) -> list[Column]:
        locale = self.locale()
        spec = field_spec(Source, "seasonality", self.tr("Factor"), "", 2)
        return [
            Column(
                locale.standaloneMonthName(month, QLocale.FormatType.ShortFormat),
                "number",
                spec,
                tooltip=spec.tooltip(locale),
                key=str(month - 1),
            )
            for month in range(1, 13)
        ]

    def cell_value(self, row: int, column: int) -> Any:
        return self.document.scenario.sources[row].seasonality[column]

    def cell_path(self, row: int, column: int) -> FieldPath:
        return ("sources", row, "seasonality", column)
