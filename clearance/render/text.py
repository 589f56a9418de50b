"""The `text` format: reports people read. Several files get a heading each."""

from __future__ import annotations

from collections.abc import Callable

from clearance.render import RenderOptions, Run
from clearance.render.escape import shown


def _per_file(runs: list[Run], one: Callable[[Run], str]) -> str:
    if len(runs) == 1:
        return one(runs[0])
    parts = []
    for run in runs:
        source = shown(run.source)
        rule = "=" * min(len(source) + 6, 100)
        parts.append(f"{rule}\nFile: {source}\n{rule}\n{one(run)}")
    return "\n".join(parts)


def check(runs: list[Run], options: RenderOptions) -> str:
    """The check report of each file."""
    from clearance.render.check_text import render
    return _per_file(runs, lambda run: render(run.result, options))


def explain(runs: list[Run], options: RenderOptions) -> str:
    """Every conflict of each file."""
    from clearance.render.advice import explain_text
    return _per_file(runs, lambda run: explain_text(run.project, run.result))


def suggest(runs: list[Run], options: RenderOptions) -> str:
    """The suggestions for each file."""
    from clearance.render.advice import suggest_text
    return _per_file(runs, lambda run: suggest_text(run.project, run.result))
