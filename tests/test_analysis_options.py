"""What the audit leaves out of an analysis (`analyze(..., determinations=False)`) changes no
finding and no verdict: it only leaves out how each license is determined."""

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
