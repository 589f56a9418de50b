"""`clearance suggest FILE...`: release licenses, minimal fixes and least-risk choices."""

from __future__ import annotations

from pathlib import Path

import typer

from clearance.cli.common import (
    FILES,
    FORCE,
    FORMAT,
    HF_CACHE,
    LICENSES,
    MAX_TIMEOUT,
    OUTPUT,
    QUIET,
    TIMEOUT,
    TIMEOUT_MESSAGE,
    VERBOSE,
    Format,
    fail,
    load_with_releases,
    run_files,
)
from clearance.exceptions import ClearanceError, InputError


def suggest_command(
    files: list[Path] = FILES,
    output_format: Format = FORMAT,
    apply: int = typer.Option(None, "--apply", help="write the project with fix N applied to --output"),
    destination: Path = OUTPUT,
    force: bool = FORCE,
    max_fixes: int = typer.Option(10, "--max-fixes", help="at most this many fixes per release"),
    verbose: bool = VERBOSE,
    timeout: float = TIMEOUT,
    quiet: bool = QUIET,
    hf_cache: Path = HF_CACHE,
    licenses: Path = LICENSES,
) -> None:
    """Suggest release licenses (ranked by risk), minimal fixes (ranked by cost) and license choices.
    With --apply N, --output is the fixed project file instead of the report."""
    from clearance.render import Run
    from clearance.suggest import suggest
    try:
        if max_fixes < 1:
            raise InputError("--max-fixes must be at least 1")
        if not 0 < timeout <= MAX_TIMEOUT:  # also refuses nan, inf and 1e308
            raise InputError(TIMEOUT_MESSAGE)
        if apply is not None:
            if destination is None:
                raise InputError("--apply needs --output", hint="e.g. --apply 1 --output fixed.yaml")
            if len(files) != 1:
                raise InputError("--apply takes one project file")
    except ClearanceError as error:
        fail(error)
    if apply is not None:
        _apply(files[0], apply, destination, force, max_fixes, timeout, quiet, hf_cache, licenses)

    def analyse(file: Path, progress) -> Run:
        kb, project, settings = load_with_releases(file, timeout, hf_cache, licenses=licenses)
        return Run(str(file), project, suggest(project, kb, settings, max_fixes, progress=progress))

    run_files("suggest", files, analyse, lambda run: 0 if all(item.compliant for item in run.result) else 1,
              output_format, destination, force, quiet, verbose)


def _apply(file: Path, number: int, destination: Path, force: bool, max_fixes: int, timeout: float,
           quiet: bool, hf_cache: Path | None, licenses: Path | None = None) -> None:
    """Write the project of `file` with fix `number` applied to `destination`, and exit."""
    from clearance.analysis import release_compliant
    from clearance.atomic import check_destination, write_atomic
    from clearance.progress import Progress
    from clearance.sources.project_file import parse_project
    from clearance.sources.project_writer import dump_project
    from clearance.suggest import fixed_project, suggest
    try:
        check_destination(destination, [file], force)
        with Progress(not quiet) as progress:
            progress.update(f"reading {file}")
            kb, project, settings = load_with_releases(file, timeout, hf_cache, licenses=licenses)
            found = suggest(project, kb, settings, max_fixes, progress=progress.update)
        index, fixed = fixed_project(project, found, number)
        text = dump_project(fixed, kb)
        # The file written must read back as the very project the fix was checked on.
        reread = parse_project(text, kb, str(destination))
        if not release_compliant(reread, kb, index, settings):
            raise InputError(f"fix {number} did not survive being written out; please report this")
        write_atomic(destination, text, [file], force)
    except ClearanceError as error:
        fail(error)
    typer.echo(f"wrote {destination} with fix {number} applied; check it with: clearance check {destination}")
    raise typer.Exit(0)
