"""What the audit leaves out of an analysis changes no verdict and no error: without
`determinations` it leaves out how each license is determined, and with `errors_only` every other
finding and the determined licenses too (tests/test_audit.py compares the audit with `check`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearance.analysis import analyze
from clearance.knowledge_base import load_knowledge_base
from clearance.sources.project_file import load_project

KB = load_knowledge_base()
EXAMPLES = sorted(Path(__file__).resolve().parent.parent.joinpath("examples").glob("*/*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_without_determinations_the_findings_are_the_same(path: Path) -> None:
    project = load_project(path, KB)
    full, lean = analyze(project, KB), analyze(project, KB, determinations=False)
    assert [r.compliant for r in lean.releases] == [r.compliant for r in full.releases]
    assert [[f.to_json() for f in r.findings] for r in lean.releases] == \
        [[f.to_json() for f in r.findings] for r in full.releases]
    assert all(not r.determined for r in lean.releases)
    assert any(r.determined for r in full.releases) or all(r.release.work in project.works for r in full.releases)


def _errors(report) -> list[list[tuple]]:
    return [[(f.code, f.work, f.license, f.at, f.right, f.message, f.works if not f.folded else ()) for f in r.findings
             if f.is_error] for r in report.releases]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_with_errors_only_the_errors_are_the_same_and_nothing_else_is_found(path: Path) -> None:
    project = load_project(path, KB)
    full, lean = analyze(project, KB), analyze(project, KB, determinations=False, errors_only=True)
    assert [r.compliant for r in lean.releases] == [r.compliant for r in full.releases]
    assert _errors(lean) == _errors(full)
    assert all(f.is_error or f.code == "metadata-mismatch" for r in lean.releases for f in r.findings)
    assert all(not r.licenses and not r.determined for r in lean.releases)


@pytest.mark.parametrize("errors_only", [False, True])
def test_an_analysis_leaves_no_cycle_that_keeps_its_solver_for_the_collector(errors_only: bool) -> None:
    # A cycle through the lazily determined licenses kept each analysis's solver and z3 context
    # alive until the collector ran: 20 % more instructions in an audit, whose analyses are many.
    import gc

    from clearance.analysis import ReleaseAnalysis
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for path in EXAMPLES:
            analyze(load_project(path, KB), KB, determinations=not errors_only, errors_only=errors_only)
        gc.collect()
        kept = [thing for thing in gc.garbage if isinstance(thing, ReleaseAnalysis)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert kept == []
