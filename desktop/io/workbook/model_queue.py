"""The queue of each stage on the Model sheet, by priority and source, as Excel formulas.

Each formula is the one in docs/method.md ("The queue of a stage"), written with the
same order of operations as :mod:`desktop.model.engine`, so that as exported the
Model equals the Projection to rounding. The waits follow each stage
(:mod:`desktop.io.workbook.model_waits`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.io.workbook.assumptions import AssumptionCells
from desktop.io.workbook.model_rows import ModelRows, filled_in, plus
from desktop.io.workbook.model_waits import write_stage_waits
from desktop.io.workbook.styles import NO_CAPACITY, ONE_DECIMAL, TWO_DECIMALS, WHOLE
from desktop.model.plan import Scenario

_SHARE_FORMAT = "0.0%"


@dataclass
class PriorityRows:
    """Rows of one stage and priority (per source where it applies)."""

    arrivals: list[int] = field(default_factory=list)
    backlog: list[int] = field(default_factory=list)
    completed: list[int] = field(default_factory=list)
    new_work: int = 0
    new_work_ahead: int = 0
    hours_left: int = 0
    processed: int = 0
    waiting_hours: int = 0
    waiting_hours_ahead: int = 0
    waiting_items: int = 0
    completed_items: int = 0
    wait_days: int = 0
    arrival_wait_days: int = 0
    over_target: int = 0


@dataclass
class StageRows:
    """Rows of one stage: per priority, and the stage's totals."""

    priorities: list[PriorityRows] = field(default_factory=list)
    new_work: int = 0
    waiting_hours: int = 0
    waiting_items: int = 0
    completed_items: int = 0
    fte_required: int = 0
    fte_required_to_clear: int = 0


def write_stage_queues(
    rows: ModelRows,
    scenario: Scenario,
    cells: AssumptionCells,
    intake_rows: list[int],
    capacity_rows: list[int],
    fte_rows: list[int],
) -> list[StageRows]:
    """One block per stage and priority, stages in order (a later stage's arrivals are the earlier's completions)."""
    stages: list[StageRows] = []
    for k, stage in enumerate(scenario.stages):
        rows.heading(f"Stage {k + 1}: {stage.name} — team {stage.team}")
        stage_rows = StageRows()
        for p in range(len(scenario.priorities)):
            previous = stage_rows.priorities[p - 1] if p else None
            upstream = stages[k - 1].priorities[p] if k else None
            stage_rows.priorities.append(
                _priority_block(rows, scenario, cells, k, p, intake_rows, capacity_rows[k], previous, upstream)
            )
        _stage_totals(rows, scenario, cells, k, stage_rows)
        write_stage_waits(rows, scenario, cells, k, stage_rows, capacity_rows[k], fte_rows[k])
        stages.append(stage_rows)
    return stages


