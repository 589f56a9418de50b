"""`clearance audit`: every repository's answer equals `clearance check` on its card; the grouping
of identical problems, the dump readers, bad rows, cycles and the outputs."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hubforest import folder_of, forest, write_cache, write_jsonl

from clearance.analysis import analyze
from clearance.audit.inputs import read_index
from clearance.audit.run import Audit
from clearance.knowledge_base import load_knowledge_base
from clearance.solver import fresh_context
from clearance.sources.hub import load_hub

FIXTURES = Path(__file__).parent / "fixtures" / "hf-cache"
EXAMPLES = Path(__file__).parent.parent / "examples" / "hub"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


def checked(card: Path, kb, cache: Path):
    """(compliant, errors) of `clearance check CARD --hf-cache CACHE`, in process (in a fresh Z3
    context, as in a fresh process)."""
    project = load_hub(card, kb, cache)
    fresh_context()
    report = analyze(project, kb)
    errors = tuple(sorted({(f.code, f.work, f.license) for f in report.findings if f.blocks},
                          key=lambda e: (e[0], e[1], e[2] or "")))
    return report.compliant, errors


def agrees(result, check) -> bool:
    compliant, errors = check
    return (result.verdict == "compliant") == compliant and result.errors == errors and \
        result.verdict in ("compliant", "not-compliant", "unknown")


def test_the_fixtures_cache_audited_equals_check_on_each_card(kb):
    results = list(Audit(read_index([FIXTURES], kb), kb).results())
    assert len(results) == len(list(FIXTURES.iterdir()))
    for result in results:
        prefix = "datasets" if result.type == "dataset" else "models"
        card = FIXTURES / f"{prefix}--{result.id.replace('/', '--')}"
        assert agrees(result, checked(card, kb, FIXTURES)), result
    verdicts = {result.id: result.verdict for result in results}
    assert verdicts["Qwen/Qwen2.5-3B"] == "unknown"  # license: other, and no custom license of that name
    assert verdicts["meta-llama/Llama-3.1-8B-Instruct"] == "compliant"


def test_the_example_cards_audited_against_their_cache_equal_check(kb):
    cards = [EXAMPLES / name for name in ("llama-finetune-apache", "llama-finetune-llama", "missing-base",
                                          "mistral-merge", "llama-adapter")]
    cache = EXAMPLES / "hf-cache"
    results = list(Audit(read_index(cards, kb, cache), kb).results())
    assert [r.id for r in results] == [card.name for card in cards]
    for card, result in zip(cards, results, strict=True):
        assert agrees(result, checked(card, kb, cache)), result
    by_id = {r.id: r for r in results}
    assert by_id["llama-finetune-apache"].verdict == "not-compliant"
    assert ("cannot-relicense", "meta-llama/Llama-3.1-8B", "Llama-3.1") in by_id["llama-finetune-apache"].errors
    assert by_id["missing-base"].verdict == "unknown"


def _equality(tmp_path: Path, kb, count: int, sample: int) -> None:
    rows = forest(count, keep=0.9, with_data=0.05, depth_limit=3)
    dump = write_jsonl(rows, tmp_path / "dump.jsonl")
    cache = write_cache(rows, tmp_path / "cache")
    audit = Audit(read_index([dump], kb), kb, suggest=False)
    results = list(audit.results())
    assert len(results) == count
    first_of: dict[int, object] = {}
    for result in results:
        first_of.setdefault(result.problem, result)
    rng = random.Random(5)
    chosen = list(first_of.values()) + rng.sample(results, max(0, sample - len(first_of)))
    kinds = {result.verdict for result in chosen}
    assert {"compliant", "not-compliant", "unknown"} <= kinds
    assert len(audit.answers) < count / 2  # the grouping does something on a hub-like forest
    row_of = {row["id"]: row for row in rows}
    wrong = [(result, check) for result in chosen
             if not agrees(result, check := checked(cache / folder_of(row_of[result.id]), kb, cache))]
    assert not wrong, wrong[:3]


def test_audit_of_a_generated_dump_equals_check_on_every_problem_and_a_sample(tmp_path, kb):
    _equality(tmp_path, kb, 600, 250)


@pytest.mark.slow
def test_audit_of_a_few_thousand_generated_repositories_equals_check(tmp_path, kb):
    _equality(tmp_path, kb, 4000, 800)


def _audit(paths, kb, **options):
    return list(Audit(read_index(paths, kb), kb, **options).results())


def test_repositories_of_one_shape_are_one_problem_solved_once(tmp_path, kb, monkeypatch):
    rows = [{"id": "meta/base", "license": "llama3.1"}, {"id": "data/nc", "type": "dataset", "license": "cc-by-nc-4.0"}]
    for number in range(60):  # 60 fine-tunes relicensed apache: one problem
        rows.append({"id": f"u{number}/tune", "base_model": "meta/base", "license": "apache-2.0"})
    for number in range(40):  # 40 kept the license and trained on NC data: another
        rows.append({"id": f"v{number}/tune", "base_model": "meta/base", "license": "llama3.1",
                     "datasets": ["data/nc"]})
    for number in range(30):  # 30 fine-tunes of fine-tunes: a third
        rows.append({"id": f"w{number}/tune", "base_model": f"u{number}/tune", "license": "apache-2.0"})
    import clearance.analysis
    calls = []
    original = clearance.analysis.analyze
    monkeypatch.setattr(clearance.analysis, "analyze", lambda *a, **k: calls.append(1) or original(*a, **k))
    audit = Audit(read_index([write_jsonl(rows, tmp_path / "d.jsonl")], kb), kb, suggest=False)
    results = list(audit.results())
    assert len(results) == 132
    assert len({r.problem for r in results}) == 5  # the base, the dataset and the three shapes
    assert len(calls) == 5
    tune = next(r for r in results if r.id == "w7/tune")
    assert {work for _, work, _ in tune.errors} <= {"w7/tune", "u7/tune", "meta/base"}  # its own ids
    assert any(work == "meta/base" for _, work, _ in tune.errors)


def test_bad_rows_are_reported_per_row_with_file_and_line(tmp_path, kb):
    dump = tmp_path / "d.jsonl"
    dump.write_text('{"id": "a/ok", "license": "mit"}\n'
                    'not json\n'
                    '{"id": "a/rel", "base_model": "a/ok", "base_model_relation": "distilled"}\n'
                    '\n'
                    '{"license": "mit"}\n'
                    '{"id": "a/ok", "license": "apache-2.0"}\n'
                    '{"id": "a/child", "base_model": "a/rel", "license": "mit"}\n', encoding="utf-8")
    results = _audit([dump], kb)
    assert [r.verdict for r in results] == ["compliant", "invalid", "invalid", "invalid", "invalid", "invalid"]
    assert results[1].message.startswith(f"{dump}:2: not JSON")
    assert results[2].message.startswith(f"{dump}:3: unknown base_model_relation 'distilled'")
    assert results[3].message == f"{dump}:5: a row needs an 'id': the repository id"
    assert "listed again" in results[4].message and f"{dump}:1" in results[4].message
    assert "'a/rel' cannot be read" in results[5].message  # as check on a card whose base's card is bad


def test_a_cycle_in_base_model_is_invalid_for_whoever_reaches_it_and_does_not_hang(tmp_path, kb):
    rows = [{"id": "c/a", "base_model": "c/b", "license": "mit"}, {"id": "c/b", "base_model": "c/a", "license": "mit"},
            {"id": "c/self", "base_model": "c/self", "license": "mit"},
            {"id": "c/below", "base_model": "c/a", "license": "mit"}, {"id": "c/fine", "license": "mit"}]
    results = _audit([write_jsonl(rows, tmp_path / "d.jsonl")], kb)
    assert [r.verdict for r in results] == ["invalid"] * 4 + ["compliant"]
    assert "cycle: c/a -> c/b -> c/a" in results[0].message
    assert "cycle: c/self -> c/self" in results[2].message


def test_a_parquet_dump_gives_the_results_of_the_same_jsonl_dump(tmp_path, kb):
    from clearance.audit.dump import write_parquet
    rows = forest(120, keep=0.9, with_data=0.1, depth_limit=3)
    write_parquet(rows, tmp_path / "d.parquet")
    jsonl = _audit([write_jsonl(rows, tmp_path / "d.jsonl")], kb, suggest=False)
    parquet = _audit([tmp_path / "d.parquet"], kb, suggest=False)
    assert [r._replace(message=None) for r in parquet] == [r._replace(message=None) for r in jsonl]


def test_the_suggested_license_is_the_least_risk_one_suggest_ranks_first(tmp_path, kb):
    from clearance.suggest import suggest
    rows = [{"id": "m/base", "license": "llama3.1"}, {"id": "m/tune", "base_model": "m/base", "license": "mit"}]
    dump = write_jsonl(rows, tmp_path / "d.jsonl")
    (result,) = [r for r in _audit([dump], kb) if r.id == "m/tune"]
    cache = write_cache(rows, tmp_path / "cache")
    (found,) = suggest(load_hub(cache / "models--m--tune", kb, cache), kb)
    assert result.verdict == "not-compliant" and result.suggested == found.licenses[0][0] == "Llama-3.1"


def test_the_command_streams_each_format_deterministically(tmp_path, kb):
    from typer.testing import CliRunner

    from clearance.cli import app
    rows = forest(40, keep=0.9, with_data=0.1, depth_limit=3)
    dump = write_jsonl(rows, tmp_path / "d.jsonl")
    runner = CliRunner()
    outputs = {}
    for fmt in ("text", "json", "jsonl", "csv"):
        first = runner.invoke(app, ["audit", str(dump), "--format", fmt])
        again = runner.invoke(app, ["audit", str(dump), "--format", fmt])
        assert first.exit_code == 1 and first.stdout == again.stdout, first.output
        outputs[fmt] = first.stdout
    document = json.loads(outputs["json"])
    assert document["schema"] == "clearance.audit/1" and len(document["results"]) == 40
    lines = outputs["jsonl"].splitlines()
    assert json.loads(lines[-1]) == document["summary"] and len(lines) == 41
    assert document["summary"]["counts"]["not-compliant"] == sum(
        r["verdict"] == "not-compliant" for r in document["results"])
    assert len(outputs["csv"].splitlines()) == 41
    assert "distinct problems" in outputs["text"]
    target = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["audit", str(dump), "--format", "jsonl", "-o", str(target)]).exit_code == 1
    assert target.read_text(encoding="utf-8") == outputs["jsonl"]
    refused = runner.invoke(app, ["audit", str(dump), "-o", str(target)])
    assert refused.exit_code == 2 and "exists" in refused.output and target.read_text() == outputs["jsonl"]
    assert runner.invoke(app, ["audit", str(FIXTURES / "models--google--gemma-2-2b")]).exit_code == 0
    missing = runner.invoke(app, ["audit", str(tmp_path / "nothing.jsonl")])
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_the_command_reports_bad_rows_on_stderr_and_exits_2_with_every_other_answer(tmp_path):
    from typer.testing import CliRunner

    from clearance.cli import app
    dump = tmp_path / "d.jsonl"
    dump.write_text('{"id": "a/ok", "license": "mit"}\n{"id": "a/bad", "type": "space"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", str(dump), "--format", "jsonl"])
    assert result.exit_code == 2
    assert f"clearance: {dump}:2: 'type' must be model or dataset, not 'space'" in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("verdict") for line in lines[:2]] == ["compliant", "invalid"]
    assert lines[-1]["counts"]["invalid"] == 1
    assert "Traceback" not in result.output and "auditing" not in result.stderr  # no progress bar off a terminal


def test_each_key_lists_a_lineage_in_the_order_the_card_reader_builds_its_project(tmp_path, kb):
    from clearance.audit.lineage import IndexReader
    from clearance.sources.lineage import _order
    rows = forest(400, keep=0.7, with_data=0.3, depth_limit=4)
    audit = Audit(read_index([write_jsonl(rows, tmp_path / "d.jsonl")], kb), kb)
    index = audit.index
    for row in index.order:
        reader = IndexReader(index, kb)
        reader.read_entry(index.entries[row], index.ids[row])
        assert [index.ids[n] for n in audit.problems.order(row)] == _order(reader.nodes, [index.ids[row]])
