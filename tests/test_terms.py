"""The C-API term builders make the very terms z3's constructors make, the model and core readers
read what z3.py reads, an error z3 reports still raises, and the tracked solver's shortcuts (the last
answer, models read lazily, goals granted from models) answer as checks do."""

from __future__ import annotations

import gc

import pytest
import z3

from clearance.encodings import capi, encode_release, terms
from clearance.graph import ProjectGraph
from clearance.solver import SolverSettings, TrackedProblem, fresh_context
from clearance.solver.tracked import assert_all, core_names
from clearance.sources.project_file import load_project

from examples import PAPER_CASES


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


def test_built_terms_are_z3_terms_counted_as_z3_counts_them():
    inner = terms.any_of([terms.boolean("p"), terms.negation(terms.boolean("q"))])  # p and q: no wrapper left
    for index in range(200):  # the context's next results: an uncounted term would be freed and its memory reused
        terms.implies(terms.boolean(f"r{index}"), terms.all_of([terms.boolean("s"), terms.constant(index % 2 == 0)]))
    gc.collect()
    assert type(inner) is z3.BoolRef and inner.ctx is z3.main_ctx()
    assert str(inner) == "Or(p, Not(q))" and _same(inner, z3.Or(z3.Bool("p"), z3.Not(z3.Bool("q"))))
    assert _same(terms.boolean(""), z3.Bool(""))  # the empty name: a null symbol, not an error


def test_exactly_one_over_several_counts_is_z3_s_pseudo_boolean_equality():
    names = [terms.boolean(f"v{index}") for index in range(5)]
    theirs = z3.Bools(" ".join(f"v{index}" for index in range(5)))
    for count in (1, 3, 5, 3):
        assert _same(terms.exactly_one(names[:count]), z3.PbEq([(term, 1) for term in theirs[:count]], 1))



@pytest.mark.parametrize("wrong", [lambda: z3.Bool("x", z3.Context()), lambda: z3.Int("n")],
                         ids=["another-context", "not-boolean"])
def test_an_argument_z3_refuses_raises_z3_s_error(wrong):
    mine, wrong = terms.boolean("y"), wrong()
    for build in (lambda: terms.any_of([mine, wrong]), lambda: terms.all_of([wrong]), lambda: terms.negation(wrong),
                  lambda: terms.implies(mine, wrong), lambda: terms.exactly_one([wrong, mine])):
        with pytest.raises(z3.Z3Exception):
            build()
    with pytest.raises(z3.Z3Exception, match="invalid argument"):
        assert_all(z3.Solver(), [mine, wrong])  # a call without a result: its error code is read
    problem = TrackedProblem([], {"y": mine}, SolverSettings())
    with pytest.raises(z3.Z3Exception):
        problem._check([wrong.ast])  # a failed check answers unknown, and raises


def test_a_model_read_z3_refuses_raises():
    solver = z3.Solver()
    solver.add(terms.boolean("y"))
    assert solver.check() == z3.sat
    model = solver.model()
    ref = model.ctx.ref()
    assert capi.model_get_const_decl(ref, model.model, 99) is None  # no constant 99: NULL and an error code
    with pytest.raises(z3.Z3Exception, match="index out of bounds"):
        capi.failed(ref, "Z3_model_get_const_decl")
    assert capi.model_get_num_consts(ref, model.model) == 1
    capi.check(ref)  # the next call reset the code: nothing to raise
    with pytest.raises(z3.Z3Exception, match="another context"):
        terms.holds(model, z3.Bool("y", z3.Context()))  # z3 itself would answer, mixing two contexts


def test_core_names_are_the_names_z3_s_unsat_core_gives():
    problem = _problem()
    assert not problem.is_sat(["x", "not-x", "y", "not-y"])
    assert core_names(problem.solver) == [literal.decl().name() for literal in problem.solver.unsat_core()] != []
    assert problem.is_sat(["x"]) and core_names(problem.solver) == []


@pytest.mark.parametrize("case", PAPER_CASES[:4], ids=lambda case: case.name)
def test_license_in_and_chosen_read_the_model_as_z3_s_eval_does(kb, case):
    project = load_project(case.path, kb)
    kb = kb.under(project.reading)
    encoding = encode_release(ProjectGraph(project, kb), kb, project.releases[0])
    problem = TrackedProblem(encoding.background, encoding.constraints, SolverSettings())
    assert problem.is_sat([])
    model = problem.model()
    theirs = {}
    for work in encoding.works:
        chosen = [lic for lic in encoding.domains[work]
                  if z3.is_true(model.eval(encoding.variables[(work, lic)], model_completion=True))]
        theirs[work] = chosen[0] if chosen else None
        assert encoding.license_in(model, work) == theirs[work]
    assert encoding.chosen(model) == {work: lic for work, lic in theirs.items() if lic is not None}


def test_the_call_layer_leaves_z3core_as_it_was():
    from z3 import z3core, z3types
    theirs = z3core.Z3_mk_or.__defaults__[-1].f
    assert theirs.argtypes[0] is z3types.ContextObj and theirs.restype is z3types.Ast
    assert capi.mk_or is not theirs and capi.mk_or.argtypes[0] is not z3types.ContextObj
