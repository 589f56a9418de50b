"""Check an audit's results against `clearance check`, one sampled repository at a time (issue 17:
"per-repository verdicts equal to `clearance check` on each sampled repository").

    python -m benchmarks.hub verify DUMP RESULTS [--sample 300] [--seed 1] [--ids FILE]

For each sampled repository, its lineage (the rows its `base_model` and `datasets` name, again and
again) is written as cards into a fresh cache folder, the card is read by the card reader and
analysed as `clearance check CARD --hf-cache CACHE` does (in a fresh z3 context, as in a fresh
process), and its verdict and errors (code, upstream work, license) are compared with the audit's
line for it; for a not-compliant one, so is its least-risk license with the first license
`clearance suggest` ranks for the card. The card reader is independent of the audit's dump reader
and of its grouping: the comparison covers both. `--ids FILE` (one repository id a line) adds chosen
repositories to the sample: those two engines answered differently, say."""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Iterable
from pathlib import Path

from benchmarks.hub.cards import folder_of, write_cache


class UnknownRepository(KeyError):
    """An id given to compare (`--ids`) that names no repository of the results."""


def _refs(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [item for item in value if isinstance(item, str)]


def lineage(row: dict, rows: dict[tuple[str, str], dict]) -> list[dict]:
    """`row` and every row its lineage names that the dump holds (each once)."""
    found: dict[tuple[str, str], dict] = {}
    pending = [row]
    while pending:
        current = pending.pop()
        key = (current.get("type", "model"), current["id"])
        if key in found:
            continue
        found[key] = current
        pending += [rows[("model", ref)] for ref in _refs(current.get("base_model")) if ("model", ref) in rows]
        pending += [rows[("dataset", ref)] for ref in _refs(current.get("datasets")) if ("dataset", ref) in rows]
    return list(found.values())


def checked(row: dict, rows: dict[tuple[str, str], dict], kb,
            suggested: bool = False) -> tuple[str, list[list[str | None]], str | None]:
    """(compliant or not, sorted errors, least-risk license) of `clearance check` on the card of
    `row`; the license is the first `clearance suggest` ranks, asked only with `suggested`."""
    from clearance.analysis import analyze
    from clearance.solver import fresh_context
    from clearance.sources.hub import load_hub
    from clearance.suggest import suggest
    first = None
    with tempfile.TemporaryDirectory() as folder:
        cache = write_cache(lineage(row, rows), Path(folder) / "cache")
        project = load_hub(cache / folder_of(row), kb, cache)
        fresh_context()
        report = analyze(project, kb)
        if suggested:
            (found,) = suggest(project, kb, max_fixes=0)
            first = found.licenses[0][0] if found.licenses else None
    errors = sorted({(f.code, f.work, f.license) for f in report.findings if f.blocks},
                    key=lambda error: (error[0], error[1], error[2] or ""))
    return ("compliant" if report.compliant else "not compliant"), [list(error) for error in errors], first


def verify(dump: Path, results: Path, sample: int, seed: int, ids: Iterable[str] = ()) -> dict:
    """Compare `sample` repositories of `results` (`_stratified`), and those of `ids`, with
    `clearance check`. An id that names no audited repository is an error (`UnknownRepository`)."""
    from clearance.knowledge_base import load_knowledge_base
    kb = load_knowledge_base()
    rows: dict[tuple[str, str], dict] = {}
    with open(dump, encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            rows[(row.get("type", "model"), row["id"])] = row
    audited = _read_results(results)
    chosen = _stratified(audited, sample, seed)
    chosen += [key for key in _named(audited, ids) if key not in chosen]
    differences = []
    for key in chosen:
        result = audited[key]
        asks = result["verdict"] == "not-compliant"  # the only verdict with a least-risk license
        verdict, errors, first = checked(rows[key], rows, kb, suggested=asks)
        audit_verdict = "compliant" if result["verdict"] == "compliant" else "not compliant"
        expected = [[error["code"], error["work"], error["license"]] for error in result["errors"]]
        if verdict != audit_verdict or errors != expected or (asks and first != result["suggested"]):
            differences.append({"id": key[1], "audit": [result["verdict"], result["errors"], result["suggested"]],
                                "check": [verdict, errors, first]})
    verdicts = sorted({audited[key]["verdict"] for key in chosen})
    return {"sampled": len(chosen), "equal": len(chosen) - len(differences), "differences": differences[:20],
            "verdicts sampled": {v: sum(audited[key]["verdict"] == v for key in chosen) for v in verdicts}}


def _stratified(audited: dict[tuple[str, str], dict], sample: int, seed: int) -> list[tuple[str, str]]:
    """`sample` repositories drawn at random, as many of each verdict as there are verdicts allow
    (a random draw from a hub would be mostly compliant ones); none for a sample of 0."""
    if sample <= 0:
        return []
    by_verdict: dict[str, list[tuple[str, str]]] = {}
    for key in sorted(audited):
        by_verdict.setdefault(audited[key]["verdict"], []).append(key)
    rng, chosen = random.Random(seed), []
    share = max(1, sample // max(1, len(by_verdict)))
    for verdict in sorted(by_verdict):
        keys = by_verdict[verdict]
        chosen += rng.sample(keys, min(share, len(keys)))
    return chosen


def _named(audited: dict[tuple[str, str], dict], ids: Iterable[str]) -> list[tuple[str, str]]:
    """The audited repositories `ids` name (a model and a dataset of one id are both taken)."""
    named = []
    for repository in ids:
        keys = [key for key in (("model", repository), ("dataset", repository)) if key in audited]
        if not keys:
            raise UnknownRepository(f"{repository}: no such repository in the results")
        named += keys
    return named


def _read_results(path: Path) -> dict[tuple[str, str], dict]:
    """The audit's result lines (JSON Lines), by (type, id); the summary line is left out."""
    found: dict[tuple[str, str], dict] = {}
    for line in _lines(path):
        result = json.loads(line)
        if "id" in result and "verdict" in result:
            found[("dataset" if result.get("type") == "dataset" else "model", result["id"])] = result
    return found


def _lines(path: Path) -> Iterable[str]:
    with open(path, encoding="utf-8") as lines:
        yield from lines
