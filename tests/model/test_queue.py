"""The queue of one or two stages, worked out by hand from the formulas in DESIGN.md ("The model (v1)")."""

from __future__ import annotations

import math

import numpy as np
import pytest

from desktop.model.engine import project

from .builders import priority, scenario, source, stage

MONTHS = np.arange(12)


def test_constant_intake_over_constant_capacity_builds_a_backlog_month_by_month() -> None:
    # 1,200 reports a year → 100 a month; 2 hours each → 200 h of new work a month.
    # 1 FTE × 1500 h/year ÷ 12 × 0.8 productive = 100 h a month of capacity.
    # So 50 items are done a month and 50 are added to the backlog: b(m) = 50 × (m + 1).
    projection = project(
        scenario(
            priorities=[priority("p1", target_days=45)],
            stages=[stage("k1", fte=1, hours_per_fte_year=1500, productive_share=0.8)],
            sources=[source("s1", volumes={"2021": 1200}, work={"k1": {"share": 1.0, "hours": 2.0}})],
        )
    )
    assert projection.intake[:, 0] == pytest.approx(np.full(12, 100.0), rel=1e-12)
    assert projection.hours_per_fte_month[0] == pytest.approx(100.0, rel=1e-12)
    assert projection.capacity_hours[0] == pytest.approx(np.full(12, 100.0), rel=1e-12)
    assert projection.demand_hours[0, :, 0] == pytest.approx(np.full(12, 200.0), rel=1e-12)
    assert projection.processed_hours[0, :, 0] == pytest.approx(np.full(12, 100.0), rel=1e-12)
    assert projection.completed[0, :, 0, 0] == pytest.approx(np.full(12, 50.0), rel=1e-12)
    assert projection.backlog_items[0, :, 0, 0] == pytest.approx(50.0 * (MONTHS + 1), rel=1e-12)
    assert projection.backlog_hours[0, :, 0] == pytest.approx(100.0 * (MONTHS + 1), rel=1e-12)
    # drain time = backlog hours ÷ capacity × 30.44 days = 100 (m + 1) ÷ 100 × 30.44 = 30.44 (m + 1);
    # the expected wait at current rates adds the queueing wait
    assert projection.drain_days[0, :, 0] == pytest.approx(30.44 * (MONTHS + 1), rel=1e-12)
    assert projection.wait_days[0, :, 0] == pytest.approx(30.44 * (MONTHS + 1) + projection.queueing_days[0, :, 0])
    # First come first served: the report arriving mid-month m is number 100 m + 50; 50 are done a month,
    # so it is done at the end of month 2m: (m + ½) months after it came (after the end too, at 50 a month).
    # Its own handling: 2 h ÷ (100 h ÷ (46 × 5 ÷ 12) working days) = 2 × 46 × 5 ÷ (12 × 100) days.
    handling = 2 * 46 * 5 / (12 * 100)
    assert projection.handling_days[0, :, 0] == pytest.approx(np.full(12, handling), rel=1e-12)
    arrival = (MONTHS + 0.5) * 30.44 + projection.queueing_days[0, :, 0] + handling
    assert projection.arrival_wait_days[0, :, 0] == pytest.approx(arrival, abs=1e-5)
    assert projection.arrival_beyond_end[0, :, 0].tolist() == [False] * 6 + [True] * 6
    # reports arriving later wait longer; target 45 days: month 0 within, month 1 on breached
    assert (np.diff(projection.arrival_wait_days[0, :, 0]) > 0).all()
    assert projection.breached[0, :, 0].tolist() == (arrival > 45).tolist() == [False] + [True] * 11
    # FTE required = 200 h ÷ 100 h per FTE = 2; all capacity is used
    assert projection.fte_required[0] == pytest.approx(np.full(12, 2.0), rel=1e-12)
    assert projection.utilization[0] == pytest.approx(np.full(12, 1.0), rel=1e-12)
    # to clear in 12 months: (200 + 100 (m + 1) ÷ 12) ÷ 100
    assert projection.fte_required_to_clear[0] == pytest.approx((200 + 100 * (MONTHS + 1) / 12) / 100, rel=1e-12)
    assert projection.fte_available[0] == pytest.approx(np.full(12, 1.0), rel=1e-12)


