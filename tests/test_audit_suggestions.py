"""The audit asks each least-risk license once per suggestion key (`Problems.suggestion_key`): the
problems that differ only in the license their repository declares share it, and so do the
variants of a problem. Shared or asked of every problem alone, the results are the same."""

from __future__ import annotations

import pytest
from hubforest import hub_dump, write_jsonl

from clearance.audit.inputs import read_index
from clearance.audit.run import Audit

SIZE = 600


class AskedOfEach(Audit):
    """An audit that asks every problem for its own suggested license (no key is shared)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.problems.suggestion_key = lambda problem: ("problem", problem)


@pytest.fixture(scope="module")
def dump(tmp_path_factory):
    return hub_dump(tmp_path_factory.mktemp("suggestions") / "dump.jsonl", SIZE)


def test_a_shared_suggestion_is_the_one_each_problem_gets_alone(dump, kb):
    shared = Audit(read_index([dump], kb), kb)
    alone = AskedOfEach(read_index([dump], kb), kb)
    results = list(shared.results())
    assert results == list(alone.results())
    suggested = [r for r in results if r.suggested]
    assert len({r.suggested for r in suggested}) > 1 and len(suggested) >= 10
    assert len(shared.suggestions) < len(alone.suggestions)  # some were shared


def _key(tmp_path, kb, declared: dict, name: str = "m/tune"):
    rows = [{"id": "m/base", "license": "llama3.1"}, {"id": "d/nc", "type": "dataset", "license": "cc-by-nc-4.0"}]
    rows += [{"id": f"{name}-{lic}", "base_model": "m/base", "datasets": ["d/nc"], **fields}
             for lic, fields in declared.items()]
    audit = Audit(read_index([write_jsonl(rows, tmp_path / "d.jsonl")], kb), kb)
    problems = audit.problems
    keys = {lic: problems.suggestion_key(problems.key(audit.number(f"{name}-{lic}"))) for lic in declared}
    return audit, keys


def test_the_key_sets_aside_a_plain_declared_license_but_not_one_that_changes_the_question(tmp_path, kb):
    audit, keys = _key(tmp_path, kb, {
        "apache": {"license": "apache-2.0"}, "mit": {"license": "mit"}, "none": {},
        "choice": {"license": ["mit", "apache-2.0"]},
        "unknown": {"license": "unknown"}, "other": {"license": "other", "license_name": "nobody-knows"},
        "and": {"license": "MIT AND BSD-3-Clause"}})
    assert keys["apache"] == keys["mit"] == keys["none"] == keys["choice"]
    # A license nobody knows adds a goal no license lifts; an AND adds a license to the knowledge base.
    assert keys["unknown"] == keys["other"]  # one problem: both are a license nobody knows
    assert keys["unknown"][0] == keys["and"][0] == "problem" and keys["unknown"] != keys["and"]
    results = {r.id: r for r in audit.results()}
    assert results["m/tune-apache"].suggested == results["m/tune-mit"].suggested is not None


def test_a_work_made_from_nothing_keeps_its_own_key(tmp_path, kb):
    rows = [{"id": "a/one", "license": "mit"}, {"id": "b/two", "license": "apache-2.0"}]
    audit = Audit(read_index([write_jsonl(rows, tmp_path / "d.jsonl")], kb), kb)
    one, two = (audit.problems.suggestion_key(audit.problems.key(audit.number(i))) for i in ("a/one", "b/two"))
    assert one != two and one[0] == two[0] == "problem"  # its declaration is a fact of the question
