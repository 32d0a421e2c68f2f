"""The waits of each stage on the Model sheet, as Excel formulas (docs/method.md, "Waits").

Written after a stage's queue rows, in the same order of operations as
:mod:`desktop.model.waits`, so that as exported the Model equals the Projection to rounding:
the expected wait at current rates (the backlog's drain time plus the queueing wait), and the
wait of a report arriving in the month (first come first served within its priority, read from
the cumulative arrivals and completions, with its own handling time).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.io.workbook.assumptions import AssumptionCells
from desktop.io.workbook.model_rows import ModelRows, filled_in, plus
from desktop.io.workbook.styles import NO_CAPACITY, ONE_DECIMAL, TWO_DECIMALS, YES_NO
from desktop.model.plan import Scenario
from desktop.model.waits import DAYS_PER_MONTH, POSITION_TOLERANCE

if TYPE_CHECKING:
    from desktop.io.workbook.model_queue import PriorityRows, StageRows

_SHARE_FORMAT = "0.0%"
_T = DAYS_PER_MONTH


def write_stage_waits(
    rows: ModelRows,
    scenario: Scenario,
    cells: AssumptionCells,
    k: int,
    stage_rows: StageRows,
    capacity_row: int,
    fte_row: int,
) -> None:
    """The waits of stage ``k``: a few rows for the stage, then per priority."""
    stage = scenario.stages[k]
    rows.group(f"{stage.name} · waits")
    names = {"stage": stage.name}
    cap, fte = capacity_row, fte_row
    arriving, completing = [], []
    for priority, out in zip(scenario.priorities, stage_rows.priorities, strict=True):
        a1, a_n = out.arrivals[0], out.arrivals[-1]
        c1, c_n = out.completed[0], out.completed[-1]
        with_work = f"--($E${a1}:$E${a_n}>0)"
        arriving.append(
            rows.formulas(
                "Items with work arriving",
                filled_in(f"=SUMPRODUCT({{m}}{a1}:{{m}}{a_n},{with_work})"),
                TWO_DECIMALS,
                priority=priority.name,
                **names,
            )
        )
        completing.append(
            rows.formulas(
                "Items with work completed",
                filled_in(f"=SUMPRODUCT({{m}}{c1}:{{m}}{c_n},{with_work})"),
                TWO_DECIMALS,
                priority=priority.name,
                **names,
            )
        )
    new = stage_rows.new_work
    items = rows.formulas(
        "Items with work arriving, all priorities",
        lambda m, _: "=" + plus([f"{m}{r}" for r in arriving]),
        TWO_DECIMALS,
        **names,
    )
    load = rows.formulas(
        "Load (new work ÷ capacity)", lambda m, _: f"=IF({m}{cap}>0,{m}{new}/{m}{cap},0)", _SHARE_FORMAT, **names
    )
    per_fte = cells.hours_per_fte_month[k]
    row = rows.row
    service = rows.formulas(
        "Time one person takes for an item (days)",
        lambda m, _: f"=IF(AND({m}{items}>0,$E${row}>0),{m}{new}/{m}{items}*{_T}/$E${row},0)",
        TWO_DECIMALS,
        parameter=f"={per_fte}",
        parameter_format=TWO_DECIMALS,
        **names,
    )
    chance = rows.formulas(
        "Chance that a report waits",
        lambda m, _: f"=MIN({m}{load},1)^(SQRT(2*(MAX({m}{fte},1)+1))-1)",
        _SHARE_FORMAT,
        **names,
    )

    def spread_formula(m: str, _: str) -> str:
        horizon = f"MAX({_T}-{m}{service}*(2+LN(MAX({m}{fte},1))/2),{m}{service})"
        return f"=IF(AND({m}{fte}>0,{m}{service}>0),SQRT(PI()*{m}{service}/(4*{m}{fte}*{horizon})),0)"

    spread = rows.formulas("Random build-up at full load (ε)", spread_formula, "0.000", **names)
    stage_level = _StageLevel(cap, fte, new, service, chance, spread)
    for p in range(len(scenario.priorities)):
        _priority_waits(rows, scenario, cells, k, p, stage_rows.priorities[p], stage_level, arriving[p], completing[p])


@dataclass(frozen=True)
class _StageLevel:
    """Rows of the stage that every priority's waits use."""

    capacity: int
    fte: int
    new_work: int
    service: int
    chance: int
    spread: int


