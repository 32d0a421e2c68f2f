"""Test set-up shared by every test: Qt runs offscreen, Hypothesis is repeatable under CI."""

from __future__ import annotations

import os

# Set before Qt is first imported, so that nobody running the tests has to.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
