"""The headline figures above the charts: intake this year and next, and per team where it runs short."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Sequence
from typing import Literal

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop.model.engine import Projection
from desktop.model.measures import Headlines, StageHeadline
from desktop.model.solver import HireAdvice
from desktop.model.story import Writing, stage_brief, stage_story
from desktop.ui.results.look import MUTED_TEXT, TEXT, WARNING_TEXT, format_month, format_number, format_signed

_CARD_STYLE = "QFrame#card { background: #FFFFFF; border: 1px solid #D0D0D0; border-radius: 4px; }"
_HEADER_POINTS = 8
_HEADER_STYLE = f"color: {MUTED_TEXT}; font-size: {_HEADER_POINTS}pt;"
_VALUE_STYLE = "font-size: 10.5pt; font-weight: 600; color: {colour};"
_STORY_STYLE = f"color: {TEXT}; font-size: 9pt;"
_COLUMNS = ("team", "over_capacity", "backlog", "gap", "gap_kept_up", "hire")
_HEADER_ROWS = 3
"""Header lines of the stage table: "Months over wait target", then each priority's name, then its target."""
_CARD_SPACING = 8
_INTAKE_SPACING = 14
_SWITCH_MARGIN = 24
"""Extra width (pixels) needed to go back to side by side, so that small changes of the figures do not
make the bar jump between its arrangements on every edit."""
_MAX_PRIORITY_NAME_PIXELS = 90
_MAX_STAGE_NAME_PIXELS = 150

Arrangement = Literal["side by side", "stacked"]
IntakeForm = Literal["columns", "line", "rows"]


def _label(text: str = "", style: str = "", tooltip: str = "") -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(style)
    label.setToolTip(tooltip)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _card() -> QFrame:
    frame = QFrame()
    frame.setObjectName("card")
    frame.setStyleSheet(_CARD_STYLE)
    return frame


def short_priority_name(name: str) -> str:
    """The name without an explanation in brackets ("Urgent (child at risk)" → "Urgent"): the table
    heading has room for a word; the full name is in its tooltip."""
    short = name.split(" (", 1)[0].strip()
    return short or name


def years_to_show(months_per_year: dict[int, int], this_year: int) -> list[tuple[int, str]]:
    """Two calendar years with how to call them: this year and next when the projection covers this
    year (last year and this year when it ends this year), else its first two years."""
    years = sorted(months_per_year)
    if this_year in months_per_year:
        if this_year + 1 in months_per_year:
            return [(this_year, "this year"), (this_year + 1, "next year")]
        if this_year - 1 in months_per_year:
            return [(this_year - 1, "last year"), (this_year, "this year")]
        return [(this_year, "this year")]
    return [(year, "first year" if i == 0 else "second year") for i, year in enumerate(years[:2])]


