"""`python -m benchmarks.hub verify`: an audit's results compared with `clearance check` of each
sampled repository's card; a result changed by hand is reported as a difference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.hub import forest
from benchmarks.hub.verify import lineage, verify
from clearance.audit.inputs import read_index
from clearance.audit.run import Audit
from clearance.knowledge_base import load_knowledge_base


def _audited(tmp_path: Path, size: int) -> tuple[Path, Path]:
    dump = tmp_path / "dump.jsonl"
    with open(dump, "w", encoding="utf-8") as out:
        forest.write(size, out, forest.DEFAULT_SEED)
    kb = load_knowledge_base()
    results = tmp_path / "results.jsonl"
    lines = [json.dumps(result.to_json()) for result in Audit(read_index([dump], kb), kb).results()]
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dump, results


def test_lineage_holds_the_row_and_what_it_names():
    rows = {("model", "a"): {"id": "a", "type": "model"},
            ("model", "b"): {"id": "b", "type": "model", "base_model": "a", "datasets": ["d", "missing"]},
            ("dataset", "d"): {"id": "d", "type": "dataset"}}
    assert sorted(row["id"] for row in lineage(rows[("model", "b")], rows)) == ["a", "b", "d"]


@pytest.fixture(scope="module")
def audited(tmp_path_factory) -> tuple[Path, str]:
    """A 1,500-row dump and its audit's results (read by every test, copied where one changes them)."""
    dump, results = _audited(tmp_path_factory.mktemp("verify"), 1500)
    return dump, results.read_text(encoding="utf-8")


def test_verify_finds_the_audit_equal_to_check_and_a_changed_result(audited, tmp_path):
    dump, text = audited
    results = tmp_path / "results.jsonl"
    results.write_text(text, encoding="utf-8")
    found = verify(dump, results, 45, 3)
    assert found["sampled"] == 45 and found["equal"] == 45, found["differences"]
    # One result changed by hand (a not-compliant repository said compliant) is a difference.
    changed = next(json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()
                   if json.loads(line).get("verdict") == "not-compliant")
    changed["verdict"] = "compliant"
    results.write_text(json.dumps(changed) + "\n", encoding="utf-8")
    found = verify(dump, results, 10, 3)
    assert [difference["id"] for difference in found["differences"]] == [changed["id"]]


def test_verify_compares_the_least_risk_license_with_suggest_s_first(audited, tmp_path):
    dump, text = audited
    results = tmp_path / "results.jsonl"
    lines = [json.loads(line) for line in text.splitlines()]
    changed = next(line for line in lines if line.get("verdict") == "not-compliant" and line.get("suggested"))
    changed["suggested"] = "MIT" if changed["suggested"] != "MIT" else "Apache-2.0"
    results.write_text(json.dumps(changed) + "\n", encoding="utf-8")
    found = verify(dump, results, 1, 3)
    assert [difference["id"] for difference in found["differences"]] == [changed["id"]]
    assert found["differences"][0]["check"][2] not in (None, changed["suggested"])


def _merge_rows() -> list[dict]:
    """Two merges of two Llama 3.1 models relicensed Apache-2.0: one cause, two equally good upstream
    works to name, and the second merge's parents named in the other order of their ids."""
    return [{"id": "a/llama-one", "type": "model", "license": "llama3.1"},
            {"id": "b/llama-two", "type": "model", "license": "llama3.1"},
            {"id": "m/merge-first", "type": "model", "license": "apache-2.0",
             "base_model": ["a/llama-one", "b/llama-two"], "base_model_relation": "merge"},
            {"id": "z/llama-three", "type": "model", "license": "llama3.1"},
            {"id": "c/llama-four", "type": "model", "license": "llama3.1"},
            {"id": "m/merge-second", "type": "model", "license": "apache-2.0",
             "base_model": ["z/llama-three", "c/llama-four"], "base_model_relation": "merge"}]


def test_repositories_whose_ids_come_in_another_order_get_check_s_answer(tmp_path, monkeypatch):
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps(row) + "\n" for row in _merge_rows()), encoding="utf-8")
    kb = load_knowledge_base()

    def audited() -> Path:
        results = tmp_path / "results.jsonl"
        audit = Audit(read_index([dump], kb), kb)
        lines = [json.dumps(result.to_json()) for result in audit.results()]
        results.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return results

    found = verify(dump, audited(), 20, 1)
    assert found["sampled"] == 6 and found["differences"] == []
    monkeypatch.setattr(Audit, "variant_of", lambda self, row, problem, answer: None)  # one answer per key
    assert [d["id"] for d in verify(dump, audited(), 20, 1)["differences"]] == ["m/merge-second"]


def test_verify_also_compares_the_repositories_it_is_given(audited, tmp_path):
    dump, text = audited
    results = tmp_path / "results.jsonl"
    lines = [json.loads(line) for line in text.splitlines()]
    changed = next(line for line in reversed(lines) if line.get("verdict") == "not-compliant")
    changed["verdict"] = "compliant"
    results.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    found = verify(dump, results, 0, 3, ids=[changed["id"]])
    assert found["sampled"] == 1 and [d["id"] for d in found["differences"]] == [changed["id"]]
    with pytest.raises(KeyError, match="no-such/repository"):
        verify(dump, results, 0, 3, ids=["no-such/repository"])
