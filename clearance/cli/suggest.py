"""`clearance suggest FILE`: release licenses, minimal fixes and least-risk choices;
`--apply N` writes fix N into a copy of the file (`--output`) or the file itself (`--in-place`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from clearance.cli.common import BUDGET, FILE, FORMAT, QUIET, TIMEOUT, Format, fail, load_with_releases
from clearance.exceptions import ClearanceError, InputError
from clearance.progress import Progress


def _destination(file: Path, output: Path | None, in_place: bool, force: bool) -> Path:
    """Where `--apply` writes: refuses an existing file, the input or a symlink unless `--force`."""
    if (output is None) == (not in_place):
        raise InputError("--apply needs --output FILE or --in-place (not both)",
                         hint="e.g. --apply 1 --output fixed.yaml")
    if in_place:
        return Path(os.path.realpath(file))  # the user asked to edit this very file, wherever it lives
    if not force:
        why = None
        if output.is_symlink():
            why = "it is a symlink"
        elif output.exists():
            why = "it is the input file" if _same_file(output, file) else "it exists"
        if why:
            raise InputError(f"refusing to overwrite {output}: {why}",
                             hint="pass --force to replace it, or --in-place to edit the input")
    if not output.parent.is_dir():
        raise InputError(f"cannot write {output}: its folder does not exist")
    return output


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def suggest_command(
    file: Path = FILE,
    output: Format = FORMAT,
    apply: int = typer.Option(None, "--apply", help="write the project with fix N applied (see --output, --in-place)"),
    destination: Path = typer.Option(None, "--output", help="a new file --apply writes the fixed project to"),
    in_place: bool = typer.Option(False, "--in-place", help="--apply edits FILE itself"),
    force: bool = typer.Option(False, "--force", help="let --output replace an existing file or symlink"),
    max_fixes: int = typer.Option(10, "--max-fixes", help="at most this many fixes per release"),
    budget: int = BUDGET,
    timeout: float = TIMEOUT,
    quiet: bool = QUIET,
) -> None:
    """Suggest release licenses (ranked by risk), minimal fixes (ranked by cost) and license choices."""
    from clearance.render.advice import apply_json, apply_text, suggest_json, suggest_text
    from clearance.suggest import suggest
    try:
        if apply is None and (destination is not None or in_place or force):
            raise InputError("--output, --in-place and --force go with --apply", hint="e.g. --apply 1 --output x.yaml")
        if max_fixes < 1:
            raise InputError("--max-fixes must be at least 1")
        target = _destination(file, destination, in_place, force) if apply is not None else None
        with Progress(not quiet) as progress:
            progress.update(f"reading {file}")
            kb, project, settings = load_with_releases(file, timeout, budget)
            found = suggest(project, kb, settings, max_fixes, progress=progress.update)
        if apply is not None:
            applied = _write(file, target, project, found, apply, kb, settings)
    except ClearanceError as error:
        fail(error)
    if apply is not None:
        sys.stdout.write(apply_json(project, applied, target) if output == Format.json
                         else apply_text(project, applied, target))
        raise typer.Exit(0)
    sys.stdout.write(suggest_json(project, found) if output == Format.json else suggest_text(project, found))
    raise typer.Exit(0 if all(item.compliant for item in found) else 1)


def _write(file: Path, target: Path, project, found, number: int, kb, settings):
    """Apply fix `number` to the text of `file`, check it, and write it atomically to `target`."""
    from clearance.apply import apply_fix
    from clearance.atomic import write_atomic
    from clearance.sources.yaml_reader import read_text
    applied = apply_fix(read_text(file), project, found, number, kb, settings)
    try:
        write_atomic(target, applied.text)
    except OSError as error:
        raise InputError(f"cannot write {target}: {error.strerror or error}; nothing was changed") from None
    return applied
