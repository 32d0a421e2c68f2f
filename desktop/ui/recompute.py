"""Recomputes the projection after each edit (debounced) and solves hiring off the UI thread."""

from __future__ import annotations

import traceback
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from desktop.model.engine import Array, Projection, project
from desktop.model.hiring_plan import Granularity, HiringPlan, hiring_plan
from desktop.model.measures import Headlines, headlines
from desktop.model.plan import Scenario
from desktop.model.solver import HireAdvice, hires_to_meet_targets
from desktop.ui.document import PlanDocument


class _SolverSignals(QObject):
    solved = Signal(int, object)
    failed = Signal(int, str)


@dataclass(frozen=True)
class HiringAnswer:
    """What the worker computes after each edit: the "fund now" figures and the hiring plan."""

    advice: list[HireAdvice]
    plan: HiringPlan
    fte_with_plan: Array
    """(K, M) effective FTE with the plan's posts added, for the FTE chart."""


class _SolverJob(QRunnable):
    """Runs the hiring solver and the hiring plan (many projections) on a worker thread."""

    def __init__(self, generation: int, scenario: Scenario, granularity: Granularity, signals: _SolverSignals) -> None:
        super().__init__()
        self.generation = generation
        self._scenario = scenario
        self._granularity: Granularity = granularity
        self._signals = signals

    def run(self) -> None:
        try:
            advice = hires_to_meet_targets(self._scenario)
            plan = hiring_plan(self._scenario, self._granularity)
            with_plan = project(plan.applied_to(self._scenario)).fte_available
        except Exception:  # a defect in the solver must not take the window down
            self._signals.failed.emit(self.generation, traceback.format_exc())
            return
        self._signals.solved.emit(self.generation, HiringAnswer(advice, plan, with_plan))


class ProjectionRunner(QObject):
    """Keeps a projection of the document's current scenario up to date."""

    projected = Signal(object, object)
    """(Projection, Headlines without hiring advice), after each change."""
    hiring_solved = Signal(object)
    """list[HireAdvice] for the latest projection."""
    plan_solved = Signal(object)
    """HiringAnswer for the latest projection (emitted just after ``hiring_solved``)."""
    failed = Signal(str)
    """A computation failed; the text says what, for the log."""

    def __init__(self, document: PlanDocument, delay_ms: int = 10, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.run_now)
        self._generation = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _SolverSignals(self)
        self._signals.solved.connect(self._on_solved)
        self._signals.failed.connect(self._on_failed)
        self.projection: Projection | None = None
        self.headlines: Headlines | None = None
        self.hiring: list[HireAdvice] | None = None
        self.answer: HiringAnswer | None = None
        self.granularity: Granularity = "month"
        self._solver_held = False
        self._held_job: _SolverJob | None = None
        document.plan_changed.connect(self.schedule)
        document.scenario_selected.connect(self.schedule)

    def schedule(self) -> None:
        """Recompute soon; edits that come in quick succession are computed once."""
        self._timer.start()

    def run_now(self) -> None:
        self._timer.stop()
        self._generation += 1
        scenario = self._document.scenario
        try:
            self.projection = project(scenario)
            self.headlines = headlines(self.projection, solve_hiring=False)
        except Exception:
            self.failed.emit(traceback.format_exc())
            return
        self.hiring = None
        self.answer = None
        self.projected.emit(self.projection, self.headlines)
        self._pool.clear()  # answers for plans already edited away would only be thrown away
        job = _SolverJob(self._generation, scenario, self.granularity, self._signals)
        if self._solver_held:
            self._held_job = job
        else:
            self._pool.start(job)

    def hold_solver(self) -> None:
        """Keep the hiring solver from starting until :meth:`release_solver`.

        The solver runs on a worker thread but holds the GIL for most of its work, so while a window
        paints for the first time it would only slow that down: the window holds it until it has painted.
        """
        self._solver_held = True

    def release_solver(self) -> None:
        """Start the hiring solver for the latest projection, if it was held back."""
        self._solver_held = False
        job, self._held_job = self._held_job, None
        if job is not None and job.generation == self._generation:
            self._pool.start(job)

    def wait_for_solver(self, msecs: int = -1) -> bool:
        """Wait for background work (on closing, and in tests)."""
        return self._pool.waitForDone(msecs)

    def set_granularity(self, granularity: Granularity) -> None:
        """Fund posts per month or per quarter in the hiring plan; computes it again."""
        if granularity != self.granularity:
            self.granularity = granularity
            self.run_now()

    def _on_solved(self, generation: int, answer: HiringAnswer) -> None:
        if generation == self._generation:
            self.hiring = answer.advice
            self.answer = answer
            self.hiring_solved.emit(answer.advice)
            self.plan_solved.emit(answer)

    def _on_failed(self, generation: int, details: str) -> None:
        if generation == self._generation:
            self.failed.emit(details)
