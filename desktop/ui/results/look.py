"""Colours and number formats shared by the results: a colour-blind-safe palette, numbers in the user's locale."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QDate, QLocale
from PySide6.QtGui import QColor

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
GREY = "#8C8C8C"

SERIES_COLOURS = [BLUE, ORANGE, BLUISH_GREEN, REDDISH_PURPLE, SKY_BLUE, VERMILLION, YELLOW]
"""Colours for categories (sources), in the order they are handed out."""
PRIORITY_COLOURS = [VERMILLION, ORANGE, BLUE, BLUISH_GREEN, REDDISH_PURPLE, SKY_BLUE, YELLOW]
"""Most urgent first: the warm colours go to the priorities that hurt most when late."""

TEXT = "#1A1A1A"
MUTED_TEXT = "#5A5A5A"
AXIS = "#4D4D4D"
GRID_LINE = "#E3E3E3"
WARNING_TEXT = "#B34700"
"""Vermillion darkened to read as text on white (contrast above 4.5:1)."""


def colour(colours: list[str], index: int) -> str:
    return colours[index % len(colours)]


def tint(hex_colour: str, strength: float) -> QColor:
    """``hex_colour`` mixed with white; ``strength`` 1 is the colour itself. Opaque, so stacked areas do not blend."""
    base = QColor(hex_colour)
    mix = 1.0 - strength
    return QColor(
        round(base.red() + (255 - base.red()) * mix),
        round(base.green() + (255 - base.green()) * mix),
        round(base.blue() + (255 - base.blue()) * mix),
    )


def tr(text: str) -> str:
    return QCoreApplication.translate("Results", text)


def format_number(value: float, decimals: int = 0, locale: QLocale | None = None) -> str:
    """``value`` in the locale with group separators; infinite shows as ∞, NaN as a dash."""
    if math.isnan(value):
        return "–"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    locale = locale or QLocale()
    if round(value, decimals) == 0:
        value = 0.0  # no "-0"
    return locale.toString(float(value), "f", decimals)


def format_signed(value: float, decimals: int = 0) -> str:
    text = format_number(abs(value), decimals)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def format_month(label: str, long: bool = False) -> str:
    """A "YYYY-MM" month in the locale, e.g. "Sep 2021" (``long``: "September 2021")."""
    year, month = int(label[:4]), int(label[5:7])
    return QLocale().toString(QDate(year, month, 1), "MMMM yyyy" if long else "MMM yyyy")
