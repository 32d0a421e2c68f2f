"""Pure computation: plan types, the projection engine, measures and the hiring solver (no Qt, no files)."""
