"""Every error rests on a subset-minimal unsat core: the core cannot hold, and
dropping any one of its constraints lets the rest hold."""

from __future__ import annotations

import pytest

from clearance.analysis import ReleaseAnalysis
from clearance.graph import ProjectGraph
from clearance.project import load_project
from clearance.solver import SolverSettings

from examples import PAPER_CASES


@pytest.mark.parametrize("case", [c for c in PAPER_CASES if not c.compliant], ids=lambda c: c.name)
def test_every_error_core_is_minimal(kb, case):
    project = load_project(case.path, kb)
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