def _two_priorities(fte: float):
    # 100 reports a month, 60 % urgent and 40 % regular, 1 hour each → 60 h and 40 h of new work.
    # One FTE gives 1200 ÷ 12 × 1.0 = 100 h a month.
    return project(
        scenario(
            priorities=[priority("urgent", target_days=7), priority("regular", target_days=60)],
            stages=[stage("k1", fte=fte)],
            sources=[source("s1", volumes={"2021": 1200}, priority_mix={"urgent": 0.6, "regular": 0.4})],
        )
    )


def test_urgent_is_served_first_and_the_lower_priority_gets_the_rest() -> None:
    projection = _two_priorities(fte=0.8)  # 80 h a month
    urgent, regular = 0, 1
    assert projection.capacity_hours[0] == pytest.approx(np.full(12, 80.0), rel=1e-12)
    # urgent: 60 h of work, all done, nothing waits
    assert projection.processed_hours[0, :, urgent] == pytest.approx(np.full(12, 60.0), rel=1e-12)
    assert projection.completed[0, :, 0, urgent] == pytest.approx(np.full(12, 60.0), rel=1e-12)
    assert projection.backlog_items[0, :, 0, urgent] == pytest.approx(np.zeros(12), abs=1e-12)
    assert projection.drain_days[0, :, urgent] == pytest.approx(np.zeros(12), abs=1e-12)
    # regular: only 80 − 60 = 20 h a month is left, so 40 − 20 = 20 items are added to the backlog each month
    assert projection.processed_hours[0, :, regular] == pytest.approx(np.full(12, 20.0), rel=1e-12)
    assert projection.backlog_items[0, :, 0, regular] == pytest.approx(20.0 * (MONTHS + 1), rel=1e-12)
    # drain time = (0 + 20 (m + 1)) ÷ (80 − 60) × 30.44 = 30.44 (m + 1)
    assert projection.drain_days[0, :, regular] == pytest.approx(30.44 * (MONTHS + 1), rel=1e-12)
    # arriving mid-month m a regular report is number 40 m + 20; 20 are done a month: (m + ½) months
    handling = 1 * 46 * 5 / (12 * 100)
    queueing = projection.queueing_days[0, :, :]
    arrival = (MONTHS + 0.5) * 30.44 + queueing[:, regular] + handling
    assert projection.arrival_wait_days[0, :, regular] == pytest.approx(arrival, abs=1e-5)
    # target 60 days: 15.2 and 45.7 days (within), 76.1 (breached), …
    assert projection.breached[0, :, regular].tolist() == [False, False] + [True] * 10
    # urgent keeps up: its wait is the queueing wait and its own handling, within 7 days
    assert projection.arrival_wait_days[0, :, urgent] == pytest.approx(queueing[:, urgent] + handling, abs=1e-5)
    assert not projection.breached[0, :, urgent].any()


def test_when_urgent_work_alone_exceeds_capacity_the_lower_priority_waits_forever() -> None:
    projection = _two_priorities(fte=0.5)  # 50 h a month < 60 h of urgent work
    urgent, regular = 0, 1
    # urgent: 60 − 50 = 10 items added a month; drain = 10 (m + 1) ÷ 50 × 30.44 = 6.088 (m + 1)
    assert projection.backlog_items[0, :, 0, urgent] == pytest.approx(10.0 * (MONTHS + 1), rel=1e-12)
    assert projection.drain_days[0, :, urgent] == pytest.approx(6.088 * (MONTHS + 1), rel=1e-12)
    # arriving mid-month m an urgent report is number 60 m + 30, done at 50 a month: at (60 m + 30) ÷ 50
    # months, (0.2 m + 0.1) months after it came
    handling = 1 * 46 * 5 / (12 * 100)
    arrival = (0.2 * MONTHS + 0.1) * 30.44 + projection.queueing_days[0, :, urgent] + handling
    assert projection.arrival_wait_days[0, :, urgent] == pytest.approx(arrival, abs=1e-5)
    # target 7 days: about 3.5 (within), then 9.6, … (breached)
    assert projection.breached[0, :, urgent].tolist() == [False] + [True] * 11
    # regular gets nothing: all 40 items a month wait, room = 50 − 60 < 0 → the wait is infinite
    assert projection.completed[0, :, 0, regular] == pytest.approx(np.zeros(12), abs=1e-12)
    assert projection.backlog_items[0, :, 0, regular] == pytest.approx(40.0 * (MONTHS + 1), rel=1e-12)
    assert np.isposinf(projection.wait_days[0, :, regular]).all()
    # none is done by the end and none in the last month: no end to the wait of any regular report
    assert np.isposinf(projection.arrival_wait_days[0, :, regular]).all()
    assert projection.breached[0, :, regular].all()


