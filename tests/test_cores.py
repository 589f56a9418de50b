"""Every error rests on a subset-minimal unsat core: the core cannot hold, and
dropping any one of its constraints lets the rest hold."""

from __future__ import annotations

from dataclasses import replace

import pytest

from clearance.analysis import ReleaseAnalysis
from clearance.encodings import encode_release
from clearance.graph import ProjectGraph
from clearance.solver import SolverSettings, TrackedProblem
from clearance.sources.project_file import load_project

from examples import PAPER_CASES


@pytest.mark.parametrize("case", [c for c in PAPER_CASES if not c.compliant], ids=lambda c: c.name)
def test_every_error_core_is_minimal(kb, case):
    project = load_project(case.path, kb)
    kb = kb.under(project.reading)
    graph = ProjectGraph(project, kb)
    for release in project.releases:
        analysis = ReleaseAnalysis(graph, kb, release, SolverSettings())
        result = analysis.run()
        errors = [f for f in result.findings if f.is_error]
        assert errors
        for finding in errors:
            core = list(finding.core)
            assert core, finding
            assert not analysis.problem.is_sat(core), finding
            for label in core:
                assert analysis.problem.is_sat([other for other in core if other != label]), (finding, label)
            declared = {label.work for label in core if label.kind == "fact"}
            assert set(finding.works) == declared


@pytest.mark.parametrize("case", [c for c in PAPER_CASES if not c.compliant], ids=lambda c: c.name)
def test_relicensing_any_listed_work_to_cc0_removes_the_error(kb, case):
    """`works` lists the reused works an error rests on, and only those: put any one of them
    under CC0-1.0 and the error's core can hold."""
    project = load_project(case.path, kb)
    graph = ProjectGraph(project, kb)
    for release in project.releases:
        for finding in [f for f in ReleaseAnalysis(graph, kb, release, SolverSettings()).run().findings if f.is_error]:
            for work in finding.works:
                cc0 = replace(project.works[work], license="CC0-1.0", alternatives=("CC0-1.0",))
                changed = replace(project, works={**project.works, work: cc0})
                encoding = encode_release(ProjectGraph(changed, kb), kb, release)
                problem = TrackedProblem(encoding.background, encoding.constraints, SolverSettings())
                by_name = {label.name: label for label in problem.labels}
                # A constraint CC0-1.0 no longer makes (no right is missing) is gone.
                kept = [by_name[label.name] for label in finding.core
                        if label.name in by_name and not (label.kind == "fact" and label.work == work)]
                # No declaration to track when no other constraint names the work: it is then
                # a constant under CC0-1.0 (encodings.release.PRUNE).
                fact = [by_name[name] for name in (f"fact:{work}:CC0-1.0",) if name in by_name]
                assert problem.is_sat([*kept, *fact]), (finding.code, work)