def _priority_waits(
    rows: ModelRows,
    scenario: Scenario,
    cells: AssumptionCells,
    k: int,
    p: int,
    out: PriorityRows,
    level: _StageLevel,
    arrived: int,
    done: int,
) -> None:
    priority = scenario.priorities[p]
    pnames = {"priority": priority.name, "stage": scenario.stages[k].name}
    first, last = rows.letters[0], rows.last_letter
    cap, fte, new = level.capacity, level.fte, level.new_work
    service, chance, spread = level.service, level.chance, level.spread
    per_fte, weeks = cells.hours_per_fte_month[k], cells.working_weeks[k]
    cumulative, own = out.new_work_ahead, out.new_work
    sigma = rows.formulas(
        "Load, this and higher priorities",
        lambda m, _: f"=IF({m}{cap}>0,{m}{cumulative}/{m}{cap},0)",
        _SHARE_FORMAT,
        **pnames,
    )

    def drain(m: str, _: str, ahead: int = out.waiting_hours_ahead, c: int = cumulative, n: int = own) -> str:
        room = f"{m}{cap}-({m}{c}-{m}{n})"
        return f'=IF({m}{ahead}<=0,0,IF({room}>0,{m}{ahead}/({room})*{_T},"{NO_CAPACITY}"))'

    drain_row = rows.formulas("Backlog drain time (days)", drain, ONE_DECIMAL, **pnames)

    def queueing(m: str, _: str, s: int = sigma, n: int = own) -> str:
        before = f"({m}{s}-{m}{n}/{m}{cap})"
        norm = f"SQRT(1+{m}{spread}^2)"
        this_factor = f"(SQRT((1-{m}{s})^2+{m}{spread}^2)/{norm})"
        ahead_factor = f"(SQRT((1-{before})^2+{m}{spread}^2)/{norm})"
        wait = f"{m}{chance}*{m}{service}/({m}{fte}*{ahead_factor}*{this_factor})"
        return f'=IF({m}{new}>0,IF({m}{cap}>0,{wait},"{NO_CAPACITY}"),0)'

    queue_row = rows.formulas("Queueing wait (days)", queueing, ONE_DECIMAL, **pnames)
    out.wait_days = rows.formulas(
        "Expected wait at current rates (days)",
        lambda m, _: (
            f'=IF(AND(ISNUMBER({m}{drain_row}),ISNUMBER({m}{queue_row})),{m}{drain_row}+{m}{queue_row},"{NO_CAPACITY}")'
        ),
        ONE_DECIMAL,
        **pnames,
    )
    b1, b_n = out.backlog[0], out.backlog[-1]
    so_far_row = rows.row
    so_far = rows.formulas(
        "Arrived so far, with the backlog at the start (items)",
        lambda m, b: f"={b}{so_far_row}+{m}{arrived}",
        TWO_DECIMALS,
        start=f"=SUMPRODUCT(F{b1}:F{b_n},--($E${b1}:$E${b_n}>0))",
        **pnames,
    )
    done_so_far_row = rows.row
    done_so_far = rows.formulas(
        "Completed so far (items)",
        lambda m, b: f"={b}{done_so_far_row}+{m}{done}",
        TWO_DECIMALS,
        start="=0",
        **pnames,
    )
    tolerance = f"{POSITION_TOLERANCE}*(1+${last}${so_far})"
    place = rows.formulas(
        "Place of a report arriving mid-month (items)",
        lambda m, b: f"=MAX({b}{so_far}+{m}{arrived}/2-{tolerance},0)",
        TWO_DECIMALS,
        **pnames,
    )
    done_range = f"${first}${done_so_far}:${last}${done_so_far}"
    months_before = rows.formulas(
        "Months whose completions fall short of that place",
        lambda m, _: f"=SUMPRODUCT(--({done_range}<{m}{place}))",
        "0",
        **pnames,
    )
    n_months = scenario.months

    def done_at(m: str, _: str, x: int = place, n: int = months_before, c: int = done) -> str:
        previous = f"IF({m}{n}=0,0,INDEX({done_range},1,{m}{n}))"
        reached = f"INDEX({done_range},1,{m}{n}+1)"
        inside = f"{m}{n}+IF({m}{x}>{previous},({m}{x}-{previous})/({reached}-{previous}),0)"
        after = f'IF(${last}${c}>0,{n_months}+({m}{x}-${last}${done_so_far})/${last}${c},"{NO_CAPACITY}")'
        return f"=IF({m}{n}<{n_months},{inside},{after})"

    done_row = rows.formulas("Done (months from the start)", done_at, TWO_DECIMALS, **pnames)
    row = rows.row

    def handling(m: str, _: str, a: int = arrived, n: int = own, row: int = row) -> str:
        overall = f"IF(SUM({first}{a}:{last}{a})>0,SUM({first}{n}:{last}{n})/SUM({first}{a}:{last}{a}),0)"
        hours = f"IF({m}{a}>0,{m}{n}/{m}{a},{overall})"
        return f'=IF({hours}>0,IF({per_fte}>0,{hours}*$E${row}*5/(12*{per_fte}),"{NO_CAPACITY}"),0)'

    handling_row = rows.formulas("Own handling time (days)", handling, ONE_DECIMAL, parameter=f"={weeks}", **pnames)
    number = rows.month_number_row

    queue_range = f"${first}${queue_row}:${last}${queue_row}"

    def arrival(
        m: str, _: str, d: int = done_row, q: int = queue_row, h: int = handling_row, n: int = months_before
    ) -> str:
        at_done = f"IF({m}{n}<{n_months},INDEX({queue_range},1,MAX({m}{n},{m}${number})+1),${last}${q})"
        queued = f"IF(ISNUMBER({m}{q}),{m}{q},{at_done})"
        known = f"AND(ISNUMBER({m}{d}),ISNUMBER({queued}),ISNUMBER({m}{h}))"
        wait = f"MAX({m}{d}-({m}${number}+0.5),0)*{_T}+{queued}+{m}{h}"
        return f'=IF({known},{wait},"{NO_CAPACITY}")'

    out.arrival_wait_days = rows.formulas("Wait of a report arriving this month (days)", arrival, ONE_DECIMAL, **pnames)
    target, wait_row = cells.target_days[p], out.arrival_wait_days
    out.over_target = rows.formulas(
        "Over target",
        lambda m, _: f"=IF(ISNUMBER({m}{wait_row}),IF({m}{wait_row}>{target},1,0),1)",
        YES_NO,
        **pnames,
    )
