"""A solver factory: a fixed random seed (same input, same answer), a timeout per
question, an optional deadline for the whole command, and the budget of solver
checks an enumeration may spend. `unknown` is never read as an answer: it raises
`InconclusiveError`, and so does a deadline that has passed."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass

import z3

from clearance.exceptions import InconclusiveError, InputError

DEFAULT_SEED = 20240101
DEFAULT_TIMEOUT = 60.0
DEFAULT_BUDGET = 2000
MAX_SECONDS = 4_000_000.0  # z3 takes a 32-bit count of milliseconds; an --timeout of inf means this
MAX_TIMEOUT = 1_000_000.0


# glibc returns freed memory at the top of the heap to the system past a threshold, and serves
# blocks of several MiB with mmap. A z3 context allocates such a block: made and freed once per
# analysis, it was faulted in afresh each time, 8-10 ms a context (0.4-0.8 ms when kept), which
# was most of a small analysis. Kept up to these sizes, the memory is reused instead.
_MMAP_THRESHOLD = 32 * 1024 * 1024  # glibc's own ceiling for its dynamic threshold
_TRIM_THRESHOLD = 64 * 1024 * 1024
_memory_tuned = False


def _keep_freed_memory() -> None:
    """Ask glibc's allocator (once per process, on Linux) to keep freed blocks of z3-context size
    for reuse, unless the user set its thresholds in the environment."""
    global _memory_tuned
    if _memory_tuned:
        return
    _memory_tuned = True
    if not sys.platform.startswith("linux") or any(
            name in os.environ for name in ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_")):
        return
    try:
        import ctypes
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return
    mallopt(-3, _MMAP_THRESHOLD)  # M_MMAP_THRESHOLD
    mallopt(-1, _TRIM_THRESHOLD)  # M_TRIM_THRESHOLD


class HistoryDependent(Exception):
    """An answer of a solver in a reused z3 context (`SolverSettings.reuse_context`) might not be
    the one a fresh context gives: the analysis must be run again in a fresh context. Not a
    `ClearanceError`: it never reaches a user."""


def fresh_context() -> None:
    """Start z3's main context afresh, before an analysis builds its terms.

    Z3 numbers terms in the order a context first sees them, and that order steers its search: in
    one long-lived context, an analysis's unsat cores (and so which works a finding names) depended
    on what earlier analyses had built. With a fresh context, an analysis gives the same answer in
    any process, after any history: an audit of many repositories equals checking each alone.
    Terms of an earlier context stay valid but must not be mixed with new ones, so this is called
    only where an analysis starts (`clearance.analysis.analyze`, `release_compliant`)."""
    _keep_freed_memory()
    z3.z3._main_ctx = None  # z3's own lazily made default context; main_ctx() makes the next one


@dataclass(frozen=True)
class SolverSettings:
    """How every solver of one analysis is made. With a `deadline` (a `time.monotonic()` instant),
    each solver question gets the time that remains (at most `timeout`), and none starts after it."""

    timeout: float = DEFAULT_TIMEOUT
    seed: int = DEFAULT_SEED
    budget: int = DEFAULT_BUDGET
    deadline: float | None = None
    # Analyse in z3's current context, not a fresh one, and keep an answer only where it is shown to
    # be the one a fresh context gives (clearance/solver/tracked.py); else `HistoryDependent`.
    reuse_context: bool = False

    @classmethod
    def for_command(cls, seconds: float, budget: int = DEFAULT_BUDGET) -> SolverSettings:
        """Settings for a command that may take `seconds` in all (`--timeout`)."""
        seconds = min(seconds, MAX_SECONDS)
        return cls(timeout=seconds, budget=budget, deadline=time.monotonic() + seconds)

    def _seconds_left(self, now: float) -> float:
        """Seconds a solver question starting at `now` may take (at most `timeout`, and not past
        the deadline); `InconclusiveError` past the deadline."""
        seconds = self.timeout
        if self.deadline is not None:
            left = self.deadline - now
            if left <= 0:
                raise InconclusiveError("the command ran out of time (raise --timeout)")
            seconds = min(seconds, left)
        return min(seconds, MAX_SECONDS)

    def remaining_ms(self) -> int:
        """Milliseconds the next solver question may take; `InconclusiveError` past the deadline."""
        return max(1, int(self._seconds_left(time.monotonic()) * 1000))

    def __post_init__(self) -> None:
        # z3 takes the timeout in milliseconds as an unsigned 32-bit number; nan and inf convert to none.
        if not (isinstance(self.timeout, (int, float)) and 0 < self.timeout <= MAX_TIMEOUT):
            raise InputError(f"the timeout must be a positive number of seconds, at most {MAX_TIMEOUT:.0f}, "
                             f"not {self.timeout!r}")

    def until(self) -> float:
        """The `time.monotonic()` instant a solver question starting now must end by (at most
        `timeout` from now, and not past the deadline); `InconclusiveError` past the deadline."""
        now = time.monotonic()
        return now + self._seconds_left(now)

    def solver(self) -> z3.Solver:
        """A fresh seeded solver. Its checks are bounded by `until()` through the watchdog
        (clearance/solver/watchdog.py), not by z3's own timeout, whose per-check timer cost as
        much as a check of an analysis.

        It is z3's SMT solver alone (`SimpleSolver`). `z3.Solver()` pairs that very solver with a
        non-incremental tactic solver, which it asks only for a check with no assumption before any
        push (an analysis's first check assumes every label, so its checks went to the SMT solver
        all the same), and paid to build and feed the other (170 us an analysis). The verdicts are
        the same; where several works explain an error equally well, the one named can differ
        from `Solver()`'s (12 rows of the million-row hub benchmark: docs/benchmarks.md, "Hub
        audit"). Every example's check, explain and suggest output is the same bytes."""
        solver = z3.SimpleSolver()
        solver.set("random_seed", self.seed)
        return solver

    def optimizer(self) -> z3.Optimize:
        """A fresh seeded optimizer (MaxSMT over soft constraints) with the timeout."""
        optimizer = z3.Optimize()
        optimizer.set("timeout", self.remaining_ms())
        optimizer.set("random_seed", self.seed)
        return optimizer

    def bound(self, solver: z3.Optimize) -> None:
        """Before an optimizer's question: give it the time that remains (only with a deadline)."""
        if self.deadline is not None:
            solver.set("timeout", self.remaining_ms())


def decided(result: z3.CheckSatResult, solver: z3.Solver | z3.Optimize) -> bool:
    """True for sat, false for unsat; `InconclusiveError` for unknown."""
    if result == z3.sat:
        return True
    if result == z3.unsat:
        return False
    reason = solver.reason_unknown() or "unknown"
    if "timeout" in reason or "canceled" in reason:
        reason = "the solver ran out of time (the --timeout limit; raise it)"
    raise InconclusiveError(f"the solver could not decide: {reason}")
