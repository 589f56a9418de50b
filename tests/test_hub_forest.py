"""The hub-forest generator of the audit benchmark (benchmarks/hub/forest.py): the same size and seed
give the same bytes, and a small dump already holds the mix issue 17 asks for."""

from __future__ import annotations

import io
import json
import math
import subprocess
import sys

import pytest

from benchmarks.hub import forest
from clearance.sources.lineage import resolve

from examples import EXAMPLES

ROOT = EXAMPLES.parent
SIZE = 3000


def _dump(size: int = SIZE, seed: int = forest.DEFAULT_SEED) -> tuple[str, forest.Stats]:
    out = io.StringIO()
    stats = forest.write(size, out, seed)
    return out.getvalue(), stats


def test_the_same_seed_gives_the_same_bytes_and_another_seed_others(tmp_path):
    text, _ = _dump()
    assert _dump()[0] == text
    assert _dump(seed=7)[0] != text
    subprocess.run([sys.executable, "-m", "benchmarks.hub", "generate", str(SIZE), "-o", str(tmp_path / "d.jsonl")],
                   cwd=ROOT, check=True, capture_output=True, timeout=120)
    assert (tmp_path / "d.jsonl").read_text(encoding="utf-8") == text


def test_a_small_dump_holds_the_hub_mix(kb):
    text, stats = _dump()
    rows = [json.loads(line) for line in text.splitlines()]
    assert len(rows) == stats.rows == SIZE
    ids = {row["id"] for row in rows}
    assert len(ids) == SIZE
    licenses = {row.get("license") for row in rows}
    assert {"apache-2.0", "mit", "llama3", "llama3.1", "llama3.2", "gemma", "cc-by-nc-4.0", "openrail",
            "creativeml-openrail-m", "bigscience-openrail-m", "other", "unknown", None} <= licenses
    data_licenses = {row.get("license") for row in rows if row["type"] == "dataset"}
    assert {"cc-by-nc-4.0", "cc-by-sa-4.0", "cc-by-nc-sa-4.0", "odc-by", "cc0-1.0"} <= data_licenses
    for lic in licenses - {None, "other", "unknown"}:
        assert resolve(kb, lic) is not None, lic  # every id is one the knowledge base knows
    assert all(row["license"] == "other" for row in rows if "license_name" in row)
    relations = {row.get("base_model_relation") for row in rows if "base_model" in row}
    assert relations == {"finetune", "adapter", "merge", "quantized", None}
    merges = [row["base_model"] for row in rows if row.get("base_model_relation") == "merge"]
    assert {len(bases) for bases in merges} == {2, 3, 4}
    assert max(stats.depths) == forest.MAX_DEPTH and stats.depths[1] > stats.depths[2] > stats.depths[6]
    bases = [b for row in rows for b in ([row["base_model"]] if isinstance(row.get("base_model"), str)
                                         else row.get("base_model", []))]
    assert {type(row["base_model"]) for row in rows if "base_model" in row} == {str, list}
    missing = [base for base in bases if base not in ids]
    assert 0 < len(missing) < 0.05 * len(bases)
    named = [name for row in rows for name in row.get("datasets", [])]
    assert all(name.startswith("removed-data/") for name in named if name not in ids)
    assert any(name not in ids for name in named)


def test_children_come_before_their_parents_somewhere():
    text, _ = _dump()
    position = {json.loads(line)["id"]: number for number, line in enumerate(text.splitlines())}
    later = [row for row in map(json.loads, text.splitlines())
             if isinstance(row.get("base_model"), str) and position.get(row["base_model"], -1) > position[row["id"]]]
    assert later


def test_the_runner_reports_growth_floor_and_targets(tmp_path):
    from benchmarks.hub import runner
    path = tmp_path / "d.jsonl"
    path.write_text(_dump(200)[0], encoding="utf-8")
    read, parsed = runner.floor(path)
    assert read >= 0 and parsed > 0
    small = runner.Measure(1000, wall_seconds=2.0, floor_json_seconds=0.5, peak_rss=100 << 20, problems=10,
                           timings={"read": 0.5, "solve": 1.0, "problems": 10})
    large = runner.Measure(10_000, wall_seconds=40.0, floor_json_seconds=5.0, peak_rss=200 << 20, problems=50)
    assert runner.growth([small, large])[1] == pytest.approx(math.log10(20))
    table = runner.table([small, large])
    assert "| 1,000 |" in table and "| 4.0 |" in table and "| 1.30 |" in table  # x floor, growth
    assert "worse than linear" in runner.verdict([small, large])
