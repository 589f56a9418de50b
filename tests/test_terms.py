"""The C-API term builders make the very terms z3's constructors make, and the tracked solver's
shortcuts (the last answer, models read lazily, goals granted from models) answer as checks do."""

from __future__ import annotations

import pytest
import z3

from clearance.encodings import terms
from clearance.solver import SolverSettings, TrackedProblem, fresh_context


@pytest.fixture(autouse=True)
def _fresh():
    fresh_context()


def _same(mine: z3.BoolRef, theirs: z3.BoolRef) -> bool:
    return mine.eq(theirs) and mine.get_id() == theirs.get_id()


def test_builders_make_the_terms_z3_constructors_make():
    a, b, c = (terms.boolean(name) for name in "abc")
    za, zb, zc = z3.Bools("a b c")
    assert _same(a, za)
    assert _same(terms.any_of([a, b, c]), z3.Or([za, zb, zc]))
    assert _same(terms.all_of([a, b]), z3.And([za, zb]))
    assert _same(terms.any_of([]), z3.Or([]))
    assert _same(terms.all_of([]), z3.And([]))
    assert _same(terms.negation(a), z3.Not(za))
    assert _same(terms.implies(a, b), z3.Implies(za, zb))
    assert _same(terms.exactly_one([a, b, c]), z3.PbEq([(za, 1), (zb, 1), (zc, 1)], 1))
    assert _same(terms.constant(True), z3.BoolVal(True))
    assert _same(terms.constant(False), z3.BoolVal(False))


def test_constants_follow_the_current_context():
    first = terms.constant(True)
    fresh_context()
    second = terms.constant(True)
    assert second.ctx is z3.main_ctx() and first.ctx is not second.ctx


def _problem() -> TrackedProblem:
    x, y = terms.boolean("x"), terms.boolean("y")
    constraints = {"x": x, "not-x": terms.negation(x), "y": y, "x-or-y": terms.any_of([x, y]),
                   "not-y": terms.negation(y)}
    return TrackedProblem([], constraints, SolverSettings())


def test_each_satisfiable_is_what_one_check_per_label_says():
    problem = _problem()
    labels = problem.labels
    with problem.holding(["x"]):
        assert problem.each_satisfiable(labels) == [label for label in labels if problem.is_sat([label])]
        assert "not-x" not in problem.each_satisfiable(labels)


def test_a_repeated_question_is_answered_from_the_last_check_and_its_core():
    problem = _problem()
    assert not problem.is_sat(["x", "not-x", "y"])
    checks = problem.checks
    assert problem.core(["x", "not-x", "y"]) == ["not-x", "x"]
    assert problem.checks == checks + 1  # counted (budgets stop where they did) but not re-solved


def test_a_model_is_read_only_while_it_is_the_solver_s():
    problem = _problem()
    assert problem.is_sat(["x"])
    assert z3.is_true(problem.model().eval(terms.boolean("x")))
    assert problem.is_sat(["y"])
    problem.add(terms.boolean("y"))
    with pytest.raises(RuntimeError):
        problem.model()  # the solver changed since the check


def test_glibc_thresholds_are_left_alone_when_the_user_set_them(monkeypatch):
    from clearance.solver import factory
    calls = []
    monkeypatch.setattr(factory, "_memory_tuned", False)
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "1")
    monkeypatch.setattr("ctypes.CDLL", lambda *args: calls.append(args))
    factory._keep_freed_memory()
    assert calls == [] and factory._memory_tuned


def test_true_constants_reads_the_model_as_z3_does():
    solver = z3.Solver()
    a, b, c = (terms.boolean(f"license[w]={name}") for name in "abc")
    solver.add(terms.exactly_one([a, b, c]), terms.negation(a), terms.boolean("track!0"))
    assert solver.check() == z3.sat
    model = solver.model()
    expected = frozenset(decl.name() for decl in model.decls()
                         if decl.name().startswith("license[") and z3.is_true(model[decl]))
    assert terms.true_constants(model, "license[") == expected and len(expected) == 1


def test_labels_with_one_term_are_answered_once():
    x = terms.boolean("x")
    same = terms.negation(x)
    problem = TrackedProblem([], {"a": same, "b": terms.negation(x), "x": x}, SolverSettings())
    assert problem.same_as("a") == problem.same_as("b") != problem.same_as("x")
    with problem.holding(["x"]):
        checks = problem.checks
        assert problem.each_satisfiable(["a", "b"]) == []
        assert problem.checks == checks + 2  # the model of what is held, then "a" alone: "b" is "a"


def test_a_mus_of_every_label_ends_the_enumeration():
    x, y = terms.boolean("x"), terms.boolean("y")
    problem = TrackedProblem([], {"x": x, "not-x-or-not-y": terms.any_of([terms.negation(x), terms.negation(y)]),
                                  "y": y}, SolverSettings())
    muses, capped = problem.muses(problem.labels, cap=50)
    assert muses == [sorted(problem.labels)] and not capped
    assert problem.checks <= 6  # no maximal satisfiable subsets to walk through


def test_holds_and_constant_values_read_the_model_as_z3_does():
    solver = z3.Solver()
    a, b, c = (terms.boolean(f"map!{index}") for index in range(3))
    solver.add(terms.negation(a), b)
    assert solver.check() == z3.sat
    model = solver.model()
    values = terms.constant_values(model, "map!")
    assert values == {"map!0": False, "map!1": True}  # c is left open
    for term in (a, b, c, terms.any_of([a, c]), terms.implies(b, c), terms.all_of([b, terms.negation(a)])):
        assert terms.holds(model, term) == z3.is_true(model.eval(term, model_completion=True))


def test_a_subset_of_a_satisfiable_set_is_answered_without_a_check():
    problem = _problem()
    assert problem.is_sat(["x", "y", "x-or-y"])
    state = problem._state
    assert problem.is_sat(["x", "y"]) and problem._state == state  # no check: the solver did not move
    assert z3.is_true(problem.model().eval(terms.boolean("y")))
    assert not problem.is_sat(["x", "not-x"]) and problem._state == state + 1
