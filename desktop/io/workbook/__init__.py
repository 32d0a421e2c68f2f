"""The meeting workbook: export a plan to Excel (values, live formulas, native charts) and read its assumptions back."""

from __future__ import annotations

from desktop.io.workbook.export import LOCKED_REASON, export_workbook
from desktop.io.workbook.read_back import read_workbook_plan

__all__ = ["LOCKED_REASON", "export_workbook", "read_workbook_plan"]
