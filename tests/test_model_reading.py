"""Each work's license read from a model: asking its variables (few open works) and reading the
whole model once (a long lineage) give the same licenses."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearance.analysis import ReleaseAnalysis
from clearance.encodings import release as release_module
from clearance.graph import ProjectGraph
from clearance.grouping import group_project
from clearance.knowledge_base import load_knowledge_base
from clearance.solver import SolverSettings, fresh_context
from clearance.sources.project_file import load_project

KB = load_knowledge_base()
EXAMPLES = sorted(Path(__file__).resolve().parent.parent.joinpath("examples").glob("*/*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_asking_the_variables_and_reading_the_model_agree(path: Path, monkeypatch) -> None:
    fresh_context()
    project = group_project(load_project(path, KB)).project
    kb = KB.under(project.reading).for_project(project)
    graph = ProjectGraph(project, kb)
    compared = 0
    for release in project.releases:
        analysis = ReleaseAnalysis(graph, kb, release, SolverSettings())
        knowledge = [label for label in analysis.problem.labels if not label.is_goal]
        if not analysis.problem.is_sat(knowledge) and not analysis.problem.is_sat([]):
            continue
        model, encoding = analysis.problem.model(), analysis.encoding
        with monkeypatch.context() as patch:
            patch.setattr(release_module, "model_size", lambda model: 10**9)
            asked = encoding.chosen(model)
        with monkeypatch.context() as patch:
            patch.setattr(release_module, "model_size", lambda model: 0)
            read = encoding.chosen(model)
        assert asked == read
        assert set(asked) == set(encoding.works)
        compared += 1
    assert compared
