"""Satisfiability under tracked labels: each constraint is guarded by an
indicator literal and switched on by assumption, so one incremental solver
answers every question about subsets of labels."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager

import z3

from clearance.encodings import capi
from clearance.encodings.terms import any_of, boolean, constant_values, holds, implies, negation
from clearance.solver.factory import HistoryDependent, SolverSettings, decided
from clearance.solver.watchdog import WATCHDOG


def assert_all(solver: z3.Solver, terms: Iterable[z3.BoolRef]) -> None:
    """Assert Boolean `terms` of the solver's context, as `solver.add(*terms)` does, without
    re-casting each one in Python (an assertion returns nothing: its error code is read after each)."""
    ref, handle = solver.ctx.ref(), solver.solver
    for term in terms:
        capi.solver_assert(ref, handle, term.ast)
        capi.check(ref)


_ANSWERS = {z3.sat.r: z3.sat, z3.unsat.r: z3.unsat, z3.unknown.r: z3.unknown}


def check_assuming(solver: z3.Solver, literals: Sequence, until: float) -> z3.CheckSatResult:
    """`solver.check()` under the assumptions `literals` (term pointers, `term.ast`), as z3's
    Solver.check makes the call, without re-casting each assumption in Python; the watchdog
    interrupts the check if it runs past `until` (a `time.monotonic()` instant)."""
    ref = solver.ctx.ref()
    assumptions = (z3.Ast * len(literals))(*literals)
    WATCHDOG.arm(ref, until)
    try:
        answer = capi.solver_check_assumptions(ref, solver.solver, len(literals), assumptions)
    finally:
        WATCHDOG.disarm()
    if answer == z3.unknown.r:
        capi.check(ref)  # a failed call answers unknown too
    return _ANSWERS[answer]


def core_names(solver: z3.Solver) -> list[str]:
    """The names of the literals in the unsat core of `solver`'s last check (Boolean constants of
    string names, as the assumptions are), read through the C API without a term per literal."""
    ref, handle = solver.ctx.ref(), solver.solver
    vector = capi.solver_get_unsat_core(ref, handle)
    if not vector:
        capi.failed(ref, "Z3_solver_get_unsat_core")
    capi.ast_vector_inc_ref(ref, vector)  # cannot fail on a vector the context has just returned
    try:
        size = capi.ast_vector_size(ref, vector)
        if not size:
            capi.check(ref)
        names = []
        for index in range(size):
            literal = capi.ast_vector_get(ref, vector, index)
            if not literal:
                capi.failed(ref, "Z3_ast_vector_get")
            decl = capi.get_app_decl(ref, literal)
            if not decl:
                capi.failed(ref, "Z3_get_app_decl")
            names.append(capi.decl_name(ref, decl))
        return names
    finally:
        capi.ast_vector_dec_ref(ref, vector)


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
        assert_all(self.solver, self.background)
        self.labels = sorted(constraints)
        self.indicator: dict[Hashable, z3.BoolRef] = {}
        self._ast: dict[Hashable, z3.Ast] = {}
        self.label_of: dict[str, Hashable] = {}
        guards = []
        for index, label in enumerate(self.labels):
            name = f"track!{index}"
            literal = boolean(name)
            self.indicator[label] = literal
            self._ast[label] = literal.ast
            self.label_of[name] = label  # z3's str() pretty-prints: slow with thousands of labels
            guards.append(implies(literal, constraints[label]))
        assert_all(self.solver, guards)
        self.checks = 0
        self.stopped_by: str | None = None  # the limit that cut the last enumeration short: max, budget
        self._model: z3.ModelRef | None = None
        # The solver's state changes with every check, push, pop and addition (`_state`); the model of
        # a satisfiable check is fetched only when asked for, and only while the state is that check's.
        self._state = 0
        self._sat_state: int | None = None
        self._number = {label: index for index, label in enumerate(self.labels)}
        self._term_ids: dict[Hashable, int] = {}
        # (state, labels) of the last check and its answer: asked again before anything changes,
        # the same question is answered without the solver (and its core is still the solver's), and
        # so is a subset of a satisfiable set (whose model is still the solver's).
        self._last: tuple[int, tuple[int, ...], bool, frozenset[int]] | None = None

    def is_sat(self, labels: Iterable[Hashable], extra: Sequence[z3.BoolRef] = (), keep_model: bool = True) -> bool:
        """True when the labelled constraints in `labels` (and `extra`) can hold together. A check
        with `extra` takes its model at once, for `model`, unless `keep_model` is false."""
        self.checks += 1
        ordered = list(_ordered(labels))
        if not extra:
            key = tuple(self._number[label] for label in ordered)
            last = self._last
            if last is not None and last[0] == self._state:
                if last[1] == key:
                    return last[2]
                if last[2] and last[3].issuperset(key):
                    return True  # a subset of a satisfiable set: the same model satisfies it
        literals = [self._ast[label] for label in ordered]
        if extra:
            self.solver.push()
            assert_all(self.solver, extra)
        try:
            sat = decided(self._check(literals), self.solver)
            self._state += 1
            self._sat_state = self._state if sat else None
            # Most checks' models are never read; one made under `extra` must be taken before the pop.
            self._model = self.solver.model() if sat and extra and keep_model else None
            if extra:
                self._sat_state = None  # the pop below discards the model
            else:
                self._last = (self._state, key, sat, frozenset(key) if sat else frozenset())
            return sat
        finally:
            if extra:
                self.solver.pop()
                self._state += 1

    @contextmanager
    def holding(self, labels: Iterable[Hashable]) -> Iterator[None]:
        """Within the block, `labels` hold without being assumed: checks assume only what they
        are given, which keeps many checks over a large fixed set cheap. Cores found inside
        the block leave those labels out."""
        self.solver.push()
        self._state += 1
        try:
            assert_all(self.solver, [self.indicator[label] for label in _ordered(labels)])
            yield
        finally:
            self.solver.pop()
            self._state += 1

    def same_as(self, label: Hashable) -> int:
        """A number shared by the labels whose constraints are one and the same term (z3 shares
        equal terms): such labels hold or fail together, and with the same other labels."""
        found = self._term_ids.get(label)
        if found is None:
            found = self._term_ids[label] = self.constraints[label].get_id()
        return found

    def each_satisfiable(self, labels: Iterable[Hashable]) -> list[Hashable]:
        """The labels of `labels` each of which can hold on its own (with what is held): those a
        model found so far satisfies, or whose constraint is one already answered, without a check;
        the others checked one by one."""
        models = [self.model()] if self.is_sat([]) else []
        answered: dict[int, bool] = {}
        found = []
        for label in labels:
            term = self.same_as(label)
            if term not in answered:
                if any(holds(model, self.constraints[label]) for model in models):
                    answered[term] = True
                elif self.is_sat([label]):
                    answered[term] = True
                    models.append(self.model())
                else:
                    answered[term] = False
            if answered[term]:
                found.append(label)
        return found

    def add(self, constraint: z3.BoolRef) -> None:
        """Add `constraint` for good (inside a `holding` block: until the block ends)."""
        assert_all(self.solver, [constraint])
        self._state += 1

    def _check(self, literals: list) -> z3.CheckSatResult:
        # z3's Solver.check re-casts every assumption in Python; with thousands of labels and
        # many checks that dominates, so the indicator literals go to the C API as they are.
        return check_assuming(self.solver, literals, self.settings.until())

    def model(self) -> z3.ModelRef:
        """The model of the last check, which must have been satisfiable, taken before the solver
        changes again (a later check, `add` or `holding` block)."""
        if self._model is None:
            if self._sat_state is None or self._sat_state != self._state:
                raise RuntimeError("no satisfiable check to take a model from")
            self._model = self.solver.model()
        return self._model

    def core(self, labels: Iterable[Hashable]) -> list[Hashable]:
        """An unsat core of `labels` (not necessarily minimal); [] when they are satisfiable."""
        labels = list(labels)
        if self.is_sat(labels):
            return []
        return sorted(self.label_of[name] for name in core_names(self.solver))

    def minimal_core(self, labels: Iterable[Hashable], keep: Iterable[Hashable] = (),
                     any_core_serves: bool = False) -> list[Hashable]:
        """A subset-minimal unsat core of `labels`: dropping any one label makes it satisfiable.
        Labels in `keep` are tried for removal last, so a core keeps them where it can.

        Which of several minimal cores is found depends on z3's cores, and so on the context's
        history. When `certifying`, a core is shown to be the only one (`_certify_unique`) unless
        the caller says that `any_core_serves` its answer."""
        labels = list(labels)
        core = self._shrink(labels, keep)
        if self.certifying and core and not any_core_serves:
            self._certify_unique(labels, core)
        return core

    @property
    def certifying(self) -> bool:
        """True when every answer must be shown to be the one a fresh z3 context gives
        (`SolverSettings.reuse_context`), else `HistoryDependent` is raised."""
        return self.settings.reuse_context

    def _certify_unique(self, labels: Sequence[Hashable], core: Sequence[Hashable]) -> None:
        """`HistoryDependent` unless the minimal core `core` is the only one of `labels`. It is
        exactly when `labels` without any one label of `core` are satisfiable: another minimal
        core would lack a label of `core` and so be left in that set."""
        for label in core:
            if not self.is_sat([other for other in labels if other != label]):
                raise HistoryDependent("an unsat set has more than one minimal core")

    def _shrink(self, labels: list[Hashable], keep: Iterable[Hashable] = ()) -> list[Hashable]:
        """A subset-minimal unsat core of `labels` (`minimal_core`), from z3's core by deletion."""
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
              budget: int | None = None) -> tuple[list[list[Hashable]], bool]:
        """Every minimal unsatisfiable subset of `labels` (MARCO), at most `cap`, within `budget`
        solver checks (by default the settings' budget). Returns the MUSes and whether the
        enumeration stopped before it was complete (`stopped_by` says which limit: 'max' or
        'budget'): proving that no further MUS exists can take as many checks as there are maximal
        satisfiable subsets, which grows exponentially with the number of independent conflicts.

        When `certifying`: the MUSes found first, and the checks spent on them, depend on z3's cores
        and models, so on the context's history; the set of all MUSes does not. An enumeration is
        kept only if every run completes it: it did here, with fewer MUSes than `cap`, and the most
        checks any run can spend on its MUSes and maximal satisfiable subsets are within `budget`;
        else `HistoryDependent` is raised, as soon as that bound is passed (`_certify_enumeration`)."""
        budget = self.settings.budget if budget is None else budget
        self.stopped_by = None
        labels = sorted(labels)
        if not labels or self.is_sat(labels):
            return [], False
        map_solver = z3.Solver()
        map_solver.set("random_seed", self.settings.seed)
        map_solver.set("phase_selection", 1)  # large seeds first: they shrink to MUSes
        # The map solver's terms and questions through the C API as well (as z3.Bool, z3.Or, z3.Not,
        # add and check make them): with many labels, z3.py's casts of each were most of an enumeration.
        chosen = {label: boolean(f"map!{index}") for index, label in enumerate(labels)}
        found: list[list[Hashable]] = []
        limit = self.checks + budget
        grown_sets = 0
        while decided(check_assuming(map_solver, (), self.settings.until()), map_solver):
            stopped = len(found) >= cap or self.checks >= limit
            self._certify_enumeration(len(labels), len(found), grown_sets, cap, budget, stopped)
            if stopped:
                self.stopped_by = "max" if len(found) >= cap else "budget"
                return sorted(found), True
            assigned = constant_values(map_solver.model(), "map!")  # a label the model leaves open is in
            seed = [label for index, label in enumerate(labels) if assigned.get(f"map!{index}", True)]
            if self.is_sat(seed):
                grown = self._grow(seed, labels, found)
                grown_sets += 1
                assert_all(map_solver, [any_of([chosen[label] for label in labels if label not in grown])])
            else:
                mus = self._shrink(seed)
                found.append(mus)
                if len(mus) == len(labels) and len(found) < cap:
                    return found, False  # every label is in it: any other MUS would be a subset of it
                assert_all(map_solver, [any_of([negation(chosen[label]) for label in mus])])
        self._certify_enumeration(len(labels), len(found), grown_sets, cap, budget)
        return sorted(found), False

    def _certify_enumeration(self, labels: int, muses: int, grown: int, cap: int, budget: int,
                             stopped: bool = False) -> None:
        """When `certifying`: `HistoryDependent` if the enumeration `stopped` at a limit, or if, with
        the `muses` and `grown` maximal satisfiable subsets found so far, another run could reach
        the `cap` or spend the `budget` before it ends (`most_enumeration_checks`)."""
        if self.certifying and (stopped or muses >= cap or most_enumeration_checks(labels, muses, grown) >= budget):
            raise HistoryDependent("another run could stop the enumeration of conflicts early")

    def _grow(self, seed: list[Hashable], labels: list[Hashable],
              found: Sequence[Sequence[Hashable]] = ()) -> set[Hashable]:
        """A maximal satisfiable superset of `seed` (which must be satisfiable): every label a
        model of the set so far satisfies joins without a check; a label that would complete one
        of the MUSes `found` stays out without one (counted as a check all the same, so that the
        budget stops an enumeration where it always did); the others are tried one by one.

        The assumptions go to the solver in label order, never in a set's order: a set of
        strings iterates in hash order, which changes with PYTHONHASHSEED, and so would the
        cores, the MUSes found within the budget and every report built on them."""
        members = set(seed)
        grown = [label for label in labels if label in members]
        model = self.model() if self.is_sat(grown) else None
        for label in labels:
            if label in members:
                continue
            if model is not None and holds(model, self.constraints[label]):
                members.add(label)
                grown.append(label)
            elif any(label in mus and all(other in members for other in mus if other != label) for mus in found):
                self.checks += 1
            elif self.is_sat([*grown, label]):
                members.add(label)
                grown.append(label)
                model = self.model()
        return members


def most_enumeration_checks(labels: int, muses: int, grown: int) -> int:
    """The most checks a MARCO enumeration over `labels` labels can spend (after its first check)
    on `muses` MUSes and `grown` maximal satisfiable subsets, whatever z3's cores and models: a
    satisfiable seed costs its check and at most one per label to grow it (`_grow`), an
    unsatisfiable one its check, z3's core of it and at most two per label to shrink it (`_shrink`)."""
    return grown * (labels + 2) + muses * (2 * labels + 2)
