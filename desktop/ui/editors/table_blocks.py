"""Blocks of cells in the editors' tables: copy out as Excel does, paste in and clear as one undoable edit.

A block is all or nothing: one cell that cannot be read, or a plan the block
would make invalid, refuses the whole block with a message naming the row and
column, and the plan stays as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from desktop.io.clipboard_table import format_block
from desktop.model.checks import join_path
from desktop.ui.document import PlanEditRejected
from desktop.ui.editors.messages import problems_text

if TYPE_CHECKING:
    from desktop.ui.editors.table_base import PlanTableModel

Cell = tuple[int, int]


class CellRefused(Exception):  # noqa: N818 - a refusal is an expected outcome
    """A cell of a block that cannot be taken, with the reason (a model's ``check_block`` raises it)."""

    def __init__(self, cell: Cell, message: str) -> None:
        super().__init__(message)
        self.cell = cell
        self.message = message


def copy_block(model: PlanTableModel, cells: list[Cell]) -> str:
    """The cells' bounding block as tab-separated text; cells inside it that are not chosen stay empty.

    Numbers are written as an editor starts with them: the locale's decimal separator, no group
    separators (Excel reads ``36000`` in any locale), shares in percent as shown.
    """
    if not cells:
        return ""
    rows = [row for row, _ in cells]
    columns = [column for _, column in cells]
    chosen = set(cells)
    block = [
        [
            model.cell_text(row, column, for_edit=True) if (row, column) in chosen else ""
            for column in range(min(columns), max(columns) + 1)
        ]
        for row in range(min(rows), max(rows) + 1)
    ]
    return format_block(block)


def paste_block(model: PlanTableModel, top: int, left: int, cells: list[list[str]]) -> bool:
    """Apply ``cells`` from ``(top, left)`` as one edit; if refused, False and the reason in ``block_problem``."""
    model.block_problem = ""
    if not cells or not cells[0]:
        return model.refuse(QCoreApplication.translate("TableBlocks", "The clipboard holds no cells to paste."))
    height, width = len(cells), len(cells[0])
    rows, columns = model.rowCount(), model.columnCount()
    if top + height > rows or left + width > columns:
        return model.refuse(
            QCoreApplication.translate(
                "TableBlocks",
                "Nothing was pasted. The block has {height} row(s) and {width} column(s); from row {row}, "
                "column “{column}” there is room for {rows} row(s) and {columns} column(s).",
            ).format(
                height=height,
                width=width,
                row=top + 1,
                column=model.column(left).header,
                rows=rows - top,
                columns=columns - left,
            )
        )
    failed = QCoreApplication.translate("TableBlocks", "Nothing was pasted. {reason}")
    values: dict[Cell, Any] = {}
    for i, line in enumerate(cells):
        for j, text in enumerate(line):
            cell = (top + i, left + j)
            if not model.column(cell[1]).editable:
                continue  # a computed column (a total): what is pasted there is not an input
            try:
                values[cell] = model.parse_cell(cell[1], text)
            except ValueError as error:
                return model.refuse(failed.format(reason=f"{model.where(*cell)}: {error}"))
    if not values:
        return model.refuse(
            QCoreApplication.translate("TableBlocks", "Nothing was pasted: these columns are computed, not typed.")
        )
    return _apply(
        model, values, QCoreApplication.translate("TableBlocks", "Paste %n cell(s)", None, len(values)), failed
    )


def clear_cells(model: PlanTableModel, cells: list[Cell]) -> bool:
    """Empty the cells where empty means something (no figure for a year), as one edit."""
    model.block_problem = ""
    failed = QCoreApplication.translate("TableBlocks", "Nothing was cleared. {reason}")
    values: dict[Cell, Any] = {}
    for cell in cells:
        try:
            values[cell] = model.parse_cell(cell[1], "")
        except ValueError as error:
            return model.refuse(failed.format(reason=f"{model.where(*cell)}: {error}"))
    return bool(values) and _apply(
        model, values, QCoreApplication.translate("TableBlocks", "Clear %n cell(s)", None, len(values)), failed
    )


def _apply(model: PlanTableModel, values: dict[Cell, Any], text: str, failed: str) -> bool:
    try:
        model.check_block(values)
        model.document.update(model.block_change(values), text)
    except CellRefused as refused:
        return model.refuse(failed.format(reason=f"{model.where(*refused.cell)}: {refused.message}"))
    except PlanEditRejected as rejected:
        return model.refuse(failed.format(reason=_locate(model, rejected, values)))
    model.forget_errors(list(values))
    model.after_block(values)
    rows = [row for row, _ in values]
    columns = [column for _, column in values]
    model.dataChanged.emit(model.index(min(rows), min(columns)), model.index(max(rows), max(columns)))
    model.messages_changed.emit()
    return True


def _locate(model: PlanTableModel, rejected: PlanEditRejected, values: dict[Cell, Any]) -> str:
    """The first problem that concerns a cell of the block, named by row and column; else every problem."""
    document = model.document
    for problem in rejected.problems:
        for cell in sorted(values):
            where = join_path(document.scenario_path(*model.cell_path(*cell)))
            if problem.path == where or where.startswith((problem.path + ".", problem.path + "[")):
                return f"{model.where(*cell)}: {problem.message}"
    return problems_text(rejected.problems, document.plan, document.scenario_index)
