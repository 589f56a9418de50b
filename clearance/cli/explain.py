"""`clearance explain FILE`: every independent conflict, release by release."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from clearance.cli.common import FILE, FORMAT, LICENSES, QUIET, TIMEOUT, Format, fail, load_with_releases
from clearance.exceptions import ClearanceError, InputError
from clearance.progress import Progress


def explain_command(
    file: Path = FILE,
    output: Format = FORMAT,
    cap: int = typer.Option(50, "--max", help="at most this many conflicts per release"),
    timeout: float = TIMEOUT,
    quiet: bool = QUIET,
    licenses: Path = LICENSES,
) -> None:
    """List every independent conflict (minimal unsatisfiable set), release by release; exit 1 when
    there is one."""
    from clearance.explain import explain
    from clearance.render.advice import explain_json, explain_text
    try:
        if cap < 1:
            raise InputError("--max must be at least 1")
        with Progress(not quiet) as progress:
            progress.update(f"reading {file}")
            kb, project, settings = load_with_releases(file, timeout, licenses)
            explained = explain(project, kb, settings, cap, progress=progress.update)
    except ClearanceError as error:
        fail(error)
    sys.stdout.write(explain_json(project, explained) if output == Format.json else explain_text(project, explained))
    raise typer.Exit(1 if any(item.conflicts for item in explained) else 0)
