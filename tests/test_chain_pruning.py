"""Pruning the encoding (issue 16: `encodings.release.PRUNE`) changes no answer: the JSON report of
every example and of generated lineages, corpora and ladders is byte for byte the same with the
pruning on and off, conflicts included; and a lineage of open models needs no tracked constraint.

One thing may differ: when the enumeration of conflicts stops at its cap or budget (the report
says so), which conflicts it met first depends on the labels the solver was given; the verdict,
the licenses and every other finding stay the same."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from benchmarks.generate import chain, corpus, diamond, dump, releases
from clearance.analysis import analyze
from clearance.encodings import encode_release, release
from clearance.graph import ProjectGraph
from clearance.render.report import render_json
from clearance.sources.project_file import load_project, parse_project

from examples import EXAMPLES

FILES = sorted(path for path in (EXAMPLES / "paper").glob("*.yaml")) + sorted((EXAMPLES / "everyday").glob("*.yaml"))


def _sold(data: dict) -> dict:
    """A generated project whose every step result is also sold: conflicts and failed goals appear."""
    steps = list(data.get("steps") or {})
    data["release"] = [data["release"], *({"work": step, "policy": "sell"} for step in steps[:3])]
    return data


GENERATED = {
    "chain 60": dump(chain(60)),
    "corpus 200": dump(corpus(200)),
    "corpus 200 sold": yaml.safe_dump(_sold(corpus(200)), sort_keys=False),
    "diamond 6": dump(diamond(6)),
    "releases 40": dump(releases(40)),
    "chain 12 with a GPL-2.0 model": dump(chain(12)).replace("license: MIT}", "license: GPL-2.0-only}", 1),
}
CAPPED = dump(chain(30)).replace("license: MIT}", "license: GPL-2.0-only}", 3)


def _both(kb, monkeypatch, project) -> tuple[str, str]:
    pruned = render_json(analyze(project, kb))
    monkeypatch.setattr(release, "PRUNE", False)
    full = render_json(analyze(project, kb))
    monkeypatch.setattr(release, "PRUNE", True)
    return pruned, full


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_the_examples_report_the_same_pruned_or_not(kb, monkeypatch, path: Path):
    pruned, full = _both(kb, monkeypatch, load_project(path, kb))
    assert pruned == full


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_projects_report_the_same_pruned_or_not(kb, monkeypatch, name: str):
    project = parse_project(GENERATED[name], kb, f"{name}.yaml")
    pruned, full = _both(kb, monkeypatch, project)
    assert pruned == full
    if "sold" in name:
        assert '"compliant": false' in pruned  # the comparison covers conflicts and failed goals


def test_a_capped_enumeration_keeps_the_verdict_licenses_and_other_findings(kb, monkeypatch):
    project = parse_project(CAPPED, kb, "capped.yaml")
    results = []
    for prune in (True, False):
        monkeypatch.setattr(release, "PRUNE", prune)
        (result,) = analyze(project, kb).releases
        others = sorted(f.sort_key() for f in result.findings if f.code != "license-incompatible")
        results.append((result.conflicts_capped, result.compliant, result.license, result.licenses, others))
    assert results[0] == results[1]
    assert results[0][0] and not results[0][1]  # capped, and not compliant


def test_a_lineage_of_open_models_needs_no_tracked_constraint(kb, monkeypatch):
    project = parse_project(dump(chain(50)), kb, "chain.yaml")
    kb = kb.under(project.reading).for_project(project)
    graph = ProjectGraph(project, kb)
    pruned = encode_release(graph, kb, project.releases[0])
    monkeypatch.setattr(release, "PRUNE", False)
    full = encode_release(graph, kb, project.releases[0])
    assert len(full.constraints) > 100 and not pruned.constraints
    for work in project.works:  # each reused work is a constant: its one declared license
        assert pruned.domains[work] == project.works[work].alternatives


def test_shared_constants_follow_each_fresh_context(kb):
    """Each analysis starts z3's context afresh: the encoding's shared True and False must be made
    in the current one (a constant kept from an earlier analysis mixed two contexts)."""
    text = """works:
  a: {type: data, license: MIT}
steps:
  s: {activity: combine, inputs: [a], license: Unlicense}
release: {work: s, policy: share}
"""
    project = parse_project(text, kb, "intended.yaml")  # s can only be Unlicense: its intent is z3's True
    first = render_json(analyze(project, kb))
    assert render_json(analyze(project, kb)) == first
