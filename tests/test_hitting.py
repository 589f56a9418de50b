"""Minimal hitting sets of conflicts (clearance/solver/hitting.py), and the largest consistent part
of the terms they give (clearance/determination.py): the same answer as z3's Optimize."""

from __future__ import annotations

import dataclasses
import random
from itertools import combinations

from hubforest import forest, write_jsonl
from hypothesis import HealthCheck, given, settings
from test_grouping import corpus_text
from test_text_gpl import PROGRAM_WITH_APACHE

import clearance.determination as determination
import clearance.solver.hitting as hitting
from clearance.analysis import analyze
from clearance.audit.inputs import read_index
from clearance.audit.run import Audit
from clearance.knowledge_base import load_knowledge_base
from clearance.model import Project
from clearance.solver.hitting import minimal_hitting_sets
from clearance.solver.optimize import WeightedProblem
from clearance.sources.project_file import parse_project

from examples import EXAMPLES
from strategies import projects

KB = load_knowledge_base()


def test_the_cheapest_minimal_sets_come_first():
    # b alone hits both conflicts; {a, b} also hits them but is not minimal, so it is never given.
    assert minimal_hitting_sets([["a", "b"], ["b", "c"]], {"a": 1, "b": 1, "c": 1}, 4) == [(["b"], 1), (["a", "c"], 2)]


def test_weights_rank_the_sets():
    weights = {"a": 1, "b": 3, "c": 1}
    assert minimal_hitting_sets([["a", "b"], ["b", "c"]], weights, 4) == [(["a", "c"], 2), (["b"], 3)]


def test_labels_without_a_weight_are_hard():
    assert minimal_hitting_sets([["a", "hard"], ["b", "c"]], {"a": 1, "b": 1, "c": 1}, 4) == [
        (["a", "b"], 2), (["a", "c"], 2)]
    # A conflict made only of hard labels: no correction helps (as `correction_sets` gives []).
    assert minimal_hitting_sets([["a"], ["hard", "other"]], {"a": 1}, 4) == []
    assert minimal_hitting_sets([], {"a": 1}, 4) == []  # nothing to correct


def test_ties_are_ordered_by_their_labels_and_limited():
    assert minimal_hitting_sets([["c", "a", "b"]], {"a": 2, "b": 2, "c": 2}, 2) == [(["a"], 2), (["b"], 2)]
    assert minimal_hitting_sets([["x", "y"], ["y", "x"], ["x", "y", "z"]], {"x": 1, "y": 1, "z": 1}, 4) == [
        (["x"], 1), (["y"], 1)]  # repeats and supersets add nothing


def test_a_search_past_its_budget_gives_up():
    pairs = [[f"a{index}", f"b{index}"] for index in range(5)]  # 32 minimal sets, all of cost 5
    weights = {label: 1 for pair in pairs for label in pair}
    assert minimal_hitting_sets(pairs, weights, 2) == [(["a0", "a1", "a2", "a3", "a4"], 5),
                                                        (["a0", "a1", "a2", "a3", "b4"], 5)]
    assert minimal_hitting_sets(pairs, weights, 2, budget=20) is None
    many = [[f"a{index}", f"b{index}"] for index in range(16)]  # 65536 ties: too many to rank
    assert minimal_hitting_sets(many, {label: 1 for pair in many for label in pair}, 4) is None
    alone = [[f"a{index}"] for index in range(hitting.MAX_CONFLICTS + 1)]  # one set, but too deep a search
    assert minimal_hitting_sets(alone, {label: 1 for [label] in alone}, 4) is None
    assert minimal_hitting_sets(alone[:-1], {label: 1 for [label] in alone}, 4) == [
        (sorted(label for [label] in alone[:-1]), hitting.MAX_CONFLICTS)]


def test_past_the_budget_the_optimizer_answers(monkeypatch):
    calls = []
    optimize = WeightedProblem.correction_sets

    def spy(self, *args):
        calls.append(args)
        return optimize(self, *args)

    monkeypatch.setattr(hitting, "NODE_BUDGET", 0)
    monkeypatch.setattr(WeightedProblem, "correction_sets", spy)
    report = analyze(_parsed((EXAMPLES / "paper" / "case2a-moe-saas.yaml").read_text(encoding="utf-8")), KB)
    assert report.releases[0].license == "GPL-3.0-only" and report.releases[0].determination.conflicting
    assert len(calls) == 1


def _brute_force(conflicts: list[set[str]], weights: dict[str, int], limit: int) -> list[tuple[list[str], int]]:
    soft = [set(conflict) & set(weights) for conflict in conflicts]
    if not conflicts or not all(soft):
        return []
    labels = sorted(weights)
    hitting = [set(chosen) for size in range(len(labels) + 1) for chosen in combinations(labels, size)
               if all(conflict & set(chosen) for conflict in soft)]
    minimal = [chosen for chosen in hitting if not any(other < chosen for other in hitting)]
    ranked = sorted((sum(weights[label] for label in chosen), sorted(chosen)) for chosen in minimal)
    return [(chosen, cost) for cost, chosen in ranked[:limit]]


