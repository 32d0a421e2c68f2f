"""The two waits on small plans: the expected wait at current rates and the wait of a report arriving."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.model.engine import project
from desktop.model.plan import Scenario

from .builders import priority, scenario, source, stage

HOURS_PER_FTE_MONTH = 100.0  # the builders' stage: 1200 h a year × 1.0


def _team(load: float, fte: float = 5.0, hours: float = 8.0, months: int = 1, **source_extra: object) -> Scenario:
    """One stage of ``fte`` people; reports of ``hours`` each arrive at ``load`` × the capacity."""
    reports = load * fte * HOURS_PER_FTE_MONTH / hours * 12
    return scenario(
        months=months,
        stages=[stage("k1", fte=fte)],
        sources=[source("s1", volumes={"2021": reports}, work={"k1": {"share": 1.0, "hours": hours}}, **source_extra)],
    )


LOADS = [0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0, 1.01, 1.05, 1.1, 1.2, 1.5, 2.0]


@pytest.mark.parametrize(("fte", "hours"), [(0.5, 24.0), (2.0, 8.0), (7.0, 8.0), (25.0, 1.0), (100.0, 24.0)])
def test_the_expected_wait_is_not_zero_below_full_load_and_grows_smoothly_with_the_load(
    fte: float, hours: float
) -> None:
    waits = np.array([project(_team(load, fte, hours)).wait_days[0, 0, 0] for load in LOADS])
    drains = np.array([project(_team(load, fte, hours)).drain_days[0, 0, 0] for load in LOADS])
    assert (drains[np.array(LOADS) <= 1.0] == 0).all()  # the month's work fits: no backlog
    assert (waits > 0).all()
    assert (np.diff(waits) > 0).all()
    # no jump where the backlog starts: 1 % more load moves the wait by less than a day
    at_full = LOADS.index(1.0)
    assert abs(waits[at_full + 1] - waits[at_full]) < 1.0
    assert abs(waits[at_full] - waits[at_full - 1]) < 1.0


def test_well_above_full_load_the_backlog_dominates_the_wait() -> None:
    projection = project(_team(2.0, fte=10.0, hours=8.0, months=6))
    drain, queueing = projection.drain_days[0, :, 0], projection.queueing_days[0, :, 0]
    # the month's new work is twice the capacity: each month adds a month of work, 30.44 days of drain time
    assert drain == pytest.approx(30.44 * np.arange(1, 7), rel=1e-12)
    assert (queueing < 0.02 * drain).all()
    np.testing.assert_array_equal(projection.wait_days[0, :, 0], drain + queueing)


def test_the_wait_follows_the_team_size_as_a_queue_does() -> None:
    # at the same load a larger team has a shorter queueing wait (more people to pick the next report up)
    waits = [project(_team(0.9, fte, 8.0)).wait_days[0, 0, 0] for fte in (1.0, 2.0, 5.0, 25.0, 100.0)]
    assert (np.diff(waits) < 0).all()
    # one person at 0.9: M/M/1 gives 0.9 × S ÷ (1 − 0.9) with S = 8 h × 30.44 ÷ 100 h days; near full load
    # the estimate keeps the random build-up of a month, so it is lower, but of that size
    service = 8 * 30.44 / HOURS_PER_FTE_MONTH
    assert 0.3 * 9 * service < waits[0] < 9 * service
    # with no one in post and work arriving there is no end to the wait
    nobody = scenario(months=1, stages=[stage("k1", fte=0.0)], sources=[source("s1", volumes={"2021": 1200})])
    assert np.isposinf(project(nobody).wait_days[0, 0, 0])


def test_an_urgent_report_waits_less_than_a_regular_one() -> None:
    projection = project(
        scenario(
            months=1,
            priorities=[priority("urgent", 7), priority("regular", 60)],
            stages=[stage("k1", fte=5)],
            sources=[
                source(
                    "s1",
                    volumes={"2021": 0.9 * 500 / 8 * 12},
                    priority_mix={"urgent": 0.3, "regular": 0.7},
                    work={"k1": {"share": 1.0, "hours": 8.0}},
                )
            ],
        )
    )
    urgent, regular = projection.wait_days[0, 0]
    assert 0 < urgent < regular


def _growing(target_days: float = 60.0) -> Scenario:
    """Capacity 500 h a month; 1-hour reports: 250 regular a month, and urgent ones at 300 a month on average,
    growing through the year (seasonality 1.0, 1.2, … 3.2 ÷ their mean). Urgent reports go first, so the
    hours left for regular ones shrink month by month."""
    return scenario(
        months=12,
        priorities=[priority("urgent", 7), priority("regular", target_days)],
        stages=[stage("k1", fte=5)],
        sources=[
            source(
                "u",
                volumes={"2021": 300 * 12},
                seasonality=[1.0 + 0.2 * i for i in range(12)],
                priority_mix={"urgent": 1.0},
                work={"k1": {"share": 1.0, "hours": 1.0}},
            ),
            source("r", volumes={"2021": 250 * 12}, priority_mix={"regular": 1.0}),
        ],
    )


def test_while_intake_grows_a_report_arriving_waits_longer_than_the_snapshot_says() -> None:
    projection = project(_growing())
    regular = 1
    arrival, snapshot = projection.arrival_wait_days[0, :, regular], projection.wait_days[0, :, regular]
    # By hand: the regular report arriving mid-month m is number Σ arrivals before m + half of month m's; it is
    # done when the cumulative regular completions reach that number, read linearly within the month.
    arrived = projection.arrivals[0, :, :, regular].sum(axis=1)
    done_so_far = np.cumsum(projection.completed[0, :, :, regular].sum(axis=1))
    for m in range(12):
        place = arrived[:m].sum() + arrived[m] / 2
        n = int(np.searchsorted(done_so_far, place - 1e-6))  # the month in which it is done
        if n == 12:
            continue
        before = done_so_far[n - 1] if n else 0.0
        done = n + (place - before) / (done_so_far[n] - before)
        extra = projection.queueing_days[0, m, regular] + projection.handling_days[0, m, regular]
        assert arrival[m] == pytest.approx(max(done - m - 0.5, 0) * 30.44 + extra, abs=1e-4)
    # the snapshot drains the backlog with this month's hours left for regular work; the report arriving
    # now is served in later months, with fewer hours left as urgent intake grows: it waits longer
    backlog = projection.backlog_items[0, :, :, regular].sum(axis=1)
    assert (np.diff(backlog[6:]) > 0).all()
    assert (arrival[8:11] > snapshot[8:11]).all()
    assert arrival[9] > 1.3 * snapshot[9]


def test_the_norm_is_judged_on_the_wait_of_a_report_arriving() -> None:
    base = project(_growing())
    snapshot, arrival = base.wait_days[0, 9, 1], base.arrival_wait_days[0, 9, 1]
    target = (snapshot + arrival) / 2
    projection = project(_growing(target_days=target))
    assert projection.wait_days[0, 9, 1] < target < projection.arrival_wait_days[0, 9, 1]
    assert projection.breached[0, 9, 1]
    assert projection.breached.tolist() == (projection.arrival_wait_days > projection.target_days).tolist()


def test_with_constant_overload_reports_arriving_later_wait_longer_and_breach_later() -> None:
    projection = project(_team(1.5, fte=2.0, hours=4.0, months=12))
    arrival = projection.arrival_wait_days[0, :, 0]
    assert (np.diff(arrival) > 0).all()
    target = projection.target_days[0]
    assert projection.breached[0, :, 0].tolist() == (arrival > target).tolist()
    assert not projection.breached[0, 0, 0]
    assert projection.breached[0, -1, 0]


def test_a_reports_own_handling_time_counts() -> None:
    # 24 hours of work: one person gives 100 h ÷ (46 × 5 ÷ 12 working days) ≈ 5.2 hours a working day,
    # so the report takes 24 ÷ 5.2 ≈ 4.6 days to handle, however little it waits
    projection = project(_team(0.1, fte=50.0, hours=24.0))
    handling = 24 / (HOURS_PER_FTE_MONTH / (46 * 5 / 12))
    assert projection.handling_days[0, 0, 0] == pytest.approx(handling, rel=1e-12)
    assert projection.arrival_wait_days[0, 0, 0] == pytest.approx(handling + projection.queueing_days[0, 0, 0])
    # a 4-day target cannot be met by this team, though nothing waits
    assert projection.drain_days[0, 0, 0] == 0


def test_a_report_not_done_by_the_end_is_done_at_the_last_months_rate() -> None:
    projection = project(_team(2.0, fte=1.0, hours=1.0, months=3))
    # 200 reports a month, 100 done: the one arriving mid-month 1 is number 300, done as the last month
    # ends; the one arriving mid-month 2 is number 500, done at 100 a month after the 300 done by the end:
    # 2 months after the end
    assert projection.arrival_beyond_end[0, :, 0].tolist() == [False, False, True]
    expected = (3.0 - 1.5) * 30.44 + projection.queueing_days[0, 1, 0] + projection.handling_days[0, 1, 0]
    assert projection.arrival_wait_days[0, 1, 0] == pytest.approx(expected, abs=1e-5)
    expected = (5.0 - 2.5) * 30.44 + projection.queueing_days[0, 2, 0] + projection.handling_days[0, 2, 0]
    assert projection.arrival_wait_days[0, 2, 0] == pytest.approx(expected, abs=1e-5)