class HeadlineBar(QWidget):
    """Intake on the left; a row per stage with its first overload, backlog, FTE gap, hires and breaches.

    When the two cards do not fit side by side (the results pane of a laptop), the intake figures move
    onto one line above the stage table, so that nothing needs scrolling sideways from about 900 pixels.
    """

    def __init__(self, parent: QWidget | None = None, *, today: Callable[[], datetime.date] = datetime.date.today):
        super().__init__(parent)
        self._today = today
        self._structure: tuple[tuple[str, ...], tuple[str, ...]] | None = None
        self.cells: dict[tuple[str, str], QLabel] = {}
        self._stage_names: dict[str, str] = {}
        self._months = 0
        self._hire_set = False
        self.arrangement: Arrangement = "side by side"
        self.intake_form: IntakeForm = "columns"

        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(_CARD_SPACING)
        self._intake_card = _card()
        self._intake_grid = QGridLayout(self._intake_card)
        self._intake_grid.setContentsMargins(10, 6, 12, 6)
        self._intake_grid.setVerticalSpacing(0)
        self._intake_grid.setHorizontalSpacing(_INTAKE_SPACING)
        self.intake_labels: list[tuple[QLabel, QLabel, QLabel]] = []
        for _year in range(2):
            self.intake_labels.append((_label(style=_HEADER_STYLE), _label(), _label(style=_HEADER_STYLE)))
        self._year_divider = QFrame()  # between the years when they share a line
        self._year_divider.setFrameShape(QFrame.Shape.VLine)
        self._year_divider.setStyleSheet("color: #D0D0D0;")

        self._stages_card = _card()
        self._stages_grid = QGridLayout(self._stages_card)
        self._stages_grid.setContentsMargins(10, 6, 10, 6)
        self._stages_grid.setHorizontalSpacing(11)
        self._stages_grid.setVerticalSpacing(1)
        self._story_card = _card()
        self._story_layout = QVBoxLayout(self._story_card)
        self._story_layout.setContentsMargins(10, 5, 10, 5)
        self._story_layout.setSpacing(2)
        self.story_labels: dict[str, QLabel] = {}
        self._shown: tuple[Projection, Headlines] | None = None
        self._place_intake("columns")
        self._place_cards("side by side")

    # --- arrangement --------------------------------------------------------------------------

    def _place_cards(self, arrangement: Arrangement) -> None:
        self.arrangement = arrangement
        layout = self._layout
        layout.removeWidget(self._intake_card)
        layout.removeWidget(self._stages_card)
        layout.removeWidget(self._story_card)
        if arrangement == "side by side":
            self._intake_card.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
            layout.addWidget(self._intake_card, 0, 0)
            layout.addWidget(self._stages_card, 0, 1)
            layout.addWidget(self._story_card, 1, 0, 1, 2)
            layout.setColumnStretch(0, 0)
            layout.setColumnStretch(1, 1)
        else:
            self._intake_card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            layout.addWidget(self._intake_card, 0, 0)
            layout.addWidget(self._stages_card, 1, 0)
            layout.addWidget(self._story_card, 2, 0)
            layout.setColumnStretch(0, 1)
            layout.setColumnStretch(1, 0)

    def _place_intake(self, form: IntakeForm) -> None:
        """``columns``: a column per year (heading, figure, change below each other); ``line``: both years
        on one line; ``rows``: a line per year."""
        self.intake_form = form
        grid = self._intake_grid
        for parts in self.intake_labels:
            for part in parts:
                grid.removeWidget(part)
        grid.removeWidget(self._year_divider)
        for column in range(8):
            grid.setColumnStretch(column, 0)
        centred = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for year, parts in enumerate(self.intake_labels):
            for part_index, part in enumerate(parts):
                if form == "columns":
                    grid.addWidget(part, part_index, year)
                elif form == "line":
                    grid.addWidget(part, 0, year * 4 + part_index, centred)
                else:
                    grid.addWidget(part, year, part_index, centred)
        if form == "line":
            grid.addWidget(self._year_divider, 0, 3)
        self._year_divider.setVisible(form == "line" and not self.intake_labels[1][0].isHidden())
        last = {"columns": 2, "line": 7, "rows": 3}[form]
        grid.setColumnStretch(last, 1)  # keeps the figures together at the left of a wide card

    def _intake_width(self, form: IntakeForm) -> int:
        """Width of the intake card in ``form`` with the figures now shown (pixels)."""
        shown = [
            [part.sizeHint().width() for part in parts]
            for parts in self.intake_labels
            if parts[0].text() and not parts[0].isHidden()
        ]
        if not shown:
            return 0
        margins = self._intake_grid.contentsMargins()
        if form == "columns":
            inner = sum(max(widths) for widths in shown) + _INTAKE_SPACING * (len(shown) - 1)
        elif form == "line":
            inner = sum(sum(widths) + 2 * _INTAKE_SPACING for widths in shown) + (len(shown) - 1) * (
                self._year_divider.sizeHint().width() + _INTAKE_SPACING
            )
        else:
            inner = sum(max(widths[i] for widths in shown) for i in range(3)) + 2 * _INTAKE_SPACING
        return inner + margins.left() + margins.right() + 2  # 2: the card's border

    def _stages_width(self) -> int:
        return self._stages_card.sizeHint().width()

    def arrange_for(self, width: int) -> None:
        """Side by side when both cards fit in ``width`` pixels, else the intake on a line above the stages."""
        self.ensurePolished()  # the figures' larger font comes with their style sheet
        needed = self._intake_width("columns") + _CARD_SPACING + self._stages_width()
        if self.arrangement == "stacked":
            needed += _SWITCH_MARGIN
        arrangement: Arrangement = "side by side" if width >= needed else "stacked"
        form: IntakeForm = "columns"
        if arrangement == "stacked":
            form = "line" if self._intake_width("line") <= width else "rows"
        if form != self.intake_form:
            self._place_intake(form)
        if arrangement != self.arrangement:
            self._place_cards(arrangement)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """The narrowest arrangement's: a scroll area around the bar then gives it the width there is,
        and the bar arranges itself for it."""
        width = max(self._intake_width("rows"), self._stages_width())
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        self.arrange_for(event.size().width())
        super().resizeEvent(event)

    # --- intake -------------------------------------------------------------------------------

    def _show_intake(self, headlines: Headlines) -> None:
        wording = {
            "this year": self.tr("this year"),
            "next year": self.tr("next year"),
            "last year": self.tr("last year"),
            "first year": self.tr("first year of the projection"),
            "second year": self.tr("second year of the projection"),
        }
        shown = years_to_show(headlines.months_per_year, self._today().year)
        self._year_divider.setVisible(self.intake_form == "line" and len(shown) > 1)
        for column, parts in enumerate(self.intake_labels):
            heading, value, detail = parts
            for part in parts:
                part.setVisible(column < len(shown))
            if column >= len(shown):
                continue
            year, which = shown[column]
            reports = headlines.intake_per_year[year]
            months = headlines.months_per_year[year]
            heading.setText(self.tr("Intake {year} ({which})").format(year=year, which=wording[which]))
            value.setText(self.tr("{reports} reports").format(reports=format_number(reports)))
            if not value.styleSheet():
                value.setStyleSheet(_VALUE_STYLE.format(colour=TEXT))
            notes = []
            if months < 12:
                notes.append(self.tr("{months} of 12 months in the projection").format(months=months))
            before = headlines.intake_per_year.get(year - 1)
            if months == 12 and headlines.months_per_year.get(year - 1) == 12 and before:
                change = format_signed((reports / before - 1) * 100, 1)
                notes.append(self.tr("{change} % on {year}").format(change=change, year=year - 1))
            detail.setText("; ".join(notes))
            tooltip = self.tr(
                "Reports expected in {year} from all sources together, as the plan's volumes, growth, "
                "seasonality and events give them."
            ).format(year=year)
            for part in parts:
                part.setToolTip(tooltip)

    # --- stages -------------------------------------------------------------------------------

    def _build_stage_grid(self, projection: Projection) -> None:
        grid = self._stages_grid
        while grid.count():
            item = grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self.cells.clear()
        clear_months = projection.scenario.clear_months
        headers = {
            "team": (self.tr("Stage"), self.tr("Each stage is worked by its own team.")),
            "over_capacity": (
                self.tr("First month\nover capacity"),
                self.tr("The first month in which new work needs more hours than the team has."),
            ),
            "backlog": (
                self.tr("Backlog at end\n(reports waiting)"),
                self.tr("Reports waiting at this stage at the end of the projection's last month."),
            ),
            "gap": (
                self.tr("FTE, last\n12 months"),
                self.tr(
                    "Effective FTE needed for the work that reaches the team, at its highest planned occupancy, "
                    "minus the FTE available: means over the last 12 months. Clearing the backlog within {months} "
                    "months needs more; the tooltip of each figure says how much."
                ).format(months=clear_months),
            ),
            "gap_kept_up": (
                self.tr("FTE if stages\nbefore kept up"),
                self.tr(
                    "The same, for the work that would reach the team if every stage before it kept up: a "
                    "bottleneck upstream holds work back that arrives here once it is solved."
                ),
            ),
            "hire": (
                self.tr("Posts to fund\nfrom {month}").format(
                    month=format_month(projection.scenario.decision_month or projection.scenario.start)
                ),
                self.tr(
                    "Posts to fund from the decision month so that, once they are in post and trained, no "
                    "priority waits longer than its target. Posts are filled after the team's vacancy time and "
                    "newcomers ramp up."
                ),
            ),
        }
        bottom = Qt.AlignmentFlag.AlignBottom
        for column, key in enumerate(_COLUMNS):
            text, tooltip = headers[key]
            grid.addWidget(_label(text, _HEADER_STYLE, tooltip), 0, column, _HEADER_ROWS, 1, bottom)
        priorities = projection.scenario.priorities
        header_font = QFont(self.font())
        header_font.setPointSizeF(_HEADER_POINTS)
        header_metrics = QFontMetrics(header_font)
        grid.addWidget(
            _label(
                self.tr("Months over wait target"),
                _HEADER_STYLE,
                self.tr(
                    "Months (of the {months} projected) in which a report of the priority arriving that month "
                    "waits longer than its target, its own handling included (first come, first served within "
                    "the priority). The charts show it beside the expected wait at current rates."
                ).format(months=len(projection.months)),
            ),
            0,
            len(_COLUMNS),
            1,
            len(priorities),
            bottom,
        )
        for j, priority in enumerate(priorities):
            tooltip = self.tr(
                "{priority}: months in which a report arriving that month waits longer than its target of "
                "{days} days, its own handling included."
            ).format(priority=priority.name, days=format_number(priority.target_days))
            name = header_metrics.elidedText(
                short_priority_name(priority.name), Qt.TextElideMode.ElideRight, _MAX_PRIORITY_NAME_PIXELS
            )
            target = self.tr("≤ {days} days").format(days=format_number(priority.target_days))
            grid.addWidget(_label(name, _HEADER_STYLE, tooltip), 1, len(_COLUMNS) + j, bottom)
            grid.addWidget(_label(target, _HEADER_STYLE, tooltip), 2, len(_COLUMNS) + j, bottom)
        keys = [*_COLUMNS, *(f"breach:{p.key}" for p in priorities)]
        for row, stage in enumerate(projection.scenario.stages, start=_HEADER_ROWS):
            for column, key in enumerate(keys):
                cell = _label()
                self.cells[(stage.key, key)] = cell
                grid.addWidget(cell, row, column)
        grid.setColumnStretch(len(keys), 1)
        while self._story_layout.count():
            item = self._story_layout.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self.story_labels.clear()
        for stage in projection.scenario.stages:
            story = _label(style=_STORY_STYLE)
            story.setWordWrap(True)
            policy = story.sizePolicy()  # keeps the height-for-width of a wrapping label
            policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)  # the text wraps; it never widens the bar
            story.setSizePolicy(policy)
            self.story_labels[stage.key] = story
            self._story_layout.addWidget(story)
        for index in range(grid.count()):
            item = grid.itemAt(index)
            if item is not None and item.widget() is not None:
                item.widget().show()  # else they show only after the next event loop pass, and sizes lag

    def show_headlines(self, projection: Projection, headlines: Headlines) -> None:
        """Show the figures; the FTE to hire read "computing…" unless ``headlines`` carry them."""
        structure = (tuple(projection.stage_keys), tuple(projection.priority_keys))
        if structure != self._structure:
            self._build_stage_grid(projection)
            self._structure = structure
        self._months = len(projection.months)
        self._show_intake(headlines)
        last_month = format_month(projection.months[-1])
        priorities = projection.scenario.priorities
        for stage in headlines.stages:
            self._stage_names[stage.stage] = stage.name
            self._show_stage(stage, last_month, [(p.key, p.name, p.target_days) for p in priorities])
        self._shown = (projection, headlines)
        self.show_hiring([s.hire for s in headlines.stages if s.hire is not None], replace=True)
        self.arrange_for(self.width())

    def _set(self, stage: str, key: str, text: str, tooltip: str, warn: bool = False, bold: bool = True) -> None:
        cell = self.cells[(stage, key)]
        cell.setText(text)
        cell.setToolTip(tooltip)
        colour = WARNING_TEXT if warn else TEXT
        style = _VALUE_STYLE.format(colour=colour) if bold else f"color: {colour};"
        if cell.styleSheet() != style:  # setting a style sheet re-polishes the label: slow, so only on change
            cell.setStyleSheet(style)

    def _show_stage(self, stage: StageHeadline, last_month: str, priorities: Sequence[tuple[str, str, float]]) -> None:
        key = stage.stage
        self._set(
            key, "team", stage.name, self.tr("{stage}, worked by: {team}").format(stage=stage.name, team=stage.team)
        )
        cell = self.cells[(key, "team")]
        cell.ensurePolished()  # the bold font comes with the style sheet
        shown = cell.fontMetrics().elidedText(stage.name, Qt.TextElideMode.ElideRight, _MAX_STAGE_NAME_PIXELS)
        if shown != stage.name:  # a long name would push the breach columns out of sight; the tooltip has it whole
            cell.setText(shown)
        over = stage.first_month_over_capacity
        self._set(
            key,
            "over_capacity",
            format_month(over) if over else self.tr("never"),
            self.tr("New work first exceeds the team's capacity in {month}.").format(month=format_month(over, True))
            if over
            else self.tr("New work stays within the team's capacity in every month."),
            warn=over is not None,
        )
        self._set(
            key,
            "backlog",
            format_number(stage.backlog_items_end),
            self.tr("{items} reports ({hours} hours of work) waiting at the end of {month}.").format(
                items=format_number(stage.backlog_items_end),
                hours=format_number(stage.backlog_hours_end),
                month=last_month,
            ),
        )
        self._show_gap(stage, "gap", stage.gap_today, stage.need_today.fte, stage.need_today.posts)
        if stage.need_if_upstream_kept_up is stage.need_today:
            self._set(key, "gap_kept_up", "–", self.tr("No stage comes before this one."), bold=False)
        else:
            kept_up = stage.need_if_upstream_kept_up
            self._show_gap(stage, "gap_kept_up", stage.gap_if_upstream_kept_up, kept_up.fte, kept_up.posts)
        for priority, name, target in priorities:
            months = stage.months_in_breach.get(priority, 0)
            first = stage.first_breach.get(priority)
            tooltip = (
                self.tr("{name}: over its target of {days} days in {months} of {total} months, first in {first}.")
                if first
                else self.tr("{name}: within its target of {days} days in every month.")
            ).format(
                name=name,
                days=format_number(target),
                months=months,
                total=self._months,
                first=format_month(first, True) if first else "",
            )
            self._set(key, f"breach:{priority}", format_number(months), tooltip, warn=months > 0)

    def _show_gap(self, stage: StageHeadline, column: str, gap: float, needed: float, posts: float) -> None:
        text = (  # the heading says FTE: the figures stay narrow enough for a laptop
            self.tr("{fte} short").format(fte=format_number(gap, 1))
            if gap > 0.05
            else self.tr("{fte} spare").format(fte=format_number(-gap, 1))
        )
        tooltip = self.tr(
            "Over the last 12 months: {needed} FTE needed on average at {occupancy} % occupancy ({posts} funded "
            "posts, allowing for vacancies and ramp-up), {available} FTE available ({funded} posts funded). "
            "Clearing the backlog of the last month within {months} months needs {clear} FTE more."
        ).format(
            needed=format_number(needed, 1),
            occupancy=format_number(stage.max_occupancy * 100),
            posts=format_number(posts, 1),
            available=format_number(stage.fte_available, 1),
            funded=format_number(stage.posts_funded, 1),
            months=stage.clear_months,
            clear=format_number(stage.clear_fte, 1),
        )
        self._set(stage.stage, column, text, tooltip, warn=gap > 0.05)

    def _show_stories(self) -> None:
        if self._shown is None:
            return
        projection, headlines = self._shown
        writing = Writing(number=format_number, month=format_month)
        for k, stage in enumerate(headlines.stages):
            label = self.story_labels.get(stage.stage)
            if label is not None:
                label.setText(stage_brief(projection, headlines, k, writing))
                label.setToolTip(stage_story(projection, headlines, k, writing))

    def show_hiring(self, advice: Sequence[HireAdvice], *, replace: bool = False) -> None:
        """Fill the FTE to hire per stage; stages without advice read "computing…" when ``replace``."""
        by_stage = {a.stage: a for a in advice}
        for (stage, column), _cell in self.cells.items():
            if column != "hire":
                continue
            found = by_stage.get(stage)
            if found is None:
                if replace:
                    self._set(
                        stage,
                        "hire",
                        self.tr("computing…"),
                        self.tr("The hiring answer is being computed; it appears here in a moment."),
                        bold=False,
                    )
                continue
            self._show_advice(found)
        if self._shown is not None:
            projection, headlines = self._shown
            stages = [dataclasses.replace(s, hire=by_stage.get(s.stage, s.hire)) for s in headlines.stages]
            self._shown = (projection, dataclasses.replace(headlines, stages=stages))
        self._show_stories()

    def _show_advice(self, advice: HireAdvice) -> None:
        before = advice.months_breached_before_hires
        if advice.fte is None:
            self._set(
                advice.stage,
                "hire",
                self.tr("no answer"),
                self.tr("No number of hires meets the targets: {reason}.").format(reason=advice.reason),
                warn=True,
            )
            return
        text = self.tr("{fte} posts").format(fte=format_number(advice.fte, 1))
        tooltip = self.tr("Fund {fte} posts from the decision month; they can be filled from {month}.").format(
            fte=format_number(advice.fte, 1),
            month=format_month(advice.first_month_helped, True) if advice.first_month_helped else "–",
        )
        if before:
            tooltip += " " + self.tr("Before then, {months} months miss a target whatever is decided.").format(
                months=before
            )
        self._set(advice.stage, "hire", text, tooltip, warn=advice.fte > 0)

    def text_of(self, stage: str, column: str) -> str:
        """What the cell of ``stage`` shows (``column``: team, over_capacity, backlog, gap, hire, breach:<key>)."""
        return self.cells[(stage, column)].text()


def intake_texts(bar: HeadlineBar) -> list[str]:
    """The intake headings and figures as shown, for tests and the screenshot check."""
    return [" ".join(part.text() for part in parts) for parts in bar.intake_labels if not parts[0].isHidden()]
