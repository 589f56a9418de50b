"""Solving: a seeded solver factory, satisfiability under tracked labels,
minimal unsat cores, MUS enumeration, and least-risk optimisation."""

from clearance.solver.factory import DEFAULT_SEED, DEFAULT_TIMEOUT, HistoryDependent, SolverSettings, fresh_context
from clearance.solver.tracked import TrackedProblem

__all__ = ["DEFAULT_SEED", "DEFAULT_TIMEOUT", "HistoryDependent", "SolverSettings", "TrackedProblem", "fresh_context"]
