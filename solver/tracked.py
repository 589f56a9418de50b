"""Satisfiability under tracked labels: each constraint is guarded by an
indicator literal and switched on by assumption, so one incremental solver
answers every question about subsets of labels."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager

import z3

from clearance.solver.factory import SolverSettings, decided

DEFAULT_MUS_BUDGET = 2000


def _ordered(labels: Iterable[Hashable]) -> Iterable[Hashable]:
    """`labels` in a defined order: a set's own order follows string hashing (PYTHONHASHSEED),
    and the order of assumptions steers the solver's cores, so a set is sorted first."""
    return sorted(labels) if isinstance(labels, (set, frozenset)) else labels


class TrackedProblem:
    """Background constraints plus labelled constraints, checked by assumptions."""

    def __init__(self, background: Iterable[z3.BoolRef], constraints: dict[Hashable, z3.BoolRef],
                 settings: SolverSettings) -> None:
        self.settings = settings
        self.background = list(background)
        self.constraints = constraints
        self.solver = settings.solver()
        self.solver.add(*self.background)
        self.labels = sorted(constraints)
        self.indicator: dict[Hashable, z3.BoolRef] = {}
        self._ast: dict[Hashable, z3.Ast] = {}
        self.label_of: dict[str, Hashable] = {}
        for index, label in enumerate(self.labels):
            name = f"track!{index}"
            literal = z3.Bool(name)
            self.indicator[label] = literal
            self._ast[label] = literal.as_ast()
            self.label_of[name] = label  # z3's str() pretty-prints: slow with thousands of labels
            self.solver.add(z3.Implies(literal, constraints[label]))
        self.checks = 0
        self._model: z3.ModelRef | None = None

    def is_sat(self, labels: Iterable[Hashable], extra: Sequence[z3.BoolRef] = ()) -> bool:
        """True when the labelled constraints in `labels` (and `extra`) can hold together."""
        self.checks += 1
        literals = [self._ast[label] for label in _ordered(labels)]
        if extra:
            self.solver.push()
            self.solver.add(*extra)
        try:
            sat = decided(self._check(literals), self.solver)
            self._model = self.solver.model() if sat else None
            return sat
        finally:
            if extra:
                self.solver.pop()

    @contextmanager
    def holding(self, labels: Iterable[Hashable]) -> Iterator[None]:
        """Within the block, `labels` hold without being assumed: checks assume only what they
        are given, which keeps many checks over a large fixed set cheap. Cores found inside
        the block leave those labels out."""
        self.solver.push()
        try:
            self.solver.add(*[self.indicator[label] for label in _ordered(labels)])
            yield
        finally:
            self.solver.pop()

    def add(self, constraint: z3.BoolRef) -> None:
        """Add `constraint` for good (inside a `holding` block: until the block ends)."""
        self.solver.add(constraint)

    def _check(self, literals: list) -> z3.CheckSatResult:
        # z3's Solver.check re-casts every assumption in Python; with thousands of labels and
        # many checks that dominates, so the indicator literals go to the C API as they are.
        array = (z3.Ast * len(literals))(*literals)
        solver = self.solver
        return z3.CheckSatResult(z3.Z3_solver_check_assumptions(solver.ctx.ref(), solver.solver, len(literals), array))

    def model(self) -> z3.ModelRef:
        """The model of the last satisfiable check."""
        if self._model is None:
            raise RuntimeError("no satisfiable check to take a model from")
        return self._model

    def core(self, labels: Iterable[Hashable]) -> list[Hashable]:
        """An unsat core of `labels` (not necessarily minimal); [] when they are satisfiable."""
        labels = list(labels)
        if self.is_sat(labels):
            return []
        return sorted(self.label_of[literal.decl().name()] for literal in self.solver.unsat_core())

    def minimal_core(self, labels: Iterable[Hashable], keep: Iterable[Hashable] = ()) -> list[Hashable]:
        """A subset-minimal unsat core of `labels`: dropping any one label makes it satisfiable.
        Labels in `keep` are tried for removal last, so a core keeps them where it can."""
        core = self.core(labels)
        if not core:
            return []
        keep = set(keep)
        pending = sorted(core, key=lambda label: (label in keep, label))
        needed: list[Hashable] = []
        while pending:
            candidate = pending.pop(0)
            rest = needed + pending
            if self.is_sat(rest):
                needed.append(candidate)
            else:
                # Still unsat without it: shrink further to the solver's core of the rest.
                smaller = set(self.core(rest))
                pending = [label for label in pending if label in smaller]
                needed = [label for label in needed if label in smaller]
        return sorted(needed)

    def muses(self, labels: Iterable[Hashable], cap: int,
              budget: int = DEFAULT_MUS_BUDGET) -> tuple[list[list[Hashable]], bool]:
        """Every minimal unsatisfiable subset of `labels` (MARCO), at most `cap`, within `budget`
        solver checks. Returns the MUSes and whether the enumeration stopped before it was complete:
        proving that no further MUS exists can take as many checks as there are maximal
        satisfiable subsets, which grows exponentially with the number of independent conflicts."""
        labels = sorted(labels)
        if not labels or self.is_sat(labels):
            return [], False
        map_solver = z3.Solver()
        map_solver.set("random_seed", self.settings.seed)
        map_solver.set("phase_selection", 1)  # large seeds first: they shrink to MUSes
        chosen = {label: z3.Bool(f"map!{index}") for index, label in enumerate(labels)}
        found: list[list[Hashable]] = []
        limit = self.checks + budget
        while map_solver.check() == z3.sat:
            if len(found) >= cap or self.checks >= limit:
                return sorted(found), True
            model = map_solver.model()
            seed = [label for label in labels if not z3.is_false(model.eval(chosen[label], model_completion=False))]
            if self.is_sat(seed):
                grown = self._grow(seed, labels)
                map_solver.add(z3.Or([chosen[label] for label in labels if label not in grown]))
            else:
                mus = self.minimal_core(seed)
                found.append(mus)
                map_solver.add(z3.Or([z3.Not(chosen[label]) for label in mus]))
        return sorted(found), False

    def _grow(self, seed: list[Hashable], labels: list[Hashable]) -> set[Hashable]:
        """A maximal satisfiable superset of `seed` (which must be satisfiable): every label a
        model of the set so far satisfies joins without a check; the others are tried one by one.

        The assumptions go to the solver in label order, never in a set's order: a set of
        strings iterates in hash order, which changes with PYTHONHASHSEED, and so would the
        cores, the MUSes found within the budget and every report built on them."""
        members = set(seed)
        grown = [label for label in labels if label in members]
        self.is_sat(grown)
        model = self._model
        for label in labels:
            if label in members:
                continue
            if model is not None and z3.is_true(model.eval(self.constraints[label], model_completion=True)):
                members.add(label)
                grown.append(label)
            elif self.is_sat([*grown, label]):
                members.add(label)
                grown.append(label)
                model = self._model
        return members
