"""The licenses a release could be put under as its lineage stands, least risk first: the ranking
`clearance suggest` shows, and its first license alone, which `clearance audit` asks of every
problem that is not compliant. Each license is checked by the solver with the release's own
license left open and its declaration set aside."""

from __future__ import annotations

from dataclasses import replace

from clearance.encodings import encode_release
from clearance.encodings.release import release_license_constraint
from clearance.encodings.terms import any_of, holds
from clearance.graph import ProjectGraph
from clearance.knowledge_base import KnowledgeBase
from clearance.model import Release
from clearance.solver import SolverSettings, TrackedProblem


def ranked_release_licenses(graph: ProjectGraph, kb: KnowledgeBase, release: Release,
                            settings: SolverSettings) -> list[tuple[str, int]]:
    """Every license `release` could be put under, with its risk score, least risk first (ties: the
    knowledge base's risk order). Each license is checked with the very constraint `check --license`
    adds, on one incremental solver; the released work's own intended license is what a release
    license replaces. (This is the ranking an optimiser minimising the score would enumerate, at a
    tenth of the cost: one satisfiability check per license instead of an optimisation each.)"""
    return list(release_licenses(graph, kb, release, settings))


def least_risk_release_license(graph: ProjectGraph, kb: KnowledgeBase, release: Release,
                               settings: SolverSettings) -> str | None:
    """The first license of `ranked_release_licenses` (None when there is none): `clearance audit`
    asks it once per distinct problem. Which license comes first does not depend on how it is
    found, so it is searched for from the front: one check asks whether any license of a prefix
    of the ranking holds, its model names one that does, and the prefix before that one is asked
    next, until none of it holds (a few checks, where asking each license in turn took dozens)."""
    setup = _release_problem(graph, kb, release, settings)
    if setup is None:
        return None
    encoding, problem, labels, ranked = setup
    first = None
    with problem.holding(labels):
        allowed = [release_license_constraint(encoding, lic) for lic, _ in ranked]
        end = len(ranked)
        while end and problem.is_sat([], [any_of(allowed[:end])]):
            model = problem.model()
            end = first = next(at for at in range(end) if holds(model, allowed[at]))
    return None if first is None else ranked[first][0]


def _release_problem(graph: ProjectGraph, kb: KnowledgeBase, release: Release, settings: SolverSettings):
    """(encoding, problem, labels, ranked) for ranking the licenses `release` could be put under:
    the release's constraints with its license left open, the labels that hold (all but its own
    intended license, which a release license replaces), and every license with its risk score,
    least risk first (ties: the knowledge base's risk order). None when those labels cannot hold."""
    encoding = encode_release(graph, kb, replace(release, license=None), open_release=True)
    problem = TrackedProblem(encoding.background, encoding.constraints, settings)
    labels = [label for label in problem.labels if not (label.kind == "intended" and label.work == release.work)]
    if not problem.is_sat(labels):
        return None
    return encoding, problem, labels, list(kb.release_ranking)


def release_licenses(graph: ProjectGraph, kb: KnowledgeBase, release: Release, settings: SolverSettings):
    """The licenses `release` could be put under with their scores, least risk first, found lazily."""
    setup = _release_problem(graph, kb, release, settings)
    if setup is None:
        return
    encoding, problem, labels, ranked = setup
    with problem.holding(labels):
        for lic, score in ranked:
            if problem.is_sat([], [release_license_constraint(encoding, lic)], keep_model=False):
                yield lic, score