def test_random_families_agree_with_brute_force():
    rng = random.Random(16)
    for _ in range(300):
        labels = [chr(ord("a") + index) for index in range(rng.randint(1, 7))]
        weights = {label: rng.choice((1, 1, 2, 5)) for label in labels if rng.random() < 0.85}
        conflicts = [set(rng.sample(labels, rng.randint(1, len(labels)))) for _ in range(rng.randint(0, 6))]
        limit = rng.randint(1, 6)
        assert minimal_hitting_sets(conflicts, weights, limit) == _brute_force(conflicts, weights, limit), (
            conflicts, weights, limit)


def _compare_every_call(monkeypatch) -> list[list]:
    """Make every `largest_parts` of an analysis ask both ways and check they agree: the same parts,
    or, past TIES equally large ones, TIES of them each. Returns the parts of each call."""
    seen: list[list] = []
    original = determination.largest_parts

    def both(analysis, from_conflicts=None):
        hit, optimized = original(analysis, True), original(analysis, False)
        if hit != optimized:
            with monkeypatch.context() as patch:
                patch.setattr(determination, "TIES", 10**6)
                every = original(analysis, True)
            assert len(hit) == len(optimized) == determination.TIES and set(optimized) <= set(every), (
                analysis.release, hit, optimized)
            assert hit == every[: determination.TIES]
        seen.append(hit)
        return hit

    monkeypatch.setattr(determination, "largest_parts", both)
    return seen


def _both_ways(project: Project, kb, monkeypatch, **options) -> int:
    """How many conflicting determinations the releases of `project` have; they, and every other
    determination, must be the same from the conflicts as from the optimizer."""
    with monkeypatch.context() as patch:
        patch.setattr(determination, "FROM_CONFLICTS", False)
        optimized = [result.determined for result in analyze(project, kb, **options).releases]
    with monkeypatch.context() as patch:
        _compare_every_call(patch)
        hit = [result.determined for result in analyze(project, kb, **options).releases]
    assert hit == optimized, project
    return sum(d.conflicting for determined in hit for d in determined.values())


def _parsed(text: str, kb=KB, reading: str | None = None) -> Project:
    project = parse_project(text, kb)
    return dataclasses.replace(project, reading=reading) if reading else project


def test_every_example_gets_the_optimizers_answer_under_both_readings(monkeypatch):
    conflicting = {reading: sum(_both_ways(_parsed(path.read_text(encoding="utf-8"), reading=reading), KB,
                                           monkeypatch) for path in sorted(EXAMPLES.glob("*/*.yaml")))
                   for reading in ("text", "paper")}
    assert conflicting["text"] >= 3 and conflicting["paper"] >= 3, conflicting


def test_the_paper_conflicts_need_no_optimizer(monkeypatch):
    calls = []
    monkeypatch.setattr(WeightedProblem, "correction_sets", lambda *args: calls.append(args) or [])
    for name in ("case2a-moe-saas.yaml", "case4b-distill-and-fuse-nlp.yaml"):
        for reading in ("text", "paper"):
            report = analyze(_parsed((EXAMPLES / "paper" / name).read_text(encoding="utf-8"), reading=reading), KB)
            assert report.releases[0].determination.conflicting, (name, reading)
    assert not calls


def test_conflicting_projects_of_the_tests_get_the_optimizers_answer(monkeypatch):
    conflicting = 0
    for library in ("Apache-2.0", "ECL-2.0"):
        conflicting += _both_ways(_parsed(PROGRAM_WITH_APACHE.format(program="GPL-2.0-only", library=library)),
                                  KB, monkeypatch)
    for seed, policy, form in ((5, "share", "raw"), (6, "sell", "saas")):
        project = _parsed(corpus_text(12, seed, policy, form, "augment"))
        for group in (True, False):
            conflicting += _both_ways(project, KB, monkeypatch, cap=10**6, group=group)
    assert conflicting >= 4


def test_random_projects_get_the_optimizers_answer(monkeypatch):
    """Random projects (tests/strategies.py, derandomised), about one in ten of them conflicting."""
    compared = []

    @settings(max_examples=150, derandomize=True, database=None, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(projects(KB))
    def draw(case: tuple[tuple[str, ...], str]) -> None:
        pool, text = case
        kb = KB.restricted(pool)
        project = _parsed(text, kb)
        with monkeypatch.context() as patch:
            seen = _compare_every_call(patch)
            hit = [result.determined for result in analyze(project, kb).releases]
        if seen:
            with monkeypatch.context() as patch:
                patch.setattr(determination, "FROM_CONFLICTS", False)
                assert [result.determined for result in analyze(project, kb).releases] == hit, text
            compared.append(text)

    draw()
    assert len(compared) >= 5


def test_a_hub_audit_gets_the_optimizers_parts(tmp_path, monkeypatch):
    rows = forest(200, keep=0.9, with_data=0.05, depth_limit=3)  # as tests/test_audit.py generates them
    seen = _compare_every_call(monkeypatch)
    # The audit itself asks no determinations (analyze(..., determinations=False)): its lineages are
    # analysed in full here, as `clearance check` of each repository does.
    audit = Audit(read_index([write_jsonl(rows, tmp_path / "dump.jsonl")], KB), KB, suggest=False)
    for _, representative in audit.distinct():
        analyze(audit.project(representative), KB)
    assert sum(1 for parts in seen if parts) >= 5
