"""Fixtures for widget tests: a document on the example plan, and no unexpected dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.model.example import example_plan
from desktop.ui.document import PlanDocument
from desktop.ui.editors import PlanEditor


class DialogLog:
    """Records the message boxes a test lets appear, and answers them as the test says."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []
        self._answers: dict[str, list[QMessageBox.StandardButton]] = {}

    def answer(self, kind: str, *buttons: QMessageBox.StandardButton) -> None:
        """Queue the buttons the next ``kind`` boxes ("question", "warning", …) are answered with."""
        self._answers.setdefault(kind, []).extend(buttons)

    def texts(self, kind: str) -> list[str]:
        return [text for shown_kind, _title, text in self.shown if shown_kind == kind]

    def box(self, kind: str) -> object:
        def show(_parent: object, title: str, text: str, *_args: object, **_kwargs: object) -> object:
            self.shown.append((kind, title, text))
            queue = self._answers.get(kind)
            if queue:
                return queue.pop(0)
            if kind == "question":
                raise AssertionError(f"a question nobody answered: {title}: {text}")
            return QMessageBox.StandardButton.Ok

        return show


@pytest.fixture(autouse=True)
def plain_locale() -> Iterator[None]:
    """Every test starts in the C locale ("3650", "0.5"); tests of other locales set their own."""
    QLocale.setDefault(QLocale.c())
    yield
    QLocale.setDefault(QLocale.c())


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> DialogLog:
    """Message boxes never open for real in tests; a question nobody answered fails the test."""
    log = DialogLog()
    for kind in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(log.box(kind)))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda *args: log.shown.append(("about", "", ""))))

    def no_file_dialog(*_args: object, **_kwargs: object) -> tuple[str, str]:
        raise AssertionError("a file dialog opened; the test must patch QFileDialog")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(no_file_dialog))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(no_file_dialog))
    return log


@pytest.fixture
def document(qtbot: QtBot) -> PlanDocument:
    """The example plan, opened as an unsaved document."""
    return PlanDocument(example_plan())


@pytest.fixture
def editor(qtbot: QtBot, document: PlanDocument) -> PlanEditor:
    """The plan editor on the example plan, at a laptop's editor width."""
    widget = PlanEditor(document)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    return widget


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Settings in a file of the test's own, never the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
