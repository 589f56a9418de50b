"""The time limit of solver checks (clearance/solver/watchdog.py): a check past its time is stopped
and raised as inconclusive, a check within it is never touched, and no interrupt outlives its check."""

from __future__ import annotations

import multiprocessing
import time

import pytest
import z3

from clearance.exceptions import InconclusiveError
from clearance.solver import SolverSettings, TrackedProblem, fresh_context
from clearance.solver.watchdog import WATCHDOG, Watchdog


def _pigeons(holes: int = 9) -> list[z3.BoolRef]:
    """holes + 1 pigeons in `holes` holes, one each: unsatisfiable, and slow to prove (seconds)."""
    placed = [[z3.Bool(f"p{pigeon}_{hole}") for hole in range(holes)] for pigeon in range(holes + 1)]
    clauses = [z3.Or(row) for row in placed]
    for hole in range(holes):
        for first in range(holes + 1):
            for second in range(first + 1, holes + 1):
                clauses.append(z3.Or(z3.Not(placed[first][hole]), z3.Not(placed[second][hole])))
    return clauses


def _hard_problem(timeout: float) -> TrackedProblem:
    fresh_context()
    return TrackedProblem([], {"pigeons": z3.And(_pigeons())}, SolverSettings(timeout=timeout))


def _easy_problem() -> TrackedProblem:
    fresh_context()
    x, y = z3.Bools("x y")
    return TrackedProblem([], {"a": x, "b": z3.Not(x), "c": z3.Or(x, y)}, SolverSettings(timeout=5))


def test_a_check_past_its_time_is_stopped_as_inconclusive():
    problem = _hard_problem(0.3)
    started = time.monotonic()
    with pytest.raises(InconclusiveError, match="ran out of time"):
        problem.is_sat(["pigeons"])
    assert time.monotonic() - started < 3  # unbounded, the proof takes several seconds


def test_no_interrupt_outlives_the_check_it_stopped():
    with pytest.raises(InconclusiveError):
        _hard_problem(0.2).is_sat(["pigeons"])
    time.sleep(0.2)  # the watchdog wakes again, with nothing to stop
    problem = _easy_problem()
    assert problem.is_sat(["a", "c"]) and not problem.is_sat(["a", "b"])
    assert problem.core(["a", "b", "c"]) == ["a", "b"]


def test_checks_within_their_time_are_never_interrupted():
    before = WATCHDOG.interrupts
    problem = _easy_problem()
    for _ in range(2000):
        assert not problem.is_sat(["a", "b"])
        assert problem.is_sat(["a"])
    assert WATCHDOG.interrupts == before


def test_the_watchdog_thread_ends_when_idle_and_starts_again():
    watchdog = Watchdog(poll=0.01, idle=0.05)
    watchdog.arm(None, time.monotonic() + 60)
    watchdog.disarm()
    deadline = time.monotonic() + 5
    while watchdog._running and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not watchdog._running
    watchdog.arm(None, time.monotonic() + 60)
    assert watchdog._running
    watchdog.disarm()


def _stopped_in_child(queue) -> None:
    try:
        _hard_problem(0.3).is_sat(["pigeons"])
        queue.put("answered")
    except InconclusiveError:
        queue.put("stopped")


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform")
def test_a_forked_child_keeps_its_time_limits():
    # The parent's watchdog thread runs when it forks; the child gets its flags but not its thread.
    _easy_problem().is_sat(["a"])
    assert WATCHDOG._running
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_stopped_in_child, args=(queue,))
    started = time.monotonic()
    child.start()
    child.join(60)
    assert queue.get(timeout=5) == "stopped" and time.monotonic() - started < 5
