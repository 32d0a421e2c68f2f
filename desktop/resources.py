"""Finds the files that ship with the app (icons, later translations), from source, installed and frozen alike.

They live in the package folder ``desktop/resources_data/``: an editable install
reads them where they are, a wheel carries them as package data, and the
PyInstaller spec copies the folder to the same place inside the bundle. This is
the one module that knows how: nothing else looks at ``sys._MEIPASS`` or
``importlib.resources``. No Qt here, so that the command line can use it too.
"""

from __future__ import annotations

import contextlib
import importlib.resources
import sys
from functools import cache
from pathlib import Path

DATA_PACKAGE = "desktop"
DATA_FOLDER = "resources_data"
ICON_NAME = "caseload-planner"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
"""Sizes of the PNG icons, in pixels."""

_extracted = contextlib.ExitStack()  # keeps files from a zipped install on disk while the process runs


class ResourceMissingError(FileNotFoundError):
    """A file the app ships with is not there: a broken installation or bundle."""


def is_frozen() -> bool:
    """True inside the PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


@cache
def resources_folder() -> Path:
    """The folder holding the shipped files."""
    if is_frozen():
        # The spec copies desktop/resources_data to this place inside the bundle's _internal folder.
        return Path(getattr(sys, "_MEIPASS")) / DATA_PACKAGE / DATA_FOLDER  # noqa: B009 - set by the bootloader only
    folder = importlib.resources.files(DATA_PACKAGE).joinpath(DATA_FOLDER)
    if isinstance(folder, Path):
        return folder
    return Path(_extracted.enter_context(importlib.resources.as_file(folder)))  # e.g. installed from a zip


def resource_path(*parts: str) -> Path:
    """The shipped file ``parts`` (e.g. ``"icons", "caseload-planner.ico"``); ResourceMissingError when absent."""
    path = resources_folder().joinpath(*parts)
    if not path.exists():
        missing = "/".join(parts)
        raise ResourceMissingError(f"{missing} is missing from {resources_folder()}; reinstall Caseload Planner")
    return path


def icon_files() -> list[Path]:
    """The app's icon as PNG files, smallest first, for a QIcon that has a sharp picture at every size."""
    return [resource_path("icons", f"{ICON_NAME}-{size}.png") for size in ICON_SIZES]


def windows_icon_file() -> Path:
    """The app's icon as a Windows .ico (the executables and the installer carry it)."""
    return resource_path("icons", f"{ICON_NAME}.ico")
