"""The Settings dialog: choices that hold for every plan, kept in the app's settings (QSettings).

Each setting has a key, a default and a reader that copes with whatever a settings file may hold,
and one row in a section of the dialog; a later setting (the language, …) adds the same three.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

AUTOSAVE_MINUTES_KEY = "autosave/interval_minutes"
AUTOSAVE_MINUTES_DEFAULT = 1
AUTOSAVE_MINUTES_RANGE = (1, 10)


def autosave_minutes(settings: QSettings) -> int:
    """How often unsaved changes are autosaved, in minutes: the stored choice, kept within 1–10."""
    value = settings.value(AUTOSAVE_MINUTES_KEY, AUTOSAVE_MINUTES_DEFAULT)
    try:
        minutes = int(str(value))
    except ValueError:  # a settings file edited by hand
        return AUTOSAVE_MINUTES_DEFAULT
    low, high = AUTOSAVE_MINUTES_RANGE
    return min(max(minutes, low), high)


class SettingsDialog(QDialog):
    """Shows the current settings; OK stores them (the window applies them at once), Cancel leaves them."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.setWindowTitle(self.tr("Settings"))

        self.autosave_minutes = QSpinBox()
        self.autosave_minutes.setRange(*AUTOSAVE_MINUTES_RANGE)
        self.autosave_minutes.setSuffix(self.tr(" min"))
        self.autosave_minutes.setValue(autosave_minutes(settings))
        self.autosave_minutes.setAccessibleName(self.tr("Autosave interval in minutes"))

        safety = QGroupBox(self.tr("Unsaved changes"))
        safety_form = QFormLayout(safety)
        safety_form.addRow(self.tr("&Autosave every:"), self.autosave_minutes)
        explanation = QLabel(
            self.tr(
                "While a plan has unsaved changes, a copy is kept this often in the app's data folder. "
                "If the app or the computer stops unexpectedly, the next start offers to recover it."
            )
        )
        explanation.setWordWrap(True)
        safety_form.addRow(explanation)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(safety)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        self._settings.setValue(AUTOSAVE_MINUTES_KEY, self.autosave_minutes.value())
        self._settings.sync()
        super().accept()
