"""The Method sheet: how the numbers are computed, in plain words (after docs/method.md), and using the workbook."""

from __future__ import annotations

from typing import Final

from desktop.io.workbook.safe_text import put_text
from desktop.io.workbook.styles import NO_CAPACITY, SECTION_FONT, TITLE_FONT, WRAP_TOP, print_setup, set_widths
from desktop.io.workbook.xl import Font, Worksheet

TEXT_WIDTH_CHARS: Final = 95

METHOD: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    (
        "The idea",
        (
            "The model follows weighted-caseload staffing studies: the work is the number of reports times the "
            "hours each takes; the capacity is the effective FTE times the hours one FTE has for casework. "
            "What cannot be done in a month waits, in order of priority.",
            "Time runs in calendar months from the scenario's start month.",
        ),
    ),
    (
        "Reports received",
        (
            "Each source has a number of reports per calendar year. A year without a figure gets the year "
            "before × (1 + growth per year); a year before the first figure gets the year after ÷ (1 + growth).",
            "Reports per month = reports of the year ÷ 12 × the seasonal factor of the month (the twelve "
            "factors scaled to an average of 1) × the factor of every event of that source from its month on.",
        ),
    ),
    (
        "Priorities and stages",
        (
            "Priorities are listed most urgent first, each with a target in days. Each source has a priority mix: "
            "the share of its reports of each priority. A report keeps its priority at every stage.",
            "Stages (for example assessment, then investigation) are worked in order, each by its own team. At the "
            "first stage, a source's share is the share of its reports that need the stage; at a later stage, the "
            "share of the items completed at the stage before that go on to it, in the same month.",
        ),
    ),
    (
        "The queue of a stage, month by month",
        (
            "Work of a priority = hours of the items already waiting + hours of the new items (items × hours per "
            "item of their source).",
            "The stage's hours go to the most urgent priority first; what is left goes to the next. Within a "
            "priority every item gets the same share of its work done; items that take no hours are done at once.",
            "Items waiting at the end of the month = items waiting before + new items − items completed. Items "
            "are counted in fractions: this is a planning model, not a case list.",
            "The backlog at the start is split over the sources in proportion to their first month's arrivals.",
        ),
    ),
    (
        "Capacity",
        (
            "Casework hours per FTE per month = paid hours per year ÷ 12 × the share of paid hours for casework. "
            "Where a team views material and a cap on viewing hours per week is set, this is at most "
            "cap × working weeks a year ÷ 12 ÷ the share of casework spent viewing: nobody views material longer "
            "than the cap in a week they work.",
            "Capacity = effective FTE × casework hours per FTE.",
        ),
    ),
    (
        "Staffing over time (worked out by the app)",
        (
            "Funded FTE = FTE at the start + every staffing change up to the month. Each month a share of the "
            "staff leaves (staff leaving per year ÷ 12); each vacancy, and each new post, is filled after the "
            "vacancy lag. A newcomer works at (month in post + ½) ÷ ramp-up months of full productivity until "
            "fully productive. Cuts take effect at once. Effective FTE = staff in post × productivity.",
            "The Model sheet takes the effective FTE per month as an input table, so that staffing can be tried "
            "in the workbook; the app recomputes it from the staffing assumptions when the workbook is read back.",
        ),
    ),
    (
        "Measures",
        (
            "Expected wait at current rates (days) of a priority = the backlog's drain time + the queueing wait. "
            "Drain time = hours waiting of this and every more urgent priority ÷ (capacity − the new work of the "
            "more urgent priorities) × 30.44 days per month. Queueing wait: the team as a queue with one server "
            "per effective FTE, priorities served in order: P × S ÷ (FTE × D(load of the more urgent priorities) "
            "× D(load up to this one)), with load = new work ÷ capacity, S = hours per item × 30.44 ÷ casework "
            "hours per FTE, P = min(load, 1) ^ (√(2 (max(FTE, 1) + 1)) − 1), D(σ) = √((1 − σ)² + ε²) ÷ √(1 + ε²) "
            "and ε = √(π S ÷ (4 FTE T')), T' = max(30.44 − S (2 + ln(max(FTE, 1)) ÷ 2), S): not 0 below full load, "
            "joining the drain time smoothly above it. It is what a report arriving now would wait if the month's "
            f'rates went on; "{NO_CAPACITY}" when the priority gets no hours.',
            "Wait of a report arriving this month (days): first come, first served within the priority, the "
            "report arriving mid-month is done when the priority's cumulative completions (items with work) reach "
            "its place among the cumulative arrivals (the backlog at the start counted as arrived before the "
            "first month), read linearly within the month; after the last month at the last month's completion "
            f'rate ("{NO_CAPACITY}" if that is 0). Plus the queueing wait of its month and its own handling time: '
            "hours per item ÷ (casework hours per FTE ÷ working days a month, working weeks × 5 ÷ 12).",
            "Over target: the wait of a report arriving that month is longer than the priority's target.",
            "FTE needed for new work = new work ÷ casework hours per FTE. FTE needed to keep up and clear the "
            "backlog = (new work + hours waiting ÷ months to clear a backlog) ÷ casework hours per FTE.",
            "FTE to fund now: the smallest number of posts (to 0.1 FTE), funded at the start and filled after the "
            "vacancy lag and ramp-up, so that no priority is over its target from their arrival to the end. "
            "Stages are solved in order, as more throughput upstream sends more work downstream.",
        ),
    ),
    (
        "Using this workbook",
        (
            "Summary: the headline figures and charts of the plan as exported. Projection: the app's monthly "
            "results, the authoritative figures. By month: the series the charts draw. Model: the same "
            "projection computed by formulas, for trying changes. Assumptions: every input.",
            "To try an alternative in a meeting: change a yellow cell on the Assumptions sheet or in the effective "
            "FTE table on the Model sheet. The Model recomputes; its check cell then shows the difference from "
            "the Projection, which keeps the exported figures.",
            "Adding or removing sources, priorities or stages, changing the start or length, and staffing details "
            "need the app: open the workbook in Caseload Planner (File ▸ Open) and it reads the Assumptions back.",
        ),
    ),
)


def write_method(sheet: Worksheet, plan_title: str) -> None:
    """Headings and paragraphs in one wide, wrapped column."""
    put_text(sheet, 1, 1, "How the numbers are computed").font = TITLE_FONT
    sheet.row_dimensions[1].height = 26
    body = Font(name="Calibri", size=11, color="1F2937")
    row = 3
    for heading, paragraphs in METHOD:
        put_text(sheet, row, 1, heading).font = SECTION_FONT
        sheet.row_dimensions[row].height = 20
        row += 1
        for paragraph in paragraphs:
            cell = put_text(sheet, row, 1, paragraph)
            cell.font = body
            cell.alignment = WRAP_TOP
            lines = -(-len(paragraph) * 105 // (TEXT_WIDTH_CHARS * 100))
            sheet.row_dimensions[row].height = 15 * lines + 3
            row += 1
        row += 1
    set_widths(sheet, {1: TEXT_WIDTH_CHARS})
    sheet.sheet_view.showGridLines = False
    print_setup(sheet, plan_title)