def test_second_stage_receives_the_completions_of_the_first_times_each_sources_share() -> None:
    # Source a: 100 a month, 1 h at stage 1, half go on to stage 2.
    # Source b:  50 a month, 1 h at stage 1, a fifth go on to stage 2.
    # Stage 1 has 75 h a month for 150 h of work.
    work_a = {"k1": {"share": 1.0, "hours": 1.0}, "k2": {"share": 0.5, "hours": 2.0}}
    work_b = {"k1": {"share": 1.0, "hours": 1.0}, "k2": {"share": 0.2, "hours": 2.0}}
    projection = project(
        scenario(
            months=3,
            stages=[stage("k1", fte=0.75), stage("k2", fte=10)],
            sources=[
                source("a", volumes={"2021": 1200}, work=work_a),
                source("b", volumes={"2021": 600}, work=work_b),
            ],
        )
    )
    # Stage 1, month 0: 75 of 150 h → half of each source's items: a 50, b 25.
    # Month 1: waiting a 50 + 100, b 25 + 50 = 225 h; 75 h → a third: a 50, b 25. Month 2 the same
    # (a 100 + 100, b 50 + 50 = 300 h, a quarter): a 50, b 25.
    assert projection.completed[0, :, 0, 0] == pytest.approx([50.0, 50.0, 50.0], rel=1e-12)
    assert projection.completed[0, :, 1, 0] == pytest.approx([25.0, 25.0, 25.0], rel=1e-12)
    # Stage 2 in the same month: a 50 × 0.5 = 25, b 25 × 0.2 = 5.
    assert projection.arrivals[1, :, 0, 0] == pytest.approx([25.0, 25.0, 25.0], rel=1e-12)
    assert projection.arrivals[1, :, 1, 0] == pytest.approx([5.0, 5.0, 5.0], rel=1e-12)
    # stage 2 has ample capacity (1000 h for (25 + 5) × 2 = 60 h): everything is done in the month
    assert projection.demand_hours[1, :, 0] == pytest.approx([60.0, 60.0, 60.0], rel=1e-12)
    assert projection.completed[1, :, :, 0] == pytest.approx(np.array([[25.0, 5.0]] * 3), rel=1e-12)
    assert projection.backlog_items[1] == pytest.approx(np.zeros((3, 2, 1)), abs=1e-12)


def test_priority_stays_with_the_item_from_stage_to_stage() -> None:
    # 100 a month, 30 % urgent, 70 % regular; stage 1 has 50 h a month for 100 h.
    # Urgent first: 30 done; regular gets 20 of its 70. Stage 2 takes a half of each.
    work = {"k1": {"share": 1.0, "hours": 1.0}, "k2": {"share": 0.5, "hours": 1.0}}
    projection = project(
        scenario(
            months=1,
            priorities=[priority("urgent"), priority("regular")],
            stages=[stage("k1", fte=0.5), stage("k2", fte=10)],
            sources=[source("s1", priority_mix={"urgent": 0.3, "regular": 0.7}, work=work)],
        )
    )
    assert projection.arrivals[0, 0, 0] == pytest.approx([30.0, 70.0], rel=1e-12)
    assert projection.completed[0, 0, 0] == pytest.approx([30.0, 20.0], rel=1e-12)
    assert projection.arrivals[1, 0, 0] == pytest.approx([15.0, 10.0], rel=1e-12)


