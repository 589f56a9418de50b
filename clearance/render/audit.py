"""The outputs of `clearance audit`, written as the results stream: text (the repositories that
are not compliant, then the summary), json (`clearance.audit/1`: the results, then the summary),
jsonl (one result a line, the summary last) and csv (one row a repository). docs/audit.md has
the schemas. Every output is a function of the results alone: same input, same bytes."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from typing import TextIO

from clearance.audit.run import Result
from clearance.audit.summary import Summary
from clearance.render.escape import json_text, shown

SCHEMA = "clearance.audit/1"
CSV_COLUMNS = ("id", "type", "verdict", "declared", "relation", "family", "codes", "works", "licenses", "suggested",
               "problem", "message")
WORDS = {"compliant": "compliant", "not-compliant": "not compliant", "unknown": "unknown", "invalid": "invalid",
         "inconclusive": "inconclusive"}


# json.dumps(data, ensure_ascii=False, separators=(",", ":")) makes this very encoder for each call:
# one, made once, writes the same text (a million results a run).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dumps(data) -> str:
    # the same values; control, bidi and invisible characters written as \u escapes (escape.json_text)
    return json_text(_ENCODER.encode(data))


def write_text(results: Iterable[Result], summary: Summary, out: TextIO) -> None:
    """One line per repository that is not compliant, then the summary."""
    for result in results:
        summary.add(result)
        if result.verdict == "compliant":
            continue
        line = f"{shown(result.id or '?')}: {WORDS[result.verdict]}"
        if result.errors:
            line += ": " + "; ".join(f"{code} ({shown(work)}, {lic})" for code, work, lic in result.errors)
        if result.message:
            line += f": {shown(result.message)}"
        if result.suggested:
            line += f"; least-risk license: {result.suggested}"
        out.write(line + "\n")
    out.write(text_summary(summary.to_dict()))


def text_summary(data: dict) -> str:
    """The summary in words."""
    total = data["repositories"]
    lines = [f"\naudited {total} repositories ({data['problems']} distinct problems)"]
    for verdict, count in data["counts"].items():
        lines.append(f"  {WORDS[verdict]:<14} {count:>9}  {100 * data['rates'][verdict]:5.1f} %")
    if data["top_pairs"]:
        lines.append("top conflicting pairs (declared license x upstream license x relation):")
        lines += [f"  {p['count']:>9}  {p['declared']} x {p['upstream']} x {p['relation']}  "
                  f"(e.g. {shown(p['example'])})" for p in data["top_pairs"]]
    if data["families"]:
        lines.append("base-model families (models, not compliant, inconsistency rate):")
        lines += [f"  {f['models']:>9} {f['not_compliant']:>9}  {100 * f['inconsistency_rate']:5.1f} %  "
                  f"{shown(f['family'])}" for f in data["families"]]
    return "\n".join(lines) + "\n"


def write_json(results: Iterable[Result], summary: Summary, out: TextIO) -> None:
    """`{"schema", "results": [...], "summary": {...}}`, the results written as they come."""
    out.write(f'{{"schema":"{SCHEMA}","results":[')
    for number, result in enumerate(results):
        summary.add(result)
        out.write(("," if number else "") + "\n" + _dumps(result.to_json()))
    out.write('\n],"summary":' + _dumps(summary.to_dict()) + "}\n")


def write_jsonl(results: Iterable[Result], summary: Summary, out: TextIO) -> None:
    """One result per line; the last line is the summary (the only line with a `schema`)."""
    for result in results:
        summary.add(result)
        out.write(_dumps(result.to_json()) + "\n")
    out.write(_dumps(summary.to_dict()) + "\n")


def write_csv(results: Iterable[Result], summary: Summary, out: TextIO) -> None:
    """One row per repository; several errors are joined with `;` in codes, works and licenses."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for result in results:
        summary.add(result)
        row = (result.id or "", result.type or "", result.verdict, result.declared or "",
               result.relation or "", result.family or "", ";".join(e[0] for e in result.errors),
               ";".join(e[1] for e in result.errors), ";".join(e[2] or "" for e in result.errors),
               result.suggested or "", "" if result.problem is None else result.problem, result.message or "")
        writer.writerow([shown(cell) if isinstance(cell, str) else cell for cell in row])  # no raw control or bidi


def html_writer(audit, show: str | None = None) -> Callable[[Iterable[Result], Summary, TextIO], None]:
    """The html output, once every result is in: `clearance.render.audit_html.render(summary, picture)`,
    the picture being (project, report) of the repository `show`, by default the example of the top
    conflicting pair, else the first repository that is not compliant (None when there is none)."""
    import importlib
    try:
        module = importlib.import_module("clearance.render.audit_html")
    except ModuleNotFoundError as error:
        if error.name != "clearance.render.audit_html":
            raise
        from clearance.exceptions import InputError
        raise InputError("--format html is not available in this version", hint="use text, json, jsonl or csv") \
            from None

    def write(results: Iterable[Result], summary: Summary, out: TextIO) -> None:
        first = None
        for result in results:
            summary.add(result)
            if first is None and result.verdict == "not-compliant":
                first = result.id
        data = summary.to_dict()
        chosen = show or (data["top_pairs"][0]["example"] if data["top_pairs"] else first)
        out.write(module.render(data, audit.picture(chosen) if chosen else None))

    return write


WRITERS = {"text": write_text, "json": write_json, "jsonl": write_jsonl, "csv": write_csv}
