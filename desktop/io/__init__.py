"""Reading and writing plan files and exports (no Qt widgets)."""