def test_more_staff_upstream_sends_more_work_downstream() -> None:
    # By design, stage k > 1 receives what stage k − 1 completes: staffing up stage 1 grows the queue of
    # a stage 2 that has no staff. 100 a month at 1 h; stage 1 has 50 h, then 100 h.
    work = {"k1": {"share": 1.0, "hours": 1.0}, "k2": {"share": 1.0, "hours": 1.0}}
    built = scenario(months=2, stages=[stage("k1", fte=0.5), stage("k2", fte=0)], sources=[source(work=work)])
    before, after = project(built), project(built, extra_fte={"k1": 0.5})
    # the extra half FTE joins at once (no vacancy lag, no ramp-up): stage 1 does 100 a month
    assert before.backlog_items[0, :, 0, 0] == pytest.approx([50.0, 100.0], rel=1e-12)
    assert after.backlog_items[0, :, 0, 0] == pytest.approx([0.0, 0.0], abs=1e-12)
    assert before.backlog_items[1, :, 0, 0] == pytest.approx([50.0, 100.0], rel=1e-12)
    assert after.backlog_items[1, :, 0, 0] == pytest.approx([100.0, 200.0], rel=1e-12)


def test_a_starting_backlog_is_cleared_in_the_month_expected() -> None:
    # 300 items of 1 h waiting; 100 h of new work a month; 150 h of capacity → 50 fewer a month:
    # 400 − 150 = 250, 200, 150, 100, 50, 0 (month index 5), then 0.
    projection = project(
        scenario(
            stages=[stage("k1", fte=1.5, initial_backlog={"p1": 300})],
            sources=[source("s1", volumes={"2021": 1200})],
        )
    )
    expected = [250.0, 200.0, 150.0, 100.0, 50.0] + [0.0] * 7
    assert projection.backlog_items[0, :, 0, 0] == pytest.approx(expected, abs=1e-9)
    # 150 a month while anything waits (month 5 does the last 50 and the month's 100), then 100
    assert projection.completed[0, :, 0, 0] == pytest.approx([150.0] * 6 + [100.0] * 6, rel=1e-12)
    first_clear = int(np.argmax(projection.backlog_items[0, :, 0, 0] <= 1e-9))
    assert first_clear == 5
    # Drain time at month 0: 250 h ÷ 150 h × 30.44 days; none once the backlog is cleared
    assert projection.drain_days[0, 0, 0] == pytest.approx(250 / 150 * 30.44, rel=1e-12)
    assert projection.drain_days[0, 5:, 0] == pytest.approx(np.zeros(7), abs=1e-12)
    # but at two-thirds load a report still waits a little: the expected wait is not 0
    assert (projection.wait_days[0, 5:, 0] > 0).all()
    # the report arriving mid-month 0 is number 300 + 50, done at 150 a month: at 350 ÷ 150 months
    handling = 1 * 46 * 5 / (12 * 100)
    arrival = (350 / 150 - 0.5) * 30.44 + projection.queueing_days[0, 0, 0] + handling
    assert projection.arrival_wait_days[0, 0, 0] == pytest.approx(arrival, abs=1e-5)
    # Utilisation: 150 ÷ 150 while there is a backlog, then 100 ÷ 150
    assert projection.utilization[0] == pytest.approx([1.0] * 6 + [100 / 150] * 6, rel=1e-12)


def test_items_with_no_hours_complete_at_once_even_without_staff() -> None:
    # Source z takes 0 hours at the stage; source w 1 hour; the stage has no staff.
    projection = project(
        scenario(
            months=3,
            stages=[stage("k1", fte=0, initial_backlog={"p1": 90})],
            sources=[
                source("z", volumes={"2021": 1200}, work={"k1": {"share": 1.0, "hours": 0.0}}),
                source("w", volumes={"2021": 600}, work={"k1": {"share": 1.0, "hours": 1.0}}),
            ],
        )
    )
    # The starting 90 split as the first month's arrivals, 100 : 50 → z 60, w 30.
    # z: the 60 waiting and its 100 a month complete in the month they are there.
    assert projection.completed[0, :, 0, 0] == pytest.approx([160.0, 100.0, 100.0], rel=1e-12)
    assert projection.backlog_items[0, :, 0, 0] == pytest.approx([0.0, 0.0, 0.0], abs=1e-12)
    # w: nothing is done, 30 + 50 (m + 1) wait
    assert projection.completed[0, :, 1, 0] == pytest.approx([0.0, 0.0, 0.0], abs=1e-12)
    assert projection.backlog_items[0, :, 1, 0] == pytest.approx([80.0, 130.0, 180.0], rel=1e-12)
    assert projection.backlog_hours[0, :, 0] == pytest.approx([80.0, 130.0, 180.0], rel=1e-12)
    assert np.isposinf(projection.wait_days[0, :, 0]).all()
    assert math.isnan(projection.utilization[0, 0])


