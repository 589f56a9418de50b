"""An analysis gives the same answer whatever the process analysed before (z3 numbers terms in
the order its context sees them, and that order steers which unsat cores it finds). The audit
relies on it: one process solves thousands of problems and must equal checking each alone."""

from __future__ import annotations

import json
from pathlib import Path

from clearance.analysis import analyze
from clearance.knowledge_base import load_knowledge_base
from clearance.render.report import render_json
from clearance.sources.project_file import load_project

KB = load_knowledge_base()
ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "examples" / "paper").glob("*.yaml")) + sorted((ROOT / "examples" / "everyday").glob("*.yaml"))


def report_of(path: Path) -> dict:
    return json.loads(render_json(analyze(load_project(path, KB), KB)))


def test_answers_do_not_depend_on_earlier_analyses() -> None:
    first = {path.name: report_of(path) for path in CASES}
    for path in reversed(CASES):  # every case again, now after all the others
        for other in CASES:
            if other != path:
                analyze(load_project(other, KB), KB)
        assert report_of(path) == first[path.name], path.name
