"""The `json` format: the deterministic JSON documents of report.py and advice.py.

One file gives its document as it stands. Several files give a JSON array of
their documents, in the order the files were given, each with a `file` key (the
path as given on the command line)."""

from __future__ import annotations

import json

from clearance.render import RenderOptions, Run
from clearance.render.escape import json_text


def _combine(documents: list[tuple[str, str]]) -> str:
    if len(documents) == 1:
        return documents[0][1]
    items = [{**json.loads(text), "file": source} for source, text in documents]
    return json_text(json.dumps(items, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"


def check(runs: list[Run], options: RenderOptions) -> str:
    """clearance.render.report documents of `check`."""
    from clearance.render.report import render_json
    return _combine([(run.source, render_json(run.result)) for run in runs])


def explain(runs: list[Run], options: RenderOptions) -> str:
    """clearance.reasons documents of `explain`."""
    from clearance.render.advice import explain_json
    return _combine([(run.source, explain_json(run.project, run.result)) for run in runs])


def suggest(runs: list[Run], options: RenderOptions) -> str:
    """clearance.suggest documents of `suggest`."""
    from clearance.render.advice import suggest_json
    return _combine([(run.source, suggest_json(run.project, run.result)) for run in runs])