def test_starting_backlog_is_split_over_sources_as_the_first_months_arrivals() -> None:
    # Month 0 (January) arrivals: a 1200 ÷ 12 × 0.25 urgent = 25; b 2400 ÷ 12 × 0.5 urgent = 100.
    # The starting 250 urgent split 25 : 100 → a 50, b 200; the 30 regular split 75 : 100 → a 30 × 75/175.
    # Later months (with other proportions, b doubles from February by an event) do not count.
    projection = project(
        scenario(
            months=2,
            priorities=[priority("urgent"), priority("regular")],
            stages=[stage("k1", fte=0, initial_backlog={"urgent": 250, "regular": 30})],
            sources=[
                source("a", volumes={"2021": 1200}, priority_mix={"urgent": 0.25, "regular": 0.75}),
                source("b", volumes={"2021": 2400}, priority_mix={"urgent": 0.5, "regular": 0.5}),
            ],
            events=[{"name": "b doubles", "source": "b", "month": "2021-02", "factor": 2.0}],
        )
    )
    # nothing is done (no staff), so backlog(0) = starting share + month 0 arrivals
    a_urgent, b_urgent = 50 + 25, 200 + 100
    a_regular, b_regular = 30 * 75 / 175 + 75, 30 * 100 / 175 + 100
    assert projection.backlog_items[0, 0] == pytest.approx(
        np.array([[a_urgent, a_regular], [b_urgent, b_regular]]), rel=1e-12
    )


def test_a_vanishingly_small_capacity_gives_a_huge_or_infinite_wait_without_a_warning() -> None:
    # fte 1e-320 is a valid plan figure (fte ≥ 0); 1 item of 1 hour waits with 1e-318 h of capacity a month.
    # The wait is 1 ÷ 1e-318 × 30.44 days: beyond what a float holds, so it must come out as inf,
    # not as a RuntimeWarning (an error under the test settings, a console warning in the app).
    projection = project(
        scenario(
            months=1,
            stages=[stage("k1", fte=1e-320, initial_backlog={"p1": 1.0})],
            sources=[source(volumes={"2021": 0.0})],
        )
    )
    assert np.isposinf(projection.wait_days[0, 0, 0])
    assert projection.breached[0, 0, 0]


def test_more_intake_can_shrink_a_lower_prioritys_queue_downstream() -> None:
    # By design the first stage serves urgent work first, so when intake doubles its regular items stop
    # reaching stage 2: more intake does not mean a longer queue at every later stage and priority.
    # Stage 1: 100 h a month; 50 % urgent, 50 % regular, 1 h each; stage 2 has no staff.
    work = {"k1": {"share": 1.0, "hours": 1.0}, "k2": {"share": 1.0, "hours": 1.0}}
    mix = {"urgent": 0.5, "regular": 0.5}
    priorities = [priority("urgent"), priority("regular")]
    stages = [stage("k1", fte=1), stage("k2", fte=0)]
    before = project(
        scenario(months=1, priorities=priorities, stages=stages, sources=[source(priority_mix=mix, work=work)])
    )
    doubled = source(volumes={"2021": 2400}, priority_mix=mix, work=work)
    after = project(scenario(months=1, priorities=priorities, stages=stages, sources=[doubled]))
    # 100 a month: stage 1 does 50 urgent + 50 regular; 200 a month: 100 urgent, 0 regular
    assert before.backlog_items[1, 0, 0] == pytest.approx([50.0, 50.0], rel=1e-12)
    assert after.backlog_items[1, 0, 0] == pytest.approx([100.0, 0.0], abs=1e-12)
    # at stage 1 itself the queue only grows: regular 0 → 100
    assert after.backlog_items[0, 0, 0] == pytest.approx([0.0, 100.0], abs=1e-12)
