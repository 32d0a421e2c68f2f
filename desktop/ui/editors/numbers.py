"""Numbers as a user reads and types them: unit, range and tooltip taken from the plan's fields, locale text.

Shares (0–1 in the plan) are shown and typed as percentages (0–100 %): a
:class:`NumberSpec` with ``scale=100`` converts both ways, so the plan only ever
holds 0–1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QLocale

from desktop.io.clipboard_table import NumberTextError, parse_number
from desktop.model.fields import PlanType
from desktop.model.shapes import Number

_SHORTEST = QLocale.FloatingPointPrecisionOption.FloatingPointShortest


@dataclass(frozen=True)
class NumberSpec:
    """How one kind of figure is shown and checked; bounds are in shown units (percent for shares)."""

    label: str
    unit: str
    minimum: float
    maximum: float
    decimals: int
    description: str = ""
    min_exclusive: bool = False
    scale: float = 1.0
    integer: bool = False
    optional: bool = False
    """Empty text is allowed and means "no value" (no cap, no figure for a year)."""

    @property
    def percent(self) -> bool:
        return self.scale == 100.0

    def shown(self, stored: float) -> float:
        """The stored value in shown units, without float noise (0.07 × 100 is 7, not 7.000000000000001)."""
        return round(stored * self.scale, 9)

    def stored(self, shown: float) -> float | int:
        value = shown / self.scale
        return round(value) if self.integer else value

    def problem(self, shown: float, locale: QLocale) -> str | None:
        """Why ``shown`` is not allowed, or None."""
        if self.integer and shown != round(shown):
            return QCoreApplication.translate("Numbers", "must be a whole number")
        too_low = shown <= self.minimum if self.min_exclusive else shown < self.minimum
        if too_low or shown > self.maximum:
            return QCoreApplication.translate("Numbers", "must be {range}").format(range=self.range_text(locale))
        return None

    def range_text(self, locale: QLocale) -> str:
        low = format_number(self.minimum, self.decimals, locale)
        high = format_number(self.maximum, self.decimals, locale)
        unit = f" {self.unit}" if self.unit else ""
        if self.min_exclusive:
            return QCoreApplication.translate("Numbers", "more than {low} and at most {high}{unit}").format(
                low=low, high=high, unit=unit
            )
        return QCoreApplication.translate("Numbers", "between {low} and {high}{unit}").format(
            low=low, high=high, unit=unit
        )

    def tooltip(self, locale: QLocale) -> str:
        allowed = QCoreApplication.translate("Numbers", "Allowed: {range}.").format(range=self.range_text(locale))
        if self.optional:
            allowed += " " + QCoreApplication.translate("Numbers", "Leave empty for none.")
        return f"{self.description}\n{allowed}" if self.description else allowed

    def header(self) -> str:
        """A column heading with the unit: "Growth per year (%)"."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


def _bounds(number: Number) -> tuple[float | None, bool, float | None]:
    """The lowest value (and whether it is excluded) and the highest value a plan field allows."""
    rules = number.spec
    low, exclusive = (rules.gt, True) if rules.gt is not None else (rules.ge, False)
    high = rules.le if rules.le is not None else rules.lt
    return (
        float(low) if low is not None else None,
        exclusive,
        float(high) if high is not None else None,
    )


def _number(model: type[PlanType], name: str) -> Number:
    """The number a field holds: itself, or the values of a dict or list field (volumes, mix shares, seasonality)."""
    number = model.model_fields[name].number()
    if number is None:
        raise TypeError(f"{model.__name__}.{name} holds no number")
    return number


_PERCENT_HINT = re.compile(r"\s*\((?:0–1|0\.1 = [^)]*)\)")


def field_description(model: type[PlanType], name: str, *, percent: bool = False) -> str:
    """The field's description from the plan, translated; a "(0–1)" hint is dropped where we show percent."""
    text = model.model_fields[name].description or ""
    if percent:
        text = _PERCENT_HINT.sub("", text)
    return QCoreApplication.translate("PlanFields", text) if text else ""


def field_spec(
    model: type[PlanType],
    name: str,
    label: str,
    unit: str,
    decimals: int,
    *,
    percent: bool = False,
    optional: bool = False,
    description: str | None = None,
) -> NumberSpec:
    """A spec whose range is the plan field's own (``ge``/``gt``/``le``), so editor and plan agree."""
    number = _number(model, name)
    low, exclusive, high = _bounds(number)
    scale = 100.0 if percent else 1.0
    return NumberSpec(
        label=label,
        unit=unit,
        minimum=(low if low is not None else -1e15) * scale,
        maximum=(high if high is not None else 1e15) * scale,
        decimals=decimals,
        description=description if description is not None else field_description(model, name, percent=percent),
        min_exclusive=exclusive,
        scale=scale,
        integer=number.integer,
        optional=optional,
    )


def format_number(value: float, decimals: int, locale: QLocale, *, grouped: bool = True) -> str:
    """``value`` rounded to ``decimals`` places, trailing zeros dropped, in the locale's format."""
    if not grouped:
        locale = QLocale(locale)
        locale.setNumberOptions(locale.numberOptions() | QLocale.NumberOption.OmitGroupSeparator)
    rounded = round(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    return locale.toString(rounded, "f", _SHORTEST)


def display_text(stored: float, spec: NumberSpec, locale: QLocale) -> str:
    """What a cell or field shows: the shown value rounded to the spec's decimals, grouped."""
    return format_number(spec.shown(stored), spec.decimals, locale)


def edit_text(stored: float, spec: NumberSpec, locale: QLocale) -> str:
    """What an editor starts with: every meaningful digit, no group separators, so Enter changes nothing."""
    return format_number(spec.shown(stored), 9, locale, grouped=False)


def number_text_problem(error: NumberTextError, locale: QLocale) -> str:
    """A translated reason for text that is not a number."""
    if error.problem == "empty":
        return QCoreApplication.translate("Numbers", "a number is needed")
    if error.problem == "grouping":
        return QCoreApplication.translate(
            "Numbers", "“{text}” is not a number here: write decimals with “{point}”, as in {example}"
        ).format(text=error.text.strip(), point=locale.decimalPoint(), example=format_number(1234.5, 1, locale))
    if error.problem == "percent_not_allowed":
        return QCoreApplication.translate("Numbers", "“{text}” is a percentage; a plain number is needed here").format(
            text=error.text.strip()
        )
    if error.problem == "too_large":
        return QCoreApplication.translate("Numbers", "“{text}” is too large").format(text=error.text.strip())
    return QCoreApplication.translate("Numbers", "“{text}” is not a number").format(text=error.text.strip())


def parse_shown(text: str, spec: NumberSpec, locale: QLocale) -> float | int | None:
    """The stored value for typed ``text``; None for empty text where the spec allows it.

    Raises ValueError with a translated reason (format or range).
    """
    if spec.optional and not text.strip():
        return None
    try:
        shown = parse_number(text, locale.decimalPoint(), locale.groupSeparator(), allow_percent=spec.percent)
    except NumberTextError as error:
        raise ValueError(number_text_problem(error, locale)) from None
    problem = spec.problem(shown, locale)
    if problem is not None:
        raise ValueError(problem)
    return spec.stored(shown)
