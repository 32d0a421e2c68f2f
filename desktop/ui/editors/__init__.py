"""Editors for everything in a plan: forms and tables bound to the PlanDocument, with undo and Excel paste."""

from desktop.ui.editors.plan_editor import PlanEditor

__all__ = ["PlanEditor"]
