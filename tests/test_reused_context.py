"""An audit analyses its problems in one z3 context (`SolverSettings.reuse_context`) and keeps an
answer only where it is shown to be the one a fresh context gives: a minimal core that is the only
one, an enumeration of conflicts that every run completes, and the works of a cannot-relicense
error fixed by the licenses rather than by z3's choice. Else it analyses again in a fresh context."""

from __future__ import annotations

import itertools
import random

import pytest
import z3
from hubforest import write_cache, write_jsonl

from clearance.analysis import analyze
from clearance.audit.inputs import read_index
from clearance.audit.run import Audit
from clearance.solver import HistoryDependent, SolverSettings, TrackedProblem, fresh_context
from clearance.solver.tracked import most_enumeration_checks
from clearance.sources.hub import load_hub

REUSING = SolverSettings(reuse_context=True)


def _problem(constraints: dict[str, z3.BoolRef], settings: SolverSettings = REUSING) -> TrackedProblem:
    return TrackedProblem([], constraints, settings)


def test_a_core_is_kept_in_a_reused_context_only_when_it_is_the_only_minimal_one():
    fresh_context()
    x = z3.Bool("x")
    problem = _problem({"a": x, "b": z3.Not(x), "c": z3.Not(x)})
    # {a, b} and {a, c} are both minimal: which one z3 gives depends on the context's history.
    with pytest.raises(HistoryDependent):
        problem.minimal_core(["a", "b", "c"])
    assert problem.minimal_core(["a", "b"]) == ["a", "b"]  # the only one
    assert problem.minimal_core(["a", "b", "c"], any_core_serves=True) in (["a", "b"], ["a", "c"])
    plain = _problem({"a": x, "b": z3.Not(x), "c": z3.Not(x)}, SolverSettings())
    assert plain.minimal_core(["a", "b", "c"]) in (["a", "b"], ["a", "c"])  # a fresh context's analysis


def test_an_enumeration_is_kept_only_when_every_run_completes_it():
    fresh_context()
    x = z3.Bool("x")
    constraints = {"a": x, "b": z3.Not(x), "c": z3.Not(x)}
    assert _problem(constraints).muses(["a", "b", "c"], cap=3) == ([["a", "b"], ["a", "c"]], False)
    with pytest.raises(HistoryDependent):  # two MUSes found, but another run could stop at the cap first
        _problem(constraints).muses(["a", "b", "c"], cap=2)
    # This run completes within 12 checks, but the most any run can spend on 2 MUSes and 2 maximal
    # satisfiable subsets of 3 labels is 2 * 5 + 2 * 8 = 26.
    assert most_enumeration_checks(3, 2, 2) == 26
    with pytest.raises(HistoryDependent):
        _problem(constraints).muses(["a", "b", "c"], cap=3, budget=26)
    assert _problem(constraints).muses(["a", "b", "c"], cap=3, budget=27)[0] == [["a", "b"], ["a", "c"]]


def _brute_force(problem: TrackedProblem, labels: list[str]) -> tuple[list[list[str]], int]:
    """(every MUS, the number of maximal satisfiable subsets) of `labels`, subset by subset."""
    subsets = [list(s) for size in range(len(labels) + 1) for s in itertools.combinations(labels, size)]
    sat = {tuple(s): problem.is_sat(s) for s in subsets}
    muses = [s for s in subsets if not sat[tuple(s)] and all(sat[tuple(o for o in s if o != x)] for x in s)]
    maximal = [s for s in subsets if sat[tuple(s)] and
               all(not sat[tuple(sorted([*s, x]))] for x in labels if x not in s)]
    return sorted(muses), len(maximal)


@pytest.mark.parametrize("seed", range(12))
def test_no_enumeration_spends_more_checks_than_its_bound(seed):
    """The bound the certification rests on, against random problems of up to six labels: the
    checks an enumeration spends after its first, and the MUSes it finds, against brute force."""
    rng = random.Random(seed)
    fresh_context()
    variables = [z3.Bool(f"v{i}") for i in range(3)]

    def literal():
        v = rng.choice(variables)
        return v if rng.random() < 0.5 else z3.Not(v)

    labels = [f"l{i}" for i in range(rng.randint(3, 6))]
    constraints = {label: z3.Or(*[literal() for _ in range(rng.randint(1, 2))]) for label in labels}
    problem = _problem(constraints, SolverSettings())
    if problem.is_sat(labels):
        constraints[labels[0]] = z3.And(*variables)
        constraints[labels[1]] = z3.Not(variables[0])
        problem = _problem(constraints, SolverSettings())
    expected, maximal = _brute_force(_problem(constraints, SolverSettings()), labels)
    before = problem.checks
    found, capped = problem.muses(labels, cap=100)
    assert not capped and found == expected
    assert problem.checks - before - 1 <= most_enumeration_checks(len(labels), len(found), maximal)


def test_analyze_refuses_a_reused_context_for_more_than_the_errors(kb, tmp_path):
    rows = [{"id": "m/base", "license": "llama3.1"}, {"id": "m/tune", "base_model": "m/base", "license": "mit"}]
    cache = write_cache(rows, tmp_path / "cache")
    project = load_hub(cache / "models--m--tune", kb, cache)
    with pytest.raises(ValueError, match="errors_only"):
        analyze(project, kb, REUSING)
    report = analyze(project, kb, REUSING, determinations=False, errors_only=True)
    assert {f.code for f in report.findings if f.blocks} == {"cannot-relicense"}


