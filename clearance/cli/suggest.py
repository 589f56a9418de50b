"""`clearance suggest FILE`: release licenses, minimal fixes and least-risk choices."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from clearance.cli.common import FILE, FORMAT, LICENSES, QUIET, TIMEOUT, Format, fail, load_with_releases
from clearance.exceptions import ClearanceError, InputError
from clearance.progress import Progress


def suggest_command(
    file: Path = FILE,
    output: Format = FORMAT,
    apply: int = typer.Option(None, "--apply", help="write the project with fix N applied (see --output)"),
    destination: Path = typer.Option(None, "--output", help="where --apply writes the fixed project file"),
    max_fixes: int = typer.Option(10, "--max-fixes", help="at most this many fixes per release"),
    timeout: float = TIMEOUT,
    quiet: bool = QUIET,
    licenses: Path = LICENSES,
) -> None:
    """Suggest release licenses (ranked by risk), minimal fixes (ranked by cost) and license choices."""
    from clearance.analysis import release_compliant
    from clearance.render.advice import suggest_json, suggest_text
    from clearance.sources.project_file import parse_project
    from clearance.sources.project_writer import dump_project
    from clearance.suggest import fixed_project, suggest
    try:
        if (apply is None) != (destination is None):
            raise InputError("--apply and --output go together", hint="e.g. --apply 1 --output fixed.yaml")
        if max_fixes < 1:
            raise InputError("--max-fixes must be at least 1")
        with Progress(not quiet) as progress:
            progress.update(f"reading {file}")
            kb, project, settings = load_with_releases(file, timeout, licenses)
            found = suggest(project, kb, settings, max_fixes, progress=progress.update)
        if apply is not None:
            index, fixed = fixed_project(project, found, apply)
            text = dump_project(fixed, kb)
            # The file written must read back as the very project the fix was checked on.
            reread = parse_project(text, kb, str(destination))
            if not release_compliant(reread, kb, index, settings):
                raise InputError(f"fix {apply} did not survive being written out; please report this")
            try:
                destination.write_text(text, encoding="utf-8")
            except OSError as error:
                raise InputError(f"cannot write {destination}: {error.strerror or error}") from None
    except ClearanceError as error:
        fail(error)
    if apply is not None:
        typer.echo(f"wrote {destination} with fix {apply} applied; check it with: clearance check {destination}")
        raise typer.Exit(0)
    sys.stdout.write(suggest_json(project, found) if output == Format.json else suggest_text(project, found))
    raise typer.Exit(0 if all(item.compliant for item in found) else 1)
