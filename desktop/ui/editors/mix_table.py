"""The sources table: name, growth and priority mix, where a row's shares wait as a draft until they sum to 100 %.

Changing one share of a mix always breaks "the shares sum to 1", so the typed
shares of a row are kept here, shown highlighted with the row's sum, and go to
the plan as one edit once they add up (within the plan's tolerance).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from desktop.model.checks import MIX_TOLERANCE
from desktop.model.plan import Source
from desktop.ui.document import FieldPath, PlanDocument, PlanEditRejected
from desktop.ui.editors.numbers import NumberSpec, field_spec, format_number
from desktop.ui.editors.table_base import Column, PlanTableModel
from desktop.ui.editors.table_blocks import Cell, CellRefused

_NAME, _GROWTH = 0, 1
_FIRST_SHARE = 2


class SourcesModel(PlanTableModel):
    """Rows: sources. Columns: name, growth per year (%), a share (%) per priority by urgency, and their total."""

    def __init__(self, document: PlanDocument, parent: QObject | None = None) -> None:
        super().__init__(document, parent)
        self._drafts: dict[str, dict[str, float]] = {}
        self.reset()

    def build_columns(self) -> list[Column]:
        growth = field_spec(Source, "growth_per_year", self.tr("Growth per year"), "%", 1, percent=True)
        columns = [
            Column(self.tr("Name"), "text", tooltip=self.tr("Where the reports come from.")),
            Column(growth.header(), "number", growth, tooltip=growth.tooltip(self.locale())),
        ]
        for priority in self.document.scenario.priorities:
            share = field_spec(
                Source,
                "priority_mix",
                priority.name,
                "%",
                2,
                percent=True,
                description=self.tr(
                    "Share of this source's reports that have priority “{name}”; a row sums to 100 %."
                ).format(name=priority.name),
            )
            columns.append(
                Column(share.header(), "number", share, tooltip=share.tooltip(self.locale()), key=priority.key)
            )
        total = NumberSpec(self.tr("Total"), "%", 0.0, 100.0, 2, scale=100.0)
        tip = self.tr("The sum of the row's priority shares; it must be 100 %.")
        columns.append(Column(total.header(), "number", total, tooltip=tip, editable=False))
        return columns

    def is_share(self, column: int) -> bool:
        """Whether ``column`` holds one priority's share (not the name, growth or total)."""
        return _FIRST_SHARE <= column < self.columnCount() - 1

    def count_rows(self) -> int:
        return len(self.document.scenario.sources)

    def row_label(self, row: int) -> str:
        return self.document.scenario.sources[row].name

    def cell_value(self, row: int, column: int) -> Any:
        source = self.document.scenario.sources[row]
        if column == _NAME:
            return source.name
        if column == _GROWTH:
            return source.growth_per_year
        if not self.is_share(column):
            return sum(source.priority_mix.values())
        return source.priority_mix.get(self.column(column).key, 0.0)

    def cell_path(self, row: int, column: int) -> FieldPath:
        if column == _NAME:
            return ("sources", row, "name")
        if column == _GROWTH:
            return ("sources", row, "growth_per_year")
        if not self.is_share(column):
            return ("sources", row, "priority_mix")
        return ("sources", row, "priority_mix", self.column(column).key)

    # ---- drafts of mixes ------------------------------------------------------------------------
    def has_drafts(self) -> bool:
        return bool(self._drafts)

    def _shares(self, row: int) -> dict[str, float]:
        """The row's shares as the user last typed them: its draft, else the plan's mix (0 where missing)."""
        source = self.document.scenario.sources[row]
        if source.key in self._drafts:
            return dict(self._drafts[source.key])
        return {p.key: source.priority_mix.get(p.key, 0.0) for p in self.document.scenario.priorities}

    def _percent(self, total: float) -> str:
        return format_number(total * 100, 2, self.locale())

    def pending(self, row: int, column: int) -> tuple[Any, str] | None:
        if column < _FIRST_SHARE or row >= self.count_rows():
            return None
        draft = self._drafts.get(self.document.scenario.sources[row].key)
        if draft is None:
            return None
        total = sum(draft.values())
        why = self.tr("Not in the plan yet: the shares of this row sum to {total} %; they must sum to 100 %.")
        value = draft.get(self.column(column).key, 0.0) if self.is_share(column) else total
        return value, why.format(total=self._percent(total))

    def edit_cell(self, row: int, column: int, value: Any) -> None:
        if not self.is_share(column):
            super().edit_cell(row, column, value)
            return
        source = self.document.scenario.sources[row]
        shares = self._shares(row)
        shares[self.column(column).key] = value
        if abs(sum(shares.values()) - 1.0) > MIX_TOLERANCE:
            self._drafts[source.key] = shares
            self.dataChanged.emit(self.index(row, _FIRST_SHARE), self.index(row, self.columnCount() - 1))
            self.messages_changed.emit()
            return
        previous = self._drafts.pop(source.key, None)
        text = self.tr("Change the priority mix of {source}").format(source=source.name)
        try:
            self.document.set_value(self.document.scenario_path("sources", row, "priority_mix"), shares, text)
        except PlanEditRejected:
            if previous is not None:
                self._drafts[source.key] = previous
            raise

    def discard_drafts(self) -> None:
        """Forget every row's unbalanced shares; the table shows the plan's mixes again."""
        if self._drafts:
            self._drafts.clear()
            self.refresh()

    def extra_messages(self) -> list[str]:
        found = []
        for row, source in enumerate(self.document.scenario.sources):
            if source.key in self._drafts:
                total = self._percent(sum(self._drafts[source.key].values()))
                found.append(
                    self.tr(
                        "Row {number} ({name}): the priority shares sum to {total} %; they must sum to 100 %. "
                        "The row goes into the plan when they do."
                    ).format(number=row + 1, name=source.name, total=total)
                )
        return found

    def follow_plan(self) -> None:
        """Keep drafts of sources that still exist, with the current priorities; drop those the plan now matches."""
        sources = {source.key: source for source in self.document.scenario.sources}
        keys = [p.key for p in self.document.scenario.priorities]
        for source_key, draft in list(self._drafts.items()):
            source = sources.get(source_key)
            if source is None:
                del self._drafts[source_key]
                continue
            aligned = {key: draft.get(key, 0.0) for key in keys}
            if all(abs(aligned[key] - source.priority_mix.get(key, 0.0)) <= MIX_TOLERANCE for key in keys):
                del self._drafts[source_key]
            else:
                self._drafts[source_key] = aligned

    def forget_pending(self) -> None:
        self._drafts.clear()

    # ---- pasting mixes --------------------------------------------------------------------------
    def _pasted_mixes(self, values: dict[Cell, Any]) -> dict[int, dict[str, float]]:
        mixes: dict[int, dict[str, float]] = {}
        for (row, column), value in sorted(values.items()):
            if self.is_share(column):
                mixes.setdefault(row, self._shares(row))[self.column(column).key] = value
        return mixes

    def check_block(self, values: dict[Cell, Any]) -> None:
        for row, shares in self._pasted_mixes(values).items():
            total = sum(shares.values())
            if abs(total - 1.0) > MIX_TOLERANCE:
                first = min(column for (r, column) in values if r == row and self.is_share(column))
                raise CellRefused(
                    (row, first),
                    self.tr("the priority shares of this row would sum to {total} %; they must sum to 100 %").format(
                        total=self._percent(total)
                    ),
                )

    def block_change(self, values: dict[Cell, Any]) -> Callable[[dict[str, Any]], None]:
        index = self.document.scenario_index
        mixes = self._pasted_mixes(values)
        others = {cell: value for cell, value in values.items() if not self.is_share(cell[1])}

        def change(plan: dict[str, Any]) -> None:
            scenario = plan["scenarios"][index]
            for (row, column), value in others.items():
                self.write_cell(scenario, row, column, value)
            for row, shares in mixes.items():
                scenario["sources"][row]["priority_mix"] = shares

        return change

    def after_block(self, values: dict[Cell, Any]) -> None:
        sources = self.document.scenario.sources
        for row in self._pasted_mixes(values):
            if self._drafts.pop(sources[row].key, None) is not None:
                self.dataChanged.emit(self.index(row, _FIRST_SHARE), self.index(row, self.columnCount() - 1))
