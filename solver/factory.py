"""A solver factory: a fixed random seed (same input, same answer) and a timeout.
`unknown` is never read as an answer: it raises `InconclusiveError`."""

from __future__ import annotations

from dataclasses import dataclass

import z3

from clearance.exceptions import InconclusiveError, InputError

DEFAULT_SEED = 20240101
DEFAULT_TIMEOUT = 60.0
MAX_TIMEOUT = 1_000_000.0


@dataclass(frozen=True)
class SolverSettings:
    """How every solver of one analysis is made."""

    timeout: float = DEFAULT_TIMEOUT
    seed: int = DEFAULT_SEED

    def __post_init__(self) -> None:
        # z3 takes the timeout in milliseconds as an unsigned 32-bit number; nan and inf convert to none.
        if not (isinstance(self.timeout, (int, float)) and 0 < self.timeout <= MAX_TIMEOUT):
            raise InputError(f"the timeout must be a positive number of seconds, at most {MAX_TIMEOUT:.0f}, "
                             f"not {self.timeout!r}")

    def solver(self) -> z3.Solver:
        """A fresh seeded solver with the timeout."""
        solver = z3.Solver()
        solver.set("random_seed", self.seed)
        solver.set("timeout", max(1, int(self.timeout * 1000)))
        return solver

    def optimizer(self) -> z3.Optimize:
        """A fresh seeded optimizer (MaxSMT over soft constraints) with the timeout."""
        optimizer = z3.Optimize()
        optimizer.set("timeout", max(1, int(self.timeout * 1000)))
        optimizer.set("random_seed", self.seed)
        return optimizer


def decided(result: z3.CheckSatResult, solver: z3.Solver | z3.Optimize) -> bool:
    """True for sat, false for unsat; `InconclusiveError` for unknown."""
    if result == z3.sat:
        return True
    if result == z3.unsat:
        return False
    reason = solver.reason_unknown() or "unknown"
    if "timeout" in reason or "canceled" in reason:
        reason = "the solver ran out of time (raise --timeout)"
    raise InconclusiveError(f"the solver could not decide: {reason}")
