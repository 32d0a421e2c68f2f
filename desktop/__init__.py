"""Caseload Planner: capacity planning for teams that handle reports of child sexual abuse material."""

__version__ = "0.1.0"