def _merge_rows(parents: list[tuple[str, str]], declared: str = "apache-2.0") -> list[dict]:
    rows = [{"id": work, "license": lic} for work, lic in parents]
    rows.append({"id": "u/merge", "base_model": [work for work, _ in parents], "base_model_relation": "merge",
                 "license": declared})
    return rows


def _errors(project, kb, settings: SolverSettings | None = None) -> set:
    if settings is None:
        fresh_context()  # as `clearance check` in a fresh process
        report = analyze(project, kb)
    else:
        report = analyze(project, kb, settings, determinations=False, errors_only=True)
    return {(f.code, f.work, f.license) for f in report.findings if f.blocks}


@pytest.mark.parametrize("direct, tuned", [("meta/llama-a", "meta/llama-b"), ("meta/llama-b", "meta/llama-a")])
def test_of_two_parents_that_each_stop_relicensing_the_error_names_the_same_one_in_any_context(
        kb, tmp_path, direct, tuned):
    """A merge declared Apache-2.0 of a Llama model and of a fine-tune of another: either Llama
    explains the error (two minimal cores). Of equally restrictive works, it names the first by
    id, whichever core z3 finds first, in a fresh context and after any history in a reused one."""
    rows = [{"id": direct, "license": "llama3.1"}, {"id": tuned, "license": "llama3.1"},
            {"id": "u/tune", "base_model": tuned, "license": "llama3.1"},
            {"id": "u/merge", "base_model": [direct, "u/tune"], "base_model_relation": "merge",
             "license": "apache-2.0"}]
    named = "meta/llama-a"
    cache = write_cache(rows, tmp_path / "cache")
    merge = load_hub(cache / "models--u--merge", kb, cache)
    expected = _errors(merge, kb)
    assert {work for code, work, _ in expected if code == "cannot-relicense"} == {named}
    for other in ("models--meta--llama-b", "models--u--tune", "models--meta--llama-a"):
        _errors(load_hub(cache / other, kb, cache), kb, REUSING)  # some history in the reused context
        assert _errors(merge, kb, REUSING) == expected


def test_a_known_license_that_stops_relicensing_is_named_before_an_unknown_one(kb, tmp_path):
    """Both the Llama parent and the parent nobody knows the license of stop the merge's Apache-2.0:
    the error names the known one (not folded into the other's license-unknown error), so the
    repository is not compliant rather than unknown."""
    rows = _merge_rows([("meta/llama", "llama3.1"), ("z/mystery", "unknown")])
    cache = write_cache(rows, tmp_path / "cache")
    errors = _errors(load_hub(cache / "models--u--merge", kb, cache), kb)
    assert ("cannot-relicense", "meta/llama", "Llama-3.1") in errors
    assert any(code == "license-unknown" and work == "z/mystery" for code, work, _ in errors)
    (result,) = [r for r in Audit(read_index([write_jsonl(rows, tmp_path / "d.jsonl")], kb), kb).results()
                 if r.id == "u/merge"]
    assert result.verdict == "not-compliant" and set(result.errors) == errors


def test_an_answer_not_shown_the_same_is_analysed_again_in_a_fresh_context(kb, tmp_path, monkeypatch):
    rows = _merge_rows([("meta/llama-a", "llama3.1"), ("meta/llama-b", "gemma")])
    cache = write_cache(rows, tmp_path / "cache")
    expected = _errors(load_hub(cache / "models--u--merge", kb, cache), kb)

    def refuse(self, labels, keep=(), any_core_serves=False):
        if self.certifying:  # as if no core were shown the only one, nor said to serve any answer
            raise HistoryDependent("refused by the test")
        return self._shrink(list(labels), keep)

    monkeypatch.setattr(TrackedProblem, "minimal_core", refuse)
    audit = Audit(read_index([write_jsonl(rows, tmp_path / "d.jsonl")], kb), kb, suggest=False)
    (result,) = [r for r in audit.results() if r.id == "u/merge"]
    assert audit.fallbacks == 1  # the merge alone has a minimal core to find
    assert result.verdict == "not-compliant" and set(result.errors) == expected


def test_a_pool_counts_the_fallbacks_of_its_workers(kb, tmp_path, monkeypatch):
    """`--timings` reports `Audit.fallbacks`; with `--jobs` the analyses run in the workers, whose
    counts come back with their answers. An executor in this process (any Executor serves) lets the
    refusal below reach the worker's analyses."""
    from concurrent.futures import ThreadPoolExecutor

    from clearance.audit.pool import solve_all

    def refuse(self, labels, keep=(), any_core_serves=False):
        if self.certifying:
            raise HistoryDependent("refused by the test")
        return self._shrink(list(labels), keep)

    monkeypatch.setattr(TrackedProblem, "minimal_core", refuse)
    rows = _merge_rows([("meta/llama-a", "llama3.1"), ("meta/llama-b", "gemma")])
    dump = write_jsonl(rows, tmp_path / "d.jsonl")
    serial = Audit(read_index([dump], kb), kb, suggest=False)
    expected = list(serial.results())
    pooled = Audit(read_index([dump], kb), kb, suggest=False)
    with ThreadPoolExecutor(1) as executor:
        solve_all(pooled, executor)
    assert list(pooled.results()) == expected
    assert pooled.fallbacks == serial.fallbacks == 1
