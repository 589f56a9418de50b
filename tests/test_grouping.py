"""Grouping interchangeable works changes nothing but the cost: on mid-size
projects, the grouped engine's verdicts, licenses and findings (each expanded to
the works it stands for) are those of the engine without grouping."""

from __future__ import annotations

import random

import pytest
import yaml

from clearance.analysis import analyze
from clearance.explain import explain
from clearance.grouping import group_project
from clearance.sources.project_file import parse_project
from clearance.suggest import suggest

LICENSES = ["CC-BY-4.0", "CC0-1.0", "MIT", "CC-BY-SA-4.0", "ODC-By-1.0", "CC-BY-NC-4.0", "CC-BY-ND-4.0",
            "CC-BY-NC-SA-4.0", "MIT OR Apache-2.0"]


def corpus_text(size: int, seed: int, policy: str, form: str, activity: str = "combine") -> str:
    """A corpus of `size` sources (some translated, some dual-licensed), combined, then trained on
    and also released itself."""
    rng = random.Random(seed)
    works = {f"src-{i:03d}": {"type": "data", "license": rng.choice(LICENSES)} for i in range(size)}
    works["translator"] = {"type": "model", "license": rng.choice(["Apache-2.0", "GPL-3.0-only"])}
    steps, parts = {}, []
    for i in range(size):
        if rng.random() < 0.2:
            steps[f"src-{i:03d}-tr"] = {"activity": "translate", "inputs": [f"src-{i:03d}"], "using": ["translator"]}
            parts.append(f"src-{i:03d}-tr")
        else:
            parts.append(f"src-{i:03d}")
    steps["corpus"] = {"activity": activity, "inputs": parts}
    steps["model"] = {"activity": "train", "inputs": ["corpus"]}
    releases = [{"work": "corpus", "policy": policy, "form": form}, {"work": "model", "policy": "sell", "form": "saas"}]
    return yaml.safe_dump({"works": works, "steps": steps, "release": releases}, sort_keys=False)


def expanded(report) -> list[set]:
    return [{(f.code, member, f.right, f.activity) for f in result.findings for member in (f.group or (f.work,))}
            for result in report.releases]


@pytest.mark.parametrize(("seed", "policy", "form", "activity"), [
    (1, "sell", "raw", "combine"), (2, "share", "binary", "combine"), (3, "sell", "saas", "combine"),
    (4, "personal", "raw", "combine"), (5, "share", "raw", "augment"), (6, "sell", "saas", "augment")])
def test_grouped_and_ungrouped_engines_agree(kb, seed, policy, form, activity):
    """`augment` makes the sources' share-alike and non-commercial terms conflict at the corpus."""
    size = 80 if activity == "combine" else 12  # without grouping, conflicts multiply pairwise
    project = parse_project(corpus_text(size, seed, policy, form, activity), kb)
    grouping = group_project(project)
    assert len(grouping.project.works) < len(project.works)  # the grouping did reduce the problem
    # No cap on conflicts: without grouping, each pair of conflicting sources is its own conflict.
    grouped, plain = analyze(project, kb, cap=10**6), analyze(project, kb, cap=10**6, group=False)
    assert not any(r.conflicts_capped for r in [*grouped.releases, *plain.releases])  # both complete
    assert [r.compliant for r in grouped.releases] == [r.compliant for r in plain.releases]
    assert grouped.licenses == plain.licenses
    assert expanded(grouped) == expanded(plain)


def test_a_grouped_finding_lists_every_source_with_a_count(kb):
    project = parse_project(corpus_text(120, 1, "sell", "raw"), kb)
    report = analyze(project, kb)
    nc = {w for w, work in project.works.items() if work.license == "CC-BY-NC-4.0"}
    findings = [f for f in report.releases[0].findings if f.code == "rights-not-granted"
                and f.right == "commercial-use" and f.work in nc]
    assert {member for f in findings for member in (f.group or (f.work,))} == nc
    assert any(len(f.group) > 1 and f.to_json()["count"] == len(f.group) for f in findings)


def test_explain_and_suggest_work_on_groups(kb):
    project = parse_project(corpus_text(30, 5, "sell", "raw", "augment"), kb)
    conflicts = [c for item in explain(project, kb) for c in item.conflicts]
    assert any(c.group for c in conflicts)
    [corpus, _] = suggest(project, kb)
    assert not corpus.compliant and corpus.fixes
    replaced = [c for fix in corpus.fixes for c in fix.changes if c.kind == "replace" and c.also]
    assert replaced, "a fix replaces a whole group of sources"
    assert all(fix.cost >= sum(len(c.works) for c in fix.changes if c.kind in ("replace", "drop"))
               for fix in corpus.fixes)


def test_works_used_twice_or_released_are_not_grouped(kb):
    text = """
works:
  a: {type: data, license: CC-BY-4.0}
  b: {type: data, license: CC-BY-4.0}
  c: {type: data, license: CC-BY-4.0}
steps:
  one: {activity: combine, inputs: [a, b, c]}
  two: {activity: combine, inputs: [a]}
release: [{work: one, policy: share, form: raw}, {work: b, policy: share, form: raw}]
"""
    grouping = group_project(parse_project(text, kb))
    assert grouping.members == {}