def _priority_block(
    rows: ModelRows,
    scenario: Scenario,
    cells: AssumptionCells,
    k: int,
    p: int,
    intake_rows: list[int],
    capacity_row: int,
    previous: PriorityRows | None,
    upstream: PriorityRows | None,
) -> PriorityRows:
    stage, priority = scenario.stages[k], scenario.priorities[p]
    rows.group(f"{stage.name} · {priority.name} (target {priority.target_days:g} days)")
    out = PriorityRows()
    names = {"stage": stage.name, "priority": priority.name}
    n_sources = len(scenario.sources)
    for s, source in enumerate(scenario.sources):
        share = cells.share[s][k]
        # First stage: reports of the source × its share of this priority × the share needing the stage;
        # later stages: the items of this source completed at the stage before × the share going on.
        if upstream is None:
            template = f"={{m}}{intake_rows[s]}*{cells.mix[s][p]}*{share}"
        else:
            template = f"={{m}}{upstream.completed[s]}*{share}"
        out.arrivals.append(
            rows.formulas(
                "Arriving (items)",
                filled_in(template),
                TWO_DECIMALS,
                source=source.name,
                parameter=f"={cells.hours[s][k]}",
                **names,
            )
        )
    first_a, last_a = out.arrivals[0], out.arrivals[-1]
    out.new_work = rows.formulas(
        "New work (hours)",
        lambda m, _: f"=SUMPRODUCT({m}{first_a}:{m}{last_a},$E${first_a}:$E${last_a})",
        WHOLE,
        **names,
    )
    new = out.new_work
    if previous is None:
        cumulative = rows.formulas(
            "New work, this and higher priorities (hours)", lambda m, _: f"={m}{new}", WHOLE, **names
        )
        left = rows.formulas("Hours left for this priority", lambda m, _: f"={m}{capacity_row}", WHOLE, **names)
    else:
        before_cumulative, before_left, before_processed = (
            previous.new_work_ahead,
            previous.hours_left,
            previous.processed,
        )
        cumulative = rows.formulas(
            "New work, this and higher priorities (hours)",
            lambda m, _: f"={m}{before_cumulative}+{m}{new}",
            WHOLE,
            **names,
        )
        left = rows.formulas(
            "Hours left for this priority", lambda m, _: f"={m}{before_left}-{m}{before_processed}", WHOLE, **names
        )
    out.new_work_ahead, out.hours_left = cumulative, left
    # Rows below refer to the waiting-hours row, written after the per-source rows; its number is known now.
    work = rows.row
    processed, kept = work + 1, work + 2
    first_b = work + 3
    last_b = first_b + n_sources - 1
    first_c = last_b + 1
    waiting_hours = first_c + n_sources
    written = rows.formulas(
        "Work waiting and new (hours)", lambda m, b: f"={b}{waiting_hours}+{m}{new}", WHOLE, **names
    )
    assert written == work
    out.processed = rows.formulas("Processed (hours)", lambda m, _: f"=MIN({m}{work},{m}{left})", WHOLE, **names)
    assert out.processed == processed
    rows.formulas(
        "Share still waiting",
        lambda m, _: f"=IF({m}{work}>0,({m}{work}-{m}{processed})/{m}{work},0)",
        _SHARE_FORMAT,
        **names,
    )
    first_letter, last_letter = rows.letters[0], rows.last_letter
    initial = cells.initial_backlog[k][p]
    for s, source in enumerate(scenario.sources):
        row, arrivals = first_b + s, out.arrivals[s]
        # The backlog at the start is split over sources as the first month's arrivals are (docs/method.md).
        first_month = f"{first_letter}{first_a}:{first_letter}{last_a}"
        all_months = f"{first_letter}{first_a}:{last_letter}{last_a}"
        start = (
            f"=IF({initial}>0,IF(SUM({first_month})>0,{initial}*{first_letter}{arrivals}/SUM({first_month}),"
            f"IF(SUM({all_months})>0,{initial}*SUM({first_letter}{arrivals}:{last_letter}{arrivals})/SUM({all_months}),"
            f"{initial}/{n_sources})),0)"
        )

        def waiting(m: str, b: str, row: int = row, arrivals: int = arrivals) -> str:
            return f"=IF($E${row}>0,{m}{kept}*({b}{row}+{m}{arrivals}),0)"

        out.backlog.append(
            rows.formulas(
                "Waiting at month end (items)",
                waiting,
                TWO_DECIMALS,
                source=source.name,
                parameter=f"={cells.hours[s][k]}",
                start=start,
                **names,
            )
        )
    for s, source in enumerate(scenario.sources):
        arrivals, backlog = out.arrivals[s], out.backlog[s]

        def completing(m: str, b: str, arrivals: int = arrivals, backlog: int = backlog) -> str:
            return f"={m}{arrivals}+{b}{backlog}-{m}{backlog}"

        out.completed.append(rows.formulas("Completed (items)", completing, TWO_DECIMALS, source=source.name, **names))
    out.waiting_hours = rows.formulas(
        "Waiting at month end (hours)",
        lambda m, _: f"={m}{work}-{m}{processed}",
        WHOLE,
        start=f"=SUMPRODUCT(F{first_b}:F{last_b},$E${first_b}:$E${last_b})",
        **names,
    )
    assert out.waiting_hours == waiting_hours
    if previous is None:
        ahead = rows.formulas(
            "Waiting, this and higher priorities (hours)", lambda m, _: f"={m}{waiting_hours}", WHOLE, **names
        )
    else:
        before_ahead = previous.waiting_hours_ahead
        ahead = rows.formulas(
            "Waiting, this and higher priorities (hours)",
            lambda m, _: f"={m}{before_ahead}+{m}{waiting_hours}",
            WHOLE,
            **names,
        )
    out.waiting_hours_ahead = ahead
    out.waiting_items = rows.formulas(
        "Waiting at month end, all sources (items)",
        lambda m, _: f"=SUM({m}{first_b}:{m}{last_b})",
        ONE_DECIMAL,
        **names,
    )
    out.completed_items = rows.formulas(
        "Completed, all sources (items)",
        lambda m, _: f"=SUM({m}{first_c}:{m}{first_c + n_sources - 1})",
        ONE_DECIMAL,
        **names,
    )

    return out


def _stage_totals(rows: ModelRows, scenario: Scenario, cells: AssumptionCells, k: int, out: StageRows) -> None:
    stage = scenario.stages[k]
    rows.group(f"{stage.name} · all priorities")
    names = {"stage": stage.name}

    def total(label: str, attribute: str, number_format: str) -> int:
        parts = [getattr(priority, attribute) for priority in out.priorities]
        return rows.formulas(label, lambda m, _: "=" + plus([f"{m}{r}" for r in parts]), number_format, **names)

    out.new_work = total("New work (hours)", "new_work", WHOLE)
    out.waiting_hours = total("Waiting at month end (hours)", "waiting_hours", WHOLE)
    out.waiting_items = total("Waiting at month end (items)", "waiting_items", ONE_DECIMAL)
    out.completed_items = total("Completed (items)", "completed_items", ONE_DECIMAL)
    new, waiting = out.new_work, out.waiting_hours
    per_fte = f"={cells.hours_per_fte_month[k]}"
    row = rows.row
    out.fte_required = rows.formulas(
        "FTE needed for new work",
        lambda m, _: f'=IF($E${row}>0,{m}{new}/$E${row},IF({m}{new}>0,"{NO_CAPACITY}",0))',
        ONE_DECIMAL,
        parameter=per_fte,
        parameter_format=TWO_DECIMALS,
        **names,
    )
    clear = cells.clear_months
    row = rows.row
    out.fte_required_to_clear = rows.formulas(
        "FTE needed to keep up and clear the backlog",
        lambda m, _: (
            f'=IF($E${row}>0,({m}{new}+{m}{waiting}/{clear})/$E${row},IF(({m}{new}+{m}{waiting})>0,"{NO_CAPACITY}",0))'
        ),
        ONE_DECIMAL,
        parameter=per_fte,
        parameter_format=TWO_DECIMALS,
        **names,
    )
