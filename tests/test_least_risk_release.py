"""The least-risk release license the audit suggests (`least_risk_release_license`, searched for
from the front of the ranking) is the first license `suggest` ranks (`ranked_release_licenses`,
every license asked in turn), on every example and on generated hub lineages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hubforest import forest, write_jsonl

from clearance.audit.inputs import read_index
from clearance.audit.problem import ALONE
from clearance.audit.run import Audit
from clearance.graph import ProjectGraph
from clearance.grouping import group_project
from clearance.knowledge_base import load_knowledge_base
from clearance.model import Project
from clearance.release_licenses import least_risk_release_license, ranked_release_licenses
from clearance.solver import SolverSettings
from clearance.sources.project_file import load_project

KB = load_knowledge_base()
EXAMPLES = sorted(Path(__file__).resolve().parent.parent.joinpath("examples").glob("*/*.yaml"))


def both(project: Project) -> list[tuple[str | None, str | None]]:
    """(the audit's license, the ranking's first) of every release of `project`."""
    kb = KB.under(project.reading).for_project(project)
    grouped = group_project(project).project
    graph = ProjectGraph(grouped, kb)
    found = []
    for release in grouped.releases:
        ranked = ranked_release_licenses(graph, kb, release, SolverSettings())
        found.append((least_risk_release_license(graph, kb, release, SolverSettings()),
                      ranked[0][0] if ranked else None))
    return found


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_the_first_license_is_the_rankings_first_on_every_example(path: Path) -> None:
    for searched, first in both(load_project(path, KB)):
        assert searched == first


def test_the_first_license_is_the_rankings_first_on_hub_lineages(tmp_path: Path) -> None:
    index = read_index([write_jsonl(forest(400, seed=5), tmp_path / "dump.jsonl")], KB)
    audit = Audit(index, KB)
    keys = {audit.problems.key(row) for row in index.order if isinstance(row, int)} - {ALONE}
    results = [pair for key in sorted(keys) for pair in both(audit.project(audit.problems.representative[key]))]
    assert len(results) > 50
    assert any(first is not None for _, first in results) and any(first is None for _, first in results)
    assert all(searched == first for searched, first in results)


def _rankings(projects: list[Project]) -> list[list[tuple[str, int]]]:
    found = []
    for project in projects:
        kb = KB.under(project.reading).for_project(project)
        grouped = group_project(project).project
        graph = ProjectGraph(grouped, kb)
        found += [ranked_release_licenses(graph, kb, release, SolverSettings()) for release in grouped.releases]
    return found


def test_one_variable_per_class_of_release_licenses_ranks_as_one_per_license(tmp_path: Path,
                                                                               monkeypatch) -> None:
    """The open release's licenses are encoded one variable per class the constraints cannot tell
    apart (`encodings.release._open_one_hot`); one variable per license ranks the same licenses."""
    from clearance.encodings import release as encoding_module
    index = read_index([write_jsonl(forest(300, seed=11), tmp_path / "dump.jsonl")], KB)
    audit = Audit(index, KB)
    keys = sorted({audit.problems.key(row) for row in index.order if isinstance(row, int)} - {ALONE})
    projects = [load_project(path, KB) for path in EXAMPLES]
    projects += [audit.project(audit.problems.representative[key]) for key in keys]
    by_class = _rankings(projects)
    monkeypatch.setattr(encoding_module, "_open_one_hot",
                        lambda encoding, work: encoding_module._one_hot(work, encoding.domains[work]))
    assert _rankings(projects) == by_class
    assert sum(1 for ranking in by_class if ranking) > 50 and any(not ranking for ranking in by_class)
    assert len({len(ranking) for ranking in by_class}) > 3  # the rankings differ: the classes matter
