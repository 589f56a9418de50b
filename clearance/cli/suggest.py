"""`clearance suggest FILE...`: release licenses, minimal fixes and least-risk choices;
`--apply N` writes fix N into a new file (`--output`) or the file itself (`--in-place`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from clearance.cli.common import (
    BUDGET_CHECKS,
    TEXT,
    TIMEOUT_SECONDS,
    Budget,
    Files,
    Force,
    Format,
    HfCache,
    Licenses,
    Output,
    Quiet,
    Reading,
    ReportFormat,
    Timeout,
    Verbose,
    command_settings,
    fail,
    load_with_releases,
    run_files,
)
from clearance.exceptions import ClearanceError, InputError


def suggest_command(
    files: Files,
    output_format: ReportFormat = TEXT,
    apply: int = typer.Option(None, "--apply", help="write the project with fix N applied (to --output, or "
                              "--in-place)"),
    destination: Output = None,
    in_place: bool = typer.Option(False, "--in-place", help="--apply edits FILE itself"),
    force: Force = False,
    max_fixes: int = typer.Option(10, "--max-fixes", help="at most this many fixes per release"),
    budget: Budget = BUDGET_CHECKS,
    verbose: Verbose = False,
    timeout: Timeout = TIMEOUT_SECONDS,
    reading: Reading = None,
    quiet: Quiet = False,
    hf_cache: HfCache = None,
    licenses: Licenses = None,
) -> None:
    """Suggest release licenses (ranked by risk), minimal fixes (ranked by cost) and license choices.
    With --apply N, --output is the fixed project file instead of the report."""
    from clearance.render import Run
    from clearance.suggest import suggest
    try:
        if max_fixes < 1:
            raise InputError("--max-fixes must be at least 1")
        settings = command_settings(timeout, budget)
        if in_place and apply is None:
            raise InputError("--in-place goes with --apply", hint="e.g. --apply 1 --in-place")
        if apply is not None:
            if len(files) != 1:
                raise InputError("--apply takes one project file")
            target = _destination(files[0], destination, in_place, force)
    except ClearanceError as error:
        fail(error)
    if apply is not None:
        _apply(files[0], apply, target, max_fixes, settings, output_format, quiet, hf_cache, reading, licenses)

    def analyse(file: Path, progress) -> Run:
        kb, project, _ = load_with_releases(file, timeout, hf_cache, settings=settings, reading=reading,
                                            licenses=licenses)
        return Run(str(file), project, suggest(project, kb, settings, max_fixes, progress=progress))

    run_files("suggest", files, analyse, lambda run: 0 if all(item.compliant for item in run.result) else 1,
              output_format, destination, force, quiet, verbose)


def _destination(file: Path, output: Path | None, in_place: bool, force: bool) -> Path:
    """Where `--apply` writes. `--output` may not be an existing file, the input or a symlink
    unless `--force` (and never the input: that is what `--in-place` says)."""
    if (output is None) == (not in_place):
        raise InputError("--apply needs --output FILE or --in-place (not both)",
                         hint="e.g. --apply 1 --output fixed.yaml")
    if in_place:
        return Path(os.path.realpath(file))  # the user asked to edit this very file, wherever it lives
    why = None
    if output.is_symlink():
        why = "it is a symlink"
    elif output.exists():
        why = "it is the input file" if _same_file(output, file) else "it exists"
    if why and (not force or why == "it is the input file"):
        hint = "use --in-place to edit the input" if why == "it is the input file" else \
            "pass --force to replace it, or --in-place to edit the input"
        raise InputError(f"refusing to overwrite {output}: {why}", hint=hint)
    if not output.parent.is_dir():
        raise InputError(f"cannot write {output}: its folder does not exist")
    return output


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _apply(file: Path, number: int, target: Path, max_fixes: int, settings, output_format: Format, quiet: bool,
           hf_cache: Path | None, reading: str | None = None, licenses: Path | None = None) -> None:
    """Write the project of `file` with fix `number` applied to `target` (atomically), and exit."""
    from clearance.apply import apply_fix
    from clearance.atomic import write_atomic
    from clearance.progress import Progress
    from clearance.render.advice import apply_json, apply_text
    from clearance.sources.yaml_reader import read_text
    from clearance.suggest import suggest
    try:
        with Progress(not quiet) as progress:
            progress.update(f"reading {file}")
            kb, project, _ = load_with_releases(file, settings.timeout, hf_cache, settings=settings, reading=reading,
                                                licenses=licenses)
            found = suggest(project, kb, settings, max_fixes, progress=progress.update)
        applied = apply_fix(read_text(file), project, found, number, kb, settings)
        # The file is re-read and checked above before anything is replaced; the write is atomic.
        write_atomic(target, applied.text, force=True)
    except ClearanceError as error:
        fail(error)
    sys.stdout.write(apply_json(project, applied, target) if output_format == Format.json
                     else apply_text(project, applied, target))
    raise typer.Exit(0)
